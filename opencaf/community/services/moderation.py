"""Moderation of a network's forum: readers report posts; the network's coordinators hide and show
posts (with a reason readers see), dismiss reports, lock, pin and move threads, and ban a person from
posting for a time (reading stays possible) or lift the ban.

Every function is atomic, re-checks who acts (PermissionDenied otherwise), refuses what makes no
sense with a ValidationError in the active language (hiding a hidden post, a second report of the same
post by the same person, a ban in the past) and writes its audit event in the same transaction.

A thread's `post_count` and `last_post_at` follow its visible posts: hiding or showing a post counts
them again (`services.forum.refresh_thread_counters`), so listings and unread markers never point at a
hidden post. Who may act comes from the forum's access helper (`permissions.forum`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.community.models import ForumBan, ForumCategory, Post, PostReport, ReportOutcome, Thread
from opencaf.community.permissions.forum import require_moderator, require_reader
from opencaf.community.selectors.moderation import category_name
from opencaf.community.services.forum import refresh_thread_counters
from opencaf.core.texts import too_long
from opencaf.lib.texts import one_line
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

REPORT_REASON_MAX = 1000
HIDE_REASON_MAX = 300  # Post.hidden_reason
BAN_REASON_MAX = 300  # ForumBan.reason


def _required_reason(text: object, limit: int, *, keep_lines: bool = False, missing: str) -> str:
    reason = str(text or "").strip() if keep_lines else one_line(text)
    if not reason:
        raise ValidationError({"reason": [missing]})
    if len(reason) > limit:
        raise ValidationError({"reason": [too_long(limit)]})
    return reason


def _locked_post(post: Post) -> Post:
    """The post, its row locked, with its thread locked first (the forum's writes lock the thread, then
    the post: the same order here, so a moderator and a writer can wait for each other, never deadlock)."""
    thread = _locked_thread(post.thread)
    locked = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)
    locked.thread = thread
    return locked


def _locked_thread(thread: Thread) -> Thread:
    return Thread.objects.select_for_update(of=("self",)).select_related("network", "category").get(pk=thread.pk)


def _thread_label(thread: Thread) -> str:
    return thread.title


def _author_label(post: Post) -> str:
    return post.author.display_name if post.author is not None else ""


# --- reports --------------------------------------------------------------------------------------------


@transaction.atomic
def report_post(*, actor: User, post: Post, reason: str) -> PostReport:
    """A reader reports a post to the network's coordinators, once per person and post."""
    post = _locked_post(post)
    network = post.thread.network
    require_reader(actor, network)
    if post.author_id == actor.pk:
        raise ValidationError(_("You cannot report your own post."))
    if post.hidden_at is not None:
        raise ValidationError(_("A moderator has already hidden this post."))
    if PostReport.objects.filter(post=post, reported_by=actor).exists():
        raise ValidationError(_("You have already reported this post. The coordinators will look at it."))
    cleaned = _required_reason(
        reason, REPORT_REASON_MAX, keep_lines=True, missing=_("Say what is wrong with the post.")
    )  # fmt: skip
    try:
        with transaction.atomic():  # a double click: the constraint answers, the savepoint keeps the rest
            report = PostReport.objects.create(post=post, reported_by=actor, reason=cleaned)
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this post. The coordinators will look at it.")
        ) from None  # fmt: skip
    record_event(
        "community.post_reported",
        actor=actor,
        obj=post,
        network=network,
        changes={"moderation_thread": _thread_label(post.thread), "moderation_reason": cleaned},
    )
    return report


def _close_open_reports(post: Post, outcome: str, actor: User) -> int:
    return PostReport.objects.filter(post=post, outcome=ReportOutcome.OPEN).update(
        outcome=outcome, handled_by=actor, handled_at=timezone.now()
    )


@transaction.atomic
def dismiss_reports(*, actor: User, post: Post) -> int:
    """The post stays as it is: its open reports are closed as dismissed. Returns how many."""
    post = _locked_post(post)
    network = post.thread.network
    require_moderator(actor, network)
    closed = _close_open_reports(post, ReportOutcome.DISMISSED, actor)
    if not closed:
        raise ValidationError(_("This post has no open reports."))
    record_event(
        "community.post_reports_dismissed",
        actor=actor,
        obj=post,
        network=network,
        changes={
            "moderation_thread": _thread_label(post.thread),
            "moderation_author": _author_label(post),
            "moderation_reports": closed,
        },
    )
    return closed


