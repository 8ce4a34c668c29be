"""Events and trainings: drafting, registration with capacity and waiting list, e-mails with a
calendar file, reminders, attendance, certificates, and who may see which page."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.coordination import calendar
from opencaf.coordination.certificates import certificate_pdf
from opencaf.coordination.models import Attendance, Event, EventState, Registration, RegistrationStatus
from opencaf.coordination.services import events as services
from opencaf.coordination.services.events import Person
from opencaf.coordination.tests.event_factories import add_registration, event_data, make_event, start_in
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def committed[T](action: Callable[[], T]) -> T:
    """Run a service and its after-commit callbacks (the e-mails)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


@pytest.fixture
def event(world: World) -> Event:
    return make_event(world.network, capacity=2, sessions=2)


@pytest.fixture
def member(world: World) -> User:
    user = UserFactory(email="mia@example.org", full_name="Mia Member", language="sl")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


def _people(*emails: str) -> list[Person]:
    return [Person(email.split("@")[0].title(), email, "en") for email in emails]


# --- drafting, publishing, cancelling ----------------------------------------------------------------


def test_coordinator_drafts_edits_and_publishes_an_event(world: World) -> None:
    event = services.create_event(actor=world.carol, network=world.network, data=event_data(session_count=2))
    assert event.state == EventState.DRAFT and event.sessions.count() == 2
    first = event.sessions.order_by("starts_at").first()
    assert first is not None
    services.update_event(actor=world.carol, event=event, data=event_data(session_count=1, title="One day"))
    assert event.sessions.get().pk == first.pk  # the kept session keeps its row (and its attendance)
    services.publish_event(actor=world.carol, event=event)
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED and event.title == "One day"
    actions = list(AuditEvent.objects.filter(network=world.network).values_list("action", flat=True))
    assert {"coordination.event_created", "coordination.event_changed", "coordination.event_published"} <= set(actions)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sessions": []}, "sessions"),
        ({"sessions": [(start_in(5, 16), start_in(5, 9))]}, "sessions"),
        ({"title": "  "}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"audience": "everyone"}, "audience"),
    ],
)
def test_bad_event_data_is_refused_and_nothing_written(world: World, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_event(actor=world.carol, network=world.network, data=event_data(**changes))
    assert field in error.value.message_dict
    assert not Event.objects.exists()


def test_only_the_networks_coordinator_manages_events(world: World, event: Event) -> None:
    for outsider in (world.dave, world.alice):
        with pytest.raises(PermissionDenied):
            services.create_event(actor=outsider, network=world.network, data=event_data())
        with pytest.raises(PermissionDenied):
            services.cancel_event(actor=outsider, event=event)


def test_cancelling_an_event_emails_everyone_registered(world: World, event: Event, mailoutbox: list[Any]) -> None:
    add_registration(event, world.alice_org, "one@example.org")
    add_registration(event, world.alice_org, "two@example.org", RegistrationStatus.WAITING)
    add_registration(event, world.alice_org, "gone@example.org", RegistrationStatus.CANCELLED)
    committed(lambda: services.cancel_event(actor=world.carol, event=event))
    assert sorted(m.to[0] for m in mailoutbox) == ["one@example.org", "two@example.org"]
    assert all("Cancelled" in m.subject for m in mailoutbox)
    with pytest.raises(ValidationError):
        services.cancel_event(actor=world.carol, event=event)


# --- registration ------------------------------------------------------------------------------------


def test_a_member_registers_and_gets_a_confirmation_with_a_calendar_file(
    world: World, event: Event, member: User, mailoutbox: list[Any]
) -> None:
    registration = committed(lambda: services.register_self(actor=member, event=event, organisation=world.alice_org))
    assert registration.status == RegistrationStatus.CONFIRMED and registration.language == "sl"
    [message] = mailoutbox
    assert message.to == ["mia@example.org"]
    assert event.title in message.subject
    [(name, content, mimetype)] = message.attachments
    assert name == "event.ics" and mimetype == "text/calendar"
    parsed = Calendar.from_ical(content)
    entries = parsed.walk("VEVENT")
    sessions = list(event.sessions.order_by("starts_at"))
    assert [str(e["uid"]) for e in entries] == [calendar.session_uid(event, s) for s in sessions]
    assert [e.decoded("dtstart") for e in entries] == [s.starts_at for s in sessions]
    assert str(entries[0]["location"]) == "Ministry, room 4"
    assert str(entries[0]["organizer"]).startswith("mailto:")


def test_over_capacity_goes_to_the_waiting_list_and_is_told_so(
    world: World, event: Event, mailoutbox: list[Any]
) -> None:
    done = committed(
        lambda: services.register_people(
            actor=world.alice,
            event=event,
            organisation=world.alice_org,
            people=_people("a@x.org", "b@x.org", "c@x.org"),
        )
    )
    assert [r.status for r in done] == ["confirmed", "confirmed", "waiting"]
    waiting = [m for m in mailoutbox if m.to == ["c@x.org"]]
    assert len(waiting) == 1 and "waiting list" in waiting[0].subject and not waiting[0].attachments


def test_cancelling_a_place_promotes_the_first_waiting_and_emails_them(
    world: World, event: Event, mailoutbox: list[Any]
) -> None:
    first = add_registration(event, world.alice_org, "first@x.org")
    add_registration(event, world.alice_org, "second@x.org")
    early = add_registration(event, world.alice_org, "early@x.org", RegistrationStatus.WAITING)
    late = add_registration(event, world.alice_org, "late@x.org", RegistrationStatus.WAITING)
    Registration.objects.filter(pk=late.pk).update(created_at=early.created_at + timedelta(minutes=5))
    promoted = committed(lambda: services.cancel_registration(actor=world.carol, registration=first))
    assert promoted is not None and promoted.pk == early.pk
    early.refresh_from_db()
    late.refresh_from_db()
    assert (early.status, late.status) == ("confirmed", "waiting")
    [message] = mailoutbox
    assert message.to == ["early@x.org"] and message.attachments
    # cancelling a waiting place promotes nobody
    assert committed(lambda: services.cancel_registration(actor=world.carol, registration=late)) is None


def test_the_last_place_cannot_be_taken_twice(world: World, event: Event) -> None:
    """The count is taken with the event row locked, so the second registration sees the first."""
    add_registration(event, world.alice_org, "one@x.org")
    stale = Event.objects.get(pk=event.pk)  # as a second request would have loaded it
    services.register_people(actor=world.alice, event=event, organisation=world.alice_org, people=_people("two@x.org"))
    [late] = services.register_people(
        actor=world.alice, event=stale, organisation=world.alice_org, people=_people("three@x.org")
    )
    assert late.status == RegistrationStatus.WAITING
    assert event.registrations.filter(status="confirmed").count() == 2


def test_a_duplicate_registration_is_refused_clearly(world: World, event: Event, member: User) -> None:
    services.register_self(actor=member, event=event, organisation=world.alice_org)
    with pytest.raises(ValidationError, match="already registered"):
        services.register_people(
            actor=world.alice, event=event, organisation=world.alice_org, people=_people("MIA@example.org")
        )
    with pytest.raises(ValidationError, match="listed twice"):
        services.register_people(
            actor=world.alice, event=event, organisation=world.alice_org, people=_people("x@x.org", "x@x.org")
        )
    assert event.registrations.count() == 1  # nothing half-written


def test_a_bad_row_registers_nobody(world: World, event: Event) -> None:
    people = [*_people("ok@x.org"), Person("", "not-an-address", "en")]
    with pytest.raises(ValidationError) as error:
        services.register_people(actor=world.alice, event=event, organisation=world.alice_org, people=people)
    assert any("Person 2" in message for message in error.value.messages)
    assert not event.registrations.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"registration_closes": timezone.localdate() - timedelta(days=1)}, "Registration closed"),
        ({"state": EventState.DRAFT}, "not open"),
        ({"state": EventState.CANCELLED}, "not open"),
    ],
)
def test_closed_registration_is_refused(
    world: World, event: Event, member: User, change: dict[str, Any], message: str
) -> None:
    Event.objects.filter(pk=event.pk).update(**change)
    with pytest.raises(ValidationError, match=message):
        services.register_self(actor=member, event=event, organisation=world.alice_org)


