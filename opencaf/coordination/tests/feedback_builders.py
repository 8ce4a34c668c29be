"""Test data for event feedback: events that have ended, participants present, answers given."""

from __future__ import annotations

from typing import Any

from opencaf.coordination.models import Attendance, Event, EventState, Registration, RegistrationStatus
from opencaf.coordination.services.feedback import FeedbackData, submit_feedback
from opencaf.coordination.tests.event_factories import add_registration, make_event
from opencaf.organisations.models import Network, Organisation


def ended_event(network: Network, *, days_ago: int = 1, sessions: int = 2, **fields: Any) -> Event:
    """A published event whose last session was `days_ago` days ago (one session a day, 9:00–16:00)."""
    fields.setdefault("state", EventState.PUBLISHED)
    return make_event(network, days=-days_ago - sessions + 1, sessions=sessions, **fields)


def participant(
    event: Event,
    organisation: Organisation | None,
    email: str,
    *,
    present: bool = True,
    status: str = RegistrationStatus.CONFIRMED,
    **fields: Any,
) -> Registration:
    """A registration with its attendance at the first session (present or absent)."""
    registration = add_registration(event, organisation, email, status, **fields)
    first = event.sessions.order_by("starts_at").first()
    assert first is not None
    Attendance.objects.create(registration=registration, session=first, present=present)
    return registration


def answers(**changes: Any) -> FeedbackData:
    values: dict[str, Any] = {
        "overall": 4,
        "usefulness": 5,
        "organisation_rating": 3,
        "liked": "",
        "improve": "",
        **changes,
    }
    return FeedbackData(**values)


def give(registration: Registration, **changes: Any) -> None:
    """The participant answers through the service (as the form does)."""
    submit_feedback(registration=registration, data=answers(**changes))


def form_post(**changes: Any) -> dict[str, str]:
    values = {"overall": "4", "usefulness": "5", "organisation_rating": "3", "liked": "", "improve": "", **changes}
    return {key: value for key, value in values.items() if value is not None}
