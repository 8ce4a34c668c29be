"""Forum subscription pages: who may see the subscriptions page and use the follow buttons, following,
changing the mode and unfollowing, bounded queries, the follow buttons' include, and the stop link of
the e-mails (no sign-in, a GET changes nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import constants, get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumCategory, ForumSubscription, NotificationMode, Thread
from opencaf.community.selectors.notifications import make_stop_token, subscription_for
from opencaf.community.tests.test_notifications_builders import (
    follow,
    make_category,
    make_thread,
    member_of_network,
)

pytestmark = pytest.mark.django_db

IMMEDIATE, DAILY = NotificationMode.IMMEDIATE, NotificationMode.DAILY


@pytest.fixture
def nina(world: World) -> User:
    """A member of ANOTHER organisation of the SAME network as Alice."""
    return member_of_network(world.network)


@pytest.fixture
def category(world: World) -> ForumCategory:
    return make_category(world.network)


@pytest.fixture
def thread(world: World, category: ForumCategory) -> Thread:
    return make_thread(category, world.alice, "Alice Network Thread")


def _url(name: str, network_id: Any, **kwargs: Any) -> str:
    return reverse(f"community:{name}", kwargs={"network_id": network_id, **kwargs})


def _endpoints(world: World, thread: Thread, category: ForumCategory) -> list[str]:
    network_id = world.network.public_id
    return [
        _url("follow_thread", network_id, thread_id=thread.public_id),
        _url("unfollow_thread", network_id, thread_id=thread.public_id),
        _url("follow_category", network_id, category_id=category.public_id),
        _url("unfollow_category", network_id, category_id=category.public_id),
    ]


# --- who may do what ---------------------------------------------------------------------------------------


def test_the_subscriptions_page_is_for_the_networks_readers(world: World, nina: User, thread: Thread) -> None:
    follow(world.alice, thread)
    url = _url("forum_subscriptions", world.network.public_id)
    for reader in (world.alice, nina, world.carol):  # member, member of another organisation, coordinator
        assert client_for(reader).get(url).status_code == 200
    for outsider in (world.bob, world.dave, world.charlie):  # another network's member and coordinator, nobody's
        response = client_for(outsider).get(url)
        assert response.status_code == 404 and "Alice Network Thread" not in response.content.decode()
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client_for(world.alice).post(url).status_code == 405


def test_a_page_lists_only_the_persons_own_subscriptions_of_that_network(
    world: World, nina: User, thread: Thread, category: ForumCategory
) -> None:
    follow(world.alice, thread, DAILY)
    follow(nina, make_thread(category, nina, "Nina's Own Thread"))
    theirs = make_thread(make_category(world.other_network, "Bob's Category"), world.bob, "Bob Network Thread")
    follow(world.alice, theirs)  # left over from another network: not on this network's page
    page = client_for(world.alice).get(_url("forum_subscriptions", world.network.public_id)).content.decode()
    assert (
        "Alice Network Thread" in page
        and _url("unfollow_thread", world.network.public_id, thread_id=thread.public_id) in page
    )
    assert "Nina's Own Thread" not in page and "Bob Network Thread" not in page


@pytest.mark.parametrize("visitor", ["alice", "nina", "carol"])
def test_readers_follow_change_and_unfollow(
    world: World, nina: User, thread: Thread, category: ForumCategory, visitor: str
) -> None:
    person = {"alice": world.alice, "nina": nina, "carol": world.carol}[visitor]
    client = client_for(person)
    follow_url, unfollow_url, follow_category_url, unfollow_category_url = _endpoints(world, thread, category)
    back = _url("forum_subscriptions", world.network.public_id)
    response = client.post(follow_url, {"mode": DAILY, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    assert ForumSubscription.objects.get(user=person, thread=thread).mode == DAILY
    client.post(follow_url, {"mode": IMMEDIATE})
    assert ForumSubscription.objects.get(user=person, thread=thread).mode == IMMEDIATE
    client.post(follow_category_url, {"mode": DAILY})
    assert ForumSubscription.objects.get(user=person, category=category).mode == DAILY
    actions = list(AuditEvent.objects.filter(actor=person).values_list("action", flat=True).order_by("pk"))
    assert actions == ["community.forum_followed", "community.forum_follow_changed", "community.forum_followed"]
    client.post(unfollow_url)
    client.post(unfollow_category_url)
    assert not ForumSubscription.objects.filter(user=person).exists()
    assert client.post(unfollow_url).status_code == 302  # twice: nothing more to do, no error


def test_outsiders_get_404_and_change_nothing(world: World, thread: Thread, category: ForumCategory) -> None:
    endpoints = _endpoints(world, thread, category)
    follow(world.alice, thread)
    for outsider in (world.bob, world.dave, world.charlie):
        for url in endpoints:
            assert client_for(outsider).post(url, {"mode": DAILY}).status_code == 404, url
    for url in endpoints:
        response = client_for(None).post(url, {"mode": DAILY})
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert client_for(world.alice).get(url).status_code == 405
    assert list(ForumSubscription.objects.values_list("user__email", "mode")) == [("alice@example.org", IMMEDIATE)]


def test_another_networks_thread_is_not_found_through_this_network(world: World) -> None:
    theirs = make_thread(make_category(world.other_network), world.bob)
    for network_id, person in ((world.network.public_id, world.carol), (world.other_network.public_id, world.carol)):
        url = _url("follow_thread", network_id, thread_id=theirs.public_id)
        assert client_for(person).post(url, {"mode": DAILY}).status_code == 404
    assert not ForumSubscription.objects.exists()


# --- bad input ---------------------------------------------------------------------------------------------


def test_an_unknown_mode_is_refused_with_a_message_and_an_outside_next_is_ignored(world: World, thread: Thread) -> None:
    follow(world.alice, thread)
    url = _url("follow_thread", world.network.public_id, thread_id=thread.public_id)
    response = client_for(world.alice).post(url, {"mode": "hourly", "next": "https://evil.example.org/"})
    assert response.status_code == 302
    assert response["Location"] == _url("thread", world.network.public_id, thread_id=thread.public_id)
    assert [message.level for message in get_messages(response.wsgi_request)] == [constants.ERROR]
    assert ForumSubscription.objects.get(user=world.alice).mode == IMMEDIATE
    response = client_for(world.alice).post(url, {})
    assert [message.level for message in get_messages(response.wsgi_request)] == [constants.ERROR]
    bad_id = _url("follow_thread", world.network.public_id, thread_id="00000000-0000-0000-0000-000000000000")
    assert client_for(world.alice).post(bad_id, {"mode": DAILY}).status_code == 404


# --- bounded queries ----------------------------------------------------------------------------------------


def _follow_many(world: World, person: User, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        category = make_category(world.network, f"Category {number}", position=number)
        follow(person, category, DAILY)
        follow(person, make_thread(category, world.alice, f"Thread {number}"))


def test_the_subscriptions_page_queries_do_not_grow(world: World, django_assert_max_num_queries: Any) -> None:
    client = client_for(world.alice)
    url = _url("forum_subscriptions", world.network.public_id)
    _follow_many(world, world.alice, 2)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    _follow_many(world, world.alice, 18, start=2)
    with django_assert_max_num_queries(8) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count('<th scope="row">') == 40  # 20 categories and 20 threads, each a row


# --- the follow buttons' include ---------------------------------------------------------------------------


def test_the_include_offers_to_follow_or_to_change_and_stop(
    world: World, thread: Thread, category: ForumCategory
) -> None:
    request = RequestFactory().get("/somewhere/?page=2")
    request.user = world.alice
    network_id = world.network.public_id

    def include(**context: Any) -> str:
        return render_to_string(
            "community/notifications/_subscribe.html", {"network": world.network, **context}, request
        )

    html = include(thread=thread, subscription=subscription_for(world.alice, thread=thread))
    assert _url("follow_thread", network_id, thread_id=thread.public_id) in html
    assert 'value="daily"' in html and 'value="immediate"' in html and 'value="/somewhere/?page=2"' in html
    assert _url("unfollow_thread", network_id, thread_id=thread.public_id) not in html
    subscription = follow(world.alice, category, DAILY)
    html = include(category=category, subscription=subscription_for(world.alice, category=category))
    assert subscription_for(world.alice, category=category) == subscription
    assert _url("unfollow_category", network_id, category_id=category.public_id) in html
    assert 'value="immediate"' in html and 'value="daily"' not in html  # the switch to the other mode


# --- the stop link ---------------------------------------------------------------------------------------------


def test_the_stop_link_needs_no_sign_in_and_a_get_changes_nothing(world: World, thread: Thread) -> None:
    world.alice.language = "bg"
    world.alice.save()
    subscription = follow(world.alice, thread)
    url = reverse("community:stop_forum_mail", kwargs={"token": make_stop_token(world.alice, thread=thread)})
    client = Client(enforce_csrf_checks=True)
    response = client.get(url)
    assert response.status_code == 200 and "Alice Network Thread" in response.content.decode()
    assert response["Content-Language"] == "bg" and "noindex" in response["X-Robots-Tag"]
    assert ForumSubscription.objects.filter(pk=subscription.pk).exists()
    response = client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 200
    assert not ForumSubscription.objects.filter(pk=subscription.pk).exists()
    event = AuditEvent.objects.get(action="community.forum_unfollowed")
    assert event.actor == world.alice and event.changes["forum_by_link"] is True
    # Used again: it says the notifications are stopped, and does nothing more.
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="community.forum_unfollowed").count() == 1


def test_a_category_stop_link_stops_the_category(world: World, category: ForumCategory) -> None:
    follow(world.alice, category)
    url = reverse("community:stop_forum_mail", kwargs={"token": make_stop_token(world.alice, category=category)})
    assert client_for(None).post(url).status_code == 200
    assert not ForumSubscription.objects.exists()


def test_a_tampered_or_stale_stop_link_stops_nothing(world: World, thread: Thread) -> None:
    follow(world.alice, thread)
    token = make_stop_token(world.alice, thread=thread)
    for bad in (token[:-3] + "abc", "not-a-link", token.replace(":", ";")):
        response = client_for(None).post(reverse("community:stop_forum_mail", kwargs={"token": bad}))
        assert response.status_code == 400 and "Alice Network Thread" not in response.content.decode()
    other_thread = make_thread(thread.category, world.alice, "Deleted Later")
    gone = make_stop_token(world.alice, thread=other_thread)
    other_thread.delete()
    assert client_for(None).get(reverse("community:stop_forum_mail", kwargs={"token": gone})).status_code == 200
    assert ForumSubscription.objects.count() == 1
