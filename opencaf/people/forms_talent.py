"""Forms of the talent part: a key position, a successor, and the choice of a competency review for the
talent grid. People are chosen among the organisation's members by name (their public id is sent); the
services refuse the holder as their own successor and a successor named twice, with a clear message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.forms import StyledFormMixin
from opencaf.organisations.models import Membership
from opencaf.people.models import Degree, KeyPosition, Readiness, ReviewCycle, Successor
from opencaf.people.services.talent import TEXT_LENGTH, TITLE_LENGTH, UNIT_LENGTH, PositionInput


class MemberField(forms.ModelChoiceField[Membership]):
    """A member of the organisation, by name (and e-mail address, as two people may share a name)."""

    def label_from_instance(self, obj: Membership) -> str:
        user = obj.user
        return f"{user.full_name} ({user.email})" if user.full_name else str(user.email)


class PositionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Key position"), max_length=TITLE_LENGTH)
    unit = forms.CharField(label=pgettext_lazy("organisational unit", "Unit"), max_length=UNIT_LENGTH, required=False)
    holder = MemberField(
        label=_("Holder"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_("The member of the organisation who holds the position now."),
    )
    risk_of_loss = forms.ChoiceField(
        label=_("Risk of loss"),
        choices=Degree.choices,
        help_text=_("How likely the holder is to leave (retirement, a move, an offer elsewhere)."),
    )
    impact = forms.ChoiceField(
        label=_("Impact of loss"),
        choices=Degree.choices,
        help_text=_("How much the organisation would suffer if the position were left empty."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, members: QuerySet[Membership], position: KeyPosition | None = None, **kwargs: Any
    ) -> None:
        if position is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": position.title,
                    "unit": position.unit,
                    "holder": position.holder,
                    "risk_of_loss": position.risk_of_loss,
                    "impact": position.impact,
                    "note": position.note,
                },
            )
        super().__init__(*args, **kwargs)
        holder = self.fields["holder"]
        assert isinstance(holder, MemberField)
        holder.queryset = members

    def to_input(self) -> PositionInput:
        data = self.cleaned_data
        return PositionInput(
            title=data["title"],
            unit=data["unit"],
            holder=data["holder"],
            risk_of_loss=data["risk_of_loss"],
            impact=data["impact"],
            note=data["note"],
        )


class SuccessorEditForm(StyledFormMixin, forms.Form):
    readiness = forms.ChoiceField(label=_("Readiness"), choices=Readiness.choices)
    development = forms.CharField(
        label=_("Development actions"),
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What prepares the successor for the position: training, mentoring, assignments, with dates."),
    )

    def __init__(self, *args: Any, successor: Successor | None = None, **kwargs: Any) -> None:
        if successor is not None:
            kwargs.setdefault("initial", {"readiness": successor.readiness, "development": successor.development})
        super().__init__(*args, **kwargs)


class SuccessorForm(SuccessorEditForm):
    membership = MemberField(label=_("Successor"), queryset=Membership.objects.none(), to_field_name="public_id")

    field_order = ["membership", "readiness", "development"]

    def __init__(self, *args: Any, members: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership = self.fields["membership"]
        assert isinstance(membership, MemberField)
        membership.queryset = members


class CycleChoiceForm(forms.Form):
    """Which competency review the grid shows (a GET form: an unknown value is ignored by the selector)."""

    cycle = forms.ChoiceField(label=_("Competency review"), required=False)

    def __init__(self, *args: Any, cycles: Sequence[ReviewCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(cycle.public_id), cycle.title) for cycle in cycles]
        field.widget.attrs["class"] = "form-select"
