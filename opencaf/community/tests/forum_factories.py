"""Test data builders for the forum: rows written directly (no services, so no audit, no guard, no
notifications), so a test of moderation, notifications or a page starts from a known state.

    category = make_category(world.network)
    thread = make_thread(category, world.alice, title="SAG size?")   # with its first post
    reply = make_post(thread, member, "Ten was right for us.")       # counters kept right
    make_attachment(reply)                                           # a small text file
    member = forum_member(world.network)                             # someone of another organisation
    forum = make_forum(world)                                        # all of the above, Alice's
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.community import markdown
from opencaf.community.models import ForumCategory, Post, PostAttachment, PostRevision, Thread
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member


def make_category(
    network: Network,
    name: str = "CAF implementation",
    *,
    names: dict[str, str] | None = None,
    descriptions: dict[str, str] | None = None,
    position: int | None = None,
) -> ForumCategory:
    """A category named `name` in the network's language (or `names` given in full)."""
    if position is None:
        position = ForumCategory.objects.filter(network=network).count()
    return ForumCategory.objects.create(
        network=network,
        names=names if names is not None else {network.default_language: name},
        descriptions=descriptions or {},
        position=position,
    )


def organisation_in(user: User | None, network: Network) -> Organisation | None:
    """The person's organisation in the network (the first by name), as the services record it."""
    if user is None:
        return None
    membership = (
        Membership.objects.filter(user=user, organisation__network=network)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership is not None else None


def make_post(
    thread: Thread,
    author: User | None,
    body: str = "Ten members from all departments worked well for us.",
    *,
    at: datetime | None = None,
    hidden: bool = False,
    hidden_reason: str = "Off topic",
    quoted: Post | None = None,
    edited_from: str | None = None,
) -> Post:
    """A post at the end of the thread (`at`, default now). A visible post counts in the thread's
    `post_count` and moves its `last_post_at`; `edited_from` leaves an earlier version (edit history)."""
    at = at or timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        organisation=organisation_in(author, thread.network),
        body=body,
        body_html=markdown.render(body),
        quoted=quoted,
        created_at=at,
        hidden_at=at if hidden else None,
        hidden_reason=hidden_reason if hidden else "",
    )
    if edited_from is not None:
        PostRevision.objects.create(
            post=post, body=edited_from, edited_by=author, replaced_at=at + timedelta(minutes=5)
        )
        post.edited_at = at + timedelta(minutes=5)
        post.save(update_fields=["edited_at"])
    if not hidden:
        thread.post_count += 1
        thread.last_post_at = max(thread.last_post_at, at)
        thread.save(update_fields=["post_count", "last_post_at"])
    return post


def make_thread(
    category: ForumCategory,
    author: User | None,
    *,
    title: str = "How large should the self-assessment group be?",
    body: str = "We are 68 people. Is a group of ten too large?",
    at: datetime | None = None,
    **fields: object,
) -> Thread:
    """A thread with its first post by `author` (`fields`: pinned, locked_at, event, …)."""
    at = at or timezone.now()
    thread = Thread.objects.create(
        category=category,
        network=category.network,
        title=title,
        started_by=author,
        created_at=at,
        last_post_at=at,
        post_count=0,
        **fields,
    )
    make_post(thread, author, body, at=at)
    return thread


def make_attachment(
    post: Post, name: str = "minutes.txt", content: bytes = b"Minutes of the consensus meeting.\n"
) -> PostAttachment:
    attachment = PostAttachment(post=post, name=name, size=len(content))
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def forum_member(
    network: Network, *, email: str | None = None, full_name: str = "Mia Member", role: str = Role.VIEWER
) -> User:
    """A member of ANOTHER organisation of the network (made for them): reads and posts in its forum."""
    user = UserFactory(full_name=full_name, **({"email": email} if email else {}))
    add_member(OrganisationFactory(network=network), user, role)
    return user


@dataclass
class Forum:
    category: ForumCategory
    thread: Thread  # Alice's, with one post
    post: Post  # its first post, with a file
    attachment: PostAttachment
    member: User  # a member of another organisation of the same network


def make_forum(world: Any) -> Forum:
    """A category of the world's network with Alice's thread "Alice Secret Thread" (one post and its file)
    and a member of another organisation of the network."""
    category = make_category(world.network, "Ankete")
    thread = make_thread(category, world.alice, title="Alice Secret Thread", body="Our response rate was 61 %.")
    post = thread.posts.get()
    return Forum(category, thread, post, make_attachment(post), forum_member(world.network))
