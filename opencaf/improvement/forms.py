from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import ConsensusEntry
from opencaf.core.forms import StyledFormMixin
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.models import ActionStatus, Audience, ImprovementPlan, Level
from opencaf.organisations.models import Membership

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.display_name


class FindingField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ConsensusEntry) -> str:
        return f"{obj.consensus.subcriterion.code} – {obj.get_kind_display()}: {obj.text}"


class SubcriterionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Subcriterion) -> str:
        return f"{obj.code} {obj.title}"


class SubcriterionPicker(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by criterion, one fieldset each: no Ctrl-click as in a multi-select."""

    template_name = "improvement/widgets/subcriterion_picker.html"


def _by_criterion(subcriteria: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[int, tuple[str, list[tuple[int, str]]]] = {}
    for sub in subcriteria.select_related("criterion"):
        label = f"{sub.criterion.number}. {sub.criterion.title}"
        groups.setdefault(sub.criterion.number, (label, []))[1].append((sub.pk, f"{sub.code} {sub.title}"))
    return list(groups.values())


class ActionForm(StyledFormMixin, forms.Form):
    findings = FindingField(
        label=_("From the self-assessment"),
        queryset=ConsensusEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pick one or more areas for improvement or ideas; several can be merged into one action."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Left empty, the chosen findings become the description."),
    )
    expected_effect = forms.CharField(
        label=_("Expected effect"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    subcriteria = SubcriterionField(
        label=_("Subcriteria"),
        queryset=Subcriterion.objects.none(),
        required=False,
        widget=SubcriterionPicker,
    )
    owner = OwnerField(label=_("Owner"), queryset=Membership.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DATE)
    budget_eur = forms.DecimalField(
        label=_("Budget (EUR)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    person_days = forms.DecimalField(
        label=_("Person-days"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    impact = forms.TypedChoiceField(label=_("Impact"), choices=Level.choices, coerce=int, initial=Level.MEDIUM)
    feasibility = forms.TypedChoiceField(
        label=_("Feasibility"), choices=Level.choices, coerce=int, initial=Level.MEDIUM
    )

    def __init__(
        self, *args: Any, plan: ImprovementPlan, findings: list[ConsensusEntry], new: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        querysets = {
            "findings": ConsensusEntry.objects.filter(pk__in=[finding.pk for finding in findings]).select_related(
                "consensus__subcriterion"
            ),
            "subcriteria": Subcriterion.objects.filter(framework_id=plan.assessment.framework_id).order_by(
                "criterion__number", "position"
            ),
            "owner": Membership.objects.filter(organisation=plan.organisation)
            .select_related("user")
            .order_by("user__full_name"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)  # ModelMultipleChoiceField is one too
            field.queryset = queryset
        self.fields["subcriteria"].choices = _by_criterion(querysets["subcriteria"])  # type: ignore[attr-defined]
        if not new or not findings:
            del self.fields["findings"]


class ProgressForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("PDCA status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What has happened?"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MilestoneForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DATE)


class PublishForm(StyledFormMixin, forms.Form):
    audience = forms.ChoiceField(label=_("Who may read the plan"), choices=Audience.choices)
