"""Feedback pages: the participant's form behind the signed link, the coordinator's request page, the
results on the event page, who may see what, and a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.coordination import feedback_links
from opencaf.coordination.models import Event, EventFeedback, Registration, RegistrationStatus
from opencaf.coordination.tests.event_factories import add_registration
from opencaf.coordination.tests.feedback_builders import ended_event, form_post, give, participant
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db

RATING_ERROR = "Choose a rating from 1 (very poor) to 5 (excellent)."


@pytest.fixture
def member(world: World) -> User:
    user = UserFactory(email="mia@example.org", full_name="Mia Member")
    add_member(world.alice_org, user, Role.VIEWER)
    return user


@pytest.fixture
def event(world: World) -> Event:
    return ended_event(world.network, title="SAG training")


def _form_url(registration: Registration) -> str:
    return reverse("coordination:event_feedback", kwargs={"token": feedback_links.make_token(registration)})


def _event_url(event: Event, name: str = "event") -> str:
    return reverse(f"coordination:{name}", kwargs={"network_id": event.network.public_id, "event_id": event.public_id})


# --- the participant's form --------------------------------------------------------------------------


def test_the_form_has_three_rating_groups_and_says_what_anonymous_means(world: World, event: Event) -> None:
    slovene = participant(event, world.alice_org, "s@x.org", language="sl")
    in_slovene = client_for(None).get(_form_url(slovene))
    assert in_slovene["Content-Language"] == "sl" and '<html lang="sl">' in in_slovene.content.decode()  # the e-mail's
    registration = participant(event, world.alice_org, "p@x.org", language="en")
    response = client_for(None).get(_form_url(registration))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow" and "no-store" in response["Cache-Control"]
    assert page.count("<fieldset") == 3 and page.count("<legend>") == 3
    assert page.count('type="radio"') == 15
    for name in ("overall", "usefulness", "organisation_rating"):
        assert f'aria-describedby="id_{name}-ends"' in page
        assert f'id="id_{name}-ends">1 = very poor, 5 = excellent' in page
        assert f'<label class="btn btn-outline-primary" for="id_{name}_0">1' in page
    assert page.count('<span class="visually-hidden"> – very poor</span>') == 3
    assert '<label class="form-label fw-semibold" for="id_liked">' in page and 'for="id_improve"' in page
    assert "Your answer is anonymous" in page and "nobody – not even the organisers – can tell" in page
    assert "at least 5 participants have answered" in page
    assert "SAG training" in page and world.alice_org.name not in page  # nothing names the person's side


def test_a_participant_answers_once(world: World, event: Event) -> None:
    registration = participant(event, world.alice_org, "p@x.org")
    url = _form_url(registration)
    client = client_for(None)
    response = client.post(url, form_post(liked="The case studies", improve=""))
    assert response.status_code == 200 and "Thank you for your feedback" in response.content.decode()
    feedback = EventFeedback.objects.get()
    assert (feedback.overall, feedback.usefulness, feedback.organisation_rating) == (4, 5, 3)
    assert feedback.liked == "The case studies" and feedback.improve == ""
    again = client.post(url, form_post(overall="1"))
    assert again.status_code == 409
    assert "You have already given your feedback on this event, thank you." in again.content.decode()
    assert EventFeedback.objects.count() == 1 and EventFeedback.objects.get().overall == 4
    later = client.get(url)
    assert later.status_code == 200 and "You have already given your feedback" in later.content.decode()


@pytest.mark.parametrize(
    ("field", "value"), [("overall", "0"), ("overall", "6"), ("usefulness", "abc"), ("organisation_rating", None)]
)
def test_bad_ratings_are_refused_with_a_message_tied_to_the_group(
    world: World, event: Event, field: str, value: str | None
) -> None:
    registration = participant(event, world.alice_org, "p@x.org")
    response = client_for(None).post(_form_url(registration), form_post(**{field: value}, liked="Kept"))
    page = response.content.decode()
    assert response.status_code == 422
    assert "data-error-summary" in page and f'href="#id_{field}_0"' in page and RATING_ERROR in page
    assert f'aria-describedby="id_{field}-ends id_{field}-errors"' in page
    assert f'id="id_{field}-errors"' in page
    assert "Kept</textarea>" in page  # the comment typed is not lost
    registration.refresh_from_db()
    assert registration.feedback_given_at is None and not EventFeedback.objects.exists()


def test_a_comment_too_long_is_refused(world: World, event: Event) -> None:
    registration = participant(event, world.alice_org, "p@x.org")
    response = client_for(None).post(_form_url(registration), form_post(improve="x" * 2001))
    assert response.status_code == 422 and 'href="#id_improve"' in response.content.decode()
    assert 'aria-describedby="id_improve-errors"' in response.content.decode()
    assert not EventFeedback.objects.exists()


def test_expired_tampered_and_cancelled_links_get_a_clear_page(world: World, event: Event, time_machine: Any) -> None:
    registration = participant(event, world.alice_org, "p@x.org", language="bg")
    url = _form_url(registration)
    tampered = client_for(None).get(url[:-3] + "xx/")
    assert tampered.status_code == 400 and "The link is not valid" in tampered.content.decode()
    cancelled = participant(event, world.alice_org, "gone@x.org")
    cancelled_url = _form_url(cancelled)
    Registration.objects.filter(pk=cancelled.pk).update(status=RegistrationStatus.CANCELLED)
    response = client_for(None).post(cancelled_url, form_post())
    assert response.status_code == 410 and "Your registration for this event was cancelled" in response.content.decode()
    time_machine.move_to(timezone.now() + timedelta(days=31), tick=False)
    expired = client_for(None).post(url, form_post())
    with translation.override("bg"):
        gone = gettext(
            "The link has expired: feedback on an event is collected for a limited time after it. "
            "Thank you all the same."
        )
    assert expired.status_code == 410 and escape(gone) in expired.content.decode()
    assert expired["Content-Language"] == "bg"
    assert not EventFeedback.objects.exists()


# --- the coordinator's pages -------------------------------------------------------------------------


def test_coordinator_asks_from_the_event_page(world: World, event: Event, mailoutbox: list[Any]) -> None:
    participant(event, world.alice_org, "one@x.org")
    participant(event, world.alice_org, "two@x.org", present=False)
    client = client_for(world.carol)
    page = client.get(_event_url(event)).content.decode()
    assert "Feedback from participants" in page and "Nobody has been asked for feedback yet." in page
    assert _event_url(event, "event_feedback_request") in page
    confirm = client.get(_event_url(event, "event_feedback_request"))
    assert confirm.status_code == 200 and "Send 1 request" in confirm.content.decode()
    assert not mailoutbox  # GET only asks
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_event_url(event, "event_feedback_request"), follow=True)
    assert response.redirect_chain[-1][0] == _event_url(event)
    assert "A request for feedback is on its way to 1 participant." in response.content.decode()
    assert [m.to for m in mailoutbox] == [["one@x.org"]]
    assert AuditEvent.objects.filter(action="coordination.event_feedback_requested", actor=world.carol).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = client.post(_event_url(event, "event_feedback_request"), follow=True)
    assert "Everyone who attended has been asked for feedback already." in again.content.decode()
    assert len(mailoutbox) == 1


def test_request_page_before_the_event_is_over_sends_nothing(world: World, mailoutbox: list[Any]) -> None:
    upcoming = ended_event(world.network, days_ago=-5)  # last session in five days
    add_registration(upcoming, world.alice_org, "one@x.org")
    client = client_for(world.carol)
    page = client.get(_event_url(upcoming, "event_feedback_request")).content.decode()
    assert "once the last session of the event has ended" in page and "<form" not in page.split("<main")[1]
    response = client.post(_event_url(upcoming, "event_feedback_request"), follow=True)
    assert "once the last session of the event has ended" in response.content.decode() and not mailoutbox


def test_results_show_only_from_the_networks_minimum(world: World, event: Event) -> None:
    people = [participant(event, world.alice_org, f"p{n}@x.org") for n in range(6)]
    Registration.objects.update(feedback_requested_at=timezone.now())
    for registration in people[:4]:
        give(registration, liked="Secret comment", improve="Longer breaks")
    client = client_for(world.carol)
    page = client.get(_event_url(event)).content.decode()
    assert "4 of 6 participants asked have answered." in page
    assert "1 more answer is needed" in page
    assert "Secret comment" not in page and "<caption>Ratings" not in page and "Average" not in page
    give(people[4], liked="Zen garden", improve="")
    page = client.get(_event_url(event)).content.decode()
    assert "5 of 6 participants asked have answered." in page and "more answer" not in page
    assert '<table class="table align-middle table-reflow caption-top">' in page and "<caption>Ratings from 1" in page
    assert '<th scope="row">Overall rating</th>' in page and 'data-label="Average">4.0</td>' in page
    assert 'data-label="5 (excellent)">5 (100 %)</td>' in page  # usefulness: everyone gave 5
    assert page.index("Secret comment") < page.index("Zen garden")  # sorted, not in the order given
    assert page.count("<li>Secret comment</li>") == 4 and page.count("<li>Longer breaks</li>") == 4


def test_permissions(world: World, event: Event, member: User, mailoutbox: list[Any]) -> None:
    """Coordinator of this network, of another, organisation admin, member, anonymous, the signed link."""
    registration = participant(event, world.alice_org, world.alice.email)
    others = [participant(event, world.alice_org, f"p{n}@x.org") for n in range(5)]
    for person in others:
        give(person, liked="Private remark")
    request_url = _event_url(event, "event_feedback_request")
    assert client_for(world.carol).get(request_url).status_code == 200
    assert "Private remark" in client_for(world.carol).get(_event_url(event)).content.decode()
    for outsider in (world.dave, world.alice, member, world.bob):
        client = client_for(outsider)
        assert client.get(_event_url(event)).status_code == 404
        assert client.get(request_url).status_code == 404
        assert client.post(request_url).status_code == 404
    anonymous = client_for(None)
    for url in (_event_url(event), request_url):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert anonymous.post(request_url).status_code == 302
    assert not mailoutbox and not AuditEvent.objects.filter(action="coordination.event_feedback_requested")
    # The signed link opens the participant's own form, to anyone holding it, and nothing else.
    form_url = _form_url(registration)
    for holder in (None, world.alice, world.bob):
        page = client_for(holder).get(form_url)
        assert page.status_code == 200 and "Private remark" not in page.content.decode()
    assert client_for(None).get(_event_url(event)).status_code == 302


def test_event_page_queries_do_not_grow_with_answers(world: World, event: Event) -> None:
    client = client_for(world.carol)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_event_url(event)).status_code == 200
        return len(captured)

    people = [participant(event, world.alice_org, f"p{n}@x.org") for n in range(60)]
    for registration in people[:5]:
        give(registration, liked=f"Comment {registration.pk}")
    few = queries()
    for registration in people[5:]:
        give(registration, liked=f"Comment {registration.pk}", improve="More")
    assert queries() == few
    assert few <= 14  # the bound of the event page (test_events.py), the feedback section included
