"""Who reaches which self-assessment page, by role and phase (other organisations and visitors are
covered by opencaf/core/tests/test_tenancy.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

PAGES = ["detail", "my_input", "consensus", "results", "settings", "plan_new", "group_new"]

# role -> expected status per page, during individual assessment
INDIVIDUAL_PHASE = {
    "leader": {
        "detail": 200,
        "my_input": 404,
        "consensus": 200,
        "results": 200,
        "settings": 200,
        "plan_new": 200,
        "group_new": 200,
    },
    "seat": {
        "detail": 200,
        "my_input": 200,
        "consensus": 403,
        "results": 403,
        "settings": 403,
        "plan_new": 403,
        "group_new": 403,
    },
    "manager": {
        "detail": 200,
        "my_input": 404,
        "consensus": 403,
        "results": 403,
        "settings": 403,
        "plan_new": 403,
        "group_new": 403,
    },
    "viewer": {
        "detail": 200,
        "my_input": 404,
        "consensus": 403,
        "results": 403,
        "settings": 403,
        "plan_new": 403,
        "group_new": 403,
    },
}
# once consensus is open, group members and managers may look at the workspace and results
CONSENSUS_PHASE = {
    **INDIVIDUAL_PHASE,
    "seat": {**INDIVIDUAL_PHASE["seat"], "consensus": 200, "results": 200},
    "manager": {**INDIVIDUAL_PHASE["manager"], "consensus": 200, "results": 200},
}


def _people(world: World, assessment: SelfAssessment) -> dict[str, object]:
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    seat_holder = assessment.groups.get().seats.first().membership.user
    return {"leader": leader, "seat": seat_holder, "manager": manager, "viewer": viewer}


@pytest.mark.parametrize("phase", ["individual", "consensus"])
def test_role_matrix(world: World, caf_framework: FrameworkVersion, phase: str) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 2)
    assessment = start(assessment, world.alice)
    expected = INDIVIDUAL_PHASE
    if phase == "consensus":
        services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
        expected = CONSENSUS_PHASE
    kwargs = {"org_id": world.alice_org.public_id, "assessment_id": assessment.public_id}
    failures = []
    for role, user in _people(world, assessment).items():
        client = client_for(user)  # type: ignore[arg-type]
        for page in PAGES:
            status = client.get(reverse(f"assessments:{page}", kwargs=kwargs)).status_code
            if status != expected[role][page]:
                failures.append(f"{role} {page}: {status}, expected {expected[role][page]}")
    assert not failures, failures
