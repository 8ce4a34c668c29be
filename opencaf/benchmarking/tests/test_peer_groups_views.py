"""The coordinators' peer group pages: who may see them (organisations never), the forms and their
messages, asking before deleting, picking organisations with filters, and bounded queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import PeerGroup
from opencaf.benchmarking.selectors import sharing as sharing_selectors
from opencaf.benchmarking.services import peer_groups as services
from opencaf.benchmarking.tests.factories import peer_group
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[Network]:
    calls: list[Network] = []
    monkeypatch.setattr(services, "request_refresh", calls.append)
    return calls


@pytest.fixture
def neighbour(world: World) -> User:
    """The administrator of another organisation of Alice's network."""
    user = UserFactory(email="nina@example.org")
    add_member(OrganisationFactory(network=world.network, name="Neighbour Agency"), user, Role.ORG_ADMIN)
    return user


def _list_url(network: Network, name: str = "peer_groups") -> str:
    return reverse(f"benchmarking:{name}", kwargs={"network_id": network.public_id})


def _url(name: str, group: PeerGroup, network: Network | None = None) -> str:
    return reverse(
        f"benchmarking:{name}",
        kwargs={"network_id": (network or group.network).public_id, "group_id": group.public_id},
    )


def _says(response: HttpResponse, message: str) -> bool:
    with translation.override(response["Content-Language"]):
        return escape(gettext(message)) in response.content.decode()


def _ticked(*organisations: Organisation) -> dict[str, list[str]]:
    return {"organisations": [str(organisation.public_id) for organisation in organisations]}


# --- who may see what -------------------------------------------------------------------------------------


def test_permission_matrix(world: World, neighbour: User, refreshes: list[Network]) -> None:
    group = peer_group(world.network, "Alice's peers", [world.alice_org], description="Secret description")
    pages = [
        _list_url(world.network),
        _list_url(world.network, "peer_group_new"),
        *(_url(name, group) for name in ("peer_group", "peer_group_edit", "peer_group_delete", "peer_group_add")),
    ]
    for url in pages:
        assert client_for(world.carol).get(url).status_code == 200, url
        # another network's coordinator, a member organisation's admin, another of the network, another network
        for outsider in (world.dave, world.alice, neighbour, world.bob, world.charlie):
            assert client_for(outsider).get(url).status_code == 404, (outsider, url)
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    posts = {
        _list_url(world.network, "peer_group_new"): {"name": "Intruders"},
        _url("peer_group_edit", group): {"name": "Renamed"},
        _url("peer_group_delete", group): {},
        _url("peer_group_add", group): _ticked(world.alice_org),
        _url("peer_group_remove", group): _ticked(world.alice_org),
    }
    for url, data in posts.items():
        for outsider in (world.dave, world.alice, neighbour, world.bob):
            assert client_for(outsider).post(url, data).status_code == 404, (outsider, url)
        assert client_for(None).post(url, data).status_code == 302
    group.refresh_from_db()
    assert PeerGroup.objects.count() == 1 and group.name == "Alice's peers"
    assert list(group.organisations.all()) == [world.alice_org] and not refreshes
    assert client_for(world.carol).get(_url("peer_group_remove", group)).status_code == 405


def test_a_group_of_another_network_is_not_found_through_this_one(world: World, refreshes: list[Network]) -> None:
    theirs = peer_group(world.other_network, "Bob's peers", [world.bob_org])
    for name in ("peer_group", "peer_group_edit", "peer_group_delete", "peer_group_add"):
        assert client_for(world.carol).get(_url(name, theirs, network=world.network)).status_code == 404
    assert client_for(world.carol).post(_url("peer_group_delete", theirs, network=world.network)).status_code == 404
    assert PeerGroup.objects.filter(pk=theirs.pk).exists()


# --- creating, renaming, deleting ---------------------------------------------------------------------------


def test_the_coordinator_creates_renames_and_deletes_after_asking(world: World, refreshes: list[Network]) -> None:
    client = client_for(world.carol)
    response = client.post(_list_url(world.network, "peer_group_new"), {"name": "Tax offices", "description": "All"})
    group = PeerGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("peer_group", group)
    assert "Tax offices" in client.get(_list_url(world.network)).content.decode()
    response = client.post(_url("peer_group_edit", group), {"name": "Tax offices (all)", "description": ""})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Tax offices (all)" and group.description == ""
    assert client.get(_url("peer_group_delete", group)).status_code == 200 and PeerGroup.objects.exists()
    response = client.post(_url("peer_group_delete", group))
    assert response.status_code == 302 and response["Location"] == _list_url(world.network)
    assert not PeerGroup.objects.exists() and len(refreshes) == 3
    assert AuditEvent.objects.filter(action__startswith="benchmarking.peer_group", network=world.network).count() == 3


