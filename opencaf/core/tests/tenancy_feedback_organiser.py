"""Tenancy cases of external feedback: the organiser part (merged by tenancy_feedback.py). The extras
name a case of Alice's organisation ("case_kwargs": {"case_id": …}) and more (see tenancy_feedback.extras)."""

from __future__ import annotations

from typing import Any

from conftest import World
from opencaf.core.tests.tenancy_feedback_kinds import NETWORK, ORG, PERSONAL, Case, case_kwargs, network_kwargs


def _actor_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**network_kwargs(w, x), "actor_id": x["feedback_actor"].public_id}


def _assignment_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**case_kwargs(w, x), "assignment_id": x["assignment"].public_id}


CASES: dict[str, Case] = {
    # The network's applications and external feedback actors: its coordinators; anyone else a 404.
    "feedback:network_cases": (NETWORK, network_kwargs),
    "feedback:actors": (NETWORK, network_kwargs),
    "feedback:actor_edit": (NETWORK, _actor_kwargs),
    # Organising a case of Alice's organisation: reached through the case (404 outside it).
    "feedback:case_accept": (ORG, case_kwargs),
    "feedback:case_return": (ORG, case_kwargs),
    "feedback:case_assign": (ORG, case_kwargs),
    "feedback:case_unassign": (ORG, _assignment_kwargs),
    "feedback:visit": (ORG, case_kwargs),
    # The declaration of interests: the case's assigned actors only.
    "feedback:declare": (ORG, case_kwargs),
    # The person's own cases as an external feedback actor: Bob sees his own (none).
    "feedback:my_cases": (PERSONAL, lambda w, x: {}),
}
