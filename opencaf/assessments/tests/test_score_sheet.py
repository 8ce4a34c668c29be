"""The one read model of an assessment's scores, beside the previous cycle's."""

from __future__ import annotations

from django.db import transaction

from conftest import World
from opencaf.assessments import selectors, services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion, Subcriterion


def _run(assessment: SelfAssessment, world: World, score_of: dict[str, int]) -> SelfAssessment:
    """Take a planned assessment to finalised, with the given consensus scores (others not assessed)."""
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    with transaction.atomic():
        services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
        for sub in Subcriterion.objects.filter(framework=assessment.framework):
            score = score_of.get(sub.code)
            services.record_consensus(
                actor=world.alice,
                assessment=assessment,
                subcriterion=sub,
                expected_version=0,
                score=score,
                dimension_scores={},
                not_assessed_reason="" if score is not None else "Not in scope",
                rationale="Agreed in the meeting",
                entries={},
            )
        return services.change_state(actor=world.alice, assessment=assessment, action=Action.FINALISE)


def test_sheet_groups_scores_by_criterion_and_compares_with_the_previous_cycle(
    world: World, caf_framework: FrameworkVersion
) -> None:
    first = _run(make_assessment(world.alice_org, world.alice, caf_framework), world, {"1.1": 40, "1.2": 60})
    with transaction.atomic():
        second = services.start_next_cycle(actor=world.alice, previous=first, title="Second cycle")
    second = _run(second, world, {"1.1": 70, "6.1": 50})

    sheet = selectors.score_sheet(second)
    assert sheet.previous == first
    assert [block.criterion.number for block in sheet.criteria] == list(range(1, 10))
    assert len(sheet.subcriteria) == 28
    rows = {row.subcriterion.code: row for row in sheet.subcriteria}
    assert (rows["1.1"].score, rows["1.1"].previous_score) == (70, 40)
    assert (rows["1.2"].score, rows["1.2"].previous_score) == (None, 60)
    assert rows["1.2"].not_assessed_reason == "Not in scope"
    assert sheet.criteria[0].score == 70 and sheet.criteria[0].previous_score == 50
    assert sheet.totals.assessed_subcriteria == 2 and sheet.previous_totals is not None


def test_first_cycle_has_nothing_to_compare_with(world: World, caf_framework: FrameworkVersion) -> None:
    only = _run(make_assessment(world.alice_org, world.alice, caf_framework), world, {"2.1": 55})
    sheet = selectors.score_sheet(only)
    assert sheet.previous is None and sheet.previous_totals is None
    assert all(row.previous_score is None for row in sheet.subcriteria)
