"""Render any form field (ours or a library's) with Bootstrap classes and accessible error links."""

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def styled(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    attrs = dict(widget.attrs)
    if "class" not in attrs:
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            attrs["class"] = "form-select"
        else:
            attrs["class"] = "form-control"
    if field.errors:
        attrs["aria-invalid"] = "true"
        described = [f"{field.auto_id}-errors"]
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def error_count(form: forms.BaseForm) -> int:
    """How many errors the form has in all, for the error summary's heading (core/_form_fields.html)."""
    return sum(len(errors) for errors in form.errors.values())
