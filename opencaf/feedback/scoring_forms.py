"""Forms of the external feedback scores: an actor's own scores of every question (with a note each),
and the agreed score of one question with its rationale. The rules are the service's
(services/scoring.py); its errors come back on these fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opencaf.core.forms import StyledFormMixin, add_service_errors
from opencaf.feedback.selectors.procedures import Pillar, ProcedureView, Question, ScalePoint
from opencaf.feedback.services.scoring import NOTE_MAX, RATIONALE_MAX


def key(code: str) -> str:
    """A question code as part of a field name or an HTML id ("1.5" -> "1_5")."""
    return code.replace(".", "_")


def scale_choices(points: list[ScalePoint]) -> list[tuple[int, str]]:
    return [(point.value, f"{point.value} – {point.label}") for point in points]


@dataclass(frozen=True)
class QuestionFields:
    question: Question
    score: forms.BoundField
    note: forms.BoundField


@dataclass(frozen=True)
class PillarFields:
    pillar: Pillar
    questions: list[QuestionFields]


class ScoresForm(StyledFormMixin, forms.Form):
    """A radio group (the scale's points with their words) and a note per question of the procedure."""

    def __init__(self, *args: Any, view: ProcedureView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view = view
        choices = scale_choices(view.scale_points)
        for pillar in view.pillars:
            for question in pillar.questions:
                self.fields[f"score_{key(question.code)}"] = forms.TypedChoiceField(
                    label=f"{question.code} {question.title}",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[f"note_{key(question.code)}"] = forms.CharField(
                    label=_("Note on %(code)s") % {"code": question.code},
                    required=False,
                    max_length=NOTE_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self._style()

    def _style(self) -> None:
        """The Bootstrap classes StyledFormMixin gives, for the fields added after it ran (the radios are
        drawn one by one, so their class must be on the widget)."""
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.RadioSelect) else "form-control"
            field.widget.attrs.setdefault("class", css)

    @staticmethod
    def initial_from(scores: dict[str, Any]) -> dict[str, Any]:
        """The form's initial values from the actor's saved ActorScore rows by question code."""
        initial: dict[str, Any] = {}
        for code, score in scores.items():
            initial[f"score_{key(code)}"] = score.score
            initial[f"note_{key(code)}"] = score.note
        return initial

    def pillars(self) -> list[PillarFields]:
        return [
            PillarFields(
                pillar,
                [
                    QuestionFields(question, self[f"score_{key(question.code)}"], self[f"note_{key(question.code)}"])
                    for question in pillar.questions
                ],
            )
            for pillar in self.view.pillars
        ]

    def _codes(self) -> list[str]:
        return [question.code for pillar in self.view.pillars for question in pillar.questions]

    def scores(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(f"score_{key(code)}") for code in self._codes()}

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"note_{key(code)}") or "" for code in self._codes()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code in self._codes():
            # A note is kept with its score: a note alone would be lost, so it is refused.
            if cleaned.get(f"note_{key(code)}") and cleaned.get(f"score_{key(code)}") is None:
                self.add_error(f"score_{key(code)}", _("Choose a score for this note, or clear the note."))
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """The service names a question by its code; the form's field is `score_<code>`."""
        if hasattr(error, "error_dict"):
            for code, errors in error.error_dict.items():
                name = f"score_{key(code)}"
                for item in errors:
                    self.add_error(name if name in self.fields else None, item)
        else:
            add_service_errors(self, error)


class AgreementForm(StyledFormMixin, forms.Form):
    """The agreed score of one question and why. Each question's form has its own prefix."""

    score = forms.TypedChoiceField(label=_("Agreed score"), coerce=int, empty_value=None)
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=RATIONALE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the actors agree on this score: what they saw, and why it outweighs the other view."),
    )
    # The version of the agreed score the person started from: a save over a newer one is refused.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, points: list[ScalePoint], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["score"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a score")), *scale_choices(points)]
