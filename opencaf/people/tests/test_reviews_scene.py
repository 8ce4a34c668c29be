"""The people of the reviews part's tests (no tests of its own): Alice's organisation with HR, a line
manager and their employee in Finance, another line manager with an employee of their own, and a plain
member; a published competency model with a profile requiring level 2 of each competency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from conftest import World
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import Employee, JobProfile, ModelVersion, Review, ReviewCycle
from opencaf.people.tests import factories as f

CODES = ["CORE-1", "CORE-2", "DIG-1"]


@dataclass
class Scene:
    world: World
    version: ModelVersion
    profile: JobProfile
    hr: Membership
    boss: Membership
    staff: Membership
    other_boss: Membership
    colleague: Membership  # another manager's employee
    plain: Membership  # a member who is nobody's line manager and no employee
    staff_employee: Employee
    colleague_employee: Employee

    def users(self) -> dict[str, Any]:
        return {
            "person": self.staff.user,
            "manager": self.boss.user,
            "other manager": self.other_boss.user,
            "hr": self.hr.user,
            "plain member": self.plain.user,
        }


def build(world: World) -> Scene:
    org = world.alice_org
    version = f.competency_model(org)
    profile = f.job_profile(org, version)
    hr = f.member(org, "hanna@example.org", Role.HR, name="Hanna Human")
    boss = f.member(org, "bruno@example.org", Role.VIEWER, name="Bruno Boss", department="Finance")
    staff = f.member(org, "sara@example.org", Role.VIEWER, name="Sara Staff", department="Finance")
    other_boss = f.member(org, "olga@example.org", Role.VIEWER, name="Olga Other", department="Legal")
    colleague = f.member(org, "carl@example.org", Role.VIEWER, name="Carl Colleague", department="Legal")
    plain = f.member(org, "paul@example.org", Role.VIEWER, name="Paul Plain")
    f.employee(boss, profile)
    f.employee(other_boss, profile)
    staff_employee = f.employee(staff, profile, line_manager=boss)
    colleague_employee = f.employee(colleague, profile, line_manager=other_boss)
    return Scene(
        world, version, profile, hr, boss, staff, other_boss, colleague, plain, staff_employee, colleague_employee
    )


def open_review(scene: Scene, **levels: Any) -> tuple[ReviewCycle, Review]:
    """An open cycle with the employee's review (self / manager levels by code when given)."""
    cycle = f.review_cycle(scene.world.alice_org, scene.version)
    return cycle, f.review(cycle, scene.staff_employee, **levels)


def url(scene: Scene, name: str, **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"org_id": scene.world.alice_org.public_id, **kwargs})
