"""Building self-assessments for tests: a project with one group and scored seats."""

from __future__ import annotations

from django.db import transaction

from opencaf.accounts.models import User
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import AssessmentGroup, Seat, SelfAssessment
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import UserFactory, add_member


def make_assessment(
    organisation: Organisation, leader: User, framework: FrameworkVersion, method: str = "classical"
) -> SelfAssessment:
    with transaction.atomic():
        return services.create_assessment(
            actor=leader,
            organisation=organisation,
            framework=framework,
            title="Self-assessment 2026",
            scoring_method=method,
            scope="whole",
        )


def add_assessors(
    assessment: SelfAssessment, leader: User, count: int, group: AssessmentGroup | None = None
) -> list[Seat]:
    with transaction.atomic():
        group = group or services.create_group(actor=leader, assessment=assessment, name="SAG 1", leader=None)
        seats = []
        for index in range(count):
            membership = add_member(assessment.organisation, UserFactory(), Role.ASSESSOR, department=f"Dept {index}")
            seats.append(
                services.add_seat(
                    actor=leader,
                    group=group,
                    membership=membership,
                    functional_area=f"Area {index % 4}",
                    staff_level="front_line" if index % 2 else "middle",
                )
            )
    return seats


def start(assessment: SelfAssessment, leader: User) -> SelfAssessment:
    with transaction.atomic():
        return services.change_state(actor=leader, assessment=assessment, action=Action.START)
