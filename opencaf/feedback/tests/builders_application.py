"""Builders for the application part's tests: the people around a case (a reader member, an EFAC), the
organisation's evidence, a case with every pillar answered, and a self-assessment with something in
every section of the dossier (rows written directly; each app's own tests cover its services)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone

from conftest import World
from opencaf.accounts.models import User
from opencaf.assessments.models import AssessmentGroup, PlanItem, Seat, SelfAssessment
from opencaf.coordination.models import Attendance, Event, EventSession, Registration
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback.models import CaseActor, FeedbackCase
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, use_procedure
from opencaf.frameworks.models import FrameworkVersion, ProcessStep
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.indicators.models import Indicator, Measurement
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.resources.models import ResourceLine
from opencaf.surveys.models import Survey


def after_commit() -> Any:
    """Run the after-commit callbacks (the e-mails) of services called directly."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def answers_for_every_pillar(case: FeedbackCase, text: str = "How we did it") -> dict[str, str]:
    return {str(pillar["number"]): f"{text} ({pillar['number']})" for pillar in case.procedure.definition["pillars"]}


@dataclass
class Around:
    """A draft case of Alice's organisation under the European procedure, and the people around it."""

    world: World
    framework: FrameworkVersion
    assessment: SelfAssessment
    case: FeedbackCase
    leader: User  # CAF leader of Alice's organisation: a writer
    viewer: User  # a member who reads only
    efac: User  # an external feedback actor of the case, declared no conflict
    assignment: CaseActor


def around(world: World, framework: FrameworkVersion, *, state: str = "draft", **fields: Any) -> Around:
    use_procedure(world.network, "pef-eu")
    assessment = accepted_assessment(world.alice_org, framework)
    case = feedback_case(world.alice_org, assessment, state=state, **fields)
    leader = UserFactory(email="lena@example.org", full_name="Lena Leader")
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    viewer = UserFactory(email="victor@example.org", full_name="Victor Viewer")
    add_member(world.alice_org, viewer, Role.VIEWER, Role.MANAGER)
    efac = UserFactory(email="efac@example.org", full_name="Erin External")
    assignment = assign(case, external_actor(world.network, efac), lead=True)
    return Around(world, framework, assessment, case, leader, viewer, efac, assignment)


def link_evidence(organisation: Organisation, title: str = "Minutes of the kick-off") -> EvidenceItem:
    return EvidenceItem.objects.create(
        organisation=organisation, kind="link", title=title, url="https://example.org/minutes"
    )


def file_evidence(
    organisation: Organisation, title: str = "Communication plan", content: bytes = b"%PDF-1.4 plan"
) -> EvidenceItem:
    item = EvidenceItem(
        organisation=organisation,
        kind="file",
        title=title,
        original_name="communication plan.pdf",
        content_type="application/pdf",
        size=len(content),
    )
    item.file.save("plan.pdf", ContentFile(content), save=True)
    return item


def fill_dossier(case: FeedbackCase, size: int = 2) -> None:
    """`size` of everything the dossier reads for the case's self-assessment and organisation: plan steps,
    groups of `size` seats, trainings with registrations and attendance, actions with resources, published
    surveys and indicators with values; and some that must stay out (another organisation's, cancelled,
    unpublished, archived)."""
    assessment, organisation, network = case.assessment, case.organisation, case.network
    steps = list(ProcessStep.objects.filter(phase__framework=assessment.framework).order_by("number")[:size])
    today = timezone.localdate()
    for index, step in enumerate(steps):
        PlanItem.objects.create(
            assessment=assessment,
            step=step,
            start_date=today - timedelta(days=300 - index),
            end_date=today - timedelta(days=290 - index),
            status="done",
        )
    PlanItem.objects.create(assessment=assessment, kind="training", title="Training of the group", status="done")
    PlanItem.objects.create(assessment=assessment, kind="communication", title="Intranet news to staff")
    for number in range(size):
        leader = add_member(organisation, UserFactory(full_name=f"Gina Leader {number}"), Role.ASSESSOR)
        group = AssessmentGroup.objects.create(assessment=assessment, name=f"Group {number}", leader=leader)
        for seat in range(size):
            member = add_member(organisation, UserFactory(full_name=f"Secret Member {number}-{seat}"), Role.ASSESSOR)
            Seat.objects.create(
                group=group,
                membership=member,
                functional_area=f"Area {seat % 2}",
                staff_level="front_line" if seat % 2 else "middle",
            )
    other = Organisation.objects.exclude(pk=organisation.pk).first()
    for number in range(size):
        event = Event.objects.create(
            network=network, kind="training", title=f"SAG training {number}", state="published"
        )
        session = EventSession.objects.create(
            event=event,
            starts_at=timezone.now() - timedelta(days=200 + number),
            ends_at=timezone.now() - timedelta(days=200 + number) + timedelta(hours=6),
        )
        for person in range(size):
            registration = Registration.objects.create(
                event=event,
                organisation=organisation,
                name=f"Secret Trainee {number}-{person}",
                email=f"trainee{number}-{person}@example.org",
                language="en",
                status="confirmed",
            )
            Attendance.objects.create(registration=registration, session=session, present=person == 0)
        if other is not None:
            Registration.objects.create(
                event=event, organisation=other, name="Other", email=f"other{number}@example.org", language="en",
                status="confirmed",
            )  # fmt: skip
    conference = Event.objects.create(network=network, kind="conference", title="Quality conference", state="published")
    Registration.objects.create(
        event=conference, organisation=organisation, name="Not training", email="conf@example.org", language="en",
        status="confirmed",
    )  # fmt: skip
    plan = ImprovementPlan.objects.get_or_create(
        assessment=assessment,
        defaults={"organisation": organisation, "status": "approved", "approved_at": timezone.now()},
    )[0]
    for number in range(size):
        action = Action.objects.create(
            plan=plan,
            title=f"Action {plan.actions.count()}",
            status="done" if number == 0 else "do",
            progress=100 if number == 0 else 40,
            budget_eur=Decimal("1000.00"),
            person_days=Decimal("2.5"),
            due_date=date(2030, 1, 1),
        )
        ResourceLine.objects.create(
            organisation=organisation, action=action, quarter="2025-Q1", actual_eur=Decimal("250.00"),
            actual_days=Decimal("1.00"),
        )  # fmt: skip
    for number in range(size):
        Survey.objects.create(
            organisation=organisation,
            title={"en": f"Staff survey {number}", "sl": f"Anketa zaposlenih {number}"},
            audience="employees",
            languages=["sl", "en"],
            state="published",
            published_at=timezone.now() - timedelta(days=100),
            response_count=40 + number,
        )
        indicator = Indicator.objects.create(
            organisation=organisation,
            name={"en": f"Cases decided in time {number}"},
            unit="percent",
            direction="higher_better",
            frequency="yearly",
            subcriteria=["9.1"],
        )
        Measurement.objects.create(indicator=indicator, period="2023", value=Decimal("80"))
        Measurement.objects.create(indicator=indicator, period="2024", value=Decimal("85.5"))
    Survey.objects.create(
        organisation=organisation, title={"en": "Unpublished survey"}, audience="citizens", languages=["en"],
        state="closed",
    )  # fmt: skip
    Indicator.objects.create(
        organisation=organisation, name={"en": "Archived indicator"}, unit="count", direction="higher_better",
        frequency="yearly", archived=True,
    )  # fmt: skip
