"""A finalised self-assessment with consensus findings, and its improvement plan."""

from __future__ import annotations

from django.db import transaction

from opencaf.accounts.models import User
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import Action as Step
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import ImprovementPlan


def finalised_assessment(organisation, leader: User, framework: FrameworkVersion) -> SelfAssessment:  # type: ignore[no-untyped-def]
    return finalise(make_assessment(organisation, leader, framework), leader)


def finalise(assessment: SelfAssessment, leader: User) -> SelfAssessment:
    """Run a planned self-assessment through to the end: one assessor, consensus with a few
    findings on 1.1 and 6.1 (every subcriterion decided), finalised."""
    add_assessors(assessment, leader, 1)
    start(assessment, leader)
    with transaction.atomic():
        assessment_services.change_state(actor=leader, assessment=assessment, action=Step.OPEN_CONSENSUS)
        for sub in Subcriterion.objects.filter(framework=assessment.framework):
            entries = {}
            if sub.code in ("1.1", "6.1"):
                entries = {"area": [f"Area {sub.code} A", f"Area {sub.code} B"], "idea": [f"Idea {sub.code}"]}
            assessment_services.record_consensus(
                actor=leader,
                assessment=assessment,
                subcriterion=sub,
                expected_version=0,
                score=None,
                dimension_scores={},
                not_assessed_reason="Not assessed in tests",
                rationale="",
                entries=entries,
            )
        return assessment_services.change_state(actor=leader, assessment=assessment, action=Step.FINALISE)


def make_plan(organisation, leader: User, framework: FrameworkVersion) -> ImprovementPlan:  # type: ignore[no-untyped-def]
    assessment = finalised_assessment(organisation, leader, framework)
    with transaction.atomic():
        return services.create_plan(actor=leader, assessment=assessment)
