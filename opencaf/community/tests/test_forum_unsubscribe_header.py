"""The List-Unsubscribe header of forum e-mails (RFC 2369, RFC 8058 one-click): an immediate e-mail's
points at its stop link, a digest's at a link that stops every subscription the digest came through; a
mail program's one-click POST (no cookie, no CSRF token) stops them; a mention-only e-mail has none.
And the digest's link page: no sign-in, a GET changes nothing, only the person's own subscriptions,
tampered or foreign links stop nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Thread
from opencaf.community.selectors import notifications as selectors
from opencaf.community.services import forum_notifications
from opencaf.community.tests.test_notifications_builders import (
    follow,
    make_category,
    make_thread,
    member_of_network,
    write_post,
)

pytestmark = pytest.mark.django_db

Capture = Any  # pytest-django's django_capture_on_commit_callbacks
DAILY = NotificationMode.DAILY
ONE_CLICK = {"List-Unsubscribe": "One-Click"}  # the body of RFC 8058's POST


@pytest.fixture
def nina(world: World) -> User:
    """A member of another organisation of the same network as Alice."""
    return member_of_network(world.network, language="bg")


@pytest.fixture
def category(world: World) -> ForumCategory:
    return make_category(world.network)


@pytest.fixture
def thread(world: World, category: ForumCategory) -> Thread:
    return make_thread(category, world.alice, "Scoring panels")


def _mails_to(outbox: list[Any], address: str) -> list[Any]:
    return [message for message in outbox if message.to == [address]]


def _target(message: Any) -> str:
    """The address of the List-Unsubscribe header, without its angle brackets, relative to the site."""
    value = message.extra_headers["List-Unsubscribe"]
    assert value.startswith(f"<{settings.SITE_URL}/") and value.endswith(">")
    return value[1 + len(settings.SITE_URL) : -1]


def _one_click(path: str) -> Any:
    """What a mail program sends: a POST without cookies or a CSRF token."""
    return Client(enforce_csrf_checks=True).post(path, ONE_CLICK)


def _unfollowed() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="community.forum_unfollowed").order_by("pk"))


def _digests(capture: Capture) -> None:
    with capture(execute=True):
        forum_notifications.send_digests(timezone.now() + timedelta(minutes=1))


# --- immediate e-mails ---------------------------------------------------------------------------------------


def test_an_immediate_mail_carries_its_stop_link_as_a_one_click_header(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread)
    with django_capture_on_commit_callbacks(execute=True):
        write_post(thread, world.alice, "Our view.")
    (message,) = _mails_to(mailoutbox, nina.email)
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"
    path = _target(message)
    assert path.startswith("/forum-mail/stop/")
    assert settings.SITE_URL + path in message.body  # the same link as the e-mail's own
    assert selectors.read_stop_token(path.split("/")[-2]).thread == thread
    # The mail program's one-click POST stops the thread's notifications, audited, for Nina.
    response = _one_click(path)
    assert response.status_code == 200 and response["Content-Language"] == "bg"
    assert not ForumSubscription.objects.filter(user=nina).exists()
    (event,) = _unfollowed()
    assert event.actor == nina and event.changes["forum_by_link"] is True
    assert _one_click(path).status_code == 200 and len(_unfollowed()) == 1  # twice: nothing more


def test_a_category_followers_header_stops_the_category(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread.category)
    with django_capture_on_commit_callbacks(execute=True):
        write_post(thread, world.alice, "Our view.")
    (message,) = _mails_to(mailoutbox, nina.email)
    assert _one_click(_target(message)).status_code == 200
    assert not ForumSubscription.objects.filter(user=nina, category=thread.category).exists()


def test_a_mention_only_mail_has_no_unsubscribe_header(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write_post(thread, world.alice, "What do you think, @[nina neighbour]?")
    (message,) = _mails_to(mailoutbox, nina.email)
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


# --- digests -------------------------------------------------------------------------------------------------


def _digest_for_nina(
    world: World, nina: User, category: ForumCategory, capture: Capture, outbox: list[Any]
) -> tuple[Any, list[ForumSubscription]]:
    """Nina follows a thread and another category by digest; both have new posts."""
    first = make_thread(category, world.alice, "Scoring panels")
    other_category = make_category(world.network, "Employee surveys", position=1)
    second = make_thread(other_category, world.alice, "Thirty questions")
    subscriptions = [follow(nina, first, DAILY), follow(nina, other_category, DAILY)]
    write_post(first, world.alice, "Day one.")
    write_post(second, world.alice, "We ask 30 questions.")
    _digests(capture)
    (message,) = _mails_to(outbox, nina.email)
    return message, subscriptions


def test_a_digest_carries_a_one_click_link_that_stops_everything_it_came_through(
    world: World,
    nina: User,
    category: ForumCategory,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    message, subscriptions = _digest_for_nina(world, nina, category, django_capture_on_commit_callbacks, mailoutbox)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    path = _target(message)
    assert path.startswith("/forum-mail/stop-digest/")
    unrelated = follow(nina, make_thread(category, world.carol, "Not in the digest"))
    # A GET (a person, or a mail scanner) shows what would stop and changes nothing.
    response = Client(enforce_csrf_checks=True).get(path)
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == "bg"
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]
    assert "Scoring panels" in page and "Employee surveys (bg)" in page and "Not in the digest" not in page
    with translation.override("bg"):
        assert escape(gettext("Stop the notifications")) in page
    assert ForumSubscription.objects.filter(user=nina).count() == 3
    # The one-click POST stops both, each audited as stopped by link; the other subscription stays.
    response = _one_click(path)
    assert response.status_code == 200
    with translation.override("bg"):
        assert escape(gettext("Forum notifications stopped")) in response.content.decode()
    assert list(ForumSubscription.objects.filter(user=nina)) == [unrelated]
    events = _unfollowed()
    assert sorted(event.changes["forum_followed"] for event in events) == ["category", "thread"]
    assert all(event.actor == nina and event.changes["forum_by_link"] is True for event in events)
    # Used again: it says so and does nothing more.
    assert _one_click(path).status_code == 200 and len(_unfollowed()) == 2
    # Following again makes a new subscription, which the old digest's link does not stop.
    again = follow(nina, subscriptions[0].thread, DAILY)  # type: ignore[arg-type]
    assert _one_click(path).status_code == 200
    assert ForumSubscription.objects.filter(pk=again.pk).exists()


def test_the_digest_page_asks_with_a_button_a_keyboard_reaches(
    world: World,
    nina: User,
    category: ForumCategory,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    message, _subscriptions = _digest_for_nina(world, nina, category, django_capture_on_commit_callbacks, mailoutbox)
    page = client_for(None).get(_target(message)).content.decode()
    assert '<form method="post">' in page and '<button type="submit" class="btn btn-primary">' in page


def test_a_digest_of_mentions_only_has_no_unsubscribe_header(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    # Mentioned, following nothing; the immediate e-mail was lost, so the digest carries it.
    write_post(thread, world.alice, "What do you think, @[nina neighbour]?")  # no commit: the task never runs
    with django_capture_on_commit_callbacks(execute=True):
        forum_notifications.send_digests(timezone.now() + forum_notifications.IMMEDIATE_GRACE + timedelta(minutes=1))
    (message,) = _mails_to(mailoutbox, nina.email)
    assert "List-Unsubscribe" not in message.extra_headers
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}


def test_a_digest_link_too_long_for_a_header_is_left_out_not_fatal(world: World, category: ForumCategory) -> None:
    assert forum_notifications.unsubscribe_headers("https://caf.example.org/" + "x" * 1000) == {
        "Auto-Submitted": "auto-generated"
    }
    threads = [make_thread(category, world.alice, f"Thread {number}") for number in range(400)]
    subscriptions = [follow(world.carol, thread, DAILY) for thread in threads]
    url = selectors.digest_stop_url(world.carol, subscriptions)
    assert "List-Unsubscribe" not in forum_notifications.unsubscribe_headers(url)
    assert "List-Unsubscribe" in forum_notifications.unsubscribe_headers(
        selectors.digest_stop_url(world.carol, subscriptions[:20])
    )


# --- who the digest's link can stop -------------------------------------------------------------------------------


def _digest_path(token: str) -> str:
    return reverse("community:stop_forum_digest", kwargs={"token": token})


def test_the_link_stops_only_the_persons_own_subscriptions(world: World, nina: User, thread: Thread) -> None:
    alice_subscription = follow(world.alice, thread)
    ninas = follow(nina, thread)
    # A link made for Alice never names Nina's subscription …
    assert selectors.make_digest_stop_token(world.alice, [alice_subscription, ninas]) == (
        selectors.make_digest_stop_token(world.alice, [alice_subscription])
    )
    with pytest.raises(ValueError):
        selectors.make_digest_stop_token(world.alice, [ninas])
    # … and even a signed payload naming it stops only what is Alice's.
    signed = signing.Signer(salt=selectors.DIGEST_STOP_SALT).sign_object(
        {"u": str(world.alice.public_id), "s": [ninas.pk, alice_subscription.pk]}, compress=True
    )
    signed_in_as_someone_else = client_for(world.bob)  # another network's member: the link decides, not the session
    page = signed_in_as_someone_else.get(_digest_path(signed)).content.decode()
    assert page.count("Scoring panels") == 1
    assert signed_in_as_someone_else.post(_digest_path(signed)).status_code == 200
    assert list(ForumSubscription.objects.all()) == [ninas]
    assert [event.actor for event in _unfollowed()] == [world.alice]


def test_tampered_foreign_or_stale_links_stop_nothing(world: World, nina: User, thread: Thread) -> None:
    subscription = follow(nina, thread)
    token = selectors.make_digest_stop_token(nina, [subscription])
    thread_token = selectors.make_stop_token(nina, thread=thread)  # a thread's link is no digest's, and back
    for bad in (token[:-3] + "abc", "not-a-link", token.replace(":", ";"), thread_token):
        for client in (client_for(None), client_for(nina), client_for(world.carol)):
            response = client.post(_digest_path(bad), ONE_CLICK)
            assert response.status_code == 400 and "Scoring panels" not in response.content.decode()
    wrong_way = reverse("community:stop_forum_mail", kwargs={"token": token})
    assert client_for(None).post(wrong_way, ONE_CLICK).status_code == 400
    assert ForumSubscription.objects.filter(pk=subscription.pk).exists() and _unfollowed() == []
    # The person is gone: nothing to stop, and the page says so.
    gone = member_of_network(world.network, email="gone@example.org", name="Gone Person")
    gone_token = selectors.make_digest_stop_token(gone, [follow(gone, thread)])
    gone.delete()
    assert client_for(None).post(_digest_path(gone_token), ONE_CLICK).status_code == 200
    assert ForumSubscription.objects.count() == 1


def test_only_get_and_post_are_answered(nina: User, thread: Thread) -> None:
    path = _digest_path(selectors.make_digest_stop_token(nina, [follow(nina, thread)]))
    assert client_for(None).put(path).status_code == 405
    assert client_for(None).delete(path).status_code == 405
    assert ForumSubscription.objects.filter(user=nina).exists()
