"""Tenancy cases of the people app, merged into `test_tenancy.URL_CASES` (each part of the app in its own
`tenancy_people_<part>.py`), and the objects they need, merged into its `extras`. Alice (the
organisation's administrator) is also HR here, so every page of the organisation has something to hide."""

from __future__ import annotations

from typing import Any

from conftest import World
from opencaf.core.tests import (
    tenancy_people_engagement,
    tenancy_people_model,
    tenancy_people_reviews,
    tenancy_people_selection,
    tenancy_people_talent,
)

ORG = "organisation"


def org_kwargs(world: World, extras: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id}


CASES: dict[str, tuple[str, Any]] = {
    "people:home": (ORG, org_kwargs),
    **tenancy_people_model.CASES,
    **tenancy_people_reviews.CASES,
    **tenancy_people_selection.CASES,
    **tenancy_people_talent.CASES,
    **tenancy_people_engagement.CASES,
}

SECRETS = ["Alice Secret Employee", "Alice Secret Candidate", "Alice Secret Successor", "Alice Secret Workshop"]


def extras(world: World) -> dict[str, Any]:
    """Alice's organisation with a competency model, a profile, two employees (one managing the other)
    in an open review, a vacancy with a candidate, a key position with a successor, and a workshop."""
    from opencaf.organisations.choices import Role
    from opencaf.organisations.models import MembershipRole
    from opencaf.people.tests import factories as f

    MembershipRole.objects.create(membership=world.alice_membership, role=Role.HR)
    version = f.competency_model(world.alice_org)
    profile = f.job_profile(world.alice_org, version)
    boss = f.member(world.alice_org, "boss@example.org", Role.VIEWER, name="Alice Secret Boss")
    staff = f.member(
        world.alice_org, "staff@example.org", Role.VIEWER, name="Alice Secret Employee", department="Finance"
    )
    f.employee(boss, profile)
    worker = f.employee(staff, profile, line_manager=boss)
    cycle = f.review_cycle(world.alice_org, version)
    made = f.review(cycle, worker, self_levels={"CORE-1": 2})
    plan = f.development_plan(staff, cycle, {"title": "Course on data literacy"})
    vacancy = f.vacancy(world.alice_org, profile, [boss, world.alice_membership], ["Alice Secret Candidate"])
    position = f.key_position(world.alice_org, holder=boss)
    heir = f.successor(position, staff)
    heir.development = "Alice Secret Successor"
    heir.save(update_fields=["development"])
    activity = f.engagement_activity(world.alice_org, "Alice Secret Workshop")
    return {
        "people_version": version,
        "people_model": version.model,
        "people_profile": profile,
        "people_employee": worker,
        "people_cycle": cycle,
        "people_review": made,
        "people_plan": plan,
        "people_action": plan.actions.get(),
        "people_vacancy": vacancy,
        "people_candidate": vacancy.candidates.get(),
        "people_position": position,
        "people_successor": position.successors.get(),
        "people_activity": activity,
    }
