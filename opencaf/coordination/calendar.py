"""The calendar file (.ics) sent with a confirmed registration: one VEVENT per session, so a two-day
training shows as two entries. Each UID is stable per session, so a message sent again updates the
entry rather than adding a second one (docs/adr/0011-calendar-attachments.md)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from opencaf.coordination.models import Event, EventSession

MIME_TYPE = "text/calendar"


def session_uid(event: Event, session: EventSession) -> str:
    return f"{event.public_id}-{session.pk}@opencaf"


def event_calendar(event: Event, sessions: Sequence[EventSession]) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//OpenCAF//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    now = timezone.now().astimezone(UTC)
    for session in sessions:
        entry = CalendarEvent()
        entry.add("uid", session_uid(event, session))
        entry.add("dtstamp", now)
        entry.add("dtstart", session.starts_at.astimezone(UTC))
        entry.add("dtend", session.ends_at.astimezone(UTC))
        entry.add("summary", event.title)
        if event.description:
            entry.add("description", event.description)
        if event.place:
            entry.add("location", event.place)
        elif event.online_link:
            entry.add("location", event.online_link)
        if event.online_link:
            entry.add("url", event.online_link)
        organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.rpartition('<')[2].rstrip('>')}")
        organiser.params["cn"] = vText(event.network.name)
        entry["organizer"] = organiser
        calendar.add_component(entry)
    return calendar.to_ical().decode()
