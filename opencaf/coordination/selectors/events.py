"""Reads for events: the network's events for its coordinators, the upcoming events of an
organisation's network for its members, and one event's page with its registrations and attendance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from opencaf.coordination.models import Attendance, Event, EventSession, EventState, Registration, RegistrationStatus
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network, Organisation


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        first_start=Min("sessions__starts_at"),
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED), distinct=True
        ),
        waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING), distinct=True),
    )


def events_of(network: Network) -> QuerySet[Event]:
    return _with_counts(Event.objects.filter(network=network)).order_by(F("first_start").desc(nulls_last=True), "id")


def get_event(network: Network, public_id: object) -> Event:
    events = Event.objects.filter(network=network).select_related("network").prefetch_related("sessions")
    return get_by_public_id(events, public_id)


def get_session(event: Event, session_id: int) -> EventSession:
    for session in event.sessions.all():
        if session.pk == session_id:
            return session
    raise Http404


def get_registration(event: Event, public_id: object) -> Registration:
    return get_by_public_id(event.registrations.select_related("organisation", "event__network"), public_id)


@dataclass
class EventPage:
    event: Event
    sessions: list[EventSession]
    confirmed: list[Registration]
    waiting: list[Registration]
    cancelled: list[Registration]
    # registration id -> ids of the sessions where it was present
    present: dict[int, set[int]] = field(default_factory=dict)

    @property
    def confirmed_rows(self) -> list[tuple[Registration, int]]:
        """Each confirmed registration with the number of sessions it attended."""
        return [(r, len(self.present.get(r.pk, ()))) for r in self.confirmed]


def event_page(event: Event) -> EventPage:
    """Three queries whatever the number of registrations: sessions (prefetched), registrations, attendance."""
    registrations = list(event.registrations.select_related("organisation").order_by("created_at", "id"))
    present: dict[int, set[int]] = {}
    for registration_id, session_id in Attendance.objects.filter(
        session__event=event, present=True
    ).values_list("registration_id", "session_id"):  # fmt: skip
        present.setdefault(registration_id, set()).add(session_id)
    return EventPage(
        event=event,
        sessions=list(event.sessions.all()),
        confirmed=[r for r in registrations if r.status == RegistrationStatus.CONFIRMED],
        waiting=[r for r in registrations if r.status == RegistrationStatus.WAITING],
        cancelled=[r for r in registrations if r.status == RegistrationStatus.CANCELLED],
        present=present,
    )


def upcoming_for(organisation: Organisation, now: datetime | None = None) -> list[Event]:
    """Published events of the organisation's network whose last session is still ahead."""
    if organisation.network_id is None:
        return []
    now = now or timezone.now()
    events = (
        _with_counts(Event.objects.filter(network_id=organisation.network_id, state=EventState.PUBLISHED))
        .filter(sessions__ends_at__gt=now)
        .select_related("network")
        .prefetch_related("sessions")
        .distinct()
        .order_by(F("first_start").asc(), "id")
    )
    return list(events)


def get_event_for_organisation(organisation: Organisation, public_id: object) -> Event:
    if organisation.network_id is None:
        raise Http404
    events = Event.objects.filter(network_id=organisation.network_id).exclude(state=EventState.DRAFT)
    return get_by_public_id(events.select_related("network").prefetch_related("sessions"), public_id)


def registrations_of(organisation: Organisation) -> list[Registration]:
    """The organisation's registrations for events that are not over, with the sessions for dates."""
    sessions = Prefetch("event__sessions", queryset=EventSession.objects.order_by("starts_at", "id"))
    return list(
        Registration.objects.filter(organisation=organisation)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .prefetch_related(sessions)
        .order_by("-created_at", "id")
    )


def get_registration_of_organisation(organisation: Organisation, public_id: object) -> Registration:
    registrations = Registration.objects.filter(organisation=organisation)
    return get_by_public_id(registrations.select_related("event__network", "organisation"), public_id)


def get_own_registration(organisation: Organisation, email: str, public_id: object) -> Registration:
    registrations = Registration.objects.filter(organisation=organisation, email__iexact=email)
    return get_by_public_id(registrations.select_related("event__network", "organisation"), public_id)


def sessions_attended(registration: Registration) -> list[EventSession]:
    return list(
        EventSession.objects.filter(attendance__registration=registration, attendance__present=True).order_by(
            "starts_at"
        )
    )
