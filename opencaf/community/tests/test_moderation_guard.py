"""Who may post now (`services.forum_guard`): a running ban refuses with its end and reason, rapid
posting is refused with when the person may post again, coordinators are never limited, and the
forum's own writes go through the guard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from opencaf.community.models import ForumBan, Post, Thread
from opencaf.community.services import forum
from opencaf.community.services.forum_guard import (
    DEFAULT_POST_LIMITS,
    PostLimit,
    next_post_allowed_at,
    post_limits,
    refuse_if_barred,
)
from opencaf.community.tests.forum_factories import make_category, make_post, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(world: World) -> Thread:
    return make_thread(make_category(world.network), world.carol, at=timezone.now() - timedelta(days=2))


def _posts(thread: Thread, author: Any, ages: list[timedelta]) -> None:
    now = timezone.now()
    for age in ages:
        make_post(thread, author, "Another post.", at=now - age)


def _refusal(user: Any, network: Any) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        refuse_if_barred(user, network)
    return refused.value


def test_a_running_ban_refuses_with_its_end_and_reason(world: World) -> None:
    until = timezone.now() + timedelta(days=3)
    ForumBan.objects.create(network=world.network, user=world.alice, until=until, reason="Spam", banned_by=world.carol)
    with translation.override("sl"):
        error = _refusal(world.alice, world.network)
        when = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
        assert error.messages == [
            gettext("You may not post until %(until)s: %(reason)s") % {"until": when, "reason": "Spam"}
        ]
    assert error.code == "banned"
    refuse_if_barred(world.alice, world.other_network)  # a ban is per network
    refuse_if_barred(world.bob, world.network)
    ForumBan.objects.update(until=timezone.now() - timedelta(seconds=1))  # ended
    refuse_if_barred(world.alice, world.network)


def test_rapid_posting_is_refused_with_when_to_post_again(world: World, thread: Thread) -> None:
    _posts(thread, world.alice, [timedelta(seconds=s) for s in (5, 10, 15, 20)])
    refuse_if_barred(world.alice, world.network)  # four in the last minute: fine
    _posts(thread, world.alice, [timedelta(seconds=50)])
    error = _refusal(world.alice, world.network)
    assert error.code == "rate_limited"
    # The oldest of the five, 50 seconds ago, leaves the minute's window in about ten seconds.
    allowed_at = Post.objects.filter(author=world.alice).order_by("created_at").first()
    assert allowed_at is not None
    when = formats.date_format(timezone.localtime(allowed_at.created_at + timedelta(minutes=1)), "DATETIME_FORMAT")
    assert when in error.messages[0] and "1" in error.messages[0]
    with translation.override("sl"):
        assert _refusal(world.alice, world.network).messages[0] != error.messages[0]  # in the reader's language
    refuse_if_barred(world.alice, world.other_network)  # counted per network
    refuse_if_barred(world.carol, world.network)


def test_the_hourly_window_counts_too(world: World, thread: Thread) -> None:
    posts, seconds = DEFAULT_POST_LIMITS[1]
    _posts(thread, world.alice, [timedelta(seconds=90 + i * 60) for i in range(posts)])
    assert _refusal(world.alice, world.network).code == "rate_limited"
    Post.objects.filter(author=world.alice).update(created_at=timezone.now() - timedelta(seconds=seconds + 5))
    refuse_if_barred(world.alice, world.network)


def test_coordinators_are_not_limited(world: World, thread: Thread) -> None:
    _posts(thread, world.carol, [timedelta(seconds=s) for s in range(1, 40)])
    refuse_if_barred(world.carol, world.network)


def test_limits_come_from_the_settings(world: World, thread: Thread, settings: Any) -> None:
    settings.FORUM_POST_LIMITS = [(1, 600)]
    assert post_limits() == (PostLimit(1, timedelta(minutes=10)),)
    refuse_if_barred(world.alice, world.network)
    _posts(thread, world.alice, [timedelta(minutes=9)])
    assert _refusal(world.alice, world.network).code == "rate_limited"
    settings.FORUM_POST_LIMITS = []  # no limits at all
    refuse_if_barred(world.alice, world.network)
    settings.FORUM_POST_LIMITS = [(0, 60)]
    with pytest.raises(ValueError):
        post_limits()


def test_the_forums_writes_are_refused_by_the_guard(world: World, thread: Thread) -> None:
    for number in range(DEFAULT_POST_LIMITS[0][0]):
        forum.reply(actor=world.alice, thread=thread, body=f"Reply {number}")
    with pytest.raises(ValidationError) as refused:
        forum.reply(actor=world.alice, thread=thread, body="One too many")
    assert refused.value.code == "rate_limited"
    assert not Post.objects.filter(body="One too many").exists()
    ForumBan.objects.create(network=world.network, user=world.bob, until=timezone.now() + timedelta(days=1), reason="x")
    ForumBan.objects.create(
        network=world.network, user=world.alice, until=timezone.now() + timedelta(days=1), reason="Spam"
    )
    Post.objects.filter(author=world.alice).update(created_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        forum.start_thread(actor=world.alice, category=thread.category, title="New", body="Text")
    assert not Thread.objects.filter(title="New").exists()


# --- the pure rule --------------------------------------------------------------------------------------

NOW = datetime(2027, 3, 14, 10, 0, tzinfo=UTC)
limits_strategy = st.lists(
    st.builds(PostLimit, st.integers(1, 6), st.integers(1, 7200).map(lambda s: timedelta(seconds=s))),
    min_size=1,
    max_size=3,
)
ages_strategy = st.lists(st.integers(0, 10_000), max_size=12)


def _inside(recent: list[datetime], limit: PostLimit, moment: datetime) -> int:
    return sum(1 for time in recent if time > moment - limit.window)


@given(limits=limits_strategy, ages=ages_strategy)
def test_next_post_allowed_at_frees_exactly_one_window(limits: list[PostLimit], ages: list[int]) -> None:
    recent = sorted((NOW - timedelta(seconds=age) for age in ages), reverse=True)
    allowed_at = next_post_allowed_at(recent, limits, NOW)
    full_now = [limit for limit in limits if _inside(recent, limit, NOW) >= limit.posts]
    if allowed_at is None:
        assert not full_now
    else:
        assert full_now and allowed_at > NOW
        # At that moment every window has room again, and a moment before it some window was full.
        assert all(_inside(recent, limit, allowed_at) < limit.posts for limit in limits)
        before = allowed_at - timedelta(microseconds=1)
        assert any(_inside(recent, limit, before) >= limit.posts for limit in limits)
