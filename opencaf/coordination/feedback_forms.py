"""The short feedback form a participant fills in after an event (no account: a signed link)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.services.feedback import HIGHEST, LOWEST, MAX_TEXT, RATINGS, FeedbackData
from opencaf.core.forms import StyledFormMixin

SCALE = [(value, str(value)) for value in range(LOWEST, HIGHEST + 1)]
RATING_MESSAGES = {
    "required": _("Choose a rating from 1 (very poor) to 5 (excellent)."),
    "invalid_choice": _("Choose a rating from 1 (very poor) to 5 (excellent)."),
}


def _rating(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect, error_messages=RATING_MESSAGES
    )


def _comment(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FeedbackForm(StyledFormMixin, forms.Form):
    overall = _rating(_("Overall, how would you rate the event?"))
    usefulness = _rating(_("How useful was it for your work?"))
    organisation_rating = _rating(_("How well was the event organised?"))
    liked = _comment(_("What was most useful? (optional)"))
    improve = _comment(_("What could we do better? (optional)"))

    # The ends of the scale, said beside each rating (the values between carry only their number).
    low_label = _("very poor")
    high_label = _("excellent")

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in RATINGS]

    def comment_fields(self) -> list[forms.BoundField]:
        return [self["liked"], self["improve"]]

    def to_data(self) -> FeedbackData:
        data = self.cleaned_data
        return FeedbackData(
            overall=data["overall"],
            usefulness=data["usefulness"],
            organisation_rating=data["organisation_rating"],
            liked=data["liked"],
            improve=data["improve"],
        )
