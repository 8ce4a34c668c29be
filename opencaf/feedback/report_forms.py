"""The forms of the report part: the feedback report (per pillar, strengths and areas for improvement;
a summary), the organiser's decision, and the register's filter. The rules are the services'; their
errors come back on the forms (core.forms.add_service_errors) with the person's input kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin
from opencaf.feedback.selectors.report import FINDINGS
from opencaf.feedback.services.report import TEXT_LIMIT


@dataclass(frozen=True)
class PillarFields:
    number: int
    title: str
    strengths: forms.BoundField
    areas: forms.BoundField


class ReportForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The overall picture for the organisation and the organiser."),
    )
    # The report's version when the page was read: a save over a newer one is refused.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, pillars: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pillars = pillars
        fields: dict[str, forms.Field] = {}
        for number, _title in pillars:
            fields[f"strengths_{number}"] = forms.CharField(
                label=gettext("Strengths in pillar %(number)d") % {"number": number},
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
            )
            fields[f"areas_{number}"] = forms.CharField(
                label=gettext("Areas for improvement in pillar %(number)d") % {"number": number},
                required=False,
                max_length=TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
            )
        # The pillars first, in the page's order, then the summary and the version.
        self.fields = {**fields, **self.fields}

    @classmethod
    def initial_from(cls, findings: dict[str, Any], summary: str, version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"summary": summary, "version": version}
        for number, texts in findings.items():
            for key in FINDINGS:
                initial[f"{key}_{number}"] = (texts or {}).get(key, "")
        return initial

    def pillar_fields(self) -> list[PillarFields]:
        return [
            PillarFields(number, title, self[f"strengths_{number}"], self[f"areas_{number}"])
            for number, title in self.pillars
        ]

    def findings(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {str(number): {key: data.get(f"{key}_{number}", "") for key in FINDINGS} for number, _t in self.pillars}


AWARD, REFUSE = "award", "refuse"


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AWARD, _("Award the label")), (REFUSE, _("Do not award the label"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The organisation reads them. Required when the label is not awarded, and when it is awarded "
            "although the agreed scores do not reach the thresholds."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I award the label knowingly, although the agreed scores do not reach the procedure's thresholds."),
        required=False,
    )
    # The case's version when the page was read: a decision over a newer change is refused.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, below_thresholds: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not below_thresholds:
            del self.fields["confirm"]


class RegisterFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All countries")), *countries]
        field.widget.attrs["class"] = "form-select"
