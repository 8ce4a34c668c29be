"""Moderation pages: who may see and do what (the network's coordinators; reporting for every reader),
the queue and its bounded queries, the actions as POSTs with CSRF, bad input answered on the form,
the includes the forum's thread page shows, and editing someone else's post refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumBan, ForumCategory, Post, PostReport, ReportOutcome, Thread
from opencaf.community.tests.forum_factories import forum_member, make_category, make_post, make_thread
from opencaf.community.tests.test_moderation import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina(world: World) -> User:
    """A member of another organisation of the same network."""
    return forum_member(world.network, email="nina@example.org", full_name="Nina Neighbour")


@pytest.fixture
def category(world: World) -> ForumCategory:
    return make_category(world.network)


@pytest.fixture
def thread(world: World, category: ForumCategory) -> Thread:
    # Started yesterday: Alice's first post counts in no posting limit today.
    return make_thread(category, world.alice, title="Alice asks about consensus", at=timezone.now() - timedelta(days=1))


@pytest.fixture
def post(thread: Thread, nina: User) -> Post:
    return make_post(thread, nina, "Nina's advertisement")


def _url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"network_id": world.network.public_id, **kwargs})


def _outsiders(world: World, nina: User) -> list[User]:
    # a member of the network's organisation, of another one in the network, of another network, and
    # another network's coordinator, someone of no organisation
    return [world.alice, nina, world.bob, world.dave, world.charlie]


# --- who may see what ------------------------------------------------------------------------------------


def test_coordinator_pages_permission_matrix(world: World, nina: User, thread: Thread, post: Post) -> None:
    ForumBan.objects.create(network=world.network, user=nina, until=timezone.now() + timedelta(days=1), reason="x")
    pages = [
        _url("moderation", world),
        _url("moderation_bans", world),
        _url("moderation_hide", world, post_id=post.public_id),
        _url("moderation_ban", world, post_id=post.public_id),
        _url("moderation_move", world, thread_id=thread.public_id),
    ]
    for url in pages:
        assert client_for(world.carol).get(url).status_code == 200, url
        for outsider in _outsiders(world, nina):
            assert client_for(outsider).get(url).status_code == 404, (url, outsider)
            response = client_for(outsider).post(url, {"reason": "x", "duration": "1"})
            assert response.status_code in (404, 405), (url, outsider)  # the lists take no POST
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_actions_permission_matrix(world: World, nina: User, thread: Thread, post: Post) -> None:
    make_report(post, world.alice)
    ForumBan.objects.create(network=world.network, user=nina, until=timezone.now() + timedelta(days=1), reason="x")
    actions = [
        _url("moderation_unhide", world, post_id=post.public_id),
        _url("moderation_dismiss", world, post_id=post.public_id),
        _url("moderation_lift_ban", world, user_id=nina.public_id),
        *(_url(f"moderation_{verb}", world, thread_id=thread.public_id) for verb in ("lock", "unlock", "pin", "unpin")),
    ]
    for url in actions:
        for outsider in _outsiders(world, nina):
            assert client_for(outsider).post(url).status_code == 404, (url, outsider)
        assert client_for(None).post(url).status_code == 302
        assert client_for(world.carol).get(url).status_code == 405  # POST only
    thread.refresh_from_db()
    assert thread.locked_at is None and not thread.pinned
    assert PostReport.objects.get().outcome == ReportOutcome.OPEN
    assert ForumBan.objects.filter(until__gt=timezone.now()).count() == 1
    assert not AuditEvent.objects.exists()


def test_report_page_is_for_every_reader(world: World, nina: User, post: Post) -> None:
    url = _url("moderation_report", world, post_id=post.public_id)
    for reader in (world.alice, world.carol, nina):  # nina is the author: she may see it, not report
        assert client_for(reader).get(url).status_code == 200
    for outsider in (world.bob, world.dave, world.charlie):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"reason": "Spam"}).status_code == 404
    assert client_for(None).get(url).status_code == 302
    theirs = make_thread(make_category(world.other_network), world.bob).posts.get()
    assert client_for(world.alice).get(_url("moderation_report", world, post_id=theirs.public_id)).status_code == 404
    assert not PostReport.objects.exists()


# --- reporting --------------------------------------------------------------------------------------------


def test_a_reader_reports_a_post_and_cannot_report_it_twice(world: World, thread: Thread, post: Post) -> None:
    client = client_for(world.alice)
    url = _url("moderation_report", world, post_id=post.public_id)
    response = client.post(url, {"reason": "Advertising"})
    assert response.status_code == 302 and response["Location"] == _url("post", world, post_id=post.public_id)
    report = PostReport.objects.get()
    assert report.reported_by == world.alice and report.reason == "Advertising"
    again = client.post(url, {"reason": "Still advertising"})
    assert again.status_code == 422 and PostReport.objects.count() == 1
    with translation.override(world.alice.language):  # pages follow the person's language
        expected = escape(gettext("You have already reported this post. The coordinators will look at it."))
    assert expected in again.content.decode()
    assert 'name="reason"' not in client.get(url).content.decode()  # the page says it was reported


def test_bad_reports_get_a_message_on_the_form(world: World, thread: Thread, post: Post, nina: User) -> None:
    url = _url("moderation_report", world, post_id=post.public_id)
    empty = client_for(world.alice).post(url, {"reason": "  "})
    page = empty.content.decode()
    assert empty.status_code == 422 and "data-error-summary" in page and 'href="#id_reason"' in page
    own = client_for(nina).post(url, {"reason": "Mine"})
    assert own.status_code == 422
    with translation.override(nina.language):
        assert escape(gettext("You cannot report your own post.")) in own.content.decode()
    assert not PostReport.objects.exists()


# --- the queue --------------------------------------------------------------------------------------------


def _reported(world: World, category: ForumCategory, count: int) -> list[Post]:
    posts = []
    for number in range(count):
        author = forum_member(world.network, email=f"author{number}@example.org", full_name=f"Author {number}")
        thread = make_thread(category, author, title=f"Thread {number}")
        posted = make_post(thread, author, f"Reported text {number}")
        make_report(posted, world.alice, f"Reason {number}")
        make_report(posted, world.carol, f"Second reason {number}")
        posts.append(posted)
    return posts


@pytest.mark.parametrize("count", [2, 20])
def test_the_queue_shows_reported_posts_in_bounded_queries(
    world: World, category: ForumCategory, count: int, django_assert_max_num_queries: Any
) -> None:
    posts = _reported(world, category, count)
    banned = posts[0].author
    assert banned is not None
    ForumBan.objects.create(network=world.network, user=banned, until=timezone.now() + timedelta(days=1), reason="x")
    client = client_for(world.carol)
    client.get(_url("moderation", world))  # warm the session
    # the person, their networks and memberships (the navigation), then a count, the page of posts,
    # their open reports, their authors' bans
    with django_assert_max_num_queries(7):
        response = client.get(_url("moderation", world))
    page = response.content.decode()
    assert response.status_code == 200
    for posted in posts:
        assert f'id="post-{posted.public_id}"' in page
    assert "Reported text 0" in page and "Second reason 1" in page and "Thread 1" in page
    assert _url("post", world, post_id=posts[0].public_id) in page


def test_hide_and_dismiss_from_the_queue(world: World, category: ForumCategory) -> None:
    first, second = _reported(world, category, 2)
    client = client_for(world.carol)
    queue = _url("moderation", world)
    hidden = client.post(
        _url("moderation_hide", world, post_id=first.public_id), {"reason": "Advertising", "next": queue}
    )
    assert hidden.status_code == 302 and hidden["Location"] == queue
    dismissed = client.post(_url("moderation_dismiss", world, post_id=second.public_id))
    assert dismissed.status_code == 302 and dismissed["Location"] == queue
    first.refresh_from_db()
    assert first.hidden_reason == "Advertising"
    assert set(PostReport.objects.filter(post=first).values_list("outcome", flat=True)) == {ReportOutcome.HIDDEN}
    assert set(PostReport.objects.filter(post=second).values_list("outcome", flat=True)) == {ReportOutcome.DISMISSED}
    page = client.get(queue).content.decode()
    assert f"post-{first.public_id}" not in page and f"post-{second.public_id}" not in page
    again = client.post(_url("moderation_dismiss", world, post_id=second.public_id), follow=True)
    with translation.override(world.carol.language):
        assert escape(gettext("This post has no open reports.")) in again.content.decode()


def test_hiding_without_a_reason_is_answered_on_the_form(world: World, post: Post) -> None:
    response = client_for(world.carol).post(_url("moderation_hide", world, post_id=post.public_id), {"reason": " "})
    assert response.status_code == 422 and "data-error-summary" in response.content.decode()
    post.refresh_from_db()
    assert post.hidden_at is None


def test_an_outside_next_address_is_ignored(world: World, thread: Thread, post: Post) -> None:
    response = client_for(world.carol).post(
        _url("moderation_lock", world, thread_id=thread.public_id), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == _url("thread", world, thread_id=thread.public_id)


def test_actions_need_the_csrf_token(world: World, thread: Thread) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.carol)
    assert client.post(_url("moderation_lock", world, thread_id=thread.public_id)).status_code == 403
    thread.refresh_from_db()
    assert thread.locked_at is None


# --- threads ----------------------------------------------------------------------------------------------


def test_lock_pin_and_move_a_thread(world: World, thread: Thread, category: ForumCategory) -> None:
    client = client_for(world.carol)
    for verb in ("lock", "pin"):
        assert client.post(_url(f"moderation_{verb}", world, thread_id=thread.public_id)).status_code == 302
    thread.refresh_from_db()
    assert thread.locked_at is not None and thread.pinned
    surveys = make_category(world.network, "Surveys")
    move = _url("moderation_move", world, thread_id=thread.public_id)
    page = client.get(move).content.decode()
    assert f'value="{surveys.public_id}"' in page and "Surveys" in page
    theirs = make_category(world.other_network, "Bob's category")
    assert client.post(move, {"category": str(theirs.public_id)}).status_code == 404
    assert client.post(move, {"category": "not-an-id"}).status_code == 404
    assert client.post(move, {}).status_code == 422
    same = client.post(move, {"category": str(category.public_id)})
    assert same.status_code == 422 and "data-error-summary" in same.content.decode()
    assert client.post(move, {"category": str(surveys.public_id)}).status_code == 302
    thread.refresh_from_db()
    assert thread.category == surveys
    queue = _url("moderation", world)
    twice = client.post(_url("moderation_lock", world, thread_id=thread.public_id), {"next": queue}, follow=True)
    with translation.override(world.carol.language):
        assert escape(gettext("This thread is already locked.")) in twice.content.decode()


# --- bans -------------------------------------------------------------------------------------------------


def test_ban_an_author_list_and_lift(world: World, post: Post, nina: User) -> None:
    client = client_for(world.carol)
    url = _url("moderation_ban", world, post_id=post.public_id)
    before = timezone.now()
    response = client.post(url, {"duration": "7", "reason": "Advertising"})
    assert response.status_code == 302 and response["Location"] == _url("moderation_bans", world)
    ban = ForumBan.objects.get()
    assert ban.user == nina and timedelta(days=7) <= ban.until - before < timedelta(days=7, minutes=1)
    listing = client.get(_url("moderation_bans", world)).content.decode()
    assert nina.email in listing and "Advertising" in listing
    assert _url("moderation_lift_ban", world, user_id=nina.public_id) in listing
    assert client.post(_url("moderation_lift_ban", world, user_id=nina.public_id)).status_code == 302
    assert not ForumBan.objects.filter(until__gt=timezone.now()).exists()
    assert nina.email not in client.get(_url("moderation_bans", world)).content.decode()
    stranger = _url("moderation_lift_ban", world, user_id=world.bob.public_id)  # never banned here
    assert client.post(stranger).status_code == 404


def test_ban_until_a_date_and_bad_input(world: World, thread: Thread, post: Post) -> None:
    client = client_for(world.carol)
    url = _url("moderation_ban", world, post_id=post.public_id)
    today = timezone.localdate()
    for data in (
        {"duration": "date", "reason": "Spam"},  # no date
        {"duration": "date", "until_date": today.isoformat(), "reason": "Spam"},  # not after today
        {"duration": "7", "reason": ""},
        {"duration": "forever", "reason": "Spam"},
    ):
        response = client.post(url, data)
        assert response.status_code == 422 and "data-error-summary" in response.content.decode(), data
    coordinators_post = make_post(thread, world.carol, "A coordinator's post")
    refused = client.post(
        _url("moderation_ban", world, post_id=coordinators_post.public_id), {"duration": "1", "reason": "x"}
    )
    assert refused.status_code == 422
    assert not ForumBan.objects.exists()
    day = today + timedelta(days=10)
    assert client.post(url, {"duration": "date", "until_date": day.isoformat(), "reason": "Spam"}).status_code == 302
    until = timezone.localtime(ForumBan.objects.get().until)
    assert until.date() == day and until.hour == 0 and until.minute == 0


@pytest.mark.parametrize("count", [2, 20])
def test_bans_page_runs_bounded_queries(world: World, count: int, django_assert_max_num_queries: Any) -> None:
    for number in range(count):
        person = forum_member(world.network, email=f"banned{number}@example.org", full_name=f"Banned {number}")
        ForumBan.objects.create(
            network=world.network,
            user=person,
            until=timezone.now() + timedelta(days=1),
            reason="x",
            banned_by=world.carol,
        )
    client = client_for(world.carol)
    client.get(_url("moderation_bans", world))
    with django_assert_max_num_queries(5):  # the person, the navigation's two, a count, the page of bans
        page = client.get(_url("moderation_bans", world)).content.decode()
    assert all(f"banned{number}@example.org" in page for number in range(count))


# --- editing and posting limits ---------------------------------------------------------------------


def test_editing_someone_elses_post_is_refused(world: World, post: Post, nina: User) -> None:
    url = _url("post_edit", world, post_id=post.public_id)
    for someone in (world.alice, world.carol):
        assert client_for(someone).get(url).status_code in (403, 404)
        assert client_for(someone).post(url, {"body": "Changed by someone else"}).status_code in (403, 404)
    for outsider in (world.bob, world.dave):
        assert client_for(outsider).post(url, {"body": "Changed by an outsider"}).status_code == 404
    post.refresh_from_db()
    assert post.body == "Nina's advertisement"


# --- the guard on the forum's pages -----------------------------------------------------------------


def _guard_message(user: User, world: World) -> str:
    from django.core.exceptions import ValidationError

    from opencaf.community.services.forum_guard import refuse_if_barred

    try:
        refuse_if_barred(user, world.network)
    except ValidationError as error:
        return escape(error.messages[0])
    raise AssertionError("not refused")


def test_rapid_posting_is_answered_with_a_clear_message(world: World, thread: Thread) -> None:
    client = client_for(world.alice)
    url = _url("thread_reply", world, thread_id=thread.public_id)
    for number in range(5):
        assert client.post(url, {"body": f"Reply number {number}"}).status_code == 302
    response = client.post(url, {"body": "One reply too many"})
    assert response.status_code == 422
    with translation.override(world.alice.language):  # pages follow the person's language
        assert _guard_message(world.alice, world) in response.content.decode()
    assert not Post.objects.filter(body="One reply too many").exists()


def test_a_banned_person_is_told_until_when_and_why(world: World, thread: Thread, post: Post, nina: User) -> None:
    client_for(world.carol).post(
        _url("moderation_ban", world, post_id=post.public_id), {"duration": "1", "reason": "Spam"}
    )
    response = client_for(nina).post(_url("thread_reply", world, thread_id=thread.public_id), {"body": "Buy now"})
    assert response.status_code == 422
    with translation.override(nina.language):
        message = _guard_message(nina, world)
    assert "Spam" in message and message in response.content.decode()
    assert not Post.objects.filter(body="Buy now").exists()
