"""Feedback after an event: who is asked and when (the daily command and the coordinator), the signed
link, the answer stored without a way back to the person, and the anonymity gate on the results."""

from __future__ import annotations

import io
import re
import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.coordination import feedback_links
from opencaf.coordination.feedback_links import FeedbackLinkProblem
from opencaf.coordination.models import (
    Attendance,
    EventFeedback,
    EventSession,
    EventState,
    Registration,
    RegistrationStatus,
)
from opencaf.coordination.selectors.feedback import feedback_results
from opencaf.coordination.services import feedback as services
from opencaf.coordination.tests.event_factories import add_registration, make_event, start_in
from opencaf.coordination.tests.feedback_builders import answers, ended_event, give, participant

pytestmark = pytest.mark.django_db

FAILING = {"default": {"BACKEND": "opencaf.coordination.tests.test_feedback.FailingBackend"}}


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _run_command() -> str:
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_event_feedback_requests", stdout=out)
    return out.getvalue()


def _token(body: str) -> str:
    match = re.search(r"/event-feedback/([^/\s]+)/", body)
    assert match, body
    return match.group(1)


# --- who is asked ------------------------------------------------------------------------------------


def test_the_command_asks_each_participant_present_once_in_their_language(world: World, mailoutbox: list[Any]) -> None:
    event = ended_event(world.network)
    english = participant(event, world.alice_org, "en@x.org")
    slovene = participant(event, world.alice_org, "sl@x.org", language="sl")
    participant(event, world.alice_org, "absent@x.org", present=False)
    add_registration(event, world.alice_org, "unrecorded@x.org")  # no attendance recorded at all
    participant(event, world.alice_org, "cancelled@x.org", status=RegistrationStatus.CANCELLED)
    add_registration(event, world.alice_org, "waiting@x.org", RegistrationStatus.WAITING)
    assert "2 feedback request(s) sent." in _run_command()
    assert "0 feedback request(s) sent." in _run_command()  # idempotent
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"en@x.org", "sl@x.org"}
    assert by_address["en@x.org"].body.startswith("Dear En,")
    assert by_address["sl@x.org"].body.startswith("Pozdravljeni, Sl,")  # the Slovenian greeting
    assert "Usposabljanje" in by_address["sl@x.org"].body  # "Training" in Slovenian
    for registration in (english, slovene):
        registration.refresh_from_db()
        assert registration.feedback_requested_at is not None
        assert feedback_links.read_token(_token(by_address[registration.email].body)) == registration
    [audit] = AuditEvent.objects.filter(action="coordination.event_feedback_requested")
    assert audit.actor is None and audit.changes == {"asked": 2} and audit.network == world.network


def test_nobody_is_asked_for_cancelled_events_or_events_not_over(world: World, mailoutbox: list[Any]) -> None:
    cancelled = ended_event(world.network, state=EventState.CANCELLED)
    participant(cancelled, world.alice_org, "cancelled-event@x.org")
    running = ended_event(world.network)  # a second day still to come
    EventSession.objects.create(event=running, starts_at=start_in(1, 9), ends_at=start_in(1, 16))
    participant(running, world.alice_org, "running@x.org")
    today = make_event(world.network, days=0)  # ends at 16:00 today
    participant(today, world.alice_org, "today@x.org")
    long_ago = ended_event(world.network, days_ago=services.REQUEST_WINDOW_DAYS + 1)  # before the window
    participant(long_ago, world.alice_org, "long-ago@x.org")
    draft = ended_event(world.network, state=EventState.DRAFT)
    participant(draft, world.alice_org, "draft@x.org")
    now = timezone.now()
    expected_today = [today] if today.sessions.get().ends_at <= now else []
    assert services.due_events(now) == expected_today
    _run_command()
    assert {m.to[0] for m in mailoutbox} == ({"today@x.org"} if expected_today else set())
    for event in (cancelled, running, draft):
        with pytest.raises(ValidationError):
            services.send_feedback_requests(actor=world.carol, event=event)
    assert not Registration.objects.exclude(email="today@x.org").filter(feedback_requested_at__isnull=False)


