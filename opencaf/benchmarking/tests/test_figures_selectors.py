"""What the benchmark selectors compute: own scores with the previous cycle and the change, positions,
the gate on groups by type (with its complement), on coordinators' groups and on shared indicators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from opencaf.benchmarking.distribution import Position
from opencaf.benchmarking.selectors import figures as selectors
from opencaf.benchmarking.selectors.figures import ItemFigures, Visibility
from opencaf.benchmarking.services import snapshots
from opencaf.benchmarking.tests.factories import consent, finished_assessment, peer_group
from opencaf.benchmarking.tests.test_figures_builders import adopted_indicator, peers, shared_definition

pytestmark = pytest.mark.django_db


def _moment(year: int) -> datetime:
    return timezone.make_aware(datetime(year, 6, 15, 12))


def _item(page: selectors.OrganisationBenchmark, code: str) -> ItemFigures:
    return next(item for block in page.criteria for item in [block.criterion, *block.subcriteria] if item.code == code)


def test_own_scores_of_the_cycle_with_the_previous_cycle_and_the_change(world: World, caf_framework: Any) -> None:
    earlier = finished_assessment(world.alice_org, caf_framework, {"1.1": 40}, finalised_at=_moment(2024))
    consent(earlier)
    latest = finished_assessment(world.alice_org, caf_framework, {"1.1": 65}, finalised_at=_moment(2026))
    consent(latest)
    peers(world.network, caf_framework, 5)
    snapshots.rebuild(world.network)

    page = selectors.organisation_benchmark(world.alice_org)

    assert page.cycle == 2026 and page.cycles[:2] == [2026, 2024] and page.assessment == latest and page.shared
    item = _item(page, "1.1")
    assert (item.own, item.previous, item.change) == (65.0, 40.0, 25.0)
    assert item.figures is not None and item.figures.count == 6
    assert _item(page, "1").own == pytest.approx(53.8)  # (65 + 50 + 50 + 50) / 4 = 53.75, one decimal
    older = selectors.organisation_benchmark(world.alice_org, cycle=2024)
    assert older.assessment == earlier and older.visibility == Visibility.TOO_SMALL  # alone in 2024


def test_positions_are_bands_never_ranks(world: World, caf_framework: Any) -> None:
    consent(finished_assessment(world.alice_org, caf_framework, {"1.1": 95, "1.2": 10, "1.3": 50}))
    peers(world.network, caf_framework, 6, first_score=30, step=8)  # 30, 38, … 70: median 50
    snapshots.rebuild(world.network)
    page = selectors.organisation_benchmark(world.alice_org)
    assert _item(page, "1.1").position == Position.HIGHEST_QUARTER
    assert _item(page, "1.2").position == Position.LOWEST_QUARTER
    assert _item(page, "1.3").position == Position.AT_MEDIAN


def test_an_organisation_that_does_not_share_sees_its_peers_and_is_not_counted(
    world: World, caf_framework: Any
) -> None:
    finished_assessment(world.alice_org, caf_framework, {"1.1": 80})
    peers(world.network, caf_framework, 5)
    snapshots.rebuild(world.network)
    page = selectors.organisation_benchmark(world.alice_org)
    assert not page.shared and page.organisations == 5
    item = _item(page, "1.1")
    assert item.own == 80 and item.figures is not None and item.figures.count == 5


def test_a_type_is_hidden_when_it_would_reveal_a_small_type_by_subtraction(world: World, caf_framework: Any) -> None:
    consent(finished_assessment(world.alice_org, caf_framework))
    peers(world.network, caf_framework, 6)  # seven municipalities with Alice's
    peers(world.network, caf_framework, 2, org_type="school", name="School")
    snapshots.rebuild(world.network)

    assert selectors.organisation_benchmark(world.alice_org).visibility == Visibility.SHOWN
    by_type = selectors.organisation_benchmark(world.alice_org, group_key="type")
    assert by_type.visibility == Visibility.HIDDEN and by_type.organisations is None
    assert all(item.figures is None for block in by_type.criteria for item in [block.criterion, *block.subcriteria])
    network = selectors.network_benchmark(world.network, org_type="municipality")
    assert network.organisations == 9
    assert [(code, count) for code, _label, count, _state in network.by_type] == [
        ("municipality", None),
        ("school", None),
    ]
    assert all(item.network.figures is not None and item.of_type is not None for item in network.items)
    assert all(item.of_type.figures is None for item in network.items if item.of_type is not None)


def test_a_coordinators_group_of_all_but_a_few_is_hidden(world: World, caf_framework: Any) -> None:
    consent(finished_assessment(world.alice_org, caf_framework))
    built = [peer.organisation for peer in peers(world.network, caf_framework, 11)]
    most = peer_group(world.network, "All but two", [world.alice_org, *built[:9]])
    half = peer_group(world.network, "Half", [world.alice_org, *built[:5]])
    snapshots.rebuild(world.network)
    assert selectors.organisation_benchmark(world.alice_org, group_key=str(most.public_id)).visibility == (
        Visibility.HIDDEN
    )
    page = selectors.organisation_benchmark(world.alice_org, group_key=str(half.public_id))
    assert page.visibility == Visibility.SHOWN and page.organisations == 6


def test_shared_indicators_are_compared_in_their_latest_year_through_the_gate(world: World, caf_framework: Any) -> None:
    consent(finished_assessment(world.alice_org, caf_framework))
    definition, rare = shared_definition(world.network), shared_definition(world.network, "rare")
    mine = adopted_indicator(world.alice_org, definition, {"2024": "30", "2025": "12"})
    adopted_indicator(world.alice_org, rare, {})
    for index, peer in enumerate(peers(world.network, caf_framework, 5)):
        adopted_indicator(peer.organisation, definition, {"2025": str(10 + index), "2024": "99"})
        if index < 2:
            adopted_indicator(peer.organisation, rare, {"2023": "1"})
    snapshots.rebuild(world.network)

    comparisons = {row.indicator.pk: row for row in selectors.organisation_benchmark(world.alice_org).indicators}
    row = comparisons[mine.pk]
    assert (row.year, row.own, row.visibility) == (2025, 12.0, Visibility.SHOWN)
    assert row.figures is not None and (row.figures.count, row.figures.median) == (6, 12.0)
    assert row.position == Position.AT_MEDIAN and row.plot is not None
    scarce = next(row for pk, row in comparisons.items() if pk != mine.pk)
    assert (scarce.year, scarce.own, scarce.figures) == (2023, None, None)  # the peers' latest year; two of them
    assert scarce.visibility == Visibility.TOO_SMALL


def test_without_any_finished_assessment_the_page_shows_the_network_only(world: World, caf_framework: Any) -> None:
    peers(world.network, caf_framework, 5)
    snapshots.rebuild(world.network)
    page = selectors.organisation_benchmark(world.alice_org)
    assert page.assessment is None and page.cycle == timezone.localdate().year
    assert page.visibility == Visibility.SHOWN and _item(page, "2.1").own is None
    assert _item(page, "2.1").position is None and _item(page, "2.1").plot is not None


def test_a_network_without_shared_scores_has_nothing_to_show(world: World, caf_framework: Any) -> None:
    page = selectors.organisation_benchmark(world.alice_org)
    assert page.cycle is None and page.criteria == [] and page.visibility == Visibility.EMPTY
    network = selectors.network_benchmark(world.network)
    assert network.cycle is None and network.items == [] and network.organisations is None
