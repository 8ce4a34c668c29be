"""Starting the next self-assessment from a finished one (the next PDCA cycle)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, client_for
from opencaf.assessments import services as assessment_services
from opencaf.assessments.models import EvidenceLink, SelfAssessment
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import ImprovementPlan
from opencaf.improvement.tests.factories import finalise, finalised_assessment
from opencaf.reports.content import build_sar


def _action(plan: ImprovementPlan, title: str, progress: int, world: World) -> None:
    action = services.add_action(
        actor=world.alice,
        plan=plan,
        data=services.ActionData(
            title=title,
            description="",
            expected_effect="",
            owner=None,
            start_date=None,
            due_date=date(2027, 1, 1),
            budget_eur=None,
            person_days=None,
            impact=2,
            feasibility=2,
            subcriteria=[Subcriterion.objects.get(code="3.1")],
        ),
    )
    if progress:
        services.report_progress(
            actor=world.alice, action=action, status="done" if progress == 100 else "do", progress=progress, note=""
        )


def test_next_cycle_carries_evidence_and_open_actions_for_review(world: World, caf_framework: FrameworkVersion) -> None:
    first = finalised_assessment(world.alice_org, world.alice, caf_framework)
    evidence = EvidenceItem.objects.create(
        organisation=world.alice_org, kind="link", title="Strategija", url="https://e.org"
    )
    EvidenceLink.objects.create(assessment=first, subcriterion=Subcriterion.objects.get(code="2.2"), evidence=evidence)
    plan = services.create_plan(actor=world.alice, assessment=first)
    _action(plan, "Open action", 40, world)
    _action(plan, "Finished action", 100, world)

    url = reverse(
        "assessments:next_cycle", kwargs={"org_id": world.alice_org.public_id, "assessment_id": first.public_id}
    )
    response = client_for(world.alice).post(url, {"title": "Samoocenjevanje 2028"})
    assert response.status_code == 302
    second = SelfAssessment.objects.get(title="Samoocenjevanje 2028")
    assert second.previous == first and second.scoring_method == first.scoring_method
    link = second.evidence_links.get()
    assert link.needs_review and link.evidence == evidence
    # Confirming carried-over evidence.
    confirm = reverse(
        "assessments:evidence",
        kwargs={"org_id": world.alice_org.public_id, "assessment_id": second.public_id, "code": "2.2"},
    )
    assert client_for(world.alice).post(confirm, {"confirm": str(link.public_id)}).status_code == 302
    link.refresh_from_db()
    assert not link.needs_review
    # The new plan picks up only the unfinished action, marked for review.
    second = finalise(second, world.alice)
    new_plan = services.create_plan(actor=world.alice, assessment=second)
    carried = list(new_plan.actions.all())
    assert [a.title for a in carried] == ["Open action"]
    assert carried[0].needs_review and carried[0].progress == 40
    # The report compares with the cycle it was started from.
    assert build_sar(second, "en").previous_title == first.title


def test_next_cycle_needs_a_finished_assessment(world: World, caf_framework: FrameworkVersion) -> None:
    from opencaf.assessments.tests.factories import make_assessment

    draft = make_assessment(world.alice_org, world.alice, caf_framework)
    with pytest.raises(ValidationError):
        assessment_services.start_next_cycle(actor=world.alice, previous=draft, title="x")
