"""Forms of the sharing pages: an organisation's consent to share a self-assessment's scores, and the
coordinators' peer groups (name and description, the filters of the organisations to add, and the
organisations ticked to add or remove). The rules are the services'; their errors come back on the
fields concerned (`core.forms.add_service_errors`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from opencaf.benchmarking.models import ScoreSharing
from opencaf.benchmarking.selectors.sharing import CANDIDATES_PAGE_SIZE, MEMBERS_PAGE_SIZE, CandidateFilter
from opencaf.benchmarking.services.peer_groups import DESCRIPTION_MAX, NAME_MAX
from opencaf.benchmarking.services.sharing import ConsentData, consent_version
from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.choices import OrganisationType, SizeBand
from opencaf.organisations.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(StyledFormMixin, forms.Form):
    shared_from = forms.DateField(
        label=_("Shared from"),
        required=False,
        widget=DATE,
        help_text=_(
            "Leave it empty to share at once. With a date, the scores join the network's benchmarks on that "
            "day, for example after the report has been presented to your staff. A date that has passed "
            "means at once."
        ),
    )
    open_to_partners = forms.BooleanField(
        label=_("We are open to bench-learning partners"),
        required=False,
        help_text=_(
            "Comparable organisations of the network may then see that an organisation like yours scored "
            "high on a subcriterion, next to the good practices you published on it, and ask you for a "
            "contact. Your name and your contacts are shown only when you accept such a request."
        ),
    )
    # The consent the form was opened on (consent_version): a change over a newer one is refused.
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, sharing: ScoreSharing | None = None, **kwargs: Any) -> None:
        initial: dict[str, Any] = kwargs.setdefault("initial", {})
        initial.setdefault("version", consent_version(sharing))
        if sharing is not None:
            initial.setdefault("shared_from", sharing.shared_from)
            initial.setdefault("open_to_partners", sharing.open_to_partners)
        super().__init__(*args, **kwargs)

    def to_data(self) -> ConsentData:
        return ConsentData(
            shared_from=self.cleaned_data.get("shared_from"),
            open_to_partners=bool(self.cleaned_data.get("open_to_partners")),
        )

    def expected_version(self) -> str:
        return str(self.cleaned_data.get("version") or "")


class PeerGroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Who belongs in the group and why, for the other coordinators. Member organisations see the "
            "group's name and this description on their benchmark page."
        ),
    )


def _any() -> tuple[str, Any]:
    return ("", pgettext_lazy("filter", "Any"))


class CandidateFilterForm(StyledFormMixin, forms.Form):
    """Sent by GET; an unknown value is an error, shown, and ignored. The regions are those the
    network's organisations name (`coordination.selectors.portfolio.regions_of`)."""

    name = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    org_type = forms.ChoiceField(label=_("Type"), required=False, choices=[_any(), *OrganisationType.choices])
    size_band = forms.ChoiceField(label=_("Size"), required=False, choices=[_any(), *SizeBand.choices])
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args: Any, regions: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [_any(), *((name, name) for name in regions)]

    def chosen(self) -> CandidateFilter:
        if not self.is_bound or not self.is_valid():
            return CandidateFilter()
        data = self.cleaned_data
        return CandidateFilter(
            org_type=data["org_type"], size_band=data["size_band"], region=data["region"], name=data["name"].strip()
        )


class OrganisationsForm(forms.Form):
    """The organisations ticked in a list the page printed itself (a page of at most `limit` rows), by
    their public ids; only those of `queryset` are accepted, in one query."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        error_messages={
            "required": _("Tick at least one organisation."),
            "invalid_choice": _("An organisation you ticked is no longer available. Look at the list again."),
            "invalid_pk_value": _("An organisation you ticked is no longer available. Look at the list again."),
        },
    )

    def __init__(self, *args: Any, queryset: QuerySet[Organisation], limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = queryset
        self.limit = limit

    def clean_organisations(self) -> list[Organisation]:
        chosen = list(self.cleaned_data["organisations"])
        if len(chosen) > self.limit:
            message = ngettext(
                "Tick at most %(limit)s organisation at a time.",
                "Tick at most %(limit)s organisations at a time.",
                self.limit,
            )
            raise forms.ValidationError(message % {"limit": self.limit})
        return chosen


def add_form(data: Any, queryset: QuerySet[Organisation]) -> OrganisationsForm:
    return OrganisationsForm(data, queryset=queryset, limit=CANDIDATES_PAGE_SIZE)


def remove_form(data: Any, queryset: QuerySet[Organisation]) -> OrganisationsForm:
    return OrganisationsForm(data, queryset=queryset, limit=MEMBERS_PAGE_SIZE)
