"""Events and trainings of a network: the coordinator drafts, publishes and cancels them; members of the
network's organisations register themselves, and a quality representative registers their people.

Every write is atomic and audited. Registration locks the event row (`select_for_update`; on SQLite
the IMMEDIATE transactions serialise writers anyway) before counting places, so two people taking
the last place cannot both be confirmed: the second goes to the waiting list. E-mails go out after
the commit in the person's language, a confirmation with a calendar file (`calendar.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from opencaf.assessments.models import Seat
from opencaf.audit.services import record_event
from opencaf.coordination import calendar
from opencaf.coordination.models import (
    Attendance,
    Audience,
    Event,
    EventKind,
    EventSession,
    EventState,
    Registration,
    RegistrationStatus,
)
from opencaf.core import mail
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator, is_member, roles_in

if TYPE_CHECKING:
    from opencaf.accounts.models import User

LIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
SAG_ROLES = {Role.ASSESSOR, Role.CAF_LEADER}
REMINDED = "coordination.registration_reminded"


@dataclass(frozen=True)
class EventData:
    kind: str
    title: str
    description: str
    place: str
    online_link: str
    capacity: int | None
    audience: str
    registration_closes: date | None
    sessions: Sequence[tuple[datetime, datetime]]


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    language: str


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


# --- drafting, publishing, cancelling ----------------------------------------------------------------


def _check(data: EventData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    title = data.title.strip()
    if not title:
        errors["title"] = [_("Give the event a title.")]
    if data.kind not in EventKind.values:
        errors["kind"] = [_("Choose one of the kinds of event in the list.")]
    if data.audience not in Audience.values:
        errors["audience"] = [_("Choose for whom the event is.")]
    if data.capacity is not None and data.capacity < 1:
        errors["capacity"] = [_("Enter at least one place, or leave the field empty for no limit.")]
    if not data.sessions:
        errors["sessions"] = [_("Add at least one session with its start and end.")]
    elif any(ends <= starts for starts, ends in data.sessions):
        errors["sessions"] = [_("Each session must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    return {
        "kind": data.kind,
        "title": title,
        "description": data.description.strip(),
        "place": data.place.strip(),
        "online_link": data.online_link.strip(),
        "capacity": data.capacity,
        "audience": data.audience,
        "registration_closes": data.registration_closes,
    }


def _save_sessions(event: Event, sessions: Sequence[tuple[datetime, datetime]]) -> None:
    """Keep the existing rows in order (their attendance stays), change their times, add or drop the rest."""
    existing = list(event.sessions.order_by("starts_at", "id"))
    wanted = sorted(sessions)
    for row, (starts, ends) in zip(existing, wanted, strict=False):
        if (row.starts_at, row.ends_at) != (starts, ends):
            row.starts_at, row.ends_at = starts, ends
            row.save(update_fields=["starts_at", "ends_at"])
    for starts, ends in wanted[len(existing) :]:
        EventSession.objects.create(event=event, starts_at=starts, ends_at=ends)
    for row in existing[len(wanted) :]:
        row.delete()


@transaction.atomic
def create_event(*, actor: User, network: Network, data: EventData) -> Event:
    _require_coordinator(actor, network)
    event = Event.objects.create(network=network, created_by=actor, **_check(data))
    _save_sessions(event, data.sessions)
    record_event("coordination.event_created", actor=actor, obj=event, network=network)
    return event


@transaction.atomic
def update_event(*, actor: User, event: Event, data: EventData) -> Event:
    _require_coordinator(actor, event.network)
    if event.state == EventState.CANCELLED:
        raise ValidationError(_("The event has been cancelled and can no longer change."))
    fields = _check(data)
    changes: dict[str, dict[str, object]] = {}
    for name, key in (
        ("kind", "event_kind"),
        ("title", "title"),
        ("description", "description"),
        ("place", "place"),
        ("online_link", "online_link"),
        ("capacity", "capacity"),
        ("audience", "audience"),
        ("registration_closes", "registration_closes"),
    ):
        if getattr(event, name) != fields[name]:
            changes[key] = {"before": str(getattr(event, name)), "after": str(fields[name])}
    before = [(s.starts_at, s.ends_at) for s in event.sessions.order_by("starts_at", "id")]
    if before != sorted(data.sessions):
        changes["sessions"] = {"before": len(before), "after": len(data.sessions)}
    for key, value in fields.items():
        setattr(event, key, value)
    event.save()
    _save_sessions(event, data.sessions)
    record_event("coordination.event_changed", actor=actor, obj=event, network=event.network, changes=changes)
    return event


@transaction.atomic
def publish_event(*, actor: User, event: Event) -> Event:
    _require_coordinator(actor, event.network)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.state != EventState.DRAFT:
        raise ValidationError(_("Only a draft event can be published."))
    if not event.sessions.exists():
        raise ValidationError(_("Add at least one session before publishing the event."))
    event.state = EventState.PUBLISHED
    event.save(update_fields=["state"])
    record_event("coordination.event_published", actor=actor, obj=event, network=event.network)
    return event


@transaction.atomic
def cancel_event(*, actor: User, event: Event) -> Event:
    """Cancel the event and tell everyone registered (confirmed or waiting)."""
    _require_coordinator(actor, event.network)
    event = Event.objects.select_for_update().select_related("network").get(pk=event.pk)
    if event.state == EventState.CANCELLED:
        raise ValidationError(_("The event has already been cancelled."))
    event.state = EventState.CANCELLED
    event.save(update_fields=["state"])
    people = list(event.registrations.filter(status__in=LIVE))
    record_event(
        "coordination.event_cancelled", actor=actor, obj=event, network=event.network, changes={"notified": len(people)}
    )
    sessions = list(event.sessions.all())
    for registration in people:
        _send(registration, event, sessions, "event_cancelled")
    return event


# --- who may register ----------------------------------------------------------------------------------


def registration_problem(event: Event, now: datetime | None = None) -> str:
    """Why nobody can register now ("" when registration is open)."""
    now = now or timezone.now()
    if event.state != EventState.PUBLISHED:
        return _("This event is not open for registration.")
    first = min((s.starts_at for s in event.sessions.all()), default=None)
    if first is not None and first <= now:
        return _("Registration has closed: the event has started.")
    if event.registration_closes is not None and event.registration_closes < timezone.localdate(now):
        return _("Registration closed on %(date)s.") % {
            "date": formats.date_format(event.registration_closes, "DATE_FORMAT")
        }
    return ""


def is_sag_member(user: User, organisation: Organisation) -> bool:
    return (
        bool(roles_in(user, organisation) & SAG_ROLES)
        or Seat.objects.filter(membership__user=user, membership__organisation=organisation).exists()
    )


def may_register_self(user: User, event: Event, organisation: Organisation) -> bool:
    if organisation.network_id != event.network_id or not is_member(user, organisation):
        return False
    if event.audience == Audience.REPRESENTATIVES:
        return Role.ORG_ADMIN in roles_in(user, organisation)
    if event.audience == Audience.SAG_MEMBERS:
        return is_sag_member(user, organisation)
    return True


def may_register_people(user: User, event: Event, organisation: Organisation) -> bool:
    """A quality representative registers their people; an event for representatives is theirs alone."""
    return (
        organisation.network_id == event.network_id
        and Role.ORG_ADMIN in roles_in(user, organisation)
        and event.audience != Audience.REPRESENTATIVES
    )


# --- registering -----------------------------------------------------------------------------------


def _register(event: Event, person: Person, organisation: Organisation, actor: User) -> Registration:
    """Inside the caller's transaction, with the event row locked."""
    email = person.email.strip().lower()
    if event.registrations.filter(email__iexact=email, status__in=LIVE).exists():
        raise ValidationError(_("%(email)s is already registered for this event.") % {"email": email})
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    full = event.capacity is not None and taken >= event.capacity
    registration = Registration(
        event=event,
        name=person.name.strip(),
        email=email,
        language=person.language,
        organisation=organisation,
        registered_by=actor,
        status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("%(email)s is already registered for this event.") % {"email": email}) from None
    record_event(
        "coordination.registration_created",
        actor=actor,
        obj=registration,
        organisation=organisation,
        network=event.network,
        changes={"participant": registration.name, "status": registration.status},
    )
    return registration


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("network").get(pk=event.pk)


