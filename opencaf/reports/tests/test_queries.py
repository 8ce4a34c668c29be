"""The report page runs the same number of queries however many assessors took part."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from opencaf.assessments.models import IndividualEntry, IndividualScore, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement.tests.factories import finalised_assessment


def _report_queries(world: World, assessment: SelfAssessment) -> int:
    url = reverse(
        "reports:report", kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id}
    )
    client = client_for(world.alice)
    client.get(url)  # warm the chart cache: the second request shows the steady state
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _score_everything(assessment: SelfAssessment, seats: list) -> None:  # type: ignore[type-arg]
    subcriteria = list(Subcriterion.objects.filter(framework=assessment.framework))
    IndividualScore.objects.bulk_create(
        IndividualScore(seat=seat, subcriterion=sub, score=(seat.pk * 7 + sub.pk) % 101)
        for seat in seats
        for sub in subcriteria
    )
    IndividualEntry.objects.bulk_create(
        IndividualEntry(individual=score, kind="strength", text=f"Strength {score.pk}")
        for score in IndividualScore.objects.filter(seat__in=seats)
    )


def test_report_queries_do_not_grow_with_assessors(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = finalised_assessment(world.alice_org, world.alice, caf_framework)
    _score_everything(assessment, add_assessors(assessment, world.alice, 2))
    few = _report_queries(world, assessment)
    _score_everything(assessment, add_assessors(assessment, world.alice, 27))
    many = _report_queries(world, assessment)
    assert many == few
    assert many <= 25
