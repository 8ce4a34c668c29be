"""Indicators on the scoring and consensus pages and in the report: the last three years, targets and
trend of each linked indicator, and for fine-tuned results scoring the levels the data suggest."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.assessments.subcriterion_figures import figures_by_code, figures_for
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators.models import Indicator
from opencaf.indicators.tests.factories import aim, make_indicator, record


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to("2026-12-06 09:00")


def _yearly(world: World, name: str, values: list[str], targets: list[str], **fields: Any) -> Indicator:
    indicator = make_indicator(world.alice_org, world.alice, name={"en": name}, frequency="yearly", **fields)
    # The last value is 2025's, the last completed year on 6 December 2026.
    for year, (value, target) in enumerate(zip(values, targets, strict=True), start=2026 - len(values)):
        record(indicator, world.alice, str(year), value)
        aim(indicator, world.alice, str(year), target)
    return indicator


def test_a_linked_indicator_shows_its_last_three_years_target_status_and_trend(
    world: World, caf_framework: Any
) -> None:
    _yearly(world, "Cases decided in time", ["60", "70", "80", "90"], ["75", "75", "85", "85"], subcriteria=("9.1",))
    make_indicator(world.alice_org, world.alice, name={"en": "Not linked"}, subcriteria=("6.2",))
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    (block,) = figures_for(assessment, "9.1")
    assert block.title == "Cases decided in time" and block.source == "Indicator"
    assert block.headings == ("Year", "Latest value of the year", "Target and status")
    assert [(line.label, line.value, line.previous) for line in block.lines] == [
        ("2023", "70.0\u00a0% (2023)", "75.0\u00a0%, off track"),
        ("2024", "80.0\u00a0% (2024)", "85.0\u00a0%, off track"),
        ("2025", "90.0\u00a0% (2025)", "85.0\u00a0%, on track"),
    ]
    assert block.note == "trend over the last three periods: improving"
    assert figures_for(assessment, "7.2") == []
    assert not any(b.source == "Suggestion" for b in figures_for(assessment, "9.1"))  # classical scoring


def test_fine_tuned_results_get_suggested_levels_and_enablers_do_not(world: World, caf_framework: Any) -> None:
    _yearly(world, "Improving, met", ["60", "70", "80"], ["50", "60", "70"], subcriteria=("9.1", "5.1"))
    _yearly(world, "Worsening, missed", ["80", "70", "60"], ["90", "90", "90"], subcriteria=("9.1",))
    _yearly(world, "Improving, missed", ["10", "20", "30"], ["90", "90", "90"], subcriteria=("9.1",))
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    found = figures_by_code(assessment, ["9.1", "5.1"])
    suggestion = found["9.1"][-1]
    assert suggestion.source == "Suggestion" and "the assessors decide" in suggestion.note
    trends, targets = suggestion.lines
    assert (trends.label, trends.value) == ("Trends", "51–70")  # 2 improving, 1 worsening
    assert (targets.label, targets.value) == ("Targets", "51–70")  # 1 of 3 on track: some met
    assert targets.previous == "1 of 3 on track at the latest value"
    assert [block.source for block in found["5.1"]] == ["Indicator"]  # an enabler: no suggestion


def test_another_organisations_and_archived_indicators_do_not_show(world: World, caf_framework: Any) -> None:
    make_indicator(world.bob_org, world.bob, name={"en": "Bob's"}, subcriteria=("9.1",))
    archived = make_indicator(world.alice_org, world.alice, name={"en": "Old"}, subcriteria=("9.1",))
    Indicator.objects.filter(pk=archived.pk).update(archived=True)
    assert figures_for(make_assessment(world.alice_org, world.alice, caf_framework), "9.1") == []


def test_one_query_without_linked_indicators_three_with(
    world: World, caf_framework: Any, django_assert_num_queries: Any
) -> None:
    from opencaf.indicators import figures

    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    with django_assert_num_queries(1):
        assert figures.for_subcriteria(assessment, ["9.1"]) == {}
    for n in range(5):
        _yearly(world, f"Indicator {n}", ["1", "2", "3"], ["2", "2", "2"], subcriteria=("9.1", "9.2"))
    structure_of(assessment.framework)  # read once per process, as on every scoring page
    with django_assert_num_queries(3):
        assert len(figures.for_subcriteria(assessment, ["9.1", "9.2"])["9.2"]) == 6  # five and a suggestion


def test_the_scoring_page_shows_them_to_the_assessor(world: World, caf_framework: Any) -> None:
    _yearly(world, "Cases decided in time", ["60", "70", "80"], ["75", "75", "75"], subcriteria=("9.1",))
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    (seat,) = add_assessors(assessment, world.alice, 1)
    assessment = start(assessment, world.alice)
    url = reverse(
        "assessments:score",
        kwargs={"org_id": world.alice_org.public_id, "assessment_id": assessment.public_id, "code": "9.1"},
    )
    page = client_for(seat.membership.user).get(url).content.decode()
    assert "Cases decided in time" in page and "Latest value of the year" in page
    assert "Levels the indicators suggest for 9.1" in page
