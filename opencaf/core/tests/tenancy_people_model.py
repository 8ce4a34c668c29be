"""Tenancy cases of the people app's model part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others).

The network's pages name a version of Alice's organisation's model: the network check turns everyone
but the network's coordinators away before the version is looked up."""

from __future__ import annotations

from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"


def _org(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id}


def _org_version(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id, "version_id": extras["people_version"].public_id}


def _org_competency(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {**_org_version(world, extras), "code": "CORE-1"}


def _network(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"network_id": world.network.public_id}


def _network_version(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"network_id": world.network.public_id, "version_id": extras["people_version"].public_id}


def _network_competency(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {**_network_version(world, extras), "code": "CORE-1"}


def _profile(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id, "profile_id": extras["people_profile"].public_id}


def _employee(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id, "employee_id": extras["people_employee"].public_id}


CASES: dict[str, tuple[str, Any]] = {
    "people:model": (ORG, _org),
    "people:model_adopt": (ORG, _org),
    "people:model_draft": (ORG, _org),
    "people:model_competency_add": (ORG, _org_version),
    "people:model_levels": (ORG, _org_version),
    "people:model_publish": (ORG, _org_version),
    "people:model_competency": (ORG, _org_competency),
    "people:model_competency_remove": (ORG, _org_competency),
    "people:network_model": (NETWORK, _network),
    "people:network_model_adopt": (NETWORK, _network),
    "people:network_model_draft": (NETWORK, _network),
    "people:network_model_competency_add": (NETWORK, _network_version),
    "people:network_model_levels": (NETWORK, _network_version),
    "people:network_model_publish": (NETWORK, _network_version),
    "people:network_model_competency": (NETWORK, _network_competency),
    "people:network_model_competency_remove": (NETWORK, _network_competency),
    "people:profiles": (ORG, _org),
    "people:profile_new": (ORG, _org),
    "people:profile_edit": (ORG, _profile),
    "people:profile_archive": (ORG, _profile),
    "people:profile_move": (ORG, _profile),
    "people:employees": (ORG, _org),
    "people:employees_add_all": (ORG, _org),
    "people:employee_edit": (ORG, _employee),
}
