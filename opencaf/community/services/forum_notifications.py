"""Who hears of a new post, and the e-mails that tell them: at once, or in a daily digest.

Recording: `post_created(post)` is called by the forum's services inside the transaction that wrote a
new visible post (a thread's first post too). The author follows the thread from their first post in it
(`forum_subscriptions.subscribe_poster`). Then one `PendingNotification` is recorded for each person who
follows the thread or its category and each person the post mentions (`mentions.py`), except the
author, each person once: a mention wins over a subscription as the reason, and is sent at once; a
subscription's mode says when the rest go (the thread's subscription over the category's). Only people
who read the network's forum are recorded. Once the post commits, a background task (`tasks.py`) sends
the immediate ones.

Sending (the task, and the daily `send_forum_digests` command): each e-mail is in the recipient's
language (their profile's, else the network's), links to the post and carries a signed link that stops
the notifications of the thread (or of the category they follow it through) without signing in; its
`List-Unsubscribe` header (with `List-Unsubscribe-Post`, RFC 8058) lets the mail program offer the same
in one click: the thread's (or category's) stop link for an immediate e-mail, for a digest a link that
stops every subscription the digest came through. An e-mail sent only because of a mention has no such
header: there is nothing to stop. Every one says `Auto-Submitted: auto-generated` (RFC 3834). Just
before sending, each notification is checked again: it is dropped when its recipient no longer reads
that forum or has stopped following (unless they were mentioned); one of a hidden post waits, unsent,
and goes in a later digest if a moderator shows the post again (after `HIDDEN_KEPT` it is dropped).

Nothing twice, nothing lost: a notification is claimed (its `sent_at` set, only if still unset) in the
same transaction that hands its e-mail to the project's mail queue (`core.mail`), so two runs never
send it twice and a run that fails before the commit leaves it pending. The mail queue retries a
failing server; when it gives up, `mail_not_delivered` makes the e-mail's notifications pending again
(an e-mail's notifications are those of one person claimed at one moment), and the next digest carries
them. The digest also takes immediate notifications still pending after `IMMEDIATE_GRACE` (their task
was lost or their e-mail failed), so every notification reaches its person one way or the other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from opencaf.accounts.models import User
from opencaf.audit.services import record_event
from opencaf.community.mentions import reading_pairs, resolve_mentions
from opencaf.community.models import (
    ForumSubscription,
    NotificationMode,
    NotificationReason,
    PendingNotification,
    Post,
    Thread,
)
from opencaf.community.selectors import notifications as selectors
from opencaf.community.services.forum_subscriptions import subscribe_poster
from opencaf.core import mail

logger = logging.getLogger("opencaf.forum_notifications")

# An immediate notification still pending after this long goes in the next digest: its task was lost
# or its e-mail failed (the mail queue's retries hold `sent_at` set meanwhile).
IMMEDIATE_GRACE = timedelta(hours=1)
# A notification of a post hidden this long ago is dropped: the post is not coming back.
HIDDEN_KEPT = timedelta(days=30)
# Sent notifications are kept a while (they stop a post from being recorded twice), then deleted.
SENT_KEPT = timedelta(days=90)
POST_TEXT_CHARS = 4000  # of a post's text in an immediate e-mail
EXCERPT_CHARS = 300  # of each post in a digest

AUTOMATIC = {"Auto-Submitted": "auto-generated"}  # RFC 3834: no out-of-office replies to the forum

IMMEDIATE_TEMPLATE = "community/email/forum_post"
DIGEST_TEMPLATE = "community/email/forum_digest"


# --- recording ------------------------------------------------------------------------------------------


def _recipients(post: Post, thread: Thread) -> dict[int, tuple[str, str]]:
    """Person → (reason, mode) for a new post: followers of the category, then of the thread (whose
    subscription wins), then the people mentioned (a mention wins, at once); without the author and
    anyone who does not read the network's forum."""
    chosen: dict[int, tuple[str, str]] = {}
    followers = ForumSubscription.objects.filter(Q(category_id=thread.category_id) | Q(thread_id=thread.pk))
    # Category subscriptions first (thread_id NULL sorts first on SQLite, last on PostgreSQL: sort here).
    rows = sorted(followers.values_list("user_id", "thread_id", "mode"), key=lambda row: row[1] is not None)
    for user_id, _thread_id, mode in rows:
        chosen[user_id] = (NotificationReason.SUBSCRIBED, mode)
    for person in resolve_mentions(post.body, thread.network):
        chosen[person.pk] = (NotificationReason.MENTIONED, NotificationMode.IMMEDIATE)
    chosen.pop(post.author_id or 0, None)
    readers = {user_id for user_id, _network in reading_pairs(chosen, [thread.network_id])}
    return {user_id: choice for user_id, choice in chosen.items() if user_id in readers}