def _check_person(person: Person, row: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not person.name.strip():
        errors["name"] = _("Write the person's name.")
    try:
        validate_email(person.email.strip())
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if person.language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language from the list.")
    return {f"{row}{key}": message for key, message in errors.items()}


@transaction.atomic
def register_self(*, actor: User, event: Event, organisation: Organisation) -> Registration:
    event = _locked(event)
    if not may_register_self(actor, event, organisation):
        raise PermissionDenied
    problem = registration_problem(event)
    if problem:
        raise ValidationError(problem)
    person = Person(actor.full_name or actor.email, actor.email, actor.language or organisation.default_language)
    registration = _register(event, person, organisation, actor)
    _send_registered(registration, event)
    return registration


@transaction.atomic
def register_people(
    *, actor: User, event: Event, organisation: Organisation, people: Sequence[Person]
) -> list[Registration]:
    """Register several people of the organisation at once: all of them or, on any problem, none."""
    event = _locked(event)
    if not may_register_people(actor, event, organisation):
        raise PermissionDenied
    problem = registration_problem(event)
    if problem:
        raise ValidationError(problem)
    if not people:
        raise ValidationError(_("Add at least one person with their name and e-mail address."))
    errors: list[str] = []
    seen: set[str] = set()
    for number, person in enumerate(people, start=1):
        for message in _check_person(person).values():
            errors.append(_("Person %(number)s: %(problem)s") % {"number": number, "problem": message})
        email = person.email.strip().lower()
        if email in seen:
            errors.append(_("Person %(number)s: %(email)s is listed twice.") % {"number": number, "email": email})
        seen.add(email)
    if errors:
        raise ValidationError(errors)
    registrations = [_register(event, person, organisation, actor) for person in people]
    for registration in registrations:
        _send_registered(registration, event)
    return registrations


def may_cancel(user: User, registration: Registration) -> bool:
    event = registration.event
    if is_coordinator(user, event.network):
        return True
    if getattr(user, "email", "").lower() == registration.email:
        return True
    organisation = registration.organisation
    return organisation is not None and Role.ORG_ADMIN in roles_in(user, organisation)


@transaction.atomic
def cancel_registration(*, actor: User, registration: Registration) -> Registration | None:
    """Cancel a place; a confirmed place goes to the first on the waiting list, who is told by e-mail.
    Returns the registration promoted, if any."""
    event = _locked(registration.event)
    registration = event.registrations.select_related("event").get(pk=registration.pk)
    if not may_cancel(actor, registration):
        raise PermissionDenied
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration has already been cancelled."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    record_event(
        "coordination.registration_cancelled",
        actor=actor,
        obj=registration,
        organisation=registration.organisation,
        network=event.network,
        changes={"participant": registration.name},
    )
    if not was_confirmed or event.state == EventState.CANCELLED:
        return None
    taken = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if event.capacity is not None and taken >= event.capacity:
        return None  # the capacity was lowered below the places taken
    promoted = event.registrations.filter(status=RegistrationStatus.WAITING).order_by("created_at", "id").first()
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.CONFIRMED
    promoted.save(update_fields=["status"])
    record_event(
        "coordination.registration_promoted",
        actor=actor,
        obj=promoted,
        organisation=promoted.organisation,
        network=event.network,
        changes={"participant": promoted.name},
    )
    _send(promoted, event, list(event.sessions.all()), "event_promoted", with_calendar=True)
    return promoted


