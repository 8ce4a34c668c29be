"""Coordinators' peer groups: the services (names unique per network, members of the network only, audit,
refresh) and what an organisation reads of them (`peer_groups_of`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.benchmarking.models import PeerGroup
from opencaf.benchmarking.selectors.sharing import peer_groups_of
from opencaf.benchmarking.services import peer_groups as services
from opencaf.benchmarking.tests.factories import peer_group
from opencaf.organisations.models import Network
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[Network]:
    calls: list[Network] = []
    monkeypatch.setattr(services, "request_refresh", calls.append)
    return calls


def _actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="benchmarking.peer_group")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_group_is_created_described_filled_emptied_and_deleted(world: World, refreshes: list[Network]) -> None:
    first, second = OrganisationFactory(network=world.network), OrganisationFactory(network=world.network)
    with transaction.atomic():
        group = services.create_peer_group(
            actor=world.carol, network=world.network, name="  Municipalities   of Gorenjska ", description=" Alpine "
        )
    assert group.name == "Municipalities of Gorenjska" and group.description == "Alpine"
    with transaction.atomic():
        assert services.update_peer_group(actor=world.carol, group=group, name="Gorenjska", description="Alpine")
        assert not services.update_peer_group(actor=world.carol, group=group, name="Gorenjska", description="Alpine")
    with transaction.atomic():
        assert services.add_to_peer_group(actor=world.carol, group=group, organisations=[first, second]) == 2
        assert services.add_to_peer_group(actor=world.carol, group=group, organisations=[first]) == 0
    assert peer_groups_of(first) == [group]
    with transaction.atomic():
        assert services.remove_from_peer_group(actor=world.carol, group=group, organisations=[first]) == 1
        assert services.remove_from_peer_group(actor=world.carol, group=group, organisations=[first]) == 0
    assert peer_groups_of(first) == [] and peer_groups_of(second) == [group]
    with transaction.atomic():
        services.delete_peer_group(actor=world.carol, group=group)
    assert not PeerGroup.objects.exists() and second.pk  # the organisations stay
    assert _actions() == [
        "benchmarking.peer_group_created",
        "benchmarking.peer_group_changed",
        "benchmarking.peer_group_members_added",
        "benchmarking.peer_group_members_removed",
        "benchmarking.peer_group_deleted",
    ]
    events = list(AuditEvent.objects.filter(action__startswith="benchmarking.peer_group").order_by("id"))
    assert all(event.network == world.network and event.organisation is None for event in events)
    assert events[2].changes == {"peer_group_members": sorted([first.name, second.name]), "count": 2}
    assert events[4].changes == {"peer_group_name": "Gorenjska", "count": 1}
    assert "Gorenjska" in describe_changes(events[1].action, events[1].changes)
    assert refreshes == [world.network] * 5


@pytest.mark.parametrize("taken", ["Tax offices", "TAX OFFICES", " tax   offices "])
def test_names_are_unique_in_a_network_ignoring_case(world: World, refreshes: list[Network], taken: str) -> None:
    peer_group(world.network, "Tax offices")
    other = peer_group(world.network, "Schools")
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        services.create_peer_group(actor=world.carol, network=world.network, name=taken)
    assert set(refused.value.message_dict) == {"name"}
    with pytest.raises(ValidationError), transaction.atomic():
        services.update_peer_group(actor=world.carol, group=other, name=taken)
    with transaction.atomic():  # another network may use the name
        services.create_peer_group(actor=world.dave, network=world.other_network, name=taken)
    other.refresh_from_db()
    assert other.name == "Schools" and PeerGroup.objects.filter(network=world.network).count() == 2


def test_a_name_is_needed_and_kept_short(world: World) -> None:
    for name, description in (("   ", ""), ("x" * (services.NAME_MAX + 1), ""), ("Ok", "y" * 2001)):
        with pytest.raises(ValidationError), transaction.atomic():
            services.create_peer_group(actor=world.carol, network=world.network, name=name, description=description)
    assert not PeerGroup.objects.exists()


def test_only_organisations_of_the_network_can_be_members(world: World, refreshes: list[Network]) -> None:
    group = peer_group(world.network, "Mixed")
    ours = OrganisationFactory(network=world.network)
    with pytest.raises(ValidationError), transaction.atomic():
        services.add_to_peer_group(actor=world.carol, group=group, organisations=[ours, world.bob_org])
    assert not group.organisations.exists() and not refreshes


def test_only_the_networks_coordinators_manage_its_groups(world: World, refreshes: list[Network]) -> None:
    group = peer_group(world.network, "Ours", [world.alice_org])
    for outsider in (world.dave, world.alice, world.bob, world.charlie):
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.create_peer_group(actor=outsider, network=world.network, name="Theirs")
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.update_peer_group(actor=outsider, group=group, name="Renamed")
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.remove_from_peer_group(actor=outsider, group=group, organisations=[world.alice_org])
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.delete_peer_group(actor=outsider, group=group)
    group.refresh_from_db()
    assert group.name == "Ours" and list(group.organisations.all()) == [world.alice_org]
    assert not _actions() and not refreshes


def test_a_group_deleted_meanwhile_is_a_clear_refusal(world: World) -> None:
    group = peer_group(world.network, "Gone")
    PeerGroup.objects.filter(pk=group.pk).delete()
    with pytest.raises(ValidationError), transaction.atomic():
        services.update_peer_group(actor=world.carol, group=group, name="Back")


def test_an_organisation_sees_only_its_own_networks_groups_it_belongs_to(world: World, caf_framework: Any) -> None:
    mine = peer_group(world.network, "B mine", [world.alice_org])
    also = peer_group(world.network, "A also mine", [world.alice_org])
    peer_group(world.network, "Not mine", [OrganisationFactory(network=world.network)])
    peer_group(world.other_network, "Other network", [world.bob_org])
    assert peer_groups_of(world.alice_org) == [also, mine]
    assert peer_groups_of(OrganisationFactory(network=None)) == []
