"""Moderation services: reports (once per person, never one's own post), hiding and showing posts with
the thread's counters kept, dismissing, locking, pinning and moving threads, bans and lifting them;
who may act, what is refused, and the audit events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.community.models import ForumBan, Post, PostReport, ReportOutcome, Thread
from opencaf.community.services import moderation as services
from opencaf.community.tests.forum_factories import forum_member, make_category, make_post, make_thread
from opencaf.organisations.tests.factories import UserFactory, make_coordinator

pytestmark = pytest.mark.django_db


def make_report(post: Post, reporter: User, reason: str = "Advertising a consultancy.") -> PostReport:
    return PostReport.objects.create(post=post, reported_by=reporter, reason=reason)


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@pytest.fixture
def thread(world: World) -> Thread:
    """A thread of Alice's in the network's first category."""
    return make_thread(make_category(world.network), world.alice)


@pytest.fixture
def reply(world: World, thread: Thread) -> Post:
    """A reply by a member of another organisation of the network (Nina)."""
    return make_post(thread, forum_member(world.network), "Buy our CAF consultancy!")


# --- reports --------------------------------------------------------------------------------------------


def test_a_reader_reports_a_post_once(world: World, reply: Post) -> None:
    report = services.report_post(actor=world.alice, post=reply, reason="  Advertising.\n\nNot CAF.  ")
    assert report.reason == "Advertising.\n\nNot CAF." and report.outcome == ReportOutcome.OPEN
    event = AuditEvent.objects.get(action="community.post_reported")
    assert event.network == world.network and event.object_id == str(reply.public_id)
    with translation.override("sl"), pytest.raises(ValidationError) as again:
        services.report_post(actor=world.alice, post=reply, reason="Still advertising.")
    with translation.override("sl"):
        expected = gettext("You have already reported this post. The coordinators will look at it.")
    assert again.value.messages == [expected]
    assert PostReport.objects.count() == 1
    services.report_post(actor=world.carol, post=reply, reason="Seen it too.")  # a coordinator reads the forum
    assert PostReport.objects.filter(post=reply).count() == 2


def test_reports_that_make_no_sense_are_refused(world: World, thread: Thread, reply: Post) -> None:
    own = thread.posts.order_by("created_at").first()
    assert own is not None
    with pytest.raises(ValidationError):
        services.report_post(actor=world.alice, post=own, reason="Mine.")
    with pytest.raises(ValidationError) as empty:
        services.report_post(actor=world.alice, post=reply, reason="   ")
    assert "reason" in empty.value.message_dict
    with pytest.raises(ValidationError) as long:
        services.report_post(actor=world.alice, post=reply, reason="x" * (services.REPORT_REASON_MAX + 1))
    assert "reason" in long.value.message_dict
    hidden = make_post(thread, world.carol, "Gone.", hidden=True)
    with pytest.raises(ValidationError):
        services.report_post(actor=world.alice, post=hidden, reason="Bad.")
    for outsider in (world.bob, world.dave, world.charlie):
        with pytest.raises(PermissionDenied):
            services.report_post(actor=outsider, post=reply, reason="Not my network.")
    assert not PostReport.objects.exists() and not AuditEvent.objects.exists()


# --- hiding and dismissing ------------------------------------------------------------------------------


def test_hiding_a_post_closes_its_reports_and_recounts_the_thread(world: World, thread: Thread, reply: Post) -> None:
    first_post_at = thread.created_at
    make_report(reply, world.alice)
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_at == reply.created_at
    services.hide_post(actor=world.carol, post=reply, reason="  Advertising,\n not  CAF ")
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert (
        reply.hidden_at is not None and reply.hidden_by == world.carol and reply.hidden_reason == "Advertising, not CAF"
    )
    assert thread.post_count == 1 and thread.last_post_at == first_post_at
    report = PostReport.objects.get()
    assert report.outcome == ReportOutcome.HIDDEN and report.handled_by == world.carol and report.handled_at
    event = AuditEvent.objects.get(action="community.post_hidden")
    assert event.changes["moderation_reports"] == 1 and event.changes["moderation_reason"] == "Advertising, not CAF"
    with pytest.raises(ValidationError):
        services.hide_post(actor=world.carol, post=reply, reason="Again")
    services.unhide_post(actor=world.carol, post=reply)
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.hidden_at is None and reply.hidden_reason == "" and thread.post_count == 2
    assert thread.last_post_at == reply.created_at
    assert PostReport.objects.get().outcome == ReportOutcome.HIDDEN  # the report stays handled
    with pytest.raises(ValidationError):
        services.unhide_post(actor=world.carol, post=reply)
    assert _actions() == ["community.post_hidden", "community.post_unhidden"]


def test_only_the_networks_coordinators_hide(world: World, reply: Post) -> None:
    for someone in (world.alice, world.dave, world.bob):
        with pytest.raises(PermissionDenied):
            services.hide_post(actor=someone, post=reply, reason="No")
    with pytest.raises(ValidationError) as empty:
        services.hide_post(actor=world.carol, post=reply, reason=" ")
    assert "reason" in empty.value.message_dict
    reply.refresh_from_db()
    assert reply.hidden_at is None and not AuditEvent.objects.exists()


def test_dismissing_closes_the_open_reports_only(world: World, reply: Post) -> None:
    make_report(reply, world.alice)
    make_report(reply, world.carol, "Spam")
    assert services.dismiss_reports(actor=world.carol, post=reply) == 2
    assert set(PostReport.objects.values_list("outcome", flat=True)) == {ReportOutcome.DISMISSED}
    reply.refresh_from_db()
    assert reply.hidden_at is None
    with pytest.raises(ValidationError):
        services.dismiss_reports(actor=world.carol, post=reply)
    with pytest.raises(PermissionDenied):
        services.dismiss_reports(actor=world.alice, post=reply)
    assert _actions() == ["community.post_reports_dismissed"]


# --- threads --------------------------------------------------------------------------------------------


def test_lock_and_pin_a_thread(world: World, thread: Thread) -> None:
    services.lock_thread(actor=world.carol, thread=thread)
    services.pin_thread(actor=world.carol, thread=thread)
    thread.refresh_from_db()
    assert thread.locked_at is not None and thread.pinned
    for twice in (services.lock_thread, services.pin_thread):
        with pytest.raises(ValidationError):
            twice(actor=world.carol, thread=thread)
    services.unlock_thread(actor=world.carol, thread=thread)
    services.unpin_thread(actor=world.carol, thread=thread)
    thread.refresh_from_db()
    assert thread.locked_at is None and not thread.pinned
    for twice in (services.unlock_thread, services.unpin_thread):
        with pytest.raises(ValidationError):
            twice(actor=world.carol, thread=thread)
    for someone in (world.alice, world.dave):
        with pytest.raises(PermissionDenied):
            services.lock_thread(actor=someone, thread=thread)
    assert _actions() == [
        "community.thread_locked",
        "community.thread_pinned",
        "community.thread_unlocked",
        "community.thread_unpinned",
    ]


def test_move_a_thread_within_its_network(world: World, thread: Thread) -> None:
    surveys = make_category(world.network, "Surveys")
    theirs = make_category(world.other_network, "Bob's category")
    services.move_thread(actor=world.carol, thread=thread, category=surveys)
    thread.refresh_from_db()
    assert thread.category == surveys and thread.network == world.network
    event = AuditEvent.objects.get(action="community.thread_moved")
    # Recorded in the network's language (Slovenian here).
    assert event.changes["thread_category"] == {"before": "CAF implementation", "after": "Surveys"}
    with pytest.raises(ValidationError) as same:
        services.move_thread(actor=world.carol, thread=thread, category=surveys)
    assert "category" in same.value.message_dict
    with pytest.raises(ValidationError):
        services.move_thread(actor=world.carol, thread=thread, category=theirs)
    with pytest.raises(PermissionDenied):
        services.move_thread(actor=world.dave, thread=thread, category=theirs)
    thread.refresh_from_db()
    assert thread.category == surveys


# --- bans -----------------------------------------------------------------------------------------------


def test_ban_replace_and_lift(world: World) -> None:
    week = timezone.now() + timedelta(days=7)
    ban = services.ban_from_posting(
        actor=world.carol, network=world.network, person=world.alice, until=week, reason=" Spam "
    )
    assert ban.reason == "Spam" and ban.banned_by == world.carol and ban.until == week
    month = timezone.now() + timedelta(days=30)
    services.ban_from_posting(actor=world.carol, network=world.network, person=world.alice, until=month, reason="Again")

    def running() -> list[object]:
        return list(ForumBan.objects.filter(user=world.alice, until__gt=timezone.now()).values_list("until", flat=True))

    assert running() == [month]  # the first one ended
    replaced = AuditEvent.objects.filter(action="community.forum_ban_imposed").order_by("id").last()
    assert replaced is not None and replaced.changes["moderation_replaced_until"] == week.isoformat()
    assert services.lift_ban(actor=world.carol, network=world.network, person=world.alice) == 1
    assert running() == []
    with pytest.raises(ValidationError):
        services.lift_ban(actor=world.carol, network=world.network, person=world.alice)
    with translation.override("en"):
        lifted = AuditEvent.objects.get(action="community.forum_ban_lifted")
        line = describe_changes(lifted.action, lifted.changes)
    assert world.alice.display_name in line and "→" in line


def test_bans_that_make_no_sense_are_refused(world: World) -> None:
    later = timezone.now() + timedelta(days=1)
    refused: list[dict[str, Any]] = [
        {"person": world.carol, "until": later, "reason": "Myself"},
        {"person": world.alice, "until": timezone.now() - timedelta(minutes=1), "reason": "Past"},
        {"person": world.alice, "until": later, "reason": "  "},
        {"person": world.alice, "until": later, "reason": "x" * (services.BAN_REASON_MAX + 1)},
    ]
    other_coordinator = cast(User, UserFactory())
    make_coordinator(world.network, other_coordinator)
    refused.append({"person": other_coordinator, "until": later, "reason": "A colleague"})
    for data in refused:
        with pytest.raises(ValidationError):
            services.ban_from_posting(actor=world.carol, network=world.network, **data)
    for someone in (world.alice, world.dave):
        with pytest.raises(PermissionDenied):
            services.ban_from_posting(
                actor=someone, network=world.network, person=world.charlie, until=later, reason="No"
            )
    assert not ForumBan.objects.exists() and not AuditEvent.objects.exists()
