"""Tenancy cases of the people app's reviews part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others).

The extras (tenancy_people.extras) give Alice's open review cycle, the review of "Alice Secret
Employee" in it, her development plan with one action, and her employee record."""

from __future__ import annotations

from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"


def _org(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}


def _cycle(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_org(w, x), "cycle_id": x["people_cycle"].public_id}


def _review(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_org(w, x), "review_id": x["people_review"].public_id}


def _plan(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_org(w, x), "plan_id": x["people_plan"].public_id}


def _action(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**_plan(w, x), "action_id": x["people_action"].public_id}


CASES: dict[str, tuple[str, Any]] = {
    # HR's cycles (a 403 for other members, a 404 outside the organisation).
    "people:review_cycles": (ORG, _org),
    "people:review_cycle_new": (ORG, _org),
    "people:review_cycle": (ORG, _cycle),
    "people:review_cycle_move": (ORG, lambda w, x: {**_cycle(w, x), "move": "close"}),
    # The person's and the line manager's pages.
    "people:my_review": (ORG, _org),
    "people:my_team": (ORG, _org),
    "people:review": (ORG, _review),
    "people:review_assess": (ORG, _review),
    # Development plans.
    "people:my_plan": (ORG, _org),
    "people:plan_start": (ORG, lambda w, x: {**_org(w, x), "employee_id": x["people_employee"].public_id}),
    "people:plan": (ORG, _plan),
    "people:plan_agree": (ORG, _plan),
    "people:plan_action_new": (ORG, _plan),
    "people:plan_action_edit": (ORG, _action),
    "people:plan_action_state": (ORG, _action),
}
