"""Forms of the people app's reviews part: a review cycle, the self-assessment and the line manager's
assessment (a radio group of the version's levels and "not observed" per competency, with a comment),
a development plan's action and its state. The rules are the services' (services/reviews.py,
services/plans.py); their errors come back on the fields of the same names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.forms import StyledFormMixin
from opencaf.lib.texts import text_in
from opencaf.people.models import ActionKind, ActionState, Competency, ModelVersion
from opencaf.people.selectors.reviews import NOT_OBSERVED, ClusterItem, CompetencyItem
from opencaf.people.services.plans import TITLE_MAX as ACTION_TITLE_MAX
from opencaf.people.services.reviews import COMMENT_MAX, TITLE_MAX

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The talent grid's two scales (the line manager's view of the person). Translators: these are the
# columns and rows of a nine-box talent grid, said of a person's work over the past period.
PERFORMANCE_CHOICES = [
    ("1", pgettext_lazy("performance in the talent grid", "Below expectations")),
    ("2", pgettext_lazy("performance in the talent grid", "Meets expectations")),
    ("3", pgettext_lazy("performance in the talent grid", "Exceeds expectations")),
]
# Translators: a person's potential to grow into broader or more senior roles (talent grid).
POTENTIAL_CHOICES = [
    ("1", pgettext_lazy("potential in the talent grid", "Limited")),
    ("2", pgettext_lazy("potential in the talent grid", "Moderate")),
    ("3", pgettext_lazy("potential in the talent grid", "High")),
]


class CycleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_("E.g. “Competency review 2026”. Everyone taking part sees it."),
    )
    version = forms.ModelChoiceField(
        label=_("Competency model version"),
        queryset=ModelVersion.objects.none(),
        empty_label=None,
        help_text=_("A published version; the assessments keep it even when a newer one is published."),
    )
    opens_on = forms.DateField(label=_("Opens"), widget=DAY)
    closes_on = forms.DateField(
        label=_("Closes"),
        widget=DAY,
        help_text=_(
            "Self-assessments are due by then. After this date, line managers can give their assessment "
            "also of people who have not submitted theirs."
        ),
    )

    def __init__(self, *args: Any, versions: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = versions  # type: ignore[attr-defined]
        field.label_from_instance = lambda version: version_label(version, language)  # type: ignore[attr-defined]


def version_label(version: ModelVersion, language: str) -> str:
    """A version as people name it: the model's name in their language and the version's number."""
    name = text_in(version.model.names, language, "en")
    return str(_("%(model)s, version %(number)d")) % {"model": name, "number": version.number}


# --- the assessment forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One radio button of a competency: its value, the level's name and what it looks like."""

    id: str
    value: str
    name: str
    indicators: tuple[str, ...]
    checked: bool


@dataclass(frozen=True)
class CompetencyFields:
    item: CompetencyItem
    level: forms.BoundField
    comment: forms.BoundField
    options: tuple[Option, ...]
    beside: str  # the other side's rating shown beside (the manager's form: the person's own)
    beside_comment: str


@dataclass(frozen=True)
class ClusterFields:
    name: str
    competencies: tuple[CompetencyFields, ...]


