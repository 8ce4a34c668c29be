"""The form renderer (settings.FORM_RENDERER): Django's own, with its simplest widgets printed in Python.

Every text, number, e-mail, date, file, hidden and checkbox input and every textarea goes through
Django's `input.html` (which includes `attrs.html`) or `textarea.html`. Rendered through the template
engine, each widget costs a template lookup, a fresh context and a nested include: on a consensus
page with a dozen fields that was a tenth of the whole request. The functions here print the same
markup directly; `test_form_renderer.py` renders sample widgets both ways and fails on any
difference, so a Django upgrade that changes those templates is caught. Every other widget
(selects, radio lists, clearable file inputs) still renders through Django's templates.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString, mark_safe

from opencaf.core.escaping import escaped

# Django's templates that consist of `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUT_TEMPLATES = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "input",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)


def render_attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` each, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escaped(name)}")
        else:
            parts.append(f' {escaped(name)}="{_as_text(value)}"')
    return "".join(parts)


def _as_text(value: object) -> str:
    # `{{ value|stringformat:'s' }}` is str(value), escaped unless the value was marked safe.
    return value if isinstance(value, SafeString) else html.escape(str(value))


def render_input(widget: Mapping[str, Any]) -> SafeString:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_as_text(widget["value"])}"'
    attrs = render_attrs(widget["attrs"])
    return mark_safe(f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{attrs}>')


def render_textarea(widget: Mapping[str, Any]) -> SafeString:
    """django/forms/widgets/textarea.html (the line break after the opening tag is Django's too)."""
    name, attrs, text = escaped(widget["name"]), render_attrs(widget["attrs"]), escaped(widget["value"] or "")
    return mark_safe(f'<textarea name="{name}"{attrs}>\n{text}</textarea>')


DIRECT: dict[str, Callable[[Mapping[str, Any]], SafeString]] = {
    f"django/forms/widgets/{name}.html": render_input for name in _INPUT_TEMPLATES
} | {"django/forms/widgets/textarea.html": render_textarea}


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        direct = DIRECT.get(template_name)
        if direct is not None:
            return direct(context["widget"])
        return super().render(template_name, context, request)
