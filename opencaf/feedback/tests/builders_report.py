"""Builders for the report part's tests: a case of Alice's organisation in feedback with two external
feedback actors (Lena leads, Otto does not), agreed scores, a written report, a reported case, and
the access objects the services take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conftest import World
from opencaf.accounts.models import User
from opencaf.feedback.access import CaseAccess, access_for
from opencaf.feedback.models import AgreedScore, CaseActor, FeedbackCase, FeedbackReport
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, procedures
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.tests.factories import UserFactory


@dataclass
class ReportCase:
    case: FeedbackCase
    lead: User
    other: User
    lead_assignment: CaseActor
    other_assignment: CaseActor


def question_codes(case: FeedbackCase) -> list[str]:
    return [str(q["code"]) for pillar in case.procedure.definition["pillars"] for q in pillar["questions"]]


def pillar_numbers(case: FeedbackCase) -> list[int]:
    return [int(pillar["number"]) for pillar in case.procedure.definition["pillars"]]


def agree(case: FeedbackCase, score: int | dict[str, int] = 4, *, skip: tuple[str, ...] = ()) -> None:
    """An agreed score for every question (but `skip`): one score for all, or per code (default 4)."""
    for code in question_codes(case):
        if code in skip:
            continue
        value = score.get(code, 4) if isinstance(score, dict) else score
        AgreedScore.objects.update_or_create(
            case=case, question=code, defaults={"score": value, "rationale": "Agreed at the visit"}
        )


def findings(case: FeedbackCase, *, skip: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """Strengths and areas for every pillar; `skip` leaves some out, e.g. ("2.areas",)."""
    return {
        str(number): {
            key: "" if f"{number}.{key}" in skip else f"Pillar {number} {key} text" for key in ("strengths", "areas")
        }
        for number in pillar_numbers(case)
    }


def write(
    case: FeedbackCase, *, skip: tuple[str, ...] = (), summary: str = "A careful organisation."
) -> FeedbackReport:
    report, _created = FeedbackReport.objects.update_or_create(
        case=case, defaults={"pillars": findings(case, skip=skip), "summary": summary}
    )
    return report


def report_case(
    world: World,
    framework: FrameworkVersion,
    *,
    state: str = "in_feedback",
    procedure: str = "pef-eu",
    **fields: Any,
) -> ReportCase:
    """A case of Alice's organisation with Lena (lead) and Otto assigned, both declared no conflict."""
    assessment = accepted_assessment(world.alice_org, framework)
    case = feedback_case(world.alice_org, assessment, state=state, procedure=procedures()[procedure], **fields)
    lead = UserFactory(email="lena@example.org", full_name="Lena Lead")
    other = UserFactory(email="otto@example.org", full_name="Otto Other")
    lead_assignment = assign(case, external_actor(world.network, lead), lead=True)
    other_assignment = assign(case, external_actor(world.network, other))
    return ReportCase(case, lead, other, lead_assignment, other_assignment)


def reported_case(
    world: World, framework: FrameworkVersion, *, score: int | dict[str, int] = 4, **fields: Any
) -> ReportCase:
    """A case whose report the lead finalised: every score agreed (`score`), every finding written."""
    built = report_case(world, framework, state="reported", **fields)
    agree(built.case, score)
    report = write(built.case)
    report.finalised_at = timezone.now()
    report.save()
    return built


def access(user: User, case: FeedbackCase) -> CaseAccess:
    case = FeedbackCase.objects.select_related("organisation", "network", "assessment", "procedure").get(pk=case.pk)
    found = access_for(user, case)
    assert found is not None, f"{user} has no access to the case"
    return found