def test_registration_closes_when_the_event_has_started(world: World, member: User) -> None:
    started = make_event(world.network, days=0)
    started.sessions.update(starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="has started"):
        services.register_self(actor=member, event=started, organisation=world.alice_org)


def test_audience(world: World, member: User) -> None:
    for_representatives = make_event(world.network, audience="representatives")
    for_sag = make_event(world.network, audience="sag_members")
    assert services.may_register_self(world.alice, for_representatives, world.alice_org)
    assert not services.may_register_self(member, for_representatives, world.alice_org)
    assert not services.may_register_people(world.alice, for_representatives, world.alice_org)
    with pytest.raises(PermissionDenied):
        services.register_self(actor=member, event=for_representatives, organisation=world.alice_org)
    assert not services.may_register_self(member, for_sag, world.alice_org)
    assessor = UserFactory(email="sam@example.org")
    add_member(world.alice_org, assessor, Role.ASSESSOR)
    assert services.may_register_self(assessor, for_sag, world.alice_org)
    assert services.may_register_people(world.alice, for_sag, world.alice_org)  # the representative registers them
    # another network's member may not register at all
    assert not services.may_register_self(world.bob, for_sag, world.bob_org)
    with pytest.raises(PermissionDenied):
        services.register_people(actor=world.bob, event=for_sag, organisation=world.bob_org, people=_people("b@x.org"))
    with pytest.raises(PermissionDenied):
        services.register_people(actor=member, event=for_sag, organisation=world.alice_org, people=_people("b@x.org"))