def test_a_taken_name_is_a_clear_message_on_the_field(world: World, refreshes: list[Network]) -> None:
    peer_group(world.network, "Schools")
    response = client_for(world.carol).post(_list_url(world.network, "peer_group_new"), {"name": "schools"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_name"' in page
    assert _says(response, "The network already has a peer group with this name. Choose another name.")
    assert 'value="schools"' in page  # the coordinator's input is kept
    assert PeerGroup.objects.count() == 1 and not refreshes
    response = client_for(world.carol).post(_list_url(world.network, "peer_group_new"), {"name": ""})
    assert response.status_code == 422 and PeerGroup.objects.count() == 1


# --- membership ------------------------------------------------------------------------------------------


def test_picking_organisations_with_filters_then_removing_them(world: World, refreshes: list[Network]) -> None:
    group = peer_group(world.network, "Gorenjska")
    kranj = OrganisationFactory(network=world.network, name="Kranj", region="Gorenjska", org_type="municipality")
    bled = OrganisationFactory(
        network=world.network, name="Bled", region="Gorenjska", org_type="municipality", size_band="1-49"
    )
    school = OrganisationFactory(network=world.network, name="Kranj School", region="Gorenjska", org_type="school")
    OrganisationFactory(network=world.network, name="Koper", region="Obalno-kraška", org_type="municipality")
    client = client_for(world.carol)
    add = _url("peer_group_add", group)
    page = client.get(add, {"region": "Gorenjska", "org_type": "municipality"}).content.decode()
    assert {"Kranj", "Bled"} <= set(re.findall(r'<label for="tick-[^"]+">([^<]+)</label>', page))
    assert "Koper" not in page and "Kranj School" not in page and "Bob Agency" not in page
    by_size = client.get(add, {"size_band": "1-49"}).content.decode()
    assert "Bled" in by_size and "Kranj<" not in by_size
    by_name = client.get(add, {"name": "school"}).content.decode()
    assert "Kranj School" in by_name and ">Bled<" not in by_name
    unknown = client.get(add, {"org_type": "castle"})
    assert unknown.status_code == 200  # the unknown filter is shown and ignored
    response = client.post(add + "?region=Gorenjska", _ticked(kranj, bled))
    assert response.status_code == 302 and response["Location"] == _url("peer_group", group)
    assert set(group.organisations.all()) == {kranj, bled}
    after = client.get(add, {"region": "Gorenjska"}).content.decode()
    assert "Kranj School" in after and ">Bled<" not in after  # members are no longer offered
    response = client.post(_url("peer_group_remove", group), _ticked(bled))
    assert response.status_code == 302 and set(group.organisations.all()) == {kranj}
    assert school not in group.organisations.all() and len(refreshes) == 2


def test_bad_picks_are_refused_with_a_message_and_nothing_written(world: World, refreshes: list[Network]) -> None:
    group = peer_group(world.network, "Careful", [world.alice_org])
    client = client_for(world.carol)
    other_network = client.post(_url("peer_group_add", group), _ticked(world.bob_org))
    assert other_network.status_code == 422 and "data-error-summary" in other_network.content.decode()
    nothing = client.post(_url("peer_group_add", group), {})
    assert nothing.status_code == 422
    assert _says(nothing, "Tick at least one organisation.")
    garbage = client.post(_url("peer_group_add", group), {"organisations": ["not-a-uuid"]})
    assert garbage.status_code == 422
    nothing_removed = client.post(_url("peer_group_remove", group), {})
    assert nothing_removed.status_code == 422 and "data-error-summary" in nothing_removed.content.decode()
    # Shown again at the removal's address, the page's form and links still lead where they work.
    assert f'action="{_url("peer_group_remove", group)}"' in nothing_removed.content.decode()
    assert list(group.organisations.all()) == [world.alice_org] and not refreshes


# --- bounded queries --------------------------------------------------------------------------------------


def _organisations(world: World, count: int, start: int = 0) -> list[Organisation]:
    return [
        OrganisationFactory(network=world.network, name=f"Member {number:03}", region=f"Region {number % 3}")
        for number in range(start, start + count)
    ]


@pytest.mark.parametrize("page_name", ["peer_groups", "peer_group", "peer_group_add"])
def test_the_pages_queries_do_not_grow(world: World, django_assert_max_num_queries: Any, page_name: str) -> None:
    client = client_for(world.carol)
    group = peer_group(world.network, "Group 000")
    url = _list_url(world.network) if page_name == "peer_groups" else _url(page_name, group)

    def grow(count: int, start: int) -> None:
        organisations = _organisations(world, count, start)
        if page_name == "peer_group":
            group.organisations.add(*organisations)
        for number in range(start, start + count):
            peer_group(world.network, f"Group {number + 1:03}", organisations[:1])

    grow(2, 0)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    grow(18, 2)
    with django_assert_max_num_queries(12) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries), page_name
    if page_name == "peer_groups":
        assert len(set(re.findall(r"Group \d{3}", page))) == 21
    else:
        assert len(set(re.findall(r"Member \d{3}", page))) == 20


def test_the_list_warns_of_groups_smaller_than_the_anonymity_minimum(world: World) -> None:
    small = peer_group(
        world.network, "Two municipalities", [world.alice_org, OrganisationFactory(network=world.network)]
    )
    members = [OrganisationFactory(network=world.network) for _ in range(world.network.anonymity_minimum)]
    large = peer_group(world.network, "Enough municipalities", members)
    page = client_for(world.carol).get(reverse("benchmarking:peer_groups", args=[world.network.public_id]))
    body = page.content.decode()
    with translation.override(re.search(r'<html lang="([a-z-]+)"', body).group(1)):  # type: ignore[union-attr]
        warning = escape(gettext("Fewer than %(minimum)s: no figures are shown for it") % {"minimum": 5})
    rows = dict(re.findall(r"<tr>.*?>([^<]+)</a></th>(.*?)</tr>", body, re.S))
    assert warning in rows[small.name]
    assert warning not in rows[large.name]


def test_after_a_refused_removal_the_page_links_lead_back_to_the_group(
    world: World, refreshes: list[Network], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sharing_selectors, "MEMBERS_PAGE_SIZE", 10)
    members = _organisations(world, 30)
    group = peer_group(world.network, "Many", members)
    response = client_for(world.carol).post(_url("peer_group_remove", group) + "?page=2", {})
    assert response.status_code == 422
    body = response.content.decode()
    assert f'href="{_url("peer_group", group)}?page=1"' in body  # not the removal's address (POST only)
    assert f'action="{_url("peer_group_remove", group)}?page=2"' in body  # the form stays on this page