@transaction.atomic
def post_created(post: Post) -> None:
    """Record who hears of a new visible post; once it commits, queue the task that sends the immediate
    ones. Called by the forum's services inside the post's transaction."""
    if post.hidden_at is not None:
        return
    thread = post.thread
    subscribe_poster(post)
    recipients = _recipients(post, thread)
    PendingNotification.objects.bulk_create(
        [
            PendingNotification(user_id=user_id, post=post, reason=reason, mode=mode)
            for user_id, (reason, mode) in recipients.items()
        ],
        ignore_conflicts=True,  # recorded already: the post's hook ran twice
    )
    if any(mode == NotificationMode.IMMEDIATE for _reason, mode in recipients.values()):
        transaction.on_commit(partial(queue_immediate, post.pk), robust=True)


def queue_immediate(post_id: int) -> None:
    # Imported here: the task module imports this one.
    from opencaf.community.tasks import send_post_notifications

    send_post_notifications.enqueue(post_id)


# --- what goes out, and to whom --------------------------------------------------------------------------


def _with_mail_data(notifications: QuerySet[PendingNotification]) -> QuerySet[PendingNotification]:
    return notifications.select_related(
        "user", "post__author", "post__organisation", "post__thread__category", "post__thread__network"
    ).order_by("post__created_at", "pk")


Followed = tuple[PendingNotification, ForumSubscription | None]


def _subscriptions_of(notifications: list[PendingNotification]) -> dict[tuple[int, str, int], ForumSubscription]:
    """The recipients' current subscriptions to the notifications' threads and categories, by
    (person, "thread" or "category", id)."""
    users = {notification.user_id for notification in notifications}
    threads = {notification.post.thread_id for notification in notifications}
    categories = {notification.post.thread.category_id for notification in notifications}
    found = ForumSubscription.objects.filter(user_id__in=users).filter(
        Q(thread_id__in=threads) | Q(category_id__in=categories)
    )
    by_key: dict[tuple[int, str, int], ForumSubscription] = {}
    for subscription in found.select_related("thread", "category"):
        if subscription.thread_id is not None:
            by_key[(subscription.user_id, "thread", subscription.thread_id)] = subscription
        elif subscription.category_id is not None:
            by_key[(subscription.user_id, "category", subscription.category_id)] = subscription
    return by_key


def _still_wanted(notifications: list[PendingNotification]) -> list[Followed]:
    """The notifications to send now, each with the subscription it comes through (None for a mention of
    someone who follows nothing there). The others are deleted: their recipient no longer reads that
    forum, or stopped following and was not mentioned."""
    if not notifications:
        return []
    readers = reading_pairs(
        {notification.user_id for notification in notifications},
        {notification.post.thread.network_id for notification in notifications},
    )
    subscriptions = _subscriptions_of(notifications)
    wanted: list[Followed] = []
    dropped: list[int] = []
    for notification in notifications:
        thread = notification.post.thread
        subscription = subscriptions.get((notification.user_id, "thread", thread.pk)) or subscriptions.get(
            (notification.user_id, "category", thread.category_id)
        )
        reads = (notification.user_id, thread.network_id) in readers
        if reads and (subscription is not None or notification.reason == NotificationReason.MENTIONED):
            wanted.append((notification, subscription))
        else:
            dropped.append(notification.pk)
    if dropped:
        PendingNotification.objects.filter(pk__in=dropped, sent_at__isnull=True).delete()
    return wanted


def language_of(user: User, thread: Thread) -> str:
    """The recipient's language: their profile's, else the default of the thread's network."""
    return user.language or thread.network.default_language


@dataclass(frozen=True)
class MailPost:
    """One post as an e-mail shows it."""

    author: str
    organisation: str
    written: datetime
    text: str
    url: str
    mentioned: bool