# --- reminders ---------------------------------------------------------------------------------------


def test_reminders_go_once_and_only_when_the_event_is_near(world: World, settings: Any, mailoutbox: list[Any]) -> None:
    settings.EVENT_REMINDER_DAYS = 2
    near = make_event(world.network, days=1)
    far = make_event(world.network, days=10)
    add_registration(near, world.alice_org, "near@x.org")
    add_registration(near, world.alice_org, "waiting@x.org", RegistrationStatus.WAITING)
    add_registration(far, world.alice_org, "far@x.org")
    for _run in range(2):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("send_event_reminders", stdout=io.StringIO())
    assert [m.to for m in mailoutbox] == [["near@x.org"]]
    assert "Reminder" in mailoutbox[0].subject and mailoutbox[0].attachments


# --- attendance and certificates ---------------------------------------------------------------------


def test_attendance_is_recorded_per_session(world: World, event: Event) -> None:
    came = add_registration(event, world.alice_org, "came@x.org")
    missed = add_registration(event, world.alice_org, "missed@x.org")
    waiting = add_registration(event, world.alice_org, "waiting@x.org", RegistrationStatus.WAITING)
    first, second = event.sessions.order_by("starts_at")
    assert services.record_attendance(actor=world.carol, session=first, present=[came.pk]) == 1
    services.record_attendance(actor=world.carol, session=first, present=[came.pk, missed.pk])
    services.record_attendance(actor=world.carol, session=second, present=[])
    assert set(Attendance.objects.filter(present=True).values_list("registration__email", "session")) == {
        ("came@x.org", first.pk),
        ("missed@x.org", first.pk),
    }
    assert Attendance.objects.filter(session=second, present=False).count() == 2
    with pytest.raises(ValidationError):
        services.record_attendance(actor=world.carol, session=first, present=[waiting.pk])
    with pytest.raises(PermissionDenied):
        services.record_attendance(actor=world.alice, session=first, present=[])


def test_certificate_is_a_pdf(world: World, event: Event) -> None:
    registration = add_registration(event, world.alice_org, "came@x.org", language="sl")
    services.record_attendance(actor=world.carol, session=event.sessions.first(), present=[registration.pk])  # type: ignore[arg-type]
    assert certificate_pdf(registration).startswith(b"%PDF")


# --- pages -------------------------------------------------------------------------------------------


def _event_url(event: Event, name: str = "event", **extra: Any) -> str:
    return reverse(
        f"coordination:{name}", kwargs={"network_id": event.network.public_id, "event_id": event.public_id, **extra}
    )


