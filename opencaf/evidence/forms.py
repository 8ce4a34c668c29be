from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.evidence.rules import ALLOWED_EXTENSIONS


class EvidenceFileForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office documents, images or text, at most 20 MB."),
        # A plain file input: this form only ever adds a new item, so there is no current file to clear.
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )


class EvidenceLinkForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    url = forms.URLField(label=_("Web address"), max_length=1000, assume_scheme="https")


class EvidenceFileOrLinkForm(StyledFormMixin, forms.Form):
    """A document or a web address in one small form, for adding evidence where it is needed (a
    subcriterion's page) rather than on the register page."""

    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, office documents, images or text, at most 20 MB."),
        # A plain file input: this form only ever adds a new item, so there is no current file to clear.
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)}),
    )
    url = forms.URLField(label=_("or a web address"), required=False, max_length=1000, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_file = bool(cleaned.get("file"))
        has_url = bool(cleaned.get("url"))
        if "file" not in self.errors and "url" not in self.errors and has_file == has_url:
            raise forms.ValidationError(_("Choose a file or enter a web address (one of the two)."))
        return cleaned