@dataclass(frozen=True)
class MailThread:
    """A thread's new posts as an e-mail shows them, with the link that stops more of them: the thread's,
    or the category's when the person follows the thread through its category ("" after a mention only)."""

    title: str
    category: str
    network: str
    posts: list[MailPost]
    stop_url: str
    stops_category: bool


def _post_text(post: Post, *, excerpt: bool) -> str:
    if excerpt:
        return Truncator(" ".join(post.body.split())).chars(EXCERPT_CHARS)
    return Truncator(post.body.strip()).chars(POST_TEXT_CHARS)


def _mail_post(notification: PendingNotification, *, excerpt: bool) -> MailPost:
    post = notification.post
    return MailPost(
        author=post.author.display_name if post.author is not None else _("A former member"),
        organisation=post.organisation.name if post.organisation is not None else "",
        written=post.created_at,
        text=_post_text(post, excerpt=excerpt),
        url=selectors.post_url(post.thread.network, post),
        mentioned=notification.reason == NotificationReason.MENTIONED,
    )


def _mail_threads(user: User, followed: list[Followed], language: str, *, excerpt: bool) -> list[MailThread]:
    """The notifications grouped by thread, threads in the order of their first new post (call with the
    recipient's language active: a category is named in it)."""
    groups: dict[int, list[Followed]] = {}
    for item in followed:
        groups.setdefault(item[0].post.thread_id, []).append(item)
    threads = []
    for items in groups.values():
        thread = items[0][0].post.thread
        network = thread.network
        subscription = next((found for _notification, found in items if found is not None), None)
        stop = ""
        if subscription is not None:
            if subscription.thread_id is not None:
                stop = selectors.stop_url(user, thread=thread)
            else:
                stop = selectors.stop_url(user, category=thread.category)
        threads.append(
            MailThread(
                title=thread.title,
                category=selectors.category_name(thread.category, language, network.default_language),
                network=network.name,
                posts=[_mail_post(notification, excerpt=excerpt) for notification, _found in items],
                stop_url=stop,
                stops_category=subscription is not None and subscription.thread_id is None,
            )
        )
    return threads


def unsubscribe_headers(stop_url: str) -> dict[str, str]:
    """The e-mail's headers: the one-click stop link, when there is something to stop (RFC 2369, 8058)
    and its address fits on a line of mail (a digest of a hundred-odd subscriptions may not: it goes
    without the header, its body still has each one's link)."""
    if not stop_url or len(f"List-Unsubscribe: <{stop_url}>") > mail.LONGEST_LINE:
        return dict(AUTOMATIC)
    return {**AUTOMATIC, "List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _hand_over(
    user: User, subject: str, body: str, ids: list[int], now: datetime, kind: str, headers: dict[str, str] | None = None
) -> int:
    """Claim the notifications of one e-mail and queue it, in the caller's transaction; 0 when another
    run claimed them first."""
    claimed = PendingNotification.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=now)
    if claimed != len(ids):
        transaction.set_rollback(True)  # part was taken by another run: leave all of it to that run
        return 0
    mail.send_after_commit(
        to=user.email,
        subject=subject,
        body=body,
        kind=kind,
        reference=ids[0],
        on_not_delivered=mail_not_delivered,
        headers=AUTOMATIC if headers is None else headers,
    )
    return claimed


# --- at once ----------------------------------------------------------------------------------------------


def send_post_notifications(post_id: int) -> int:
    """The background task: e-mail the post's immediate notifications not sent yet, one e-mail each.
    Returns how many went to the mail queue."""
    now = timezone.now()
    pending = PendingNotification.objects.filter(
        post_id=post_id, mode=NotificationMode.IMMEDIATE, sent_at__isnull=True, post__hidden_at__isnull=True
    )
    sent = 0
    for notification, subscription in _still_wanted(list(_with_mail_data(pending))):
        sent += _send_immediate(notification, subscription, now)
    return sent


def _send_immediate(notification: PendingNotification, subscription: ForumSubscription | None, now: datetime) -> int:
    user, thread = notification.user, notification.post.thread
    language = language_of(user, thread)
    with translation.override(language):
        (mail_thread,) = _mail_threads(user, [(notification, subscription)], language, excerpt=False)
    context = {
        "name": user.full_name,
        "thread": mail_thread,
        "post": mail_thread.posts[0],
        "subscriptions_url": selectors.subscriptions_url(thread.network),
    }
    subject, body = mail.render_mail(IMMEDIATE_TEMPLATE, context, language)
    with transaction.atomic():
        headers = unsubscribe_headers(mail_thread.stop_url)
        return _hand_over(user, subject, body, [notification.pk], now, "forum notification", headers)