def test_coordinator_pages_permission_matrix(world: World, event: Event, member: User) -> None:
    registration = add_registration(event, world.alice_org, "mia@example.org")
    session = event.sessions.first()
    assert session is not None
    urls = [
        reverse("coordination:events", args=[world.network.public_id]),
        reverse("coordination:event_new", args=[world.network.public_id]),
        _event_url(event),
        _event_url(event, "event_edit"),
        _event_url(event, "event_attendance", session_id=session.pk),
    ]
    for url in urls:
        assert client_for(world.carol).get(url).status_code == 200, url
        for outsider in (world.dave, world.alice, member, world.bob):
            assert client_for(outsider).get(url).status_code == 404, url
        assert client_for(None).get(url).status_code == 302, url
    certificate = _event_url(event, "event_certificate", registration_id=registration.public_id)
    for outsider in (world.dave, world.alice, member):
        assert client_for(outsider).get(certificate).status_code == 404
    for name in ("event_publish", "event_cancel"):
        assert client_for(world.dave).post(_event_url(event, name)).status_code == 404
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED


def test_coordinator_creates_an_event_through_the_form(world: World) -> None:
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    form = {
        "kind": "introduction",
        "title": "Introduction to CAF",
        "audience": "representatives",
        "capacity": "30",
        "session_1_date": day,
        "session_1_starts": "09:00",
        "session_1_ends": "12:00",
    }
    client = client_for(world.carol)
    response = client.post(reverse("coordination:event_new", args=[world.network.public_id]), form)
    event = Event.objects.get()
    assert response.status_code == 302 and event.sessions.count() == 1
    bad = {**form, "session_1_ends": "08:00"}
    response = client.post(_event_url(event, "event_edit"), bad)
    assert response.status_code == 422 and "must end after it starts" in response.content.decode()
    response = client.post(_event_url(event, "event_edit"), {**form, "session_2_date": day})
    assert response.status_code == 422 and "date, start and end" in response.content.decode()


def test_event_page_queries_are_bounded(world: World, event: Event, django_assert_max_num_queries: Any) -> None:
    Event.objects.filter(pk=event.pk).update(capacity=None)
    Registration.objects.bulk_create(
        Registration(
            event=event,
            organisation=world.alice_org,
            name=f"Person {n}",
            email=f"p{n}@x.org",
            language="en",
            status="confirmed",
        )
        for n in range(100)
    )
    client = client_for(world.carol)
    with django_assert_max_num_queries(14):
        response = client.get(_event_url(event))
    assert response.content.decode().count("Person ") >= 100
    session = event.sessions.first()
    assert session is not None
    with django_assert_max_num_queries(14):
        assert client.get(_event_url(event, "event_attendance", session_id=session.pk)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("coordination:events", args=[world.network.public_id])).status_code == 200


def test_coordinator_records_attendance_and_downloads_a_certificate(world: World, event: Event) -> None:
    came = add_registration(event, world.alice_org, "came@x.org")
    add_registration(event, world.alice_org, "missed@x.org")
    session = event.sessions.order_by("starts_at").first()
    assert session is not None
    client = client_for(world.carol)
    certificate = _event_url(event, "event_certificate", registration_id=came.public_id)
    response = client.get(certificate)
    assert response.status_code == 302  # no attendance yet: a message, no empty certificate
    url = _event_url(event, "event_attendance", session_id=session.pk)
    page = client.get(url).content.decode()
    assert 'type="checkbox"' in page and "Came" in page
    assert client.post(url, {"present": [str(came.public_id)]}).status_code == 302
    assert Attendance.objects.get(registration=came, session=session).present
    response = client.get(certificate)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def _org_url(name: str, organisation: Organisation, **extra: Any) -> str:
    return reverse(f"coordination:{name}", kwargs={"org_id": organisation.public_id, **extra})


