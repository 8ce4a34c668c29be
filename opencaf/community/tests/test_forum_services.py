"""The forum's writes: threads, replies, quotes, edits with their history, attachments, event threads,
reading marks and upkeep; who may write; the moderation and notification hooks; nothing half-written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumBan, Post, PostAttachment, PostRevision, Thread, ThreadVisit
from opencaf.community.services import forum as services
from opencaf.community.services import forum_guard, forum_notifications
from opencaf.community.tests.forum_factories import (
    forum_member,
    make_attachment,
    make_category,
    make_post,
    make_thread,
)
from opencaf.coordination.tests.event_factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def hooks(monkeypatch: pytest.MonkeyPatch, settings: Any) -> dict[str, list[Any]]:
    """The moderation and notification hooks, recorded (with whether a transaction was open)."""
    settings.FORUM_POST_LIMITS = ()
    calls: dict[str, list[Any]] = {"barred": [], "created": []}

    def barred(user: Any, network: Any) -> None:
        calls["barred"].append((user, network))

    def created(post: Post) -> None:
        calls["created"].append((post, transaction.get_connection().in_atomic_block))

    monkeypatch.setattr(forum_guard, "refuse_if_barred", barred)
    monkeypatch.setattr(forum_notifications, "post_created", created)
    return calls


def _upload(name: str = "notes.txt", content: bytes = b"Notes of the meeting.\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _audit(action: str) -> AuditEvent:
    return AuditEvent.objects.get(action=action)


# --- threads ---------------------------------------------------------------------------------------------


def test_a_member_starts_a_thread_with_its_first_post(world: World, hooks: dict[str, list[Any]]) -> None:
    category = make_category(world.network, "Ankete")
    with transaction.atomic():
        thread = services.start_thread(
            actor=world.alice, category=category, title="  Response   rates? ", body="How do you get **60 %**?\r\n"
        )
    post = thread.posts.get()
    assert thread.title == "Response rates?" and thread.network == world.network and thread.started_by == world.alice
    assert thread.post_count == 1 and thread.last_post_at == post.created_at
    assert post.body == "How do you get **60 %**?" and "<strong>60 %</strong>" in post.body_html
    assert post.organisation == world.alice_org and post.author == world.alice
    assert hooks["barred"] == [(world.alice, world.network)]
    assert hooks["created"] == [(post, True)]  # told inside the transaction that wrote it
    event = _audit("community.forum_thread_started")
    assert event.network == world.network and event.changes["forum_thread"] == "Response rates?"
    assert event.changes["forum_category"] == "Ankete" and "60" not in str(event.changes)  # no text in the log


def test_a_coordinator_posts_without_an_organisation(world: World) -> None:
    thread = services.start_thread(actor=world.carol, category=make_category(world.network), title="Hi", body="Hello")
    assert thread.posts.get().organisation is None


@pytest.mark.parametrize("outsider", ["bob", "dave", "charlie"])
def test_people_outside_the_network_may_not_write(world: World, outsider: str) -> None:
    user: User = getattr(world, outsider)
    category = make_category(world.network)
    thread = make_thread(category, world.alice)
    with pytest.raises(PermissionDenied):
        services.start_thread(actor=user, category=category, title="Spam", body="Spam")
    with pytest.raises(PermissionDenied):
        services.reply(actor=user, thread=thread, body="Spam")
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(world: World) -> None:
    category = make_category(world.network)
    with pytest.raises(ValidationError) as refused:
        services.start_thread(
            actor=world.alice, category=category, title=" ", body="x" * (services.BODY_MAX + 1), attachments=[]
        )
    assert set(refused.value.message_dict) == {"title", "body"}
    with pytest.raises(ValidationError) as refused:
        services.start_thread(actor=world.alice, category=category, title="T" * 201, body="  \n ")
    assert set(refused.value.message_dict) == {"title", "body"}
    assert not Thread.objects.exists() and not Post.objects.exists() and not AuditEvent.objects.exists()


def test_a_post_of_exactly_the_limit_is_accepted(world: World) -> None:
    thread = services.start_thread(
        actor=world.alice, category=make_category(world.network), title="Long", body="x" * services.BODY_MAX
    )
    assert len(thread.posts.get().body) == services.BODY_MAX


def test_the_moderation_guard_refuses_before_anything_is_written(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(user: Any, network: Any) -> None:
        raise ValidationError("Banned.")

    monkeypatch.setattr(forum_guard, "refuse_if_barred", refuse)
    category = make_category(world.network)
    thread = make_thread(category, world.carol)
    post = thread.posts.get()
    for write in (
        lambda: services.start_thread(actor=world.alice, category=category, title="T", body="B"),
        lambda: services.reply(actor=world.alice, thread=thread, body="B"),
        lambda: services.edit_post(actor=world.carol, post=post, body="Changed"),
    ):
        with pytest.raises(ValidationError):
            write()
    assert Thread.objects.count() == 1 and Post.objects.count() == 1 and not PostRevision.objects.exists()


def test_a_running_ban_refuses_through_the_real_guard(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real hooks
    ForumBan.objects.create(
        network=world.network, user=world.alice, until=timezone.now() + timedelta(days=1), reason="Advertising"
    )
    with pytest.raises(ValidationError) as refused:
        services.start_thread(actor=world.alice, category=make_category(world.network), title="T", body="B")
    assert "Advertising" in refused.value.messages[0]
    assert not Thread.objects.exists()


# --- replies and quotes ----------------------------------------------------------------------------------


def test_a_reply_counts_and_moves_the_thread(world: World, hooks: dict[str, list[Any]]) -> None:
    member = forum_member(world.network)
    thread = make_thread(make_category(world.network), world.alice, at=timezone.now() - timedelta(days=2))
    first = thread.posts.get()
    post = services.reply(actor=member, thread=thread, body="Ten was right for us.", quoted=first)
    thread.refresh_from_db()
    assert thread.post_count == 2 and thread.last_post_at == post.created_at
    assert post.quoted == first and post.organisation is not None and post.organisation != world.alice_org
    assert hooks["created"] == [(post, True)]
    assert _audit("community.forum_post_written").changes["forum_quoted"] == str(first.public_id)


def test_quoting_a_hidden_post_or_one_of_another_thread_is_refused(world: World) -> None:
    category = make_category(world.network)
    thread, other = make_thread(category, world.alice), make_thread(category, world.carol, title="Other")
    hidden = make_post(thread, world.carol, "Rude.", hidden=True)
    for quoted in (hidden, other.posts.get()):
        with pytest.raises(ValidationError):
            services.reply(actor=world.alice, thread=thread, body="Quote", quoted=quoted)
    assert Post.objects.count() == 3


def test_a_locked_thread_takes_no_replies(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice, locked_at=timezone.now())
    for user in (world.alice, world.carol):
        with translation.override("sl"), pytest.raises(ValidationError) as refused:
            services.reply(actor=user, thread=thread, body="Still?")
        with translation.override("sl"):
            assert refused.value.messages == [gettext("This thread is locked: it takes no new replies.")]
    assert thread.posts.count() == 1


# --- edits -----------------------------------------------------------------------------------------------


def test_the_author_edits_and_the_old_text_is_kept(world: World, hooks: dict[str, list[Any]]) -> None:
    thread = make_thread(make_category(world.network), world.alice, body="Ten *people*.")
    post = thread.posts.get()
    edited = services.edit_post(actor=world.alice, post=post, body="Twelve *people*.", expected_version=post.created_at)
    assert edited.body == "Twelve *people*." and "<em>people</em>" in edited.body_html and edited.edited_at
    revision = PostRevision.objects.get()
    assert revision.body == "Ten *people*." and revision.edited_by == world.alice and revision.post == post
    assert _audit("community.forum_post_edited").changes["forum_text_length"] == {"before": 13, "after": 16}
    assert hooks["created"] == []  # an edit is no new post
    unchanged = services.edit_post(actor=world.alice, post=edited, body="Twelve *people*.")
    assert unchanged.edited_at == edited.edited_at and PostRevision.objects.count() == 1


def test_only_the_author_edits_an_open_visible_post(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice)
    post = thread.posts.get()
    for other in (world.carol, forum_member(world.network)):
        with pytest.raises(PermissionDenied):
            services.edit_post(actor=other, post=post, body="Mine now")
    hidden = make_post(thread, world.alice, "Oops", hidden=True)
    with pytest.raises(ValidationError):
        services.edit_post(actor=world.alice, post=hidden, body="Better")
    Thread.objects.filter(pk=thread.pk).update(locked_at=timezone.now())
    with pytest.raises(ValidationError):
        services.edit_post(actor=world.alice, post=post, body="Better")
    assert not PostRevision.objects.exists()


def test_a_stale_edit_is_refused_and_nothing_changes(world: World) -> None:
    post = make_thread(make_category(world.network), world.alice).posts.get()
    opened_at = post.created_at
    services.edit_post(actor=world.alice, post=post, body="First change", expected_version=opened_at)
    with pytest.raises(services.StalePostError):
        services.edit_post(actor=world.alice, post=post, body="From an old window", expected_version=opened_at)
    post.refresh_from_db()
    assert post.body == "First change" and PostRevision.objects.count() == 1


# --- attachments -----------------------------------------------------------------------------------------


def test_files_are_stored_under_a_random_name_and_listed_by_theirs(world: World) -> None:
    thread = services.start_thread(
        actor=world.alice,
        category=make_category(world.network),
        title="Minutes",
        body="Attached.",
        attachments=[_upload("Zapisnik seje.txt"), _upload("plan.pdf", b"%PDF-1.7 tiny")],
    )
    attachments = list(PostAttachment.objects.order_by("pk"))
    assert [a.name for a in attachments] == ["Zapisnik seje.txt", "plan.pdf"]
    assert all(a.post == thread.posts.get() and default_storage.exists(a.file.name) for a in attachments)
    assert "Zapisnik" not in attachments[0].file.name and attachments[1].file.name.endswith(".pdf")
    assert _audit("community.forum_thread_started").changes["forum_attachments"] == ["Zapisnik seje.txt", "plan.pdf"]


def test_refused_files_leave_nothing_behind(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice)
    bad = [
        [_upload("tool.exe", b"MZ\x90\x00")],  # type not accepted
        [_upload("report.pdf", b"<html><script>")],  # content does not match
        [_upload("empty.txt", b"")],
        [_upload(f"n{i}.txt") for i in range(services.MAX_ATTACHMENTS + 1)],
    ]
    for uploads in bad:
        with pytest.raises(ValidationError) as refused:
            services.reply(actor=world.alice, thread=thread, body="Files", attachments=uploads)
        assert list(refused.value.message_dict) == ["attachments"]
    assert thread.posts.count() == 1 and not PostAttachment.objects.exists()


def test_stored_files_are_removed_when_the_write_fails_later(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    stored: list[str] = []
    original = services._attach

    def attach_then_fail(*args: Any) -> list[str]:
        original(*args)
        stored.extend(attachment.file.name for attachment in PostAttachment.objects.all())
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_attach", attach_then_fail)
    thread = make_thread(make_category(world.network), world.alice)
    with pytest.raises(RuntimeError):
        services.reply(actor=world.alice, thread=thread, body="Files", attachments=[_upload()])
    assert stored and not any(default_storage.exists(name) for name in stored)
    assert thread.posts.count() == 1


def test_an_edit_adds_files_up_to_the_limit(world: World) -> None:
    post = make_thread(make_category(world.network), world.alice).posts.get()
    for index in range(services.MAX_ATTACHMENTS):
        make_attachment(post, name=f"old{index}.txt")
    with pytest.raises(ValidationError) as refused:
        services.edit_post(actor=world.alice, post=post, body=post.body, attachments=[_upload()])
    assert list(refused.value.message_dict) == ["attachments"]


# --- event threads ---------------------------------------------------------------------------------------


def test_a_coordinator_opens_the_thread_of_an_event(world: World, hooks: dict[str, list[Any]]) -> None:
    event = make_event(world.network, title="Round table on PEF", description="Bring your questions.")
    category = make_category(world.network)
    thread = services.start_event_thread(actor=world.carol, event=event, category=category)
    assert thread.event == event and thread.title == "Round table on PEF" and thread.started_by == world.carol
    assert "Bring your questions." in thread.posts.get().body and len(hooks["created"]) == 1
    assert _audit("community.forum_event_thread_started").changes["forum_event"] == "Round table on PEF"
    with pytest.raises(ValidationError) as refused:
        services.start_event_thread(actor=world.carol, event=event, category=category)
    assert list(refused.value.message_dict) == ["event"]
    own = services.start_event_thread(
        actor=world.carol, event=make_event(world.network, title="Conference"), category=category, body="Welcome!"
    )
    assert own.posts.get().body == "Welcome!"


def test_event_threads_are_for_the_network_s_coordinators_and_published_events(world: World) -> None:
    category = make_category(world.network)
    with pytest.raises(PermissionDenied):
        services.start_event_thread(actor=world.alice, event=make_event(world.network), category=category)
    for event in (make_event(world.other_network), make_event(world.network, state="draft")):
        with pytest.raises(ValidationError):
            services.start_event_thread(actor=world.carol, event=event, category=category)
    assert not Thread.objects.exists()


# --- reading marks and upkeep ----------------------------------------------------------------------------


def test_a_visit_marks_the_thread_read_up_to_its_newest_post(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice, at=timezone.now() - timedelta(hours=2))
    services.record_visit(user=world.carol, thread=thread, read_before=None)
    assert ThreadVisit.objects.get().read_up_to == thread.last_post_at
    make_post(thread, world.alice, "More")
    services.record_visit(user=world.carol, thread=thread, read_before=ThreadVisit.objects.get().read_up_to)
    assert ThreadVisit.objects.get().read_up_to == thread.last_post_at and ThreadVisit.objects.count() == 1


def test_counters_are_counted_again_after_a_post_is_hidden(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice, at=timezone.now() - timedelta(hours=2))
    last = make_post(thread, world.carol, "Newest")
    Post.objects.filter(pk=last.pk).update(hidden_at=timezone.now())
    services.refresh_thread_counters(thread)
    thread.refresh_from_db()
    assert thread.post_count == 1 and thread.last_post_at == thread.posts.earliest("created_at").created_at


def test_rerender_posts_renders_every_post_again(world: World) -> None:
    thread = make_thread(make_category(world.network), world.alice, body="**Bold**")
    make_post(thread, world.carol, "*Mine*")
    Post.objects.update(body_html="<p>stale</p>")
    call_command("rerender_posts", "--batch-size", "1")
    assert sorted(Post.objects.values_list("body_html", flat=True)) == [
        "<p><em>Mine</em></p>\n",
        "<p><strong>Bold</strong></p>\n",
    ]
    assert services.rerender_posts() == 0  # nothing left to change
