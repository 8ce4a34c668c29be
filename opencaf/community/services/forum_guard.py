"""Who may write in a network's forum right now (owned by the moderation part): bans and rate limits.

`refuse_if_barred(user, network)` is called by every service that writes a thread, a post or an edit,
before it writes anything; it raises `django.core.exceptions.ValidationError` with a message in the
active language (banned until …; too many posts, wait until …).

Rate limits count the person's posts in the network by `Post.created_at` (hidden posts too: a
spammer whose posts were hidden is still posting). They are windows of `(posts, seconds)` in the
setting `FORUM_POST_LIMITS`; without it, `DEFAULT_POST_LIMITS` (5 a minute, 30 an hour). The network's
coordinators are never limited nor banned: they moderate. Counting reads the database, not the cache,
so every web node sees the same posts and nothing is kept that could drift from them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.community.models import ForumBan, Post
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

# (at most this many posts, within this many seconds)
DEFAULT_POST_LIMITS: tuple[tuple[int, int], ...] = ((5, 60), (30, 60 * 60))


@dataclass(frozen=True)
class PostLimit:
    posts: int
    window: timedelta


def post_limits() -> tuple[PostLimit, ...]:
    """The configured windows; a malformed setting is a configuration error, raised at once."""
    configured: Iterable[Sequence[int]] = getattr(settings, "FORUM_POST_LIMITS", DEFAULT_POST_LIMITS)
    limits = tuple(PostLimit(int(posts), timedelta(seconds=int(seconds))) for posts, seconds in configured)
    if any(limit.posts < 1 or limit.window <= timedelta(0) for limit in limits):
        raise ValueError("FORUM_POST_LIMITS: every window needs at least one post and a positive length.")
    return limits


def next_post_allowed_at(recent: Sequence[datetime], limits: Sequence[PostLimit], now: datetime) -> datetime | None:
    """When the person may post again, or None when they may post now.

    `recent` are the times of their latest posts, newest first (at least as many as the largest
    limit, when there are that many). A window is full when it holds `posts` posts; it frees up when
    the oldest of the latest `posts` posts leaves it. Pure: no database, no clock."""
    allowed_at: datetime | None = None
    for limit in limits:
        if len(recent) < limit.posts:
            continue
        frees_at = recent[limit.posts - 1] + limit.window
        if frees_at > now and (allowed_at is None or frees_at > allowed_at):
            allowed_at = frees_at
    return allowed_at


def running_ban(user: Any, network: Network, now: datetime | None = None) -> ForumBan | None:
    """The person's ban from posting in the network that ends last, if one is running."""
    if not getattr(user, "is_authenticated", False):
        return None
    bans = ForumBan.objects.filter(network=network, user=user, until__gt=now or timezone.now())
    return bans.order_by("-until").first()


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _wait(until: datetime, now: datetime) -> str:
    """How long until then, rounded up to whole minutes ("1 minute", not Django's "0 minutes")."""
    minutes = math.ceil((until - now).total_seconds() / 60)
    if minutes < 60:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    return timeuntil(until, now)


def refuse_if_barred(user: Any, network: Network) -> None:
    """Raise ValidationError when `user` may not post in `network`'s forum now. Three queries at most
    (coordinator?, ban?, latest posts)."""
    if is_coordinator(user, network):
        return
    now = timezone.now()
    ban = running_ban(user, network, now)
    if ban is not None:
        raise ValidationError(
            _("You may not post until %(until)s: %(reason)s") % {"until": _when(ban.until), "reason": ban.reason},
            code="banned",
        )
    limits = post_limits()
    if not limits or not getattr(user, "is_authenticated", False):
        return
    longest = max(limit.window for limit in limits)
    recent = list(
        Post.objects.filter(author=user, thread__network=network, created_at__gt=now - longest)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(limit.posts for limit in limits)]
    )
    allowed_at = next_post_allowed_at(recent, limits, now)
    if allowed_at is not None:
        raise ValidationError(
            _(
                "You have written many posts in a short time. To keep the forum free of spam, you may post "
                "again from %(time)s (in %(wait)s)."
            )
            % {"time": _when(allowed_at), "wait": _wait(allowed_at, now)},
            code="rate_limited",
        )
