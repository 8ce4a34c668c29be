"""Reads of forum subscriptions and notifications: a person's subscriptions in a network, the threads and
categories they follow or may follow, the addresses e-mails link to, and the signed stop links.

Stop links (in every notification e-mail) let a person stop the notifications of one thread, or of the
category they follow it through, without signing in. The link carries the person's and the thread's
(or category's) public ids, signed with the site's secret and a salt of its own; it does not expire
(an old e-mail must still be able to stop the mail) and only ever stops mail to the person it was sent
to. Following the thread again later makes an old link work again: it is theirs, and it only stops.

A digest's link (its `List-Unsubscribe` header, RFC 8058 one-click) stops at once every subscription the
digest came through: it carries the person's public id and those subscriptions' ids, signed with a salt
of its own, and does not expire either. It is tied to those subscriptions: following again later makes
a new one, which an old digest's link does not stop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.urls import reverse

from opencaf.accounts.models import User
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Post, Thread
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network

STOP_SALT = "opencaf.community.forum-stop"
DIGEST_STOP_SALT = "opencaf.community.forum-digest-stop"
THREADS_PER_PAGE = 50


# --- what a person follows ------------------------------------------------------------------------------


def thread_in(network: Network, thread_id: object) -> Thread:
    """A thread of the network's forum; 404 for anything else."""
    return get_by_public_id(Thread.objects.filter(network=network), thread_id)


def category_in(network: Network, category_id: object) -> ForumCategory:
    """A category of the network's forum; 404 for anything else."""
    return get_by_public_id(ForumCategory.objects.filter(network=network), category_id)


def subscription_for(
    user: Any, *, thread: Thread | None = None, category: ForumCategory | None = None
) -> ForumSubscription | None:
    """The person's subscription to the thread or category, for the follow buttons of its page."""
    if not getattr(user, "is_authenticated", False):
        return None
    if thread is not None:
        return ForumSubscription.objects.filter(user=user, thread=thread).first()
    return ForumSubscription.objects.filter(user=user, category=category).first()


def category_name(category: ForumCategory, language: str, fallback: str = "") -> str:
    """The category's name in `language`, else in `fallback` (the network's language), else any."""
    names: dict[str, str] = category.names or {}
    return names.get(language) or names.get(fallback) or next(iter(names.values()), "")


@dataclass(frozen=True)
class FollowedThread:
    subscription: ForumSubscription
    thread: Thread
    category_name: str

    @property
    def mode_label(self) -> str:
        return str(NotificationMode(self.subscription.mode).label)


@dataclass(frozen=True)
class FollowedCategory:
    subscription: ForumSubscription
    category: ForumCategory
    name: str

    @property
    def mode_label(self) -> str:
        return str(NotificationMode(self.subscription.mode).label)


@dataclass(frozen=True)
class SubscriptionsPage:
    categories: list[FollowedCategory]
    threads: list[FollowedThread]
    page: Page[ForumSubscription]


def subscriptions_page(user: User, network: Network, language: str, page_number: str | None) -> SubscriptionsPage:
    """The person's subscriptions in the network's forum: the categories, then a page of the threads
    (newest activity first). Three queries whatever their number: categories, count, threads."""
    fallback = network.default_language
    category_subscriptions = (
        ForumSubscription.objects.filter(user=user, category__network=network)
        .select_related("category")
        .order_by("category__position", "category__pk")
    )
    categories = [
        FollowedCategory(subscription, category, category_name(category, language, fallback))
        for subscription in category_subscriptions
        if (category := subscription.category) is not None
    ]
    thread_subscriptions = (
        ForumSubscription.objects.filter(user=user, thread__network=network)
        .select_related("thread__category")
        .order_by("-thread__last_post_at", "-pk")
    )
    page = Paginator(thread_subscriptions, THREADS_PER_PAGE).get_page(page_number)
    threads = [
        FollowedThread(subscription, thread, category_name(thread.category, language, fallback))
        for subscription in page.object_list
        if (thread := subscription.thread) is not None
    ]
    return SubscriptionsPage(categories=categories, threads=threads, page=page)


# --- addresses in e-mails -------------------------------------------------------------------------------


def post_url(network: Network, post: Post) -> str:
    """A post's absolute address: the forum's address of the post, which opens its thread at the post."""
    path = reverse("community:post", kwargs={"network_id": network.public_id, "post_id": post.public_id})
    return settings.SITE_URL + path


def subscriptions_url(network: Network) -> str:
    return settings.SITE_URL + reverse("community:forum_subscriptions", kwargs={"network_id": network.public_id})


# --- stop links -----------------------------------------------------------------------------------------


