"""Links beside an event (`event_links`, a registry filled by the apps above): the coordinator's event
page lists them under a heading, the members' events page in the event's row, and with no provider (or
nothing provided) the pages show nothing of it. The providers are faked here; the community app's is
tested in community/tests/test_event_thread_link.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.coordination import event_links
from opencaf.coordination.event_links import EventLink, links_by_event, links_for, register_links
from opencaf.coordination.models import Event
from opencaf.coordination.tests.event_factories import make_event

pytestmark = pytest.mark.django_db


class FakeProvider:
    """Links named after each event, remembering who asked about which events."""

    def __init__(self, label: str = "Fake") -> None:
        self.label = label
        self.calls: list[tuple[Any, list[int]]] = []

    def __call__(self, user: Any, events: Sequence[Event]) -> Mapping[int, list[EventLink]]:
        self.calls.append((user, [event.pk for event in events]))
        return {
            event.pk: [
                EventLink(title=f"{self.label} link for {event.title}", url=f"/fake/{event.pk}/", note="2 notes")
            ]
            for event in events
            if "quiet" not in event.title
        }


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """An empty registry for the test (the community app's provider is registered at start-up)."""
    providers: dict[str, Any] = {}
    monkeypatch.setattr(event_links, "_providers", providers)
    return providers


def _event_url(event: Event) -> str:
    return reverse("coordination:event", kwargs={"network_id": event.network.public_id, "event_id": event.public_id})


def _org_events_url(world: World) -> str:
    return reverse("coordination:org_events", kwargs={"org_id": world.alice_org.public_id})


def _heading() -> str:
    with translation.override("en"):
        return escape(gettext("More about this event"))


# --- the registry --------------------------------------------------------------------------------------


def test_every_providers_links_by_event(world: World, registry: dict[str, Any]) -> None:
    first, quiet = make_event(world.network, title="Round table"), make_event(world.network, title="quiet one")
    one, two = FakeProvider("One"), FakeProvider("Two")
    register_links("one", one)
    register_links("two", two)
    found = links_by_event(world.carol, [first, quiet])
    assert [link.title for link in found[first.pk]] == ["One link for Round table", "Two link for Round table"]
    assert found[quiet.pk] == []
    assert one.calls == [(world.carol, [first.pk, quiet.pk])]
    assert links_for(world.alice, first)[0] == EventLink("One link for Round table", f"/fake/{first.pk}/", "2 notes")


def test_registering_again_under_a_key_replaces_the_provider(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network, title="Round table")
    register_links("fake", FakeProvider("Old"))
    register_links("fake", FakeProvider("New"))
    assert [link.title for link in links_for(world.carol, event)] == ["New link for Round table"]


def test_no_events_asks_no_provider(registry: dict[str, Any]) -> None:
    provider = FakeProvider()
    register_links("fake", provider)
    assert links_by_event(None, []) == {}
    assert provider.calls == []


def test_an_empty_registry_gives_no_links(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network)
    assert links_for(world.carol, event) == []


# --- the pages -----------------------------------------------------------------------------------------


def test_the_coordinators_event_page_lists_the_links_under_a_heading(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network, title="Round table")
    provider = FakeProvider()
    register_links("fake", provider)
    page = client_for(world.carol).get(_event_url(event)).content.decode()
    assert _heading() in page
    assert f'<a href="/fake/{event.pk}/">Fake link for Round table</a>' in page and "(2 notes)" in page
    assert provider.calls[0][0] == world.carol


def test_the_members_events_page_lists_the_links_in_the_events_row(world: World, registry: dict[str, Any]) -> None:
    shown, quiet = make_event(world.network, title="Round table"), make_event(world.network, title="quiet one")
    provider = FakeProvider()
    register_links("fake", provider)
    page = client_for(world.alice).get(_org_events_url(world)).content.decode()
    (row,) = [row for row in page.split("<tr>") if "Round table<div" in row]
    header = row.split("</th>")[0]  # the row header, which names the event
    assert f'<a href="/fake/{shown.pk}/">Fake link for Round table</a>' in header and "(2 notes)" in header
    assert f"/fake/{quiet.pk}/" not in page
    assert _heading() not in page  # the row header names the event: no heading per row
    assert provider.calls == [(world.alice, [shown.pk, quiet.pk])]


def test_an_empty_registry_renders_nothing(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network, title="Round table")
    coordinator_page = client_for(world.carol).get(_event_url(event)).content.decode()
    members_page = client_for(world.alice).get(_org_events_url(world)).content.decode()
    assert _heading() not in coordinator_page
    assert "Round table" in members_page and "list-unstyled small fw-normal text-break mt-1" not in members_page


def test_a_provider_with_nothing_to_show_renders_nothing(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network, title="quiet one")
    register_links("fake", FakeProvider())
    assert _heading() not in client_for(world.carol).get(_event_url(event)).content.decode()


def test_no_provider_is_asked_for_someone_without_access(world: World, registry: dict[str, Any]) -> None:
    event = make_event(world.network, title="Round table")
    provider = FakeProvider()
    register_links("fake", provider)
    assert client_for(None).get(_event_url(event)).status_code == 302  # to the sign-in page
    assert client_for(world.dave).get(_event_url(event)).status_code == 404  # another network's coordinator
    assert client_for(world.alice).get(_event_url(event)).status_code == 404  # a member: not the coordinators' page
    assert client_for(world.bob).get(_org_events_url(world)).status_code == 404  # another network's member
    assert provider.calls == []
