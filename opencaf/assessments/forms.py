from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import EntryKind, PlanItemKind, PlanStatus, Scope, SelfAssessment
from opencaf.core.forms import StyledFormMixin
from opencaf.frameworks.models import FrameworkVersion, Method, ScoringPanel
from opencaf.organisations.choices import StaffLevel
from opencaf.organisations.models import Membership, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ENTRY_HELP = _("One entry per line.")
ENTRY_LABELS = {
    EntryKind.STRENGTH: _("Strengths"),
    EntryKind.AREA: _("Areas for improvement"),
    EntryKind.IDEA: _("Improvement ideas"),
}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        name = obj.user.display_name
        return f"{name} ({obj.department})" if obj.department else name


def _members(organisation: Organisation) -> Any:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__full_name")


class AssessmentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework: forms.ModelChoiceField[FrameworkVersion] = forms.ModelChoiceField(
        label=_("Framework"), queryset=FrameworkVersion.objects.all(), empty_label=None
    )
    scoring_method = forms.ChoiceField(
        label=_("Scoring method"),
        choices=Method.choices,
        help_text=_(
            "Classical: one score per subcriterion. Fine-tuned: each PDCA phase or trend and target separately."
        ),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices)
    scope_unit = forms.CharField(
        label=_("Assessed unit"),
        max_length=200,
        required=False,
        help_text=_("Only when part of the organisation is assessed."),
    )
    individual_deadline = forms.DateField(label=_("Deadline for individual assessment"), required=False, widget=DATE)
    show_names_in_consensus = forms.BooleanField(
        label=_("Show assessors' names in the consensus workspace"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("scope") == Scope.UNIT and not cleaned.get("scope_unit", "").strip():
            self.add_error("scope_unit", _("Name the unit that is assessed."))
        return cleaned


class NextCycleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title of the new self-assessment"), max_length=200)


class SettingsForm(StyledFormMixin, forms.Form):
    individual_deadline = forms.DateField(label=_("Deadline for individual assessment"), required=False, widget=DATE)
    show_names_in_consensus = forms.BooleanField(
        label=_("Show assessors' names in the consensus workspace"), required=False
    )


class PlanItemForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in PlanItemKind.choices if c[0] != PlanItemKind.STEP], required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE)
    responsible = MemberChoiceField(label=_("Responsible"), queryset=Membership.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, organisation: Organisation, is_step: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members(organisation)  # type: ignore[attr-defined]
        if is_step:
            del self.fields["kind"]
            del self.fields["title"]


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    leader = MemberChoiceField(label=_("Group leader"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = _members(organisation)  # type: ignore[attr-defined]


class MembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        name = obj.user.display_name
        return f"{name} ({obj.department})" if obj.department else name


class SeatForm(StyledFormMixin, forms.Form):
    """One or several members added to a group at once, sharing a functional area and level.
    The field keeps its single-member name so a form posting one `membership` still works."""

    membership = MembersChoiceField(
        label=_("Members"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who joins with the same functional area and level; add others in another round."),
    )
    functional_area = forms.CharField(label=_("Functional area"), max_length=120)
    staff_level = forms.ChoiceField(label=_("Level"), choices=StaffLevel.choices)

    def __init__(self, *args: Any, organisation: Organisation, assessment: SelfAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # People already in a group of this self-assessment cannot sit in a second one.
        free = _members(organisation).exclude(assessment_seats__group__assessment=assessment)
        self.fields["membership"].queryset = free  # type: ignore[attr-defined]


class ReplaceSeatForm(StyledFormMixin, forms.Form):
    membership = MemberChoiceField(label=_("New member"), queryset=Membership.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = _members(organisation)  # type: ignore[attr-defined]


def _score_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


class ScoringFields(StyledFormMixin, forms.Form):
    """Score fields for one panel (one score, or one per dimension) and the three entry lists."""

    def __init__(self, *args: Any, panel: ScoringPanel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.panel = panel
        self.dimension_codes = [dimension.code for dimension in panel.dimensions.all()]
        fields: dict[str, forms.Field] = {}
        if self.dimension_codes:
            for dimension in panel.dimensions.all():
                fields[f"dim_{dimension.code}"] = _score_field(dimension.title)
        else:
            fields["score"] = _score_field(_("Score (0–100)"))
        for kind, label in ENTRY_LABELS.items():
            fields[kind] = forms.CharField(
                label=label, required=False, help_text=ENTRY_HELP, widget=forms.Textarea(attrs={"rows": 4})
            )
        # Score fields first, then the entry lists, then the subclass's own fields.
        self.fields = {**fields, **self.fields}

    @staticmethod
    def initial_values(
        score: int | None, dimension_scores: dict[str, int], entries: Iterable[tuple[str, str]]
    ) -> dict[str, Any]:
        """Initial data in this form's field layout: the inverse of score_input() and entries()."""
        pairs = list(entries)
        initial: dict[str, Any] = {"score": score}
        initial.update({f"dim_{code}": value for code, value in dimension_scores.items()})
        for kind in EntryKind.values:
            initial[kind] = "\n".join(text for entry_kind, text in pairs if entry_kind == kind)
        return initial

    def score_input(self) -> tuple[int | None, dict[str, int | None]]:
        data = self.cleaned_data
        if self.dimension_codes:
            return None, {code: data.get(f"dim_{code}") for code in self.dimension_codes}
        return data.get("score"), {}

    def entries(self) -> dict[str, list[str]]:
        return {kind: self.cleaned_data.get(kind, "").splitlines() for kind in EntryKind.values}


class IndividualForm(ScoringFields):
    cannot_judge = forms.BooleanField(label=_("I cannot judge this subcriterion"), required=False)


class ConsensusForm(ScoringFields):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the score differs from the median of the individual scores."),
    )
    not_assessed_reason = forms.CharField(
        label=_("Reason for not assessing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Fill in only if the group decides not to score this subcriterion."),
    )
