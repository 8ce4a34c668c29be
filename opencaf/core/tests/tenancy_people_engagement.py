"""Tenancy cases of the people app's engagement part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others)."""

from __future__ import annotations

from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"


def _org(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}


def _activity(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id, "activity_id": x["people_activity"].public_id}


CASES: dict[str, tuple[str, Any]] = {
    "people:involvement": (ORG, _org),
    "people:activity_new": (ORG, _org),
    "people:activity_edit": (ORG, _activity),
    "people:activity_delete": (ORG, _activity),
    "people:newsletter_invite": (ORG, _org),
    "people:criterion3_figures": (ORG, _org),
}
