"""Feedback after an event: a short built-in form the participants get by e-mail once it is over.

Who is asked: every confirmed registration present at one session at least, once
(`Registration.feedback_requested_at`), after the last session has ended; never for a cancelled
event. The daily command `send_event_feedback_requests` asks for events that ended in the last
`REQUEST_WINDOW_DAYS`; the coordinator can ask at once from the event page. Each request is audited
per event (how many were asked); a request the mail server never accepts is audited and cleared, so
the next run or the coordinator asks again.

Anonymous by construction (DESIGN §5 "Anonymity"). The signed link names the registration, so each
person answers once; the answer (`EventFeedback`) names nobody and carries no date: no registration,
organisation or time. Giving feedback is deliberately not audited: an audit event would say who
answered and when, which is exactly what the answer must not tell (as in `surveys`). For the same
reason the registration keeps only the day it answered (`feedback_given_at` at local midnight), and
each answer gets a random key rather than the next number, so neither timestamps nor the order of
keys (set against a web server's log of who opened which link when) can pair an answer with a
person. The results go through the anonymity gate (`selectors/feedback.py`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination import feedback_links
from opencaf.coordination.models import (
    Attendance,
    Event,
    EventFeedback,
    EventState,
    Registration,
    RegistrationStatus,
)
from opencaf.core import mail
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# The daily command asks for events that ended this many days ago at most: an event from before the
# feature existed, or long past, does not suddenly send requests.
REQUEST_WINDOW_DAYS = 14
LOWEST, HIGHEST = 1, 5
MAX_TEXT = 2000  # characters per comment
RATINGS = ("overall", "usefulness", "organisation_rating")


@dataclass(frozen=True)
class FeedbackData:
    overall: int | None
    usefulness: int | None
    organisation_rating: int | None
    liked: str
    improve: str


# --- who is asked, and when ---------------------------------------------------------------------------


def last_end(event: Event) -> datetime | None:
    """When the event's last session ends (None without sessions); reads the prefetched sessions."""
    return max((session.ends_at for session in event.sessions.all()), default=None)


def request_problem(event: Event, now: datetime | None = None) -> str:
    """Why nobody can be asked for feedback on the event now ("" when they can)."""
    now = now or timezone.now()
    if event.state == EventState.CANCELLED:
        return _("The event has been cancelled: nobody is asked for feedback.")
    if event.state != EventState.PUBLISHED:
        return _("The event has not been published.")
    end = last_end(event)
    if end is None or end > now:
        return _("Participants can be asked for feedback once the last session of the event has ended.")
    return ""


def _attended() -> Exists:
    return Exists(Attendance.objects.filter(registration=OuterRef("pk"), present=True))


def to_ask(event: Event) -> QuerySet[Registration]:
    """Confirmed registrations present at one session at least, neither asked nor answered yet."""
    return Registration.objects.filter(
        _attended(),
        event=event,
        status=RegistrationStatus.CONFIRMED,
        feedback_requested_at__isnull=True,
        feedback_given_at__isnull=True,
    )


def due_events(now: datetime | None = None) -> list[Event]:
    """Published events whose last session ended in the last REQUEST_WINDOW_DAYS, with someone to ask."""
    now = now or timezone.now()
    waiting = Registration.objects.filter(
        _attended(),
        event=OuterRef("pk"),
        status=RegistrationStatus.CONFIRMED,
        feedback_requested_at__isnull=True,
        feedback_given_at__isnull=True,
    )
    events = (
        Event.objects.filter(state=EventState.PUBLISHED)
        .annotate(ends=Max("sessions__ends_at"))
        .filter(ends__lte=now, ends__gt=now - timedelta(days=REQUEST_WINDOW_DAYS))
        .filter(Exists(waiting))
        .order_by("ends", "id")
    )
    return list(events)


def _require_coordinator(actor: User, event: Event) -> None:
    if not is_coordinator(actor, event.network):
        raise PermissionDenied