def test_the_coordinator_asks_at_once_and_is_audited(world: World, mailoutbox: list[Any]) -> None:
    event = ended_event(world.network, days_ago=services.REQUEST_WINDOW_DAYS + 5)  # any time after the event
    participant(event, world.alice_org, "one@x.org")
    participant(event, world.alice_org, "two@x.org")
    for outsider in (world.dave, world.alice, world.bob):
        with pytest.raises(PermissionDenied):
            services.send_feedback_requests(actor=outsider, event=event)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.send_feedback_requests(actor=world.carol, event=event) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["one@x.org", "two@x.org"]
    with pytest.raises(ValidationError, match="asked for feedback already"):
        services.send_feedback_requests(actor=world.carol, event=event)
    late = participant(event, world.alice_org, "late@x.org")  # attendance corrected afterwards
    assert services.send_feedback_requests(actor=world.carol, event=event) == 1
    late.refresh_from_db()
    assert late.feedback_requested_at is not None
    audits = AuditEvent.objects.filter(action="coordination.event_feedback_requested").order_by("occurred_at", "id")
    assert [(a.actor, a.changes) for a in audits] == [(world.carol, {"asked": 2}), (world.carol, {"asked": 1})]


def test_a_request_never_delivered_is_visible_and_asked_again(world: World, mailoutbox: list[Any]) -> None:
    event = ended_event(world.network)
    registration = participant(event, world.alice_org, "bounce@x.org")
    with override_settings(MAILERS=FAILING):
        _run_command()
    registration.refresh_from_db()
    assert registration.feedback_requested_at is None
    audit = AuditEvent.objects.get(action="coordination.event_feedback_not_delivered")
    assert audit.changes["email"] == "bounce@x.org" and "SMTPServerDisconnected" in audit.changes["reason"]
    assert "1 feedback request(s) sent." in _run_command()
    assert [m.to for m in mailoutbox] == [["bounce@x.org"]]


# --- the link ----------------------------------------------------------------------------------------


def test_the_link_expires_after_thirty_days_and_rejects_tampering(world: World, time_machine: Any) -> None:
    registration = participant(ended_event(world.network), world.alice_org, "p@x.org", language="bg")
    token = feedback_links.make_token(registration)
    assert feedback_links.read_token(token) == registration
    with pytest.raises(FeedbackLinkProblem) as problem:
        feedback_links.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert problem.value.reason == FeedbackLinkProblem.TAMPERED
    other_salt = signing.dumps({"r": str(registration.public_id)}, salt="opencaf.coordination.nomination")
    with pytest.raises(FeedbackLinkProblem, match="tampered"):
        feedback_links.read_token(other_salt)  # a campaign link's signature does not open the form
    time_machine.move_to(timezone.now() + timedelta(days=feedback_links.VALID_DAYS, minutes=-1), tick=False)
    assert feedback_links.read_token(token) == registration  # still on the 30th day
    time_machine.move_to(timezone.now() + timedelta(minutes=2), tick=False)
    with pytest.raises(FeedbackLinkProblem) as problem:
        feedback_links.read_token(token)
    assert problem.value.reason == FeedbackLinkProblem.EXPIRED and problem.value.language == "bg"


def test_a_cancelled_registration_or_event_closes_the_link(world: World) -> None:
    event = ended_event(world.network)
    registration = participant(event, world.alice_org, "p@x.org")
    token = feedback_links.make_token(registration)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    with pytest.raises(FeedbackLinkProblem, match="cancelled"):
        feedback_links.read_token(token)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CONFIRMED)
    event.state = EventState.CANCELLED
    event.save()
    with pytest.raises(FeedbackLinkProblem, match="event_cancelled"):
        feedback_links.read_token(token)


# --- the answer --------------------------------------------------------------------------------------


def test_an_answer_is_stored_once_with_the_day_only(world: World) -> None:
    event = ended_event(world.network)
    registration = participant(event, world.alice_org, "p@x.org")
    give(registration, liked="  The exercises  ")
    feedback = EventFeedback.objects.get()
    assert (feedback.event, feedback.overall, feedback.usefulness, feedback.organisation_rating) == (event, 4, 5, 3)
    assert feedback.liked == "The exercises"
    registration.refresh_from_db()
    given = timezone.localtime(registration.feedback_given_at)
    assert given.date() == timezone.localdate() and given.time() == given.time().min  # no time of day
    with pytest.raises(FeedbackLinkProblem, match="given"):
        give(registration)
    assert EventFeedback.objects.count() == 1
    assert not AuditEvent.objects.filter(object_id=str(registration.public_id)).exists()  # answering is not audited