# --- the daily digest ------------------------------------------------------------------------------------


def _due(now: datetime) -> Q:
    """Pending notifications a digest takes: the daily ones, and immediate ones left behind."""
    waiting = Q(sent_at__isnull=True, post__hidden_at__isnull=True)
    left_behind = Q(mode=NotificationMode.IMMEDIATE, created_at__lt=now - IMMEDIATE_GRACE)
    return waiting & (Q(mode=NotificationMode.DAILY) | left_behind)


@dataclass(frozen=True)
class DigestRun:
    people: int  # digests queued
    posts: int  # notifications they carry
    failed: int  # people whose digest could not be prepared (their notifications stay pending)


def send_digests(now: datetime | None = None) -> DigestRun:
    """The daily command: one digest per person with due notifications. Safe to run again at any time."""
    now = now or timezone.now()
    _tidy(now)
    people = posts = failed = 0
    recipients = PendingNotification.objects.filter(_due(now)).order_by("user_id").values_list("user_id", flat=True)
    for user_id in list(recipients.distinct()):
        try:
            count = send_digest(user_id, now)
        except Exception:  # one person's failure must not stop everyone's digest; theirs stays pending
            logger.exception("Forum digest for person %s failed; their notifications stay pending", user_id)
            failed += 1
            continue
        people, posts = people + (count > 0), posts + count
    return DigestRun(people=people, posts=posts, failed=failed)


@transaction.atomic
def send_digest(user_id: int, now: datetime) -> int:
    """One person's digest: their due notifications grouped by thread, marked sent as the e-mail is
    queued. Returns how many notifications it carries (0: nothing to send)."""
    # Locked first (PostgreSQL: only the notifications' rows), so a second run waits, then finds them sent.
    locked = PendingNotification.objects.select_for_update(of=("self",)).filter(_due(now), user_id=user_id)
    ids = list(locked.values_list("pk", flat=True))
    followed = _still_wanted(list(_with_mail_data(PendingNotification.objects.filter(pk__in=ids))))
    if not followed:
        return 0
    user, first_thread = followed[0][0].user, followed[0][0].post.thread
    language = language_of(user, first_thread)
    with translation.override(language):
        threads = _mail_threads(user, followed, language, excerpt=True)
    networks = {notification.post.thread.network_id: notification.post.thread.network for notification, _s in followed}
    context = {
        "name": user.full_name,
        "threads": threads,
        "count": len(followed),
        "subscriptions_urls": [selectors.subscriptions_url(network) for network in networks.values()],
    }
    subject, body = mail.render_mail(DIGEST_TEMPLATE, context, language)
    subscriptions = [found for _notification, found in followed if found is not None]
    headers = unsubscribe_headers(selectors.digest_stop_url(user, subscriptions) if subscriptions else "")
    ids = [notification.pk for notification, _s in followed]
    return _hand_over(user, subject, body, ids, now, "forum digest", headers)


def _tidy(now: datetime) -> None:
    PendingNotification.objects.filter(sent_at__isnull=True, post__hidden_at__lt=now - HIDDEN_KEPT).delete()
    PendingNotification.objects.filter(sent_at__lt=now - SENT_KEPT).delete()


# --- when the mail queue gives up -------------------------------------------------------------------------


@transaction.atomic
def mail_not_delivered(reference: int, reason: str) -> None:
    """core.mail hook: every attempt to send a notification e-mail failed. Its notifications (the same
    person's, claimed at the same moment as `reference`) are pending again, for the next digest."""
    first = PendingNotification.objects.select_related("user", "post__thread__network").filter(pk=reference).first()
    if first is None or first.sent_at is None:
        return
    count = PendingNotification.objects.filter(user_id=first.user_id, sent_at=first.sent_at).update(sent_at=None)
    thread = first.post.thread
    record_event(
        "community.forum_mail_not_delivered",
        actor=None,
        obj=thread,
        network=thread.network,
        changes={"forum_posts": count, "email": first.user.email},
    )
