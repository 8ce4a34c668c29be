"""The forms of the bench-learning partners page: a contact request under each suggestion, and an
answer under each request received. Several are on one page, so each gets its own ids (`auto_id`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opencaf.benchmarking.services.partners import ANSWER_MAX, MESSAGE_MAX
from opencaf.core.forms import StyledFormMixin


class ContactRequestForm(StyledFormMixin, forms.Form):
    # Which suggestion is asked: the partner's consent and the subcriterion, carried in the page.
    partner = forms.UUIDField(widget=forms.HiddenInput)
    subcriterion = forms.CharField(max_length=8, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a few words about what you would like to learn from them.")},
        help_text=_(
            "What you would like to learn, and how you would like to meet (a call, a visit). They see your "
            "message without your organisation's name; names and e-mail addresses are shown to both sides "
            "only if they accept."
        ),
    )

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{key}-%s")
        super().__init__(*args, **kwargs)


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer: how and when they may contact you, or what you can share.")},
        help_text=_(
            "Needed to accept, not to decline. Accepting shows them your organisation's name, your name and "
            "your e-mail address, with this answer; you see theirs."
        ),
    )

    def __init__(self, *args: Any, request_id: object, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"answer-{getattr(request_id, 'hex', request_id)}-%s")
        super().__init__(*args, **kwargs)
