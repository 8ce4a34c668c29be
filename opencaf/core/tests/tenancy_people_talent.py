"""Tenancy cases of the people app's talent part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others). The extras
give a key position of Alice's organisation ("people_position") whose successor's development actions
read "Alice Secret Successor" ("people_successor")."""

from __future__ import annotations

from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"


def _org(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}


def _position(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_org(w, x), "position_id": x["people_position"].public_id}


def _successor(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_position(w, x), "successor_id": x["people_successor"].public_id}


CASES: dict[str, tuple[str, Any]] = {
    "people:key_positions": (ORG, _org),
    "people:key_position_new": (ORG, _org),
    "people:key_position": (ORG, _position),
    "people:key_position_edit": (ORG, _position),
    "people:key_position_remove": (ORG, _position),
    "people:successor_new": (ORG, _position),
    "people:successor_edit": (ORG, _successor),
    "people:successor_remove": (ORG, _successor),
    "people:talent_grid": (ORG, _org),
}
