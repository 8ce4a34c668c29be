"""Organisations at a given point of the path, written straight to the tables (the services that
normally write these rows are tested in their own apps; here only the derived stage matters)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from opencaf.assessments.models import AssessmentGroup, Consensus, Seat, SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import Campaign, Recipient
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement.models import Action, ActionUpdate, ImprovementPlan
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.reports.models import ReportAcceptance

LEVELS = ("invited", "representative", "self_assessment", "report", "plan", "in_progress")


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def campaign_for(network: Network, sent: date) -> Campaign:
    return Campaign.objects.create(
        network=network, title="Invitation", deadline=sent + timedelta(days=30), state="sent", sent_at=moment(sent)
    )


def furnish(
    organisation: Organisation,
    framework: FrameworkVersion,
    level: str,
    *,
    start: date,
    campaign: Campaign | None = None,
    front_line: bool = True,
    consensus_done: bool = True,
) -> dict[str, Any]:
    """Give the organisation the facts of every stage up to `level`, a month apart from `start`."""
    made: dict[str, Any] = {}
    reach = LEVELS.index(level)
    network = organisation.network
    assert network is not None
    campaign = campaign or campaign_for(network, start)
    Recipient.objects.create(
        campaign=campaign,
        organisation=organisation,
        head_name="Head",
        head_email="head@example.org",
        language="en",
        status="nominated" if reach >= 1 else "sent",
        sent_at=moment(start),
        replied_at=moment(start + timedelta(days=10)) if reach >= 1 else None,
    )
    if reach < 2:
        return made
    started = start + timedelta(days=30)
    state = "finalised" if reach >= 3 else "consensus"
    assessment = SelfAssessment.objects.create(
        organisation=organisation, framework=framework, title="SA", scoring_method="classical", state=state
    )
    made["assessment"] = assessment
    AuditEvent.objects.create(
        action="assessment.start",
        network=network,
        organisation=organisation,
        object_type="assessments.selfassessment",
        object_id=str(assessment.public_id),
        occurred_at=moment(started),
    )
    group = AssessmentGroup.objects.create(assessment=assessment, name="SAG")
    for index in range(2):
        membership = add_member(organisation, UserFactory(), Role.ASSESSOR)
        level_of = "front_line" if front_line and index == 0 else "middle"
        Seat.objects.create(group=group, membership=membership, functional_area=f"Area {index}", staff_level=level_of)
    if consensus_done:
        Consensus.objects.bulk_create(
            Consensus(assessment=assessment, subcriterion=sub, score=50)
            for sub in Subcriterion.objects.filter(framework=framework)
        )
    if reach < 3:
        return made
    ReportAcceptance.objects.create(assessment=assessment, accepted_at=moment(started + timedelta(days=60)))
    if reach < 4:
        return made
    plan = ImprovementPlan.objects.create(
        organisation=organisation,
        assessment=assessment,
        status="approved",
        approved_at=moment(started + timedelta(days=90)),
    )
    action = Action.objects.create(plan=plan, title="Act", last_update_at=moment(started + timedelta(days=90)))
    made["plan"], made["action"] = plan, action
    if reach < 5:
        return made
    Action.objects.filter(pk=action.pk).update(
        status="do", progress=20, last_update_at=moment(started + timedelta(days=120))
    )
    ActionUpdate.objects.create(
        action=action, status="do", progress=20, created_at=moment(started + timedelta(days=120))
    )
    return made
