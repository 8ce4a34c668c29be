"""Test data builders for events: rows written directly, so tests of a service start from a known state."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from opencaf.coordination.models import Event, EventSession, EventState, Registration, RegistrationStatus
from opencaf.coordination.services.events import EventData
from opencaf.organisations.models import Network, Organisation


def start_in(days: float, hours: float = 9) -> datetime:
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(days=days, hours=hours)


def make_event(
    network: Network,
    *,
    days: int = 14,
    sessions: int = 1,
    state: str = EventState.PUBLISHED,
    **fields: object,
) -> Event:
    values: dict[str, object] = {
        "kind": "training",
        "title": "Two-day SAG training",
        "place": "Ministry, room 4",
        "audience": "anyone",
        "state": state,
        **fields,
    }
    event = Event.objects.create(network=network, **values)
    for day in range(sessions):
        EventSession.objects.create(event=event, starts_at=start_in(days + day, 9), ends_at=start_in(days + day, 16))
    return event


def add_registration(
    event: Event,
    organisation: Organisation | None,
    email: str,
    status: str = RegistrationStatus.CONFIRMED,
    **fields: object,
) -> Registration:
    values: dict[str, object] = {"name": email.split("@")[0].title(), "language": "en", **fields}
    return Registration.objects.create(event=event, organisation=organisation, email=email, status=status, **values)


def event_data(session_count: int = 2, **fields: object) -> EventData:
    values: dict[str, object] = {
        "kind": "training",
        "title": "Two-day SAG training",
        "description": "Scoring and consensus.",
        "place": "Ljubljana, Gregorčičeva 20",
        "online_link": "",
        "capacity": 20,
        "audience": "sag_members",
        "registration_closes": None,
        "sessions": [(start_in(20 + day, 9), start_in(20 + day, 16)) for day in range(session_count)],
        **fields,
    }
    return EventData(**values)  # type: ignore[arg-type]