@transaction.atomic
def send_feedback_requests(*, actor: User | None, event: Event) -> int:
    """E-mail each participant not asked yet a link to the form, in their language. Returns how many.

    `actor` is the coordinator asking from the event page, or None for the daily command. With the
    event row locked, a second click or the command running at the same time finds them asked already.
    """
    if actor is not None:
        _require_coordinator(actor, event)
    event = Event.objects.select_for_update().select_related("network").get(pk=event.pk)
    problem = request_problem(event)
    if problem:
        raise ValidationError(problem)
    registrations = list(to_ask(event).select_related("organisation").order_by("created_at", "id"))
    if not registrations:
        if actor is None:
            return 0
        raise ValidationError(_("Everyone who attended has been asked for feedback already."))
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(feedback_requested_at=now)
    sessions = list(event.sessions.all())
    until = feedback_links.valid_until(now)
    for registration in registrations:
        context = {
            "registration": registration,
            "event": event,
            "sessions": sessions,
            "url": feedback_links.feedback_url(registration),
            "valid_until": until,
            "valid_days": feedback_links.VALID_DAYS,
        }
        subject, body = mail.render_mail("coordination/email/event_feedback_request", context, registration.language)
        mail.send_after_commit(
            to=registration.email,
            subject=subject,
            body=body,
            kind="event feedback request",
            reference=registration.pk,
            on_not_delivered=record_request_not_delivered,
        )
    record_event(
        "coordination.event_feedback_requested",
        actor=actor,
        obj=event,
        network=event.network,
        changes={"asked": len(registrations)},
    )
    return len(registrations)


@transaction.atomic
def record_request_not_delivered(registration_id: int, reason: str) -> None:
    """core.mail hook: every attempt failed. Audited where the coordinator sees it, and the request is
    cleared so that the next daily run, or the coordinator, asks again."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event__network", "organisation")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return
    if registration.feedback_given_at is None:
        registration.feedback_requested_at = None
        registration.save(update_fields=["feedback_requested_at"])
    record_event(
        "coordination.event_feedback_not_delivered",
        actor=None,
        obj=registration,
        organisation=registration.organisation,
        network=registration.event.network,
        changes={"email": registration.email, "reason": reason[:500]},
    )


# --- the answer ---------------------------------------------------------------------------------------


def _check(data: FeedbackData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    for name in RATINGS:
        value = getattr(data, name)
        if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
            errors[name] = [_("Choose a rating from 1 (very poor) to 5 (excellent).")]
    for name in ("liked", "improve"):
        if len(getattr(data, name).strip()) > MAX_TEXT:
            errors[name] = [_("Write at most %(count)s characters.") % {"count": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    return {
        "overall": data.overall,
        "usefulness": data.usefulness,
        "organisation_rating": data.organisation_rating,
        "liked": data.liked.strip(),
        "improve": data.improve.strip(),
    }


def _random_key() -> int:
    # Below 2**62: room above it for the database's own sequence (SQLite continues after the largest).
    # A clash is about as likely as guessing a 62-bit secret; it would roll the answer back, not mix it.
    return secrets.randbelow(2**62 - 1) + 1


@transaction.atomic
def submit_feedback(*, registration: Registration, data: FeedbackData) -> None:
    """Store one anonymous answer and mark the registration as having answered, all or nothing.

    The registration row is locked first, so a double submission (two tabs, a double click) finds the
    answer given and is refused with `FeedbackLinkProblem(GIVEN)`; so are a cancelled registration or
    event. Bad ratings are a ValidationError keyed by field.
    """
    locked = Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
    feedback_links.check(locked)
    fields = _check(data)
    today = timezone.localtime()
    EventFeedback.objects.create(id=_random_key(), event=locked.event, **fields)
    locked.feedback_given_at = today.replace(hour=0, minute=0, second=0, microsecond=0)  # the day only
    locked.save(update_fields=["feedback_given_at"])