class RatingsForm(StyledFormMixin, forms.Form):
    """One radio group per competency (the version's levels, then "not observed") and a comment.
    Fields are numbered in the model's order (`level_0`, `comment_0`, …); `submitting` asks for every
    competency to be answered."""

    def __init__(self, *args: Any, layout: list[ClusterItem], submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.submitting = submitting
        self.codes: list[str] = []
        for cluster in layout:
            for item in cluster.competencies:
                number = len(self.codes)
                self.codes.append(item.code)
                choices: list[tuple[str, Any]] = [(str(option.level), option.name) for option in item.levels]
                choices.append((NOT_OBSERVED, pgettext_lazy("competency rating", "Not observed")))
                self.fields[f"level_{number}"] = forms.ChoiceField(
                    label=item.name, choices=choices, required=False, widget=forms.RadioSelect
                )
                self.fields[f"comment_{number}"] = forms.CharField(
                    label=_("Comment on %(competency)s") % {"competency": item.name},
                    required=False,
                    max_length=COMMENT_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.RadioSelect) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @staticmethod
    def initial_from(codes: list[str], levels: dict[str, int | None], comments: dict[str, str]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for number, code in enumerate(codes):
            if code in levels:
                level = levels[code]
                initial[f"level_{number}"] = NOT_OBSERVED if level is None else str(level)
                initial[f"comment_{number}"] = comments.get(code, "")
        return initial

    @staticmethod
    def codes_of(layout: list[ClusterItem]) -> list[str]:
        return [item.code for cluster in layout for item in cluster.competencies]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for number in range(len(self.codes)):
            level = cleaned.get(f"level_{number}")
            if not level and cleaned.get(f"comment_{number}"):
                self.add_error(f"level_{number}", _("Choose a level or “not observed” for this comment."))
            elif not level and self.submitting:
                self.add_error(f"level_{number}", _("Choose a level, or “not observed”."))
        return cleaned

    def levels(self) -> dict[str, int | None]:
        """The answered competencies: {code: level or None for "not observed"}."""
        answered: dict[str, int | None] = {}
        for number, code in enumerate(self.codes):
            value = self.cleaned_data.get(f"level_{number}")
            if value:
                answered[code] = None if value == NOT_OBSERVED else int(value)
        return answered

    def comments(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"comment_{number}") or ""
            for number, code in enumerate(self.codes)
            if self.cleaned_data.get(f"comment_{number}")
        }

    def clusters(self, beside: dict[str, tuple[str, str]] | None = None) -> list[ClusterFields]:
        """The fields laid out by cluster, each radio button with its level's indicators;
        `beside`: {code: (rating shown, comment)} of the other side."""
        beside = beside or {}
        result = []
        number = 0
        for cluster in self.layout:
            rows = []
            for item in cluster.competencies:
                level, comment = self[f"level_{number}"], self[f"comment_{number}"]
                value = str(level.value() or "")
                options = [
                    Option(
                        f"{level.auto_id}_{index}",
                        str(option.level),
                        option.name,
                        option.indicators,
                        value == str(option.level),
                    )
                    for index, option in enumerate(item.levels)
                ]
                options.append(
                    Option(
                        f"{level.auto_id}_{len(item.levels)}",
                        NOT_OBSERVED,
                        str(pgettext_lazy("competency rating", "Not observed")),
                        (),
                        value == NOT_OBSERVED,
                    )
                )
                shown, said = beside.get(item.code, ("", ""))
                rows.append(CompetencyFields(item, level, comment, tuple(options), shown, said))
                number += 1
            result.append(ClusterFields(cluster.name, tuple(rows)))
        return result


class ManagerRatingsForm(RatingsForm):
    """The line manager's assessment: the ratings, then performance and potential for the talent grid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["performance"] = forms.ChoiceField(
            label=pgettext_lazy("talent grid", "Performance"),
            choices=PERFORMANCE_CHOICES,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            help_text=_("How the person has worked over the period, against what their job expects."),
        )
        self.fields["potential"] = forms.ChoiceField(
            label=pgettext_lazy("talent grid", "Potential"),
            choices=POTENTIAL_CHOICES,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            help_text=_("How far the person could grow into broader or more demanding roles."),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.submitting:
            if not cleaned.get("performance"):
                self.add_error("performance", _("Choose the person's performance."))
            if not cleaned.get("potential"):
                self.add_error("potential", _("Choose the person's potential."))
        return cleaned

    def grid(self, name: str) -> int | None:
        value = self.cleaned_data.get(name)
        return int(value) if value else None


# --- development plans -------------------------------------------------------------------------------


class ActionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("development plan", "Action"), max_length=ACTION_TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    competency = forms.ModelChoiceField(
        label=_("Competency"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("None in particular"),
        help_text=_("The competency the action develops, if one."),
    )
    days = forms.DecimalField(
        label=_("Training days"),
        required=False,
        max_digits=5,
        decimal_places=1,
        localize=True,  # "1,5" in Slovenian and Bulgarian, as people write it
        help_text=_("For a training only: how many days it takes, e.g. 1.5."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DAY)

    def __init__(self, *args: Any, competencies: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        field.queryset = competencies  # type: ignore[attr-defined]
        field.label_from_instance = lambda competency: text_in(competency.names, language, "en") or competency.code  # type: ignore[attr-defined]
        self.fields["due_on"].initial = timezone.localdate()


class ActionStateForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ActionState.choices)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DAY)


class PlanStartForm(forms.Form):
    cycle = forms.UUIDField(label=_("Competency review"))
