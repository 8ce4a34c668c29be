"""The daily digest: one e-mail per person with their pending daily notifications grouped by thread, then
marked sent; safe to run twice (nothing sent twice) and after a failure (nothing lost); immediate
notifications left behind travel with it. Delivery goes through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conftest import World
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumCategory, NotificationMode, PendingNotification, Post
from opencaf.community.services import forum_notifications
from opencaf.community.tests.test_notifications_builders import (
    follow,
    make_category,
    make_thread,
    member_of_network,
    write_post,
)
from opencaf.core.tests import smtp_server
from opencaf.core.tests.smtp_server import SmtpServer

pytestmark = pytest.mark.django_db

smtp = smtp_server.smtp  # the shared aiosmtpd fixture, found by pytest under this name

Capture = Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks
DAILY = NotificationMode.DAILY


@pytest.fixture
def category(world: World) -> ForumCategory:
    return make_category(world.network)


@pytest.fixture
def nina(world: World) -> User:
    return member_of_network(world.network, language="en")


def _digests(capture: Capture, hours_later: float = 0) -> forum_notifications.DigestRun:
    with capture(execute=True):
        return forum_notifications.send_digests(timezone.now() + timedelta(hours=hours_later))


def _post_link(post: Post) -> str:
    return reverse("community:post", kwargs={"network_id": post.thread.network.public_id, "post_id": post.public_id})


def test_one_digest_per_person_grouped_by_thread_then_marked_sent(
    world: World,
    category: ForumCategory,
    nina: User,
    smtp: SmtpServer,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    follow(world.carol, category, DAILY)
    follow(nina, category, DAILY)
    first = make_thread(category, world.alice, "Consensus in two days")
    second = make_thread(category, world.alice, "Employee survey questions")
    posts = [
        write_post(first, world.alice, "Day one: criteria 1 to 5."),
        write_post(second, world.alice, "We ask 30 questions."),
        write_post(first, nina, "Day two: the rest."),
    ]
    assert PendingNotification.objects.filter(user=world.carol, mode=DAILY, sent_at__isnull=True).count() == 3
    run = _digests(django_capture_on_commit_callbacks)
    # Carol gets all three; Nina the two she did not write; Alice nothing (she follows her threads at once).
    assert (run.people, run.posts, run.failed) == (2, 5, 0)
    assert len(smtp.mailbox.subjects_to("carol@example.org")) == 1
    assert len(smtp.mailbox.subjects_to("nina@example.org")) == 1
    (carol_mail,) = [message for message in smtp.mailbox.messages if message["To"] == "carol@example.org"]
    assert isinstance(carol_mail, EmailMessage)  # parsed with the default policy
    body = carol_mail.get_content()
    # Grouped by thread, in the order of each thread's first new post.
    assert body.index("Consensus in two days") < body.index("Day one") < body.index("Day two")
    assert body.index("Day two") < body.index("Employee survey questions") < body.index("We ask 30 questions")
    assert body.count("Consensus in two days") == 1
    for post in posts:
        assert _post_link(post) in body
    assert not PendingNotification.objects.filter(sent_at__isnull=True, mode=DAILY).exists()
    # The second run the same day finds nothing to send.
    assert _digests(django_capture_on_commit_callbacks).people == 0
    assert len(smtp.mailbox.messages) == 2


def test_a_failed_delivery_leaves_the_notifications_pending_for_the_next_run(
    world: World,
    category: ForumCategory,
    smtp: SmtpServer,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    follow(world.carol, category, DAILY)
    thread = make_thread(category, world.alice)
    write_post(thread, world.alice, "First.")
    write_post(thread, world.alice, "Second.")
    smtp.mailbox.refuse = True  # every attempt refused: the mail queue gives up after its retries
    run = _digests(django_capture_on_commit_callbacks)
    assert run.posts == 2 and smtp.mailbox.messages == []
    assert PendingNotification.objects.filter(user=world.carol, sent_at__isnull=True).count() == 2
    event = AuditEvent.objects.get(action="community.forum_mail_not_delivered")
    assert event.network == world.network and event.changes == {"forum_posts": 2, "email": "carol@example.org"}
    smtp.mailbox.refuse = False
    assert _digests(django_capture_on_commit_callbacks).posts == 2
    assert len(smtp.mailbox.subjects_to("carol@example.org")) == 1
    assert not PendingNotification.objects.filter(sent_at__isnull=True).exists()


def test_a_digest_that_cannot_be_prepared_stops_nobody_else_and_loses_nothing(
    world: World,
    category: ForumCategory,
    nina: User,
    smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    follow(world.carol, category, DAILY)
    follow(nina, category, DAILY)
    write_post(make_thread(category, world.alice), world.alice, "Posted.")
    real_render = forum_notifications.mail.render_mail

    def render_failing_for_carol(template: str, context: Any, language: str) -> tuple[str, str]:
        if context.get("name") == world.carol.full_name:
            raise RuntimeError("a template broke")
        return real_render(template, context, language)

    monkeypatch.setattr(forum_notifications.mail, "render_mail", render_failing_for_carol)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        call_command("send_forum_digests", stdout=out)
    assert "1 digest(s) queued with 1 post(s)." in out.getvalue()
    assert smtp.mailbox.subjects_to("nina@example.org") and not smtp.mailbox.subjects_to("carol@example.org")
    assert PendingNotification.objects.get(user=world.carol).sent_at is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_forum_digests", stdout=StringIO())
    assert len(smtp.mailbox.subjects_to("carol@example.org")) == 1
    assert len(smtp.mailbox.subjects_to("nina@example.org")) == 1


def test_immediate_notifications_left_behind_go_in_the_digest(
    world: World,
    category: ForumCategory,
    nina: User,
    smtp: SmtpServer,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    thread = make_thread(category, world.alice)
    follow(nina, thread)  # at once
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost: never queued
        write_post(thread, world.alice, "A post whose task was lost.")
    assert _digests(django_capture_on_commit_callbacks).posts == 0  # its task may still be on its way
    assert _digests(django_capture_on_commit_callbacks, hours_later=2).posts == 1
    assert len(smtp.mailbox.subjects_to("nina@example.org")) == 1


def test_hidden_posts_wait_then_are_dropped_and_old_sent_rows_are_tidied(
    world: World,
    category: ForumCategory,
    nina: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    follow(nina, category, DAILY)
    thread = make_thread(category, world.alice)
    hidden = write_post(thread, world.alice, "Hidden later.")
    sent = write_post(thread, world.alice, "Sent long ago.")
    Post.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    PendingNotification.objects.filter(post=sent).update(sent_at=timezone.now())
    assert _digests(django_capture_on_commit_callbacks).posts == 0
    assert PendingNotification.objects.filter(post=hidden, sent_at__isnull=True).exists()
    _digests(django_capture_on_commit_callbacks, hours_later=24 * 100)
    assert not PendingNotification.objects.filter(user=nina).exists()
    assert mailoutbox == []


def test_the_digest_speaks_the_recipients_language(
    world: World,
    category: ForumCategory,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    bulgarian = member_of_network(world.network, email="bg@example.org", name="Мария Иванова", language="bg")
    follow(bulgarian, category, DAILY)
    thread = make_thread(category, world.alice, "Пилотна самооценка")
    write_post(thread, world.alice, "Добре дошли.")
    _digests(django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert message.to == ["bg@example.org"]
    assert "Пилотна самооценка" in message.body and "Мария Иванова" in message.body
    assert "CAF implementation (bg)" in message.body  # the category in her language
