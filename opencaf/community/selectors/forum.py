"""Reads of a network's forum for one reader (`ForumAccess`): the categories with their activity, a
category's threads with unread markers, a thread's posts, a post's edit history, attachments.

Every object is looked up inside the reader's network: another network's thread is as absent as a
missing one (404). List pages run a fixed number of queries whatever the number of rows: the forum's
overview two (categories with their figures, unread threads by category), a category's threads two
(a count and one page, each with the reader's reading mark), a thread's posts three (a count, one page
with authors and organisations, the page's attachments).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from opencaf.accounts.models import User
from opencaf.community.models import ForumCategory, Post, PostAttachment, PostRevision, Thread, ThreadVisit
from opencaf.community.permissions.forum import ForumAccess
from opencaf.coordination.models import Event, EventState
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network

THREADS_PAGE_SIZE = 25
POSTS_PAGE_SIZE = 20
PageNumber = str | int | None  # as asked for with ?page= (anything else gives the first or the last page)


def category_name(category: ForumCategory, language: str) -> str:
    """The category's name in the reader's language, else the network's, else any."""
    return text_in(category.names, language, category.network.default_language)


def category_description(category: ForumCategory, language: str) -> str:
    # The description in the same language as the name shown, so a line never mixes two languages.
    names = category.names
    code = next((c for c in (language, category.network.default_language, *names) if names.get(c)), "")
    return category.descriptions.get(code, "") if code else ""


def person_name(user: User | None) -> str:
    """How a post's author is shown: as everywhere on the site (their name, else their address); an
    account removed since shows as a former user."""
    return user.display_name if user is not None else _("Former user")


# --- categories ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    category: ForumCategory
    name: str
    description: str
    threads: int
    posts: int
    last_post_at: datetime | None
    unread_threads: int


def _reading_mark(access: ForumAccess) -> Subquery:
    """The reader's reading mark of the outer thread (None when they never opened it)."""
    visits = ThreadVisit.objects.filter(user=access.user, thread=OuterRef("pk")).values("read_up_to")[:1]
    return Subquery(visits)


