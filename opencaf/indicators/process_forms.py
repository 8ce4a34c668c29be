"""The form of the process register. Choices travel as public ids, never as row numbers; a choice
outside the organisation (a forged post) is refused by the field as not one of the choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.forms import StyledFormMixin
from opencaf.indicators.forms import MemberField
from opencaf.indicators.models import Indicator, Process, ProcessKind
from opencaf.indicators.process_services import NAME_LENGTH, ProcessInput
from opencaf.organisations.models import Membership, Organisation

TEXT_LENGTH = 4000


class IndicatorChoices(forms.ModelMultipleChoiceField[Indicator]):
    """Indicators as ticks, each named in the reader's language."""

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    def label_from_instance(self, obj: Indicator) -> str:
        name = obj.name_in(self.language)
        return str(_("%(name)s (archived)") % {"name": name}) if obj.archived else name


def indicator_choices(organisation: Organisation, process: Process | None) -> QuerySet[Indicator]:
    """The organisation's indicators in use, and any archived one the process is still linked to (so
    that saving the form keeps it unless it is unticked)."""
    linked = Q(pk__in=process.indicators.values("pk")) if process is not None else Q(pk__in=[])
    return Indicator.objects.filter(Q(archived=False) | linked, organisation=organisation).order_by("created_at", "id")


class ProcessForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_LENGTH)
    kind = forms.ChoiceField(label=_("Kind of process"), choices=ProcessKind.choices, initial=ProcessKind.KEY)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the process is for: the result it delivers."),
    )
    customers = forms.CharField(
        label=_("Customers and stakeholders"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Whom the process serves and who else has a stake in it."),
    )
    owner = MemberField(
        label=pgettext_lazy("process owner", "Owner"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Answers for how the process runs and improves."),
    )
    indicators = IndicatorChoices(
        label=_("Indicators that measure it"),
        queryset=Indicator.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Membership],
        indicators: QuerySet[Indicator],
        process: Process | None = None,
        language: str = "en",
        **kwargs: Any,
    ) -> None:
        if process is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": process.name,
                    "kind": process.kind,
                    "purpose": process.purpose,
                    "customers": process.customers,
                    "owner": process.owner,
                    "indicators": list(process.indicators.only("public_id")),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        field = self.fields["indicators"]
        field.queryset = indicators  # type: ignore[attr-defined]
        field.language = language  # type: ignore[attr-defined]
        if not indicators.exists():
            field.help_text = _("The organisation has no indicators yet; they can be linked once added.")

    def to_input(self) -> ProcessInput:
        data = self.cleaned_data
        return ProcessInput(
            name=data["name"],
            kind=data["kind"],
            purpose=data.get("purpose", ""),
            customers=data.get("customers", ""),
            owner=data.get("owner"),
            indicators=tuple(data.get("indicators") or ()),
        )
