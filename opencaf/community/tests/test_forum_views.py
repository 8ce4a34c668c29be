"""The forum's pages: who may open which, and bounded queries on the lists and the thread page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.community.models import ForumCategory, Post, Thread
from opencaf.community.tests.forum_factories import (
    Forum,
    make_attachment,
    make_category,
    make_forum,
    make_post,
    make_thread,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(world: World, settings: Any) -> Forum:
    settings.FORUM_POST_LIMITS = ()
    return make_forum(world)


def url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"network_id": world.network.public_id, **kwargs})


def reader_pages(world: World, forum: Forum) -> list[str]:
    return [
        url("forum", world),
        url("forum_category", world, category_id=forum.category.public_id),
        url("thread_new", world, category_id=forum.category.public_id),
        url("thread", world, thread_id=forum.thread.public_id),
        url("thread_reply", world, thread_id=forum.thread.public_id),
        url("post_history", world, post_id=forum.post.public_id),
        url("forum_attachment", world, attachment_id=forum.attachment.public_id),
    ]


def coordinator_pages(world: World, forum: Forum) -> list[str]:
    return [
        url("forum_category_new", world),
        url("forum_category_edit", world, category_id=forum.category.public_id),
        url("forum_category_delete", world, category_id=forum.category.public_id),
        url("event_thread_new", world),
    ]


def test_readers_of_the_network_open_the_forum_and_nobody_else(world: World, forum: Forum) -> None:
    for page in reader_pages(world, forum):
        for reader in (world.alice, forum.member, world.carol):
            assert client_for(reader).get(page).status_code == 200, (page, reader)
        for outsider in (world.bob, world.dave, world.charlie):
            assert client_for(outsider).get(page).status_code == 404, (page, outsider)
        response = client_for(None).get(page)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), page
    permalink = url("post", world, post_id=forum.post.public_id)
    for reader in (world.alice, forum.member, world.carol):
        assert client_for(reader).get(permalink).status_code == 302
    for outsider in (world.bob, world.dave, world.charlie):
        assert client_for(outsider).get(permalink).status_code == 404
    assert client_for(None).get(permalink).status_code == 302


def test_coordinator_pages_are_for_the_network_s_coordinators(world: World, forum: Forum) -> None:
    for page in coordinator_pages(world, forum):
        assert client_for(world.carol).get(page).status_code == 200, page
        for other in (world.alice, forum.member, world.bob, world.dave, world.charlie):
            assert client_for(other).get(page).status_code == 404, (page, other)
            assert client_for(other).post(page, {"name_sl": "Mine"}).status_code == 404, (page, other)
        assert client_for(None).get(page).status_code == 302
    move = url("forum_category_move", world, category_id=forum.category.public_id)
    for other in (world.alice, forum.member, world.dave):
        assert client_for(other).post(move, {"direction": "up"}).status_code == 404
    assert ForumCategory.objects.count() == 1 and Thread.objects.count() == 1


def test_only_the_author_opens_the_edit_page(world: World, forum: Forum) -> None:
    page = url("post_edit", world, post_id=forum.post.public_id)
    assert client_for(world.alice).get(page).status_code == 200
    for other in (forum.member, world.carol, world.bob, world.dave, world.charlie):
        assert client_for(other).get(page).status_code == 404
        assert client_for(other).post(page, {"body": "Taken over"}).status_code == 404
    forum.post.refresh_from_db()
    assert forum.post.body == "Our response rate was 61 %."


def test_outsiders_write_nothing(world: World, forum: Forum) -> None:
    for outsider in (world.bob, world.dave, world.charlie):
        client = client_for(outsider)
        client.post(url("thread_reply", world, thread_id=forum.thread.public_id), {"body": "Spam"})
        client.post(url("thread_new", world, category_id=forum.category.public_id), {"title": "S", "body": "Spam"})
    client_for(None).post(url("thread_reply", world, thread_id=forum.thread.public_id), {"body": "Spam"})
    assert Post.objects.count() == 1 and Thread.objects.count() == 1


def test_a_thread_of_another_network_is_not_found_through_this_one(world: World, forum: Forum) -> None:
    theirs = make_thread(make_category(world.other_network), world.bob, title="Bob's thread")
    their_post = theirs.posts.get()
    their_file = make_attachment(their_post)
    for page in (
        url("thread", world, thread_id=theirs.public_id),
        url("forum_category", world, category_id=theirs.category.public_id),
        url("post", world, post_id=their_post.public_id),
        url("post_history", world, post_id=their_post.public_id),
        url("forum_attachment", world, attachment_id=their_file.public_id),
        url("thread_reply", world, thread_id=theirs.public_id),
    ):
        assert client_for(world.carol).get(page).status_code == 404, page
    response = client_for(world.carol).post(url("thread_reply", world, thread_id=theirs.public_id), {"body": "Hi"})
    assert response.status_code == 404 and theirs.posts.count() == 1


# --- bounded queries -------------------------------------------------------------------------------------


def _threads(world: World, category: ForumCategory, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        thread = make_thread(category, world.alice, title=f"Thread number {number}")
        make_post(thread, world.carol, f"Answer {number}")


def test_the_forum_s_queries_do_not_grow(world: World, forum: Forum, django_assert_max_num_queries: Any) -> None:
    client = client_for(forum.member)
    page = url("forum", world)
    _threads(world, forum.category, 2)
    make_category(world.network, "Kazalniki")
    with django_assert_max_num_queries(12) as few:
        client.get(page)
    _threads(world, forum.category, 20, start=2)
    for name in ("A", "B", "C"):
        _threads(world, make_category(world.network, name), 3)
    with django_assert_max_num_queries(12) as many:
        content = client.get(page).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Kazalniki" in content and ">23<" in content  # Ankete's threads


def test_a_category_s_queries_do_not_grow(world: World, forum: Forum, django_assert_max_num_queries: Any) -> None:
    client = client_for(forum.member)
    page = url("forum_category", world, category_id=forum.category.public_id)
    _threads(world, forum.category, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(page)
    _threads(world, forum.category, 20, start=2)
    with django_assert_max_num_queries(12) as many:
        content = client.get(page).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert content.count("Thread number ") == 22  # one page of 25 holds all 23


def test_a_thread_s_queries_do_not_grow(world: World, forum: Forum, django_assert_max_num_queries: Any) -> None:
    client = client_for(forum.member)
    page = url("thread", world, thread_id=forum.thread.public_id)
    for number in range(2):
        make_attachment(make_post(forum.thread, world.carol, f"Reply number {number}"))
    client.get(page)  # the first visit writes the reading mark
    with django_assert_max_num_queries(16) as few:
        client.get(page)
    for number in range(2, 20):
        post = make_post(forum.thread, world.alice if number % 2 else world.carol, f"Reply number {number}")
        make_attachment(post, name=f"file{number}.txt")
    client.get(page)
    with django_assert_max_num_queries(16) as many:
        content = client.get(page).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert content.count("Reply number ") == 19  # 20 posts a page: the first post and 19 replies
