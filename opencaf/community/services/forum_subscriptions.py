"""Following the forum: a person follows a thread or a whole category of a network's forum, and hears of
new posts by e-mail, at once or in a daily digest (`forum_notifications` sends them).

Automatic following: whoever starts a thread or replies in one follows it (at once) from their FIRST
post in it. Later posts subscribe nobody, so an unsubscribe sticks: someone who stopped following a
thread and replies again is not signed up again. Nothing extra needs storing for that: the posts
already say whether a post is the person's first in the thread.

Following both a category and one of its threads: the thread's subscription is the one that counts for
that thread (its mode, its stop link); the category's counts for the others.

Every change is atomic and audited; only readers of the network's forum (members of its organisations
and its coordinators) may follow. Stopping through the signed link in an e-mail needs no sign-in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.community.mentions import is_forum_reader
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Post, Thread
from opencaf.organisations.models import Network

if TYPE_CHECKING:
    from opencaf.accounts.models import User

THREAD = "thread"
CATEGORY = "category"


def _check_mode(mode: str) -> None:
    if mode not in NotificationMode.values:
        raise ValidationError({"mode": [_("Choose how the notifications should arrive.")]})


def _require_reader(actor: User, network: Network) -> None:
    if not is_forum_reader(actor, network):
        raise PermissionDenied


def _follow(
    actor: User, network: Network, mode: str, thread: Thread | None, category: ForumCategory | None
) -> ForumSubscription:
    _require_reader(actor, network)
    _check_mode(mode)
    kind, target = (THREAD, thread) if thread is not None else (CATEGORY, category)
    assert target is not None
    existing = ForumSubscription.objects.select_for_update().filter(user=actor, thread=thread, category=category)
    subscription = existing.first()
    if subscription is None:
        try:
            with transaction.atomic():  # a double click's second request finds the first one's row
                subscription = ForumSubscription.objects.create(user=actor, thread=thread, category=category, mode=mode)
        except IntegrityError:
            subscription = existing.get()
        else:
            record_event(
                "community.forum_followed",
                actor=actor,
                obj=target,
                network=network,
                changes={"forum_followed": kind, "forum_mode": mode},
            )
            return subscription
    if subscription.mode != mode:
        before, subscription.mode = subscription.mode, mode
        subscription.save(update_fields=["mode"])
        record_event(
            "community.forum_follow_changed",
            actor=actor,
            obj=target,
            network=network,
            changes={"forum_followed": kind, "forum_mode": {"before": before, "after": mode}},
        )
    return subscription


@transaction.atomic
def follow_thread(*, actor: User, thread: Thread, mode: str = NotificationMode.IMMEDIATE) -> ForumSubscription:
    """Follow a thread, or change how its notifications arrive."""
    return _follow(actor, thread.network, mode, thread, None)


@transaction.atomic
def follow_category(
    *, actor: User, category: ForumCategory, mode: str = NotificationMode.IMMEDIATE
) -> ForumSubscription:
    """Follow every thread of a category, or change how their notifications arrive."""
    return _follow(actor, category.network, mode, None, category)


def _unfollow(actor: User, subscription: ForumSubscription, *, by_link: bool) -> None:
    target: Thread | ForumCategory | None = subscription.thread or subscription.category
    assert target is not None
    deleted, _detail = ForumSubscription.objects.filter(pk=subscription.pk).delete()
    if not deleted:  # stopped already (another tab, the link used twice): nothing more to do
        return
    changes: dict[str, object] = {"forum_followed": THREAD if subscription.thread_id else CATEGORY}
    if by_link:
        changes["forum_by_link"] = True
    record_event("community.forum_unfollowed", actor=actor, obj=target, network=target.network, changes=changes)


@transaction.atomic
def unfollow(*, actor: User, subscription: ForumSubscription) -> None:
    """Stop following. Notifications already recorded for it and not yet sent are not sent either
    (`forum_notifications` checks the subscription just before sending)."""
    if subscription.user_id != actor.pk:
        raise PermissionDenied
    _unfollow(actor, subscription, by_link=False)


@transaction.atomic
def stop_by_link(*, subscription: ForumSubscription) -> None:
    """Stop following through the signed link of an e-mail: the link names the person, who need not sign in."""
    _unfollow(subscription.user, subscription, by_link=True)


def subscribe_poster(post: Post) -> ForumSubscription | None:
    """Make the author of a new post follow its thread at once, if this is their first post in it
    (see the module's note). Called by `forum_notifications.post_created`, inside the post's transaction."""
    author = post.author
    if author is None:
        return None
    thread = post.thread
    if Post.objects.filter(thread=thread, author=author).exclude(pk=post.pk).exists():
        return None
    if ForumSubscription.objects.filter(user=author, thread=thread).exists():
        return None
    with transaction.atomic():
        subscription = ForumSubscription.objects.create(user=author, thread=thread, mode=NotificationMode.IMMEDIATE)
        record_event(
            "community.forum_followed",
            actor=author,
            obj=thread,
            network=thread.network,
            changes={"forum_followed": THREAD, "forum_mode": subscription.mode, "forum_automatic": True},
        )
    return subscription
