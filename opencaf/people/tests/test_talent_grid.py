"""The talent grid and the succession arithmetic (grid.py), on examples and on data made up by Hypothesis:
every pair of ratings has exactly one box, everyone is placed once or listed apart, coverage and risk
follow their definitions, and the positions at risk come first."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.people import grid
from opencaf.people.models import Degree, Readiness

ratings = st.none() | st.integers(min_value=-1, max_value=5)
people = st.lists(st.tuples(st.uuids(), ratings, ratings), max_size=40, unique_by=lambda person: person[0])
readinesses = st.lists(st.sampled_from([*grid.Readiness, "unknown"]), max_size=5).map(tuple)
positions = st.lists(
    st.builds(
        grid.Position,
        key=st.integers(),
        risk_of_loss=st.sampled_from(list(grid.Degree)),
        impact=st.sampled_from(list(grid.Degree)),
        readinesses=readinesses,
    ),
    max_size=30,
)


def test_the_codes_are_the_values_the_models_store() -> None:
    assert set(grid.Degree) == set(Degree.values)
    assert set(grid.Readiness) == set(Readiness.values)


def test_nine_boxes_with_stable_codes() -> None:
    assert len(grid.BOXES) == 9
    assert grid.box_for(3, 3).code == "future_leader"
    assert grid.box_for(1, 1).code == "needs_attention"
    assert grid.box_for(2, 2).code == "core_player"
    assert {box.code for box in grid.BOXES.values()} == set(grid.BoxCode)


def test_the_grid_is_drawn_with_high_potential_on_top_and_high_performance_on_the_right() -> None:
    rows = grid.rows()
    assert [row[0].potential for row in rows] == [3, 2, 1]
    assert all([box.performance for box in row] == [1, 2, 3] for row in rows)
    assert rows[0][-1].code == grid.BoxCode.FUTURE_LEADER
    assert rows[-1][0].code == grid.BoxCode.NEEDS_ATTENTION


@pytest.mark.parametrize("pair", [(0, 2), (2, 4), (None, 2), (True, 2), ("3", 3)])
def test_a_rating_off_the_scales_has_no_box(pair: tuple[object, object]) -> None:
    with pytest.raises(ValueError):
        grid.box_for(*pair)  # type: ignore[arg-type]


@given(st.sampled_from(grid.LEVELS), st.sampled_from(grid.LEVELS))
def test_every_pair_of_ratings_has_exactly_one_box(performance: int, potential: int) -> None:
    box = grid.box_for(performance, potential)
    assert (box.performance, box.potential) == (performance, potential)
    assert sum(1 for row in grid.rows() for other in row if other == box) == 1


@given(people)
def test_everyone_is_placed_once_or_listed_apart(group: list[tuple[object, int | None, int | None]]) -> None:
    placement = grid.place(group)
    placed = [person for box in placement.boxes.values() for person in box]
    assert Counter(placed + placement.unrated) == Counter(person for person, _perf, _pot in group)
    assert placement.placed == len(placed) == sum(placement.counts.values())
    assert set(placement.boxes) == set(grid.BoxCode)
    for person, performance, potential in group:
        if grid.is_rating(performance) and grid.is_rating(potential):
            assert person in placement.boxes[grid.box_for(performance, potential).code]  # type: ignore[arg-type]
        else:
            assert person in placement.unrated


@given(people)
def test_people_keep_their_order_within_a_box(group: list[tuple[object, int | None, int | None]]) -> None:
    placement = grid.place(group)
    order = [person for person, _perf, _pot in group]
    for box in placement.boxes.values():
        assert box == sorted(box, key=order.index)


def test_coverage_counts_successors_ready_within_two_years() -> None:
    listed = [
        grid.Position(1, "low", "low", ("now",)),
        grid.Position(2, "low", "low", ("1-2", "3+")),
        grid.Position(3, "low", "low", ("3+",)),
        grid.Position(4, "high", "high", ()),
        grid.Position(5, "high", "high", ("1-2",)),
    ]
    result = grid.coverage(listed)
    assert (result.covered, result.total, result.at_risk) == (3, 5, 2)
    assert result.share is not None and result.share * 5 == 3


def test_no_key_positions_is_no_share_rather_than_zero() -> None:
    assert grid.coverage([]).share is None


@given(readinesses)
def test_covered_means_a_successor_ready_now_or_in_one_to_two_years(values: tuple[str, ...]) -> None:
    assert grid.is_covered(values) == bool({"now", "1-2"} & set(values))
    soonest = grid.soonest(values)
    assert (soonest in grid.COVERING) == grid.is_covered(values)
    if soonest is not None:
        assert soonest in values and all(
            grid.READINESS_ORDER.index(soonest) <= grid.READINESS_ORDER.index(grid.Readiness(value))
            for value in values
            if value in grid.Readiness._value2member_map_
        )


@given(st.sampled_from(list(grid.Degree)), st.sampled_from(list(grid.Degree)), readinesses)
def test_at_risk_is_high_risk_high_impact_and_nobody_ready_now(risk: str, impact: str, values: tuple[str, ...]) -> None:
    expected = risk == "high" and impact == "high" and "now" not in values
    assert grid.is_at_risk(risk, impact, values) == expected
    # Naming a successor ready now always takes a position out of risk, and covers it.
    assert not grid.is_at_risk(risk, impact, (*values, "now"))
    assert grid.is_covered((*values, "now"))


@given(positions)
def test_the_positions_at_risk_come_first_the_rest_in_the_order_given(listed: list[grid.Position[int]]) -> None:
    result = grid.ordered(listed)
    assert sorted(map(id, result)) == sorted(map(id, listed))
    flags = [position.at_risk for position in result]
    assert flags == sorted(flags, reverse=True)
    assert [p for p in result if p.at_risk] == [p for p in listed if p.at_risk]
    assert [p for p in result if not p.at_risk] == [p for p in listed if not p.at_risk]


@given(positions)
def test_coverage_agrees_with_the_positions(listed: list[grid.Position[int]]) -> None:
    result = grid.coverage(listed)
    assert 0 <= result.covered <= result.total == len(listed)
    assert result.at_risk == sum(1 for position in listed if position.at_risk)
    if result.share is not None:
        assert 0 <= result.share <= 1