def test_organisation_pages_permission_matrix(world: World, event: Event, member: User) -> None:
    url = _org_url("org_events", world.alice_org)
    for user in (world.alice, member):
        page = client_for(user).get(url)
        assert page.status_code == 200 and event.title in page.content.decode()
    for outsider in (world.bob, world.dave, world.carol):  # the coordinator uses the network's pages
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    people = _org_url("event_register_people", world.alice_org, event_id=event.public_id)
    assert client_for(world.alice).get(people).status_code == 200
    assert client_for(member).get(people).status_code == 404  # only the representative registers people
    assert client_for(world.bob).get(people).status_code == 404
    draft = make_event(world.network, state=EventState.DRAFT)
    assert (
        client_for(world.alice)
        .get(_org_url("event_register_people", world.alice_org, event_id=draft.public_id))
        .status_code
        == 404
    )
    other = make_event(world.other_network)
    register = _org_url("event_register", world.alice_org, event_id=other.public_id)
    assert client_for(member).post(register).status_code == 404
    assert not other.registrations.exists()


def test_representative_registers_two_sag_members_then_one_cancels(world: World, mailoutbox: list[Any]) -> None:
    training = make_event(world.network, audience="sag_members", capacity=1, sessions=2)
    url = _org_url("event_register_people", world.alice_org, event_id=training.public_id)
    form = {
        "name_1": "Ana Novak", "email_1": "ana@alice.example.org", "language_1": "sl",
        "name_2": "Bor Kos", "email_2": "bor@alice.example.org", "language_2": "en",
    }  # fmt: skip
    form.update({f"language_{n}": "sl" for n in range(3, 7)})
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(world.alice).post(url, form, follow=True)
    page = response.content.decode()
    assert "1 person registered" in page and "1 person is on the waiting list" in page
    assert {m.to[0]: bool(m.attachments) for m in mailoutbox} == {
        "ana@alice.example.org": True,
        "bor@alice.example.org": False,
    }
    again = client_for(world.alice).post(url, form)
    assert again.status_code == 422 and "already registered" in again.content.decode()
    ana = training.registrations.get(email="ana@alice.example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(world.alice).post(_org_url("my_registration_cancel", world.alice_org, registration_id=ana.public_id))
    assert training.registrations.get(email="bor@alice.example.org").status == "confirmed"


def test_member_registers_sees_waiting_message_and_gets_own_certificate_only(world: World, member: User) -> None:
    full = make_event(world.network, capacity=1)
    add_registration(full, world.alice_org, "first@x.org")
    client = client_for(member)
    page = client.post(_org_url("event_register", world.alice_org, event_id=full.public_id), follow=True)
    assert "čakalni seznam" in page.content.decode()  # Mia reads the platform in Slovenian
    mine = full.registrations.get(email="mia@example.org")
    assert mine.status == "waiting"
    other = full.registrations.get(email="first@x.org")
    Attendance.objects.create(registration=other, session=full.sessions.get(), present=True)
    assert client.get(_org_url("my_certificate", world.alice_org, registration_id=other.public_id)).status_code == 404
    assert (
        client.post(_org_url("my_registration_cancel", world.alice_org, registration_id=other.public_id)).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == "confirmed"
    own_confirmed = add_registration(make_event(world.network), world.alice_org, "mia@example.org")
    Attendance.objects.create(registration=own_confirmed, session=own_confirmed.event.sessions.get(), present=True)
    response = client.get(_org_url("my_certificate", world.alice_org, registration_id=own_confirmed.public_id))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_org_events_page_queries_are_bounded(world: World, django_assert_max_num_queries: Any) -> None:
    for n in range(10):
        event = make_event(world.network, title=f"Event {n}", sessions=2)
        add_registration(event, world.alice_org, f"p{n}@x.org")
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(_org_url("org_events", world.alice_org))
    assert response.content.decode().count("Event ") >= 10


def test_no_mail_leaves_when_registration_fails(world: World, event: Event) -> None:
    django_mail.outbox = []
    with pytest.raises(ValidationError):
        committed(
            lambda: services.register_people(
                actor=world.alice, event=event, organisation=world.alice_org, people=_people("a@x.org", "a@x.org")
            )
        )
    assert django_mail.outbox == []


def test_a_network_without_the_organisation_is_refused(world: World, event: Event) -> None:
    stray = OrganisationFactory(network=world.other_network)
    add_member(stray, world.alice, Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.register_people(actor=world.alice, event=event, organisation=stray, people=_people("s@x.org"))
