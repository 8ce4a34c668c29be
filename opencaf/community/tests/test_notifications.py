"""Who hears of a new post, and the e-mails at once: followers of the thread or its category and people
mentioned (each once, never the author, only readers of the forum), the author following from their
first post, e-mails after commit in the recipient's language with the post's link and a stop link, and
what is not sent (hidden posts, people who stopped following or left the network)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import (
    ForumSubscription,
    NotificationMode,
    NotificationReason,
    PendingNotification,
    Post,
    Thread,
)
from opencaf.community.selectors.notifications import read_stop_token
from opencaf.community.services import forum_notifications, forum_subscriptions
from opencaf.community.tests.test_notifications_builders import (
    follow,
    make_category,
    make_thread,
    member_of_network,
    write_post,
)
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks
IMMEDIATE, DAILY = NotificationMode.IMMEDIATE, NotificationMode.DAILY


@pytest.fixture
def nina(world: World) -> User:
    """A member of another organisation of Alice's network, reading in Slovenian."""
    return member_of_network(world.network, language="sl")


@pytest.fixture
def thread(world: World) -> Thread:
    return make_thread(make_category(world.network), world.alice, "Scoring panels")


def _written(capture: Capture, thread: Thread, author: User | None, body: str = "Our view.") -> Post:
    """A post written and committed: its hook runs, then what waits for the commit (task, e-mails)."""
    with capture(execute=True):
        return write_post(thread, author, body)


def _pending(post: Post) -> set[tuple[str, str, str]]:
    rows = PendingNotification.objects.filter(post=post).values_list("user__email", "reason", "mode")
    return set(rows)


# --- who is recorded --------------------------------------------------------------------------------------


def test_followers_and_mentioned_people_are_recorded_once_each_except_the_author(
    world: World, nina: User, thread: Thread
) -> None:
    follow(world.carol, thread.category, IMMEDIATE)
    follow(world.carol, thread, DAILY)  # the thread's subscription wins over the category's
    follow(nina, thread.category, DAILY)
    left = member_of_network(world.network, email="left@example.org", name="Left Network")
    follow(left, thread)
    Membership.objects.filter(user=left).delete()  # no longer a reader: not told
    post = write_post(thread, world.alice, "I agree with @[Nina Neighbour], @[Alice Adams] and @[Bob Brown].")
    assert _pending(post) == {
        ("carol@example.org", NotificationReason.SUBSCRIBED, DAILY),
        # The mention wins over her daily subscription to the category, and is sent at once.
        ("nina@example.org", NotificationReason.MENTIONED, IMMEDIATE),
    }
    # The hook running twice records nothing twice.
    forum_notifications.post_created(post)
    assert PendingNotification.objects.filter(post=post).count() == 2


def test_the_author_follows_from_the_first_post_and_stopping_sticks(world: World, nina: User, thread: Thread) -> None:
    write_post(thread, world.alice, "Opening the thread.")
    mine = ForumSubscription.objects.get(user=world.alice, thread=thread)
    assert mine.mode == IMMEDIATE
    event = AuditEvent.objects.get(action="community.forum_followed", actor=world.alice)
    assert event.changes["forum_automatic"] is True and event.network == world.network
    reply = write_post(thread, nina, "A reply.")
    assert ForumSubscription.objects.filter(user=nina, thread=thread).exists()
    assert _pending(reply) == {("alice@example.org", NotificationReason.SUBSCRIBED, IMMEDIATE)}
    forum_subscriptions.unfollow(actor=world.alice, subscription=mine)
    write_post(thread, world.alice, "Alice again.")  # not her first post: she stays unsubscribed
    assert not ForumSubscription.objects.filter(user=world.alice, thread=thread).exists()
    assert _pending(write_post(thread, nina, "Nina again.")) == set()


def test_a_hidden_post_records_nothing(world: World, nina: User, thread: Thread) -> None:
    follow(nina, thread)
    post = Post.objects.create(thread=thread, author=world.alice, body="x", body_html="x", hidden_at=timezone.now())
    forum_notifications.post_created(post)
    assert not PendingNotification.objects.exists()


# --- e-mails at once ---------------------------------------------------------------------------------------


def test_immediate_mail_goes_after_commit_in_the_recipients_language(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread)
    no_language = member_of_network(world.network, email="plain@example.org", name="Plain Person", language="")
    follow(no_language, thread.category)
    with django_capture_on_commit_callbacks(execute=True):
        post = write_post(thread, world.alice, "We use the **fine-tuned** panel & a workshop.")
        assert mailoutbox == []  # nothing before the commit
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"nina@example.org", "plain@example.org"}
    post_link = settings.SITE_URL + reverse(
        "community:post", kwargs={"network_id": world.network.public_id, "post_id": post.public_id}
    )
    for message in mailoutbox:
        assert post_link in message.body
        assert "We use the **fine-tuned** panel & a workshop." in message.body  # plain text, not escaped
        assert "Scoring panels" in message.subject and "Scoring panels" in message.body
        assert "Alice Adams" in message.body
    with translation.override("sl"):  # Nina's language, and the network's for the person without one
        read_and_reply = gettext("Read the post and reply:")
    assert read_and_reply in by_address["nina@example.org"].body
    assert read_and_reply in by_address["plain@example.org"].body
    assert "CAF implementation (sl)" in by_address["nina@example.org"].body  # the category in her language
    assert not PendingNotification.objects.filter(sent_at__isnull=True).exists()
    # Nina's stop link stops her thread subscription; the other's stops the category's.
    nina_link = _stop_link(by_address["nina@example.org"].body)
    assert nina_link.thread == thread and nina_link.subscription is not None and nina_link.user == nina
    plain_link = _stop_link(by_address["plain@example.org"].body)
    assert plain_link.category == thread.category and plain_link.thread is None


