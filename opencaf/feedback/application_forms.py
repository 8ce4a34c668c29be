"""Forms of the organisation's application for external feedback: the answers per pillar and own scores
(built from the case's procedure), a document from the evidence register, and the withdrawal. The
rules are the service's (services/application.py); its errors come back on these forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.forms import StyledFormMixin
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback.selectors.procedures import Pillar, Question, ScalePoint
from opencaf.feedback.services.application import ANSWER_MAX


def answer_field(number: int) -> str:
    return f"pillar_{number}"


def score_field(code: str) -> str:
    return "score_" + "".join(character if character.isalnum() else "_" for character in code)


@dataclass(frozen=True)
class ScoreRow:
    question: Question
    field: forms.BoundField


@dataclass(frozen=True)
class PillarRow:
    pillar: Pillar
    answer: forms.BoundField
    scores: list[ScoreRow]


class ApplicationForm(StyledFormMixin, forms.Form):
    """A textarea per pillar and a score per question on the procedure's scale ("not scored" allowed),
    with the version of the case the person started from (optimistic locking)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        pillars: Sequence[Pillar],
        scale: Sequence[ScalePoint],
        answers: dict[str, str],
        own_scores: dict[str, int],
        version: int,
    ) -> None:
        super().__init__(data, initial={"version": version})  # the fields added below carry their classes
        self.pillars = list(pillars)
        choices = [("", pgettext_lazy("own score", "Not scored"))] + [
            (str(point.value), f"{point.value} – {point.label}" if point.label else str(point.value)) for point in scale
        ]
        for pillar in self.pillars:
            name = answer_field(pillar.number)
            self.fields[name] = forms.CharField(
                label=_("Your answer for pillar %(number)d") % {"number": pillar.number},
                required=False,
                max_length=ANSWER_MAX,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
                initial=answers.get(str(pillar.number), ""),
            )
            for question in pillar.questions:
                self.fields[score_field(question.code)] = forms.TypedChoiceField(
                    label=f"{question.code} {question.title}".strip(),
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                    initial=str(own_scores[question.code]) if question.code in own_scores else "",
                )

    def rows(self) -> list[PillarRow]:
        return [
            PillarRow(
                pillar=pillar,
                answer=self[answer_field(pillar.number)],
                scores=[ScoreRow(question, self[score_field(question.code)]) for question in pillar.questions],
            )
            for pillar in self.pillars
        ]

    def answers(self) -> dict[str, str]:
        return {str(pillar.number): self.cleaned_data.get(answer_field(pillar.number)) or "" for pillar in self.pillars}

    def own_scores(self) -> dict[str, int | None]:
        return {
            question.code: self.cleaned_data.get(score_field(question.code))
            for pillar in self.pillars
            for question in pillar.questions
        }

    def saved_data(self) -> dict[str, Any]:
        """What the form starts from (the case as saved), as posted data: to bind a form to it."""
        data: dict[str, Any] = {}
        for name in self.fields:
            value = self[name].value()
            data[name] = "" if value is None else value
        return data

    def refuse_unanswered(self, numbers: Sequence[int]) -> None:
        """Mark the pillars not answered, as when a submission is refused for them (the form is bound)."""
        self.is_valid()
        for number in numbers:
            self.add_error(answer_field(number), _("Answer this pillar before you submit."))

    def expected_version(self) -> int | None:
        value = self.cleaned_data.get("version")
        return int(value) if value is not None else None


class DocumentForm(StyledFormMixin, forms.Form):
    evidence = forms.ChoiceField(label=_("Evidence from your register"))
    pillar = forms.TypedChoiceField(
        label=_("For"), coerce=int, empty_value=None, required=False, help_text=_("A pillar, or the whole application.")
    )

    def __init__(self, data: Any = None, *, items: Sequence[EvidenceItem], pillars: dict[int, str]) -> None:
        super().__init__(data)
        self.items = {str(item.public_id): item for item in items}
        self.fields["evidence"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (key, item.title) for key, item in self.items.items()
        ]
        self.fields["pillar"].choices = [("", _("The whole application"))] + [  # type: ignore[attr-defined]
            (str(number), _("Pillar %(number)d: %(title)s") % {"number": number, "title": title})
            for number, title in pillars.items()
        ]

    def chosen(self) -> EvidenceItem:
        return self.items[self.cleaned_data["evidence"]]


class WithdrawForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Why you withdraw (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The network's coordinators read it when they had your application already."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
