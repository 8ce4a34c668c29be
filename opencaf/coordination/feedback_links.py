"""Signed, expiring links to the feedback form a participant gets by e-mail after an event.

The link carries the registration's public id, signed with the site's secret and a salt of its own,
and works for `VALID_DAYS` from the day it was sent. It names the registration so that each person
answers once; the answer stored (`EventFeedback`) does not name anyone. The link stops working once
the feedback is given, when the registration or the event is cancelled, or if anything in it is
changed. Same rules as the campaign links (`links.py`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from opencaf.coordination.models import EventState, Registration, RegistrationStatus

SALT = "opencaf.coordination.event_feedback"
VALID_DAYS = 30


class FeedbackLinkProblem(Exception):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    GIVEN = "given"  # the feedback has been given already
    CANCELLED = "cancelled"  # the registration was cancelled
    EVENT_CANCELLED = "event_cancelled"

    def __init__(self, reason: str, language: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        # The participant's language when the link is genuine, so the page speaks the e-mail's language.
        self.language = language


def make_token(registration: Registration) -> str:
    return signing.dumps({"r": str(registration.public_id)}, salt=SALT, compress=True)


def feedback_url(registration: Registration) -> str:
    return settings.SITE_URL + reverse("coordination:event_feedback", kwargs={"token": make_token(registration)})


def valid_until(sent: datetime | None = None) -> date:
    """The last day a link sent at `sent` (now by default) works."""
    return timezone.localdate(sent or timezone.now()) + timedelta(days=VALID_DAYS)


def _registration_id(raw: Any) -> str:
    try:
        return str(raw["r"])
    except (KeyError, TypeError):
        raise FeedbackLinkProblem(FeedbackLinkProblem.TAMPERED) from None


def _find(public_id: str) -> Registration | None:
    registrations = Registration.objects.select_related("event__network")
    try:
        return registrations.filter(public_id=public_id).first()
    except ValidationError:  # not a UUID: only a payload signed by mistake can say so
        return None


def check(registration: Registration) -> None:
    """Raise FeedbackLinkProblem if the registration may not (or no longer) give feedback."""
    language = registration.language
    if registration.status == RegistrationStatus.CANCELLED:
        raise FeedbackLinkProblem(FeedbackLinkProblem.CANCELLED, language)
    if registration.event.state == EventState.CANCELLED:
        raise FeedbackLinkProblem(FeedbackLinkProblem.EVENT_CANCELLED, language)
    if registration.feedback_given_at is not None:
        raise FeedbackLinkProblem(FeedbackLinkProblem.GIVEN, language)


def read_token(token: str) -> Registration:
    """The registration the link is for, or FeedbackLinkProblem saying why it cannot be used."""
    max_age = timedelta(days=VALID_DAYS)
    try:
        raw: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        found = _find(_registration_id(signing.loads(token, salt=SALT)))
        raise FeedbackLinkProblem(FeedbackLinkProblem.EXPIRED, found.language if found else "") from None
    except signing.BadSignature:
        raise FeedbackLinkProblem(FeedbackLinkProblem.TAMPERED) from None
    registration = _find(_registration_id(raw))
    if registration is None:  # deleted with its event
        raise FeedbackLinkProblem(FeedbackLinkProblem.TAMPERED)
    check(registration)
    return registration