def _stop_link(body: str) -> Any:
    marker = "/forum-mail/stop/"
    token = body.split(marker, 1)[1].split("/", 1)[0]
    return read_stop_token(token)


def test_a_mention_mail_names_the_author_and_has_no_stop_link(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    _written(django_capture_on_commit_callbacks, thread, world.alice, "What do you think, @[nina neighbour]?")
    (message,) = mailoutbox
    assert message.to == ["nina@example.org"]
    assert "Alice Adams" in message.subject
    assert "/forum-mail/stop/" not in message.body  # she follows nothing there: nothing to stop


def test_a_post_hidden_before_sending_is_not_sent(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = write_post(thread, world.alice, "Spam.")
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())  # a moderator was quicker than the task
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert mailoutbox == []
    assert PendingNotification.objects.get(post=post).sent_at is None  # waits, should the post be shown again
    later = timezone.now() + timedelta(hours=2)
    assert forum_notifications.send_digests(later).posts == 0
    Post.objects.filter(pk=post.pk).update(hidden_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_notifications.send_digests(later).posts == 1
    assert [message.to for message in mailoutbox] == [["nina@example.org"]]


def test_those_who_stopped_following_or_left_are_not_sent_to(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    quitter = member_of_network(world.network, email="quit@example.org", name="Quit Person")
    leaver = member_of_network(world.network, email="leave@example.org", name="Leave Person")
    for person in (nina, quitter, leaver):
        follow(person, thread)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = write_post(thread, world.alice, "Mentioning @[Quit Person].")
    ForumSubscription.objects.filter(user__in=[quitter, nina]).delete()
    Membership.objects.filter(user=leaver).delete()
    with django_capture_on_commit_callbacks(execute=True):  # the task runs, and its e-mails are committed
        for callback in callbacks:
            callback()
    # Quit Person still hears of the mention; Nina stopped following; Leave Person reads the forum no more.
    assert [message.to for message in mailoutbox] == [["quit@example.org"]]
    assert set(PendingNotification.objects.filter(post=post).values_list("user__email", flat=True)) == {
        "quit@example.org"
    }


def test_the_task_sends_nothing_twice(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread)
    post = _written(django_capture_on_commit_callbacks, thread, world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_notifications.send_post_notifications(post.pk) == 0
    assert len(mailoutbox) == 1


def test_inactive_people_and_people_outside_the_network_hear_nothing(
    world: World, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    sleeper = member_of_network(world.network, email="sleep@example.org", name="Sleeping Person")
    follow(sleeper, thread)
    User.objects.filter(pk=sleeper.pk).update(is_active=False)
    twin = cast(User, UserFactory(email="twin@example.org", full_name="Nina Neighbour"))  # Bob's colleague, same name
    add_member(world.bob_org, twin, "viewer")
    _written(django_capture_on_commit_callbacks, thread, world.alice, "Ask @[Nina Neighbour] or @[Bob Brown].")
    assert mailoutbox == []
    assert not PendingNotification.objects.exists()


# --- through the forum's own services ------------------------------------------------------------------------


def test_the_forums_services_tell_the_right_people(
    world: World, nina: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    from opencaf.community.services import forum as forum_services

    category = make_category(world.network)
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum_services.start_thread(
            actor=world.alice, category=category, title="Via the forum", body="Hello @[Nina Neighbour]!"
        )
    assert [message.to for message in mailoutbox] == [["nina@example.org"]]  # mentioned
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.reply(actor=nina, thread=thread, body="Hello Alice.")
    assert [message.to for message in mailoutbox[1:]] == [["alice@example.org"]]  # she follows her thread
    assert ForumSubscription.objects.filter(thread=thread).count() == 2  # both follow it now
    # The link in the e-mail opens the post for the person it was sent to.
    link = next(line for line in mailoutbox[1].body.splitlines() if "/forum/posts/" in line)
    response = client_for(world.alice).get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302 and "#post-" in response["Location"]


# --- the services re-check, and claims -------------------------------------------------------------------------


def test_the_subscription_services_recheck_who_may_follow_and_the_mode(world: World, thread: Thread) -> None:
    for outsider in (world.bob, world.dave, world.charlie):
        with pytest.raises(PermissionDenied):
            forum_subscriptions.follow_thread(actor=outsider, thread=thread)
        with pytest.raises(PermissionDenied):
            forum_subscriptions.follow_category(actor=outsider, category=thread.category)
    with pytest.raises(ValidationError):
        forum_subscriptions.follow_thread(actor=world.alice, thread=thread, mode="hourly")
    theirs = follow(world.carol, thread)
    with pytest.raises(PermissionDenied):
        forum_subscriptions.unfollow(actor=world.alice, subscription=theirs)
    assert ForumSubscription.objects.filter(pk=theirs.pk).exists()
    assert not AuditEvent.objects.exists()


def test_a_claim_partly_taken_by_another_run_leaves_it_all_to_that_run(
    world: World, nina: User, thread: Thread, mailoutbox: list[Any], django_capture_on_commit_callbacks: Capture
) -> None:
    follow(nina, thread, DAILY)
    first, second = (write_post(thread, world.alice, text) for text in ("One.", "Two."))
    ids = list(PendingNotification.objects.filter(user=nina).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    PendingNotification.objects.filter(post=second).update(sent_at=now)  # the other run was quicker
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert forum_notifications._hand_over(nina, "Subject", "Body", ids, now, "test") == 0
    assert mailoutbox == []
    assert PendingNotification.objects.get(post=first).sent_at is None  # not half-claimed
