"""Forum rows for the notifications tests, written directly (the forum's services are another part's), so
each test starts from a known state; `write_post` calls the notifications hook as the forum's services
do, inside the post's transaction. No tests here."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Post, Thread
from opencaf.community.services import forum_notifications
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member


def make_category(network: Network, name: str = "CAF implementation", position: int = 0) -> ForumCategory:
    return ForumCategory.objects.create(
        network=network, names={"en": name, "sl": f"{name} (sl)", "bg": f"{name} (bg)"}, position=position
    )


def make_thread(category: ForumCategory, author: User | None, title: str = "How do you run consensus?") -> Thread:
    """A thread without posts (add them with `write_post`)."""
    return Thread.objects.create(category=category, network=category.network, title=title, started_by=author)


def write_post(
    thread: Thread,
    author: User | None,
    body: str = "We score with the classical panel.",
    *,
    organisation: Organisation | None = None,
    created_at: datetime | None = None,
    notify: bool = True,
) -> Post:
    """A visible post at the end of the thread, and (with `notify`) the forum's call of the hook."""
    moment = created_at or timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            thread=thread,
            author=author,
            organisation=organisation,
            body=body,
            body_html=f"<p>{body}</p>",
            created_at=moment,
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=moment)
        if notify:
            forum_notifications.post_created(post)
    return post


def follow(user: User, target: Thread | ForumCategory, mode: str = NotificationMode.IMMEDIATE) -> ForumSubscription:
    if isinstance(target, Thread):
        return ForumSubscription.objects.create(user=user, thread=target, mode=mode)
    return ForumSubscription.objects.create(user=user, category=target, mode=mode)


def member_of_network(
    network: Network, email: str = "nina@example.org", name: str = "Nina Neighbour", language: str = "en"
) -> User:
    """A member (viewer) of another organisation of the same network."""
    user = cast(User, UserFactory(email=email, full_name=name, language=language))
    organisation = cast(Organisation, OrganisationFactory(network=network, name=f"{name} Office ({email})"))
    add_member(organisation, user, "viewer")
    return user