# --- attendance ---------------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(*, actor: User, session: EventSession, present: Iterable[int]) -> int:
    """Mark who of the confirmed registrations was at the session (everyone else absent). Returns the
    number present."""
    event = session.event
    _require_coordinator(actor, event.network)
    if event.state != EventState.PUBLISHED:
        raise ValidationError(_("Attendance is recorded for published events only."))
    confirmed = set(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED).values_list("pk", flat=True)
    )  # fmt: skip
    chosen = set(present)
    if not chosen <= confirmed:
        raise ValidationError(_("Only people with a confirmed place can be marked present."))
    existing = {row.registration_id: row for row in session.attendance.all()}
    for registration_id in confirmed:
        row = existing.get(registration_id)
        if row is None:
            Attendance.objects.create(
                session=session, registration_id=registration_id, present=registration_id in chosen
            )
        elif row.present != (registration_id in chosen):
            row.present = registration_id in chosen
            row.save(update_fields=["present"])
    record_event(
        "coordination.event_attendance_recorded",
        actor=actor,
        obj=event,
        network=event.network,
        changes={"session": session.starts_at.isoformat(), "present": len(chosen)},
    )
    return len(chosen)


# --- e-mail -----------------------------------------------------------------------------------------


def events_url(registration: Registration) -> str:
    if registration.organisation is None:
        return settings.SITE_URL
    return settings.SITE_URL + reverse("coordination:org_events", args=[registration.organisation.public_id])


def _send(
    registration: Registration,
    event: Event,
    sessions: Sequence[EventSession],
    template: str,
    *,
    with_calendar: bool = False,
) -> None:
    context = {"registration": registration, "event": event, "sessions": sessions, "url": events_url(registration)}
    subject, body = mail.render_mail(f"coordination/email/{template}", context, registration.language)
    attachment = None
    if with_calendar:
        attachment = mail.Attachment("event.ics", calendar.event_calendar(event, sessions), calendar.MIME_TYPE)
    mail.send_after_commit(
        to=registration.email, subject=subject, body=body, kind=template.replace("_", " "), attachment=attachment
    )


def _send_registered(registration: Registration, event: Event) -> None:
    sessions = list(event.sessions.all())
    if registration.status == RegistrationStatus.CONFIRMED:
        _send(registration, event, sessions, "event_confirmed", with_calendar=True)
    else:
        _send(registration, event, sessions, "event_waiting")


def due_reminders(now: datetime | None = None) -> list[Registration]:
    """Confirmed registrations whose event's first session is at most EVENT_REMINDER_DAYS away and
    still ahead, not reminded yet (`reminded_at` keeps it to one)."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.EVENT_REMINDER_DAYS)
    events = [
        event
        for event in Event.objects.filter(state=EventState.PUBLISHED, sessions__starts_at__gt=now)
        .distinct()
        .prefetch_related("sessions")
        if min(s.starts_at for s in event.sessions.all()) <= horizon
        and min(s.starts_at for s in event.sessions.all()) > now
    ]
    registrations = Registration.objects.filter(
        event__in=events, status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True
    ).select_related("event__network")
    return list(registrations)


@transaction.atomic
def send_reminder(registration: Registration) -> None:
    event = registration.event
    registration.reminded_at = timezone.now()
    registration.save(update_fields=["reminded_at"])
    record_event(
        "coordination.registration_reminded",
        actor=None,
        obj=registration,
        organisation=registration.organisation,
        network=event.network,
    )
    _send(registration, event, list(event.sessions.all()), "event_reminder", with_calendar=True)