@pytest.mark.parametrize("bad", [0, 6, -1, None, True])
def test_ratings_outside_one_to_five_are_refused_and_nothing_written(world: World, bad: Any) -> None:
    registration = participant(ended_event(world.network), world.alice_org, "p@x.org")
    with pytest.raises(ValidationError) as error:
        services.submit_feedback(registration=registration, data=answers(usefulness=bad))
    assert error.value.message_dict == {"usefulness": ["Choose a rating from 1 (very poor) to 5 (excellent)."]}
    registration.refresh_from_db()
    assert registration.feedback_given_at is None and not EventFeedback.objects.exists()


def test_a_comment_too_long_is_refused(world: World) -> None:
    registration = participant(ended_event(world.network), world.alice_org, "p@x.org")
    with pytest.raises(ValidationError) as error:
        services.submit_feedback(registration=registration, data=answers(improve="x" * (services.MAX_TEXT + 1)))
    assert set(error.value.message_dict) == {"improve"}


def test_the_answer_has_no_path_back_to_the_registration() -> None:
    """Nothing in EventFeedback points at a person: only the event, the ratings, the texts and the day."""
    fields = {f.name: f for f in EventFeedback._meta.get_fields()}
    assert set(fields) == {
        "id",
        "event",
        "overall",
        "usefulness",
        "organisation_rating",
        "liked",
        "improve",
    }
    relations = {name for name, f in fields.items() if f.is_relation}
    assert relations == {"event"}
    # Nor does anything point at it from the registration's side.
    assert not [f for f in Registration._meta.get_fields() if f.is_relation and f.related_model is EventFeedback]
    assert not [f for f in Attendance._meta.get_fields() if f.is_relation and f.related_model is EventFeedback]


def test_answer_keys_are_random_so_their_order_says_nothing(world: World) -> None:
    """Sequential keys would give the order of the answers, to be set against a web server's log of who
    opened which link when; random keys spread over 2**62 say nothing."""
    event = ended_event(world.network)
    for n in range(6):
        give(participant(event, world.alice_org, f"p{n}@x.org"))
    keys = sorted(EventFeedback.objects.values_list("id", flat=True))
    assert len(set(keys)) == 6 and keys[-1] - keys[0] > 10**6  # not 1, 2, 3, … (all within a million: ~1e-66)


# --- the results and the anonymity gate --------------------------------------------------------------


def test_below_the_minimum_no_figures_and_how_many_more(world: World) -> None:
    event = ended_event(world.network)
    people = [participant(event, world.alice_org, f"p{n}@x.org") for n in range(7)]
    Registration.objects.update(feedback_requested_at=timezone.now())
    for registration in people[:4]:
        give(registration, liked="Secret comment")
    results = feedback_results(event)
    assert (results.asked, results.answers, results.attended, results.to_ask) == (7, 4, 7, 0)
    assert not results.shown and results.more_needed == 1
    assert results.ratings == [] and results.liked == [] and results.improve == []
    give(people[4], overall=1)
    results = feedback_results(event)
    assert results.shown and results.more_needed == 0
    overall = results.ratings[0]
    assert overall.name == "overall" and overall.average == pytest.approx((4 * 4 + 1) / 5)
    assert [(s.value, s.count, s.percent) for s in overall.distribution] == [
        (1, 1, 20),
        (2, 0, 0),
        (3, 0, 0),
        (4, 4, 80),
        (5, 0, 0),
    ]
    assert results.liked == ["Secret comment"] * 4


def test_the_networks_minimum_applies(world: World) -> None:
    world.network.anonymity_minimum = 8
    world.network.save()
    event = ended_event(world.network)
    for n in range(7):
        give(participant(event, world.alice_org, f"p{n}@x.org"))
    event.network.refresh_from_db()
    results = feedback_results(event)
    assert not results.shown and results.more_needed == 1 and results.minimum == 8


def test_comments_are_not_in_the_order_they_were_given(world: World) -> None:
    event = ended_event(world.network)
    given = ["zebra crossing", "Apples", "middle ground", "beta", "Alpha"]
    for n, text in enumerate(given):
        give(participant(event, world.alice_org, f"p{n}@x.org"), liked=text, improve=text.upper())
    results = feedback_results(event)
    assert results.liked == ["Alpha", "Apples", "beta", "middle ground", "zebra crossing"]
    assert results.liked != given
    assert results.improve == ["ALPHA", "APPLES", "BETA", "MIDDLE GROUND", "ZEBRA CROSSING"]
