"""The library's search form, sent by GET: words and four filters. A filter that is not understood (a
code that is no subcriterion, an unknown country) is ignored and the page says so; the rest applies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.community.selectors.library import LibrarySearch, SubcriterionChoice
from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import Country, OrganisationType

SEARCH_MAX = 200


class LibrarySearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("good-practice library", "Search"),
        required=False,
        max_length=SEARCH_MAX,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words from the title or the text; a practice is shown when it contains every word."),
    )
    subcriterion = forms.ChoiceField(label=_("Subcriterion"), required=False)
    org_type = forms.ChoiceField(
        label=_("Type of organisation"), required=False, choices=[("", _("Any type")), *OrganisationType.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("Any country")), *Country.choices])
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )

    def __init__(self, *args: Any, subcriteria: Sequence[SubcriterionChoice] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["subcriterion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Any subcriterion")), *((sub.code, f"{sub.code} {sub.title}") for sub in subcriteria)]

    def search(self) -> LibrarySearch:
        """What was asked for, leaving out what is not understood (an unbound form asks for nothing)."""
        if not self.is_bound:
            return LibrarySearch()
        self.is_valid()
        data = self.cleaned_data  # only the fields that are valid
        return LibrarySearch(
            text=data.get("q") or "",
            subcriterion=data.get("subcriterion") or "",
            org_type=data.get("org_type") or "",
            country=data.get("country") or "",
            language=data.get("language") or "",
        )