# --- hiding posts ---------------------------------------------------------------------------------------


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post; readers see that it was hidden and why. Its open reports are closed as handled."""
    post = _locked_post(post)
    network = post.thread.network
    require_moderator(actor, network)
    if post.hidden_at is not None:
        raise ValidationError(_("This post is already hidden."))
    post.hidden_reason = _required_reason(reason, HIDE_REASON_MAX, missing=_("Say why the post is hidden."))
    post.hidden_at, post.hidden_by = timezone.now(), actor
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    closed = _close_open_reports(post, ReportOutcome.HIDDEN, actor)
    refresh_thread_counters(post.thread)
    record_event(
        "community.post_hidden",
        actor=actor,
        obj=post,
        network=network,
        changes={
            "moderation_thread": _thread_label(post.thread),
            "moderation_author": _author_label(post),
            "moderation_reason": post.hidden_reason,
            "moderation_reports": closed,
        },
    )
    return post


@transaction.atomic
def unhide_post(*, actor: User, post: Post) -> Post:
    """Show a hidden post again (the reports closed by hiding it stay closed)."""
    post = _locked_post(post)
    network = post.thread.network
    require_moderator(actor, network)
    if post.hidden_at is None:
        raise ValidationError(_("This post is not hidden."))
    reason = post.hidden_reason
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    refresh_thread_counters(post.thread)
    record_event(
        "community.post_unhidden",
        actor=actor,
        obj=post,
        network=network,
        changes={
            "moderation_thread": _thread_label(post.thread),
            "moderation_author": _author_label(post),
            "moderation_reason": {"before": reason, "after": ""},
        },
    )
    return post


# --- threads --------------------------------------------------------------------------------------------


@transaction.atomic
def lock_thread(*, actor: User, thread: Thread) -> Thread:
    """No new posts in the thread (its posts stay readable)."""
    thread = _locked_thread(thread)
    require_moderator(actor, thread.network)
    if thread.locked_at is not None:
        raise ValidationError(_("This thread is already locked."))
    thread.locked_at = timezone.now()
    thread.save(update_fields=["locked_at"])
    record_event("community.thread_locked", actor=actor, obj=thread, network=thread.network, changes={})
    return thread


@transaction.atomic
def unlock_thread(*, actor: User, thread: Thread) -> Thread:
    thread = _locked_thread(thread)
    require_moderator(actor, thread.network)
    if thread.locked_at is None:
        raise ValidationError(_("This thread is not locked."))
    thread.locked_at = None
    thread.save(update_fields=["locked_at"])
    record_event("community.thread_unlocked", actor=actor, obj=thread, network=thread.network, changes={})
    return thread


@transaction.atomic
def pin_thread(*, actor: User, thread: Thread) -> Thread:
    """Keep the thread at the top of its category."""
    thread = _locked_thread(thread)
    require_moderator(actor, thread.network)
    if thread.pinned:
        raise ValidationError(_("This thread is already pinned."))
    thread.pinned = True
    thread.save(update_fields=["pinned"])
    record_event("community.thread_pinned", actor=actor, obj=thread, network=thread.network, changes={})
    return thread


@transaction.atomic
def unpin_thread(*, actor: User, thread: Thread) -> Thread:
    thread = _locked_thread(thread)
    require_moderator(actor, thread.network)
    if not thread.pinned:
        raise ValidationError(_("This thread is not pinned."))
    thread.pinned = False
    thread.save(update_fields=["pinned"])
    record_event("community.thread_unpinned", actor=actor, obj=thread, network=thread.network, changes={})
    return thread


def _audit_category_name(category: ForumCategory, network: Network) -> str:
    # The audit log is read by every coordinator: record the name in the network's language.
    with translation.override(network.default_language):
        return category_name(category, network)


@transaction.atomic
def move_thread(*, actor: User, thread: Thread, category: ForumCategory) -> Thread:
    """Move the thread to another category of the same network."""
    thread = _locked_thread(thread)
    network = thread.network
    require_moderator(actor, network)
    if category.network_id != network.pk:
        raise ValidationError({"category": [_("Choose a category of this network's forum.")]})
    if category.pk == thread.category_id:
        raise ValidationError({"category": [_("The thread is already in this category.")]})
    before = thread.category
    thread.category = category
    thread.save(update_fields=["category"])
    record_event(
        "community.thread_moved",
        actor=actor,
        obj=thread,
        network=network,
        changes={
            "thread_category": {
                "before": _audit_category_name(before, network),
                "after": _audit_category_name(category, network),
            }
        },
    )
    return thread


# --- bans -----------------------------------------------------------------------------------------------


def _running_bans(network: Network, person: User, now: datetime) -> list[ForumBan]:
    return list(ForumBan.objects.select_for_update().filter(network=network, user=person, until__gt=now))


@transaction.atomic
def ban_from_posting(*, actor: User, network: Network, person: User, until: datetime, reason: str) -> ForumBan:
    """The person may not post in the network's forum until `until` (reading stays possible). A ban
    already running is replaced: it ends now, and the new one says until when."""
    require_moderator(actor, network)
    now = timezone.now()
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot ban yourself."))
    if is_coordinator(person, network):
        raise ValidationError(_("Coordinators of the network moderate the forum; they cannot be banned."))
    if until <= now:
        raise ValidationError({"until": [_("Choose a moment in the future.")]})
    cleaned = _required_reason(reason, BAN_REASON_MAX, missing=_("Say why the person may not post."))
    replaced = _running_bans(network, person, now)
    changes: dict[str, object] = {
        "moderation_person": person.display_name,
        "moderation_until": until.isoformat(),
        "moderation_reason": cleaned,
    }
    if replaced:
        changes["moderation_replaced_until"] = max(ban.until for ban in replaced).isoformat()
        ForumBan.objects.filter(pk__in=[ban.pk for ban in replaced]).update(until=now)
    ban = ForumBan.objects.create(
        network=network, user=person, until=until, reason=cleaned, banned_by=actor, banned_at=now
    )  # fmt: skip
    record_event(
        "community.forum_ban_imposed",
        actor=actor,
        obj=ban,
        network=network,
        changes=changes,
    )
    return ban


@transaction.atomic
def lift_ban(*, actor: User, network: Network, person: User) -> int:
    """End the person's running ban now: they may post again at once. Returns how many bans ended."""
    require_moderator(actor, network)
    now = timezone.now()
    running = _running_bans(network, person, now)
    if not running:
        raise ValidationError(_("This person is not banned from posting."))
    ForumBan.objects.filter(pk__in=[ban.pk for ban in running]).update(until=now)
    record_event(
        "community.forum_ban_lifted",
        actor=actor,
        obj=running[0],
        network=network,
        changes={
            "moderation_person": person.display_name,
            "moderation_until": {"before": max(ban.until for ban in running).isoformat(), "after": now.isoformat()},
        },
    )
    return len(running)
