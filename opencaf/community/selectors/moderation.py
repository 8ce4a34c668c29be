"""Reads of the forum's moderation: the posts and threads a moderator acts on (404 outside the
network), the coordinators' queue of reported posts and the running bans.

The queue and the list of bans run a fixed number of queries whatever their length: a count and one
page of rows, the page's open reports in one more, the page's authors' bans in one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.text import Truncator

from opencaf.accounts.models import User
from opencaf.community.models import ForumBan, ForumCategory, Post, PostReport, ReportOutcome, Thread
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network

QUEUE_PAGE_SIZE = 25
BANS_PAGE_SIZE = 50
EXCERPT_CHARS = 400
PageNumber = str | int | None


# --- what a moderator acts on ---------------------------------------------------------------------------


def get_post(network: Network, public_id: object) -> Post:
    posts = Post.objects.filter(thread__network=network).select_related(
        "thread__network", "thread__category", "author", "organisation"
    )
    return get_by_public_id(posts, public_id)


def get_thread(network: Network, public_id: object) -> Thread:
    threads = Thread.objects.filter(network=network).select_related("network", "category")
    return get_by_public_id(threads, public_id)


def get_category(network: Network, public_id: object) -> ForumCategory:
    """A category of this network; another network's category is as absent as a missing one."""
    return get_by_public_id(ForumCategory.objects.filter(network=network), public_id)


def category_name(category: ForumCategory, network: Network) -> str:
    """The category's name in the reader's language, else the network's, else any."""
    return text_in(category.names, translation.get_language() or "", network.default_language)


def category_choices(network: Network) -> list[tuple[str, str]]:
    """(public id, name) of the network's categories, in their order: one query."""
    return [
        (str(category.public_id), category_name(category, network))
        for category in ForumCategory.objects.filter(network=network).only("public_id", "names", "position")
    ]


def banned_person(network: Network, public_id: object) -> User:
    """A person banned in this network at some time (whose ban a moderator may lift); else 404."""
    banned = ForumBan.objects.filter(network=network).values("user_id")
    return get_by_public_id(User.objects.filter(pk__in=banned), public_id)


def report_by(user: Any, post: Post) -> PostReport | None:
    """The person's report of the post, if they made one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return PostReport.objects.filter(post=post, reported_by=user).first()


# --- the queue ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLine:
    reporter: str
    reason: str
    reported_at: datetime


@dataclass(frozen=True)
class ReportedPost:
    """A post with open reports, as the queue shows it: where it is, who wrote it, what readers said."""

    public_id: UUID
    thread_public_id: UUID
    thread_title: str
    thread_locked: bool
    category: str
    author: str
    author_public_id: UUID | None
    author_banned_until: datetime | None
    organisation: str
    excerpt: str
    written_at: datetime
    reports: tuple[ReportLine, ...]


def _open_reports() -> Q:
    return Q(reports__outcome=ReportOutcome.OPEN)


def _reported_posts(network: Network) -> QuerySet[Post]:
    """Posts of the network with open reports, the longest waiting first."""
    return (
        Post.objects.filter(thread__network=network)
        .annotate(open_count=Count("reports", filter=_open_reports()))
        .filter(open_count__gt=0)
        .annotate(first_reported=Min("reports__reported_at", filter=_open_reports()))
        .select_related("thread__category", "author", "organisation")
        .order_by("first_reported", "pk")
    )


def _bans_of(network: Network, user_ids: set[int]) -> dict[int, datetime]:
    if not user_ids:
        return {}
    running = ForumBan.objects.filter(network=network, user_id__in=user_ids, until__gt=timezone.now())
    ends: dict[int, datetime] = {}
    for user_id, until in running.values_list("user_id", "until"):
        ends[user_id] = max(until, ends.get(user_id, until))
    return ends


def reported_posts_page(network: Network, number: PageNumber = 1) -> tuple[Page, list[ReportedPost]]:
    """One page of the moderation queue: four queries whatever its length."""
    open_reports = PostReport.objects.filter(outcome=ReportOutcome.OPEN).select_related("reported_by")
    posts = _reported_posts(network).prefetch_related(
        Prefetch("reports", queryset=open_reports.order_by("reported_at", "pk"), to_attr="open_reports")
    )
    page = Paginator(posts, QUEUE_PAGE_SIZE).get_page(number)
    rows: list[Post] = list(page.object_list)
    bans = _bans_of(network, {post.author_id for post in rows if post.author_id is not None})
    return page, [_reported_post(post, network, bans) for post in rows]


def _reported_post(post: Post, network: Network, bans: dict[int, datetime]) -> ReportedPost:
    thread = post.thread
    return ReportedPost(
        public_id=post.public_id,
        thread_public_id=thread.public_id,
        thread_title=thread.title,
        thread_locked=thread.locked_at is not None,
        category=category_name(thread.category, network),
        author=post.author.display_name if post.author is not None else "",
        author_public_id=post.author.public_id if post.author is not None else None,
        author_banned_until=bans.get(post.author_id) if post.author_id is not None else None,
        organisation=post.organisation.name if post.organisation is not None else "",
        excerpt=Truncator(post.body).chars(EXCERPT_CHARS),
        written_at=post.created_at,
        reports=tuple(
            ReportLine(
                reporter=report.reported_by.display_name if report.reported_by is not None else "",
                reason=report.reason,
                reported_at=report.reported_at,
            )
            for report in getattr(post, "open_reports", ())
        ),
    )


def open_report_count(network: Network) -> int:
    """How many posts wait for a moderator (a badge beside the queue's tab or link)."""
    return _reported_posts(network).count()


# --- bans -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BanRow:
    person: str
    person_email: str
    person_public_id: UUID
    until: datetime
    reason: str
    banned_by: str
    banned_at: datetime


def running_bans_page(network: Network, number: PageNumber = 1) -> tuple[Page, list[BanRow]]:
    """The running bans of the network, the soonest to end first: two queries."""
    bans = (
        ForumBan.objects.filter(network=network, until__gt=timezone.now())
        .select_related("user", "banned_by")
        .order_by("until", "pk")
    )
    page = Paginator(bans, BANS_PAGE_SIZE).get_page(number)
    rows = [
        BanRow(
            person=ban.user.display_name,
            person_email=ban.user.email,
            person_public_id=ban.user.public_id,
            until=ban.until,
            reason=ban.reason,
            banned_by=ban.banned_by.display_name if ban.banned_by is not None else "",
            banned_at=ban.banned_at,
        )
        for ban in page.object_list
    ]
    return page, rows