def _unread(threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """Threads (annotated with `read_up_to`) with a post after the reader's mark, or never opened."""
    return threads.filter(Q(read_up_to__isnull=True) | Q(last_post_at__gt=F("read_up_to")))


def forum_overview(access: ForumAccess, language: str) -> list[CategoryRow]:
    """The network's categories in their order, with their figures: two queries."""
    categories = (
        ForumCategory.objects.filter(network=access.network)
        .annotate(
            thread_count=Count("threads"), post_total=Sum("threads__post_count"), newest=Max("threads__last_post_at")
        )
        .order_by("position", "pk")
    )
    threads = Thread.objects.filter(network=access.network).annotate(read_up_to=_reading_mark(access))
    unread = dict(_unread(threads).values("category").annotate(count=Count("pk")).values_list("category", "count"))
    rows = []
    for category in categories:
        category.network = access.network  # one network for all: no query per row for its language
        rows.append(
            CategoryRow(
                category=category,
                name=category_name(category, language),
                description=category_description(category, language),
                threads=category.thread_count,
                posts=category.post_total or 0,
                last_post_at=category.newest,
                unread_threads=unread.get(category.pk, 0),
            )
        )
    return rows


def get_category(access: ForumAccess, public_id: object) -> ForumCategory:
    category = get_by_public_id(ForumCategory.objects.filter(network=access.network), public_id)
    category.network = access.network
    return category


def category_choices(network: Network, language: str) -> list[tuple[UUID, str]]:
    """(public id, name) of the network's categories in their order: one query."""
    categories = list(ForumCategory.objects.filter(network=network).order_by("position", "pk"))
    for category in categories:
        category.network = network
    return [(category.public_id, category_name(category, language)) for category in categories]


# --- threads ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadRow:
    thread: Thread
    started_by: str
    unread: bool
    # Read before, with newer posts since (rather than never opened): "new posts" rather than "new".
    seen_before: bool


def threads_page(access: ForumAccess, category: ForumCategory, number: PageNumber) -> tuple[Page, list[ThreadRow]]:
    """One page of the category's threads, pinned first, then by newest post: two queries."""
    threads = (
        Thread.objects.filter(category=category)
        .select_related("started_by")
        .annotate(read_up_to=_reading_mark(access))
        .order_by("-pinned", "-last_post_at", "-pk")
    )
    page = Paginator(threads, THREADS_PAGE_SIZE).get_page(number)
    rows = []
    for thread in page.object_list:
        read_up_to = thread.read_up_to  # type: ignore[attr-defined]
        rows.append(
            ThreadRow(
                thread=thread,
                started_by=person_name(thread.started_by),
                unread=read_up_to is None or thread.last_post_at > read_up_to,
                seen_before=read_up_to is not None,
            )
        )
    return page, rows


def get_thread(access: ForumAccess, public_id: object) -> Thread:
    threads = Thread.objects.filter(network=access.network).select_related("category", "event")
    thread = get_by_public_id(threads, public_id)
    thread.network = thread.category.network = access.network
    return thread


def reading_mark(access: ForumAccess, thread: Thread) -> datetime | None:
    """Up to when the reader had read the thread before this visit (None: never opened)."""
    return ThreadVisit.objects.filter(user=access.user, thread=thread).values_list("read_up_to", flat=True).first()


# --- posts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostView:
    """A post as one reader sees it."""

    post: Post
    number: int  # its place in the thread, from 1
    author: str
    organisation: str
    show_text: bool  # False: hidden, and the reader is no moderator (a placeholder is shown)
    is_new: bool  # written after the reader's previous visit, by someone else
    can_edit: bool
    can_quote: bool
    attachments: list[PostAttachment]


def _post_rows(
    access: ForumAccess, thread: Thread, posts: list[Post], first: int, read_before: datetime | None
) -> list[PostView]:
    attachments: dict[int, list[PostAttachment]] = {}
    for attachment in PostAttachment.objects.filter(post__in=posts).order_by("added_at", "pk"):
        attachments.setdefault(attachment.post_id, []).append(attachment)
    return [
        PostView(
            post=post,
            number=first + index,
            author=person_name(post.author),
            organisation=post.organisation.name if post.organisation is not None else "",
            show_text=access.can_read_text(post),
            is_new=post.author_id != access.user.pk
            and access.can_read_text(post)
            and (read_before is None or post.created_at > read_before),
            can_edit=access.can_edit(post, thread),
            can_quote=access.can_quote(post, thread),
            attachments=attachments.get(post.pk, []) if access.can_read_text(post) else [],
        )
        for index, post in enumerate(posts)
    ]


def posts_page(
    access: ForumAccess, thread: Thread, number: PageNumber, read_before: datetime | None
) -> tuple[Page, list[PostView]]:
    """One page of the thread's posts, oldest first, hidden ones included (as placeholders): three queries."""
    posts = Post.objects.filter(thread=thread).select_related("author", "organisation").order_by("created_at", "pk")
    page = Paginator(posts, POSTS_PAGE_SIZE).get_page(number)
    rows = _post_rows(access, thread, list(page.object_list), page.start_index(), read_before)
    return page, rows


def get_post(access: ForumAccess, public_id: object) -> Post:
    posts = Post.objects.filter(thread__network=access.network).select_related(
        "thread", "thread__category", "author", "organisation"
    )
    post = get_by_public_id(posts, public_id)
    post.thread.network = post.thread.category.network = access.network
    return post


def get_readable_post(access: ForumAccess, public_id: object) -> Post:
    """A post whose text the reader may see: a hidden post is not found, but for moderators."""
    post = get_post(access, public_id)
    if not access.can_read_text(post):
        raise Http404
    return post


def page_of(post: Post) -> int:
    """The page of its thread on which the post is shown."""
    before = Post.objects.filter(thread_id=post.thread_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // POSTS_PAGE_SIZE + 1


def revisions_of(post: Post) -> list[PostRevision]:
    """The post's earlier versions, newest first."""
    return list(PostRevision.objects.filter(post=post).select_related("edited_by").order_by("-replaced_at", "-pk"))


def get_attachment(access: ForumAccess, public_id: object) -> PostAttachment:
    """An attachment of a post of the network; a hidden post's are for moderators only."""
    attachments = PostAttachment.objects.filter(post__thread__network=access.network).select_related("post")
    attachment = get_by_public_id(attachments, public_id)
    if not access.can_read_text(attachment.post):
        raise Http404
    return attachment


# --- events ----------------------------------------------------------------------------------------------


def events_without_thread(network: Network) -> QuerySet[Event]:
    """The network's events a coordinator may open a thread for: published (or cancelled: people may
    still have questions), not drafts, and without a thread yet."""
    return (
        Event.objects.filter(network=network, forum_thread__isnull=True)
        .exclude(state=EventState.DRAFT)
        .order_by("-created_at", "pk")
    )