class StopLinkProblem(Exception):
    TAMPERED = "tampered"  # not a link we signed
    UNKNOWN = "unknown"  # the person, the thread or the category no longer exists

    def __init__(self, reason: str, language: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language  # the person's, when the link is genuine


@dataclass(frozen=True)
class StopLink:
    """What a good link stops: the person's notifications of a thread or of a category. `subscription`
    is None when they have stopped them already (the link was used, or they unfollowed)."""

    user: User
    network: Network
    thread: Thread | None
    category: ForumCategory | None
    subscription: ForumSubscription | None

    @property
    def language(self) -> str:
        return self.user.language or self.network.default_language


def make_stop_token(user: User, *, thread: Thread | None = None, category: ForumCategory | None = None) -> str:
    if thread is not None:
        payload = {"u": str(user.public_id), "t": str(thread.public_id)}
    elif category is not None:
        payload = {"u": str(user.public_id), "c": str(category.public_id)}
    else:
        raise ValueError("a stop link is for a thread or a category")
    # No timestamp: the link does not expire, and is shorter without one.
    return signing.Signer(salt=STOP_SALT).sign_object(payload, compress=True)


def stop_url(user: User, *, thread: Thread | None = None, category: ForumCategory | None = None) -> str:
    token = make_stop_token(user, thread=thread, category=category)
    return settings.SITE_URL + reverse("community:stop_forum_mail", kwargs={"token": token})


def _one[T](queryset: Any, public_id: str) -> T | None:
    try:
        found: T | None = queryset.filter(public_id=public_id).first()
    except ValidationError:  # not a UUID: only a payload signed by mistake could say so
        return None
    return found


def read_stop_token(token: str) -> StopLink:
    """What the link stops, or StopLinkProblem saying why it stops nothing."""
    try:
        raw: Any = signing.Signer(salt=STOP_SALT).unsign_object(token)
        user_id, thread_id, category_id = str(raw["u"]), raw.get("t"), raw.get("c")
    except (signing.BadSignature, KeyError, TypeError, AttributeError):
        raise StopLinkProblem(StopLinkProblem.TAMPERED) from None
    user: User | None = _one(User.objects.all(), user_id)
    thread: Thread | None = None
    category: ForumCategory | None = None
    if thread_id is not None:
        thread = _one(Thread.objects.select_related("network", "category"), str(thread_id))
    elif category_id is not None:
        category = _one(ForumCategory.objects.select_related("network"), str(category_id))
    target = thread or category
    if user is None or target is None:
        raise StopLinkProblem(StopLinkProblem.UNKNOWN, user.language if user is not None else "")
    subscriptions = ForumSubscription.objects.filter(user=user)
    if thread is not None:
        subscription = subscriptions.filter(thread=thread).first()
    else:
        subscription = subscriptions.filter(category=category).first()
    return StopLink(user=user, network=target.network, thread=thread, category=category, subscription=subscription)


# --- a digest's link: every subscription it came through ---------------------------------------------------


@dataclass(frozen=True)
class DigestStopLink:
    """What a good digest link stops: the person's subscriptions it names that still exist (none when
    they are all stopped already), each with its thread or category and network."""

    user: User
    subscriptions: list[ForumSubscription]

    @property
    def networks(self) -> list[Network]:
        found: dict[int, Network] = {}
        for subscription in self.subscriptions:
            target = subscription.thread or subscription.category
            if target is not None:
                found.setdefault(target.network_id, target.network)
        return list(found.values())

    @property
    def language(self) -> str:
        networks = self.networks
        return self.user.language or (networks[0].default_language if networks else "")


def make_digest_stop_token(user: User, subscriptions: Iterable[ForumSubscription]) -> str:
    ids = sorted({subscription.pk for subscription in subscriptions if subscription.user_id == user.pk})
    if not ids:
        raise ValueError("a digest's stop link is for at least one of the person's subscriptions")
    return signing.Signer(salt=DIGEST_STOP_SALT).sign_object({"u": str(user.public_id), "s": ids}, compress=True)


def digest_stop_url(user: User, subscriptions: Iterable[ForumSubscription]) -> str:
    token = make_digest_stop_token(user, subscriptions)
    return settings.SITE_URL + reverse("community:stop_forum_digest", kwargs={"token": token})


def read_digest_stop_token(token: str) -> DigestStopLink:
    """What the digest's link stops, or StopLinkProblem saying why it stops nothing."""
    try:
        raw: Any = signing.Signer(salt=DIGEST_STOP_SALT).unsign_object(token)
        user_id = str(raw["u"])
        ids = [int(value) for value in raw["s"]]
    except (signing.BadSignature, KeyError, TypeError, AttributeError, ValueError):
        raise StopLinkProblem(StopLinkProblem.TAMPERED) from None
    user: User | None = _one(User.objects.all(), user_id)
    if user is None:
        raise StopLinkProblem(StopLinkProblem.UNKNOWN)
    subscriptions = (
        ForumSubscription.objects.filter(user=user, pk__in=ids)
        .select_related("thread__network", "category__network")
        .order_by("pk")
    )
    return DigestStopLink(user=user, subscriptions=list(subscriptions))
