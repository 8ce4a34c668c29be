"""An event's thread in the network's forum, linked beside the event (the coordination app's
`event_links` registry, filled by the community app): for those who read the network's forum (its
organisations' members and its coordinators) with the number of replies; for a coordinator, where to
open the thread of an event that has none; nothing for anyone else; a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.community import event_links
from opencaf.community.models import Thread
from opencaf.community.tests.forum_factories import forum_member, make_category, make_post, make_thread
from opencaf.coordination.event_links import links_by_event, links_for
from opencaf.coordination.models import Event, EventState
from opencaf.coordination.tests.event_factories import make_event
from opencaf.coordination.tests.news_builders import make_news
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Organisation
from opencaf.organisations.selectors import my_memberships, my_networks
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world: World) -> Event:
    return make_event(world.network, title="Round table on citizen surveys")


def _event_thread(event: Event, title: str = "Round table on citizen surveys", replies: int = 0) -> Thread:
    thread = make_thread(make_category(event.network, "Events"), None, title=title, event=event)
    for number in range(replies):
        make_post(thread, None, f"Reply {number}")
    return thread


def _thread_url(thread: Thread) -> str:
    return reverse("community:thread", kwargs={"network_id": thread.network.public_id, "thread_id": thread.public_id})


def _start_url(event: Event) -> str:
    url = reverse("community:event_thread_new", kwargs={"network_id": event.network.public_id})
    return f"{url}?event={event.public_id}"


def _event_page(event: Event) -> str:
    return reverse("coordination:event", kwargs={"network_id": event.network.public_id, "event_id": event.public_id})


def _org_events(organisation: Organisation) -> str:
    return reverse("coordination:org_events", kwargs={"org_id": organisation.public_id})


def _discussion(title: str) -> str:
    with translation.override("en"):
        return gettext("Discussion in the forum: %(title)s") % {"title": title}


def _replies(count: int) -> str:
    with translation.override("en"):
        return ngettext("%(count)s reply", "%(count)s replies", count) % {"count": count}


def _start() -> str:
    with translation.override("en"):
        return gettext("Start a discussion in the forum")


def _page(user: Any, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the provider ------------------------------------------------------------------------------------


def test_the_events_thread_with_its_replies_for_a_reader_of_the_forum(world: World, event: Event) -> None:
    thread = _event_thread(event, replies=2)
    member = forum_member(world.network)  # of another organisation of the network
    for reader in (world.alice, member, world.carol):
        with translation.override("en"):
            (link,) = links_for(reader, event)
        assert link.title == _discussion("Round table on citizen surveys")
        assert link.url == _thread_url(thread)
        assert link.note == _replies(2)
    assert client_for(member).get(_thread_url(thread)).status_code == 200  # the link leads where they may read


def test_nothing_for_anyone_outside_the_networks_forum(world: World, event: Event) -> None:
    thread = _event_thread(event)
    for outsider in (world.bob, world.dave, world.charlie, AnonymousUser()):
        assert links_for(outsider, event) == []
    assert client_for(world.bob).get(_thread_url(thread)).status_code == 404  # the forum's own rule


def test_a_coordinator_may_open_the_thread_of_an_event_without_one(world: World, event: Event) -> None:
    with translation.override("en"):
        (link,) = links_for(world.carol, event)
    assert (link.title, link.url, link.note) == (_start(), _start_url(event), "")
    assert client_for(world.carol).get(link.url).status_code == 200  # the forum's existing page
    assert links_for(world.alice, event) == []  # a member does not open event threads
    draft = make_event(world.network, title="Not yet published", state=EventState.DRAFT)
    assert links_for(world.carol, draft) == []  # the forum refuses threads for drafts
    cancelled = make_event(world.network, title="Called off", state=EventState.CANCELLED)
    assert [link.url for link in links_for(world.carol, cancelled)] == [_start_url(cancelled)]


def test_events_of_several_networks_each_as_its_reader_may(world: World, event: Event) -> None:
    thread = _event_thread(event)
    theirs = make_event(world.other_network, title="Their round table")
    their_thread = _event_thread(theirs, title="Their round table")
    found = links_by_event(world.alice, [event, theirs])
    assert [link.url for link in found[event.pk]] == [_thread_url(thread)]
    assert found[theirs.pk] == []
    both = UserFactory()  # a member of an organisation in each network
    add_member(world.alice_org, both, Role.VIEWER)
    add_member(world.bob_org, both, Role.VIEWER)
    found = links_by_event(both, [event, theirs])
    assert [link.url for link in found[event.pk] + found[theirs.pk]] == [_thread_url(thread), _thread_url(their_thread)]


def test_one_query_whatever_the_number_of_events_and_replies(
    world: World, event: Event, django_assert_num_queries: Any
) -> None:
    _event_thread(event, replies=3)
    more = [make_event(world.network, title=f"Event {n}") for n in range(5)]
    for each in more[:3]:
        _event_thread(each, title=each.title, replies=2)
    events = list(Event.objects.filter(network=world.network).select_related("network"))
    my_memberships(world.alice), my_networks(world.alice)  # the navigation bar loads these on every page anyway
    my_memberships(world.carol), my_networks(world.carol)
    my_memberships(world.bob), my_networks(world.bob)
    with django_assert_num_queries(1):
        links_for(world.alice, events[0])
    with django_assert_num_queries(1):
        assert sum(map(len, event_links.for_events(world.alice, events).values())) == 4
    with django_assert_num_queries(1):
        assert sum(map(len, event_links.for_events(world.carol, events).values())) == 6  # 4 threads, 2 to open
    with django_assert_num_queries(0):
        assert event_links.for_events(world.bob, events) == {}


# --- the pages ---------------------------------------------------------------------------------------


def test_the_members_events_page_links_the_thread(world: World, event: Event) -> None:
    thread = _event_thread(event, replies=1)
    member = forum_member(world.network)
    organisation = Membership.objects.select_related("organisation").get(user=member).organisation
    for reader, their_organisation in ((world.alice, world.alice_org), (member, organisation)):
        page = _page(reader, _org_events(their_organisation))
        assert f'href="{_thread_url(thread)}"' in page
        assert escape(_discussion(thread.title)) in page and escape(_replies(1)) in page
        assert escape(_start()) not in page


def test_a_member_of_another_network_sees_nothing_of_it(world: World, event: Event) -> None:
    thread = _event_thread(event, title="Alice network's private round table")
    make_event(world.other_network, title="Their own training")
    page = _page(world.bob, _org_events(world.bob_org))
    assert "Their own training" in page
    assert "private round table" not in page and _thread_url(thread) not in page


def test_the_coordinators_event_page_links_the_thread_or_where_to_open_it(world: World, event: Event) -> None:
    page = _page(world.carol, _event_page(event))
    assert f'href="{_start_url(event)}"' in page and escape(_start()) in page
    # The link opens the form with this event chosen.
    form = _page(world.carol, _start_url(event))
    assert f'<option value="{event.public_id}" selected>' in form
    thread = _event_thread(event, replies=4)
    page = _page(world.carol, _event_page(event))
    assert f'href="{_thread_url(thread)}"' in page and escape(_replies(4)) in page
    assert escape(_start()) not in page


def test_the_public_announcement_of_the_event_shows_nothing_of_the_forum(world: World, event: Event) -> None:
    thread = _event_thread(event, title="Members-only discussion")
    item = make_news(world.network, event=event)
    url = reverse("coordination:public_news_item", args=[world.network.public_id, item.public_id])
    page = _page(None, url)
    assert "Round table on citizen surveys" in page  # the event is announced
    assert "Members-only discussion" not in page and _thread_url(thread) not in page
    assert escape(_discussion(thread.title)) not in page


def test_the_event_page_runs_as_many_queries_whatever_the_threads_size(
    world: World, event: Event, django_assert_num_queries: Any
) -> None:
    thread = _event_thread(event)
    client = client_for(world.carol)
    url = _event_page(event)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(20):
        make_post(thread, world.alice, f"Reply {number}")
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert escape(_replies(20)) in page


def test_the_members_events_page_runs_as_many_queries_whatever_the_number_of_threads(
    world: World, event: Event, django_assert_num_queries: Any
) -> None:
    _event_thread(event)
    client = client_for(world.alice)
    url = _org_events(world.alice_org)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(8):
        each = make_event(world.network, title=f"Event {number}")
        _event_thread(each, title=f"Event thread {number}", replies=number)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count(escape(_discussion("Event thread "))) == 8


def test_a_member_of_an_organisation_outside_any_network_sees_no_forum(world: World, event: Event) -> None:
    _event_thread(event)
    user = UserFactory()
    add_member(OrganisationFactory(network=None), user, Role.ORG_ADMIN)
    assert links_for(user, event) == []
