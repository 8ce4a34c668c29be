"""Property tests for the scoring arithmetic."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.assessments.scoring import (
    ScoreError,
    combine_dimensions,
    dimension_medians,
    divergence_key,
    spread,
    suggested_consensus,
    totals,
)

scores = st.integers(min_value=0, max_value=100)
PDCA = ["plan", "do", "check", "act"]


@given(st.fixed_dictionaries(dict.fromkeys(PDCA, scores)))
def test_combined_score_stays_within_its_dimensions(values: dict[str, int]) -> None:
    combined = combine_dimensions(values, PDCA)
    assert min(values.values()) <= combined <= max(values.values())
    assert combined == sum(values.values()) / 4


@given(scores)
def test_equal_dimensions_combine_to_themselves(value: int) -> None:
    assert combine_dimensions({"trends": value, "targets": value}, ["trends", "targets"]) == value


@pytest.mark.parametrize(
    "bad",
    [
        {"plan": 10, "do": 10, "check": 10},
        {"plan": 10, "do": 10, "check": 10, "act": 101},
        {"plan": -1, "do": 0, "check": 0, "act": 0},
    ],
)
def test_incomplete_or_out_of_range_dimensions_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ScoreError):
        combine_dimensions(bad, PDCA)


@given(st.lists(scores, min_size=1, max_size=40))
def test_spread_matches_the_statistics(values: list[int]) -> None:
    result = spread(values)
    assert result is not None
    assert result.count == len(values)
    assert result.minimum <= result.median <= result.maximum
    assert result.minimum <= result.mean <= result.maximum
    assert result.range == max(values) - min(values)
    assert result.stdev == pytest.approx(statistics.pstdev(values))
    suggestion = suggested_consensus(result)
    assert suggestion is not None and min(values) <= suggestion <= max(values)


@given(st.lists(scores, min_size=1, max_size=40), scores)
def test_agreement_is_less_divergent_than_disagreement(values: list[int], shift: int) -> None:
    agreeing = spread([values[0]] * len(values))
    assert divergence_key(agreeing) <= divergence_key(spread(values))
    assert divergence_key(None) < divergence_key(agreeing)


def test_median_suggestion_rounds_half_up() -> None:
    assert suggested_consensus(spread([40, 51])) == 46  # median 45.5
    assert suggested_consensus(spread([30, 50, 70])) == 50
    assert suggested_consensus(None) is None


KINDS = {n: ("enabler" if n <= 5 else "result") for n in range(1, 10)}
CODES = [
    f"{c}.{p}" for c, count in zip(range(1, 10), [4, 4, 3, 6, 3, 2, 2, 2, 2], strict=True) for p in range(1, count + 1)
]


@given(st.lists(st.one_of(st.none(), scores), min_size=28, max_size=28))
def test_totals_are_averages_of_what_was_assessed(values: list[int | None]) -> None:
    result = totals(dict(zip(CODES, values, strict=True)), KINDS)
    assessed = [value for value in values if value is not None]
    assert result.assessed_subcriteria == len(assessed)
    assert result.sum_of_subcriteria == sum(assessed)
    for number, score in result.criteria.items():
        own = [v for code, v in zip(CODES, values, strict=True) if code.startswith(f"{number}.") and v is not None]
        assert score == (statistics.fmean(own) if own else None)
    present = [score for score in result.criteria.values() if score is not None]
    assert result.overall == (statistics.fmean(present) if present else None)
    if result.overall is not None:
        assert 0 <= result.overall <= 100


def test_totals_of_a_simple_case() -> None:
    values = {code: (60 if code.split(".")[0] in "12345" else 40) for code in CODES}
    result = totals(values, KINDS)
    assert result.enablers == 60 and result.results == 40
    assert result.overall == pytest.approx((5 * 60 + 4 * 40) / 9)
    assert result.sum_of_subcriteria == 20 * 60 + 8 * 40


@given(st.lists(st.fixed_dictionaries(dict.fromkeys(PDCA, scores)), min_size=1, max_size=30))
def test_dimension_medians_lie_within_each_dimension(rows: list[dict[str, int]]) -> None:
    medians = dimension_medians(rows, PDCA)
    assert set(medians) == set(PDCA)
    for name in PDCA:
        values = [row[name] for row in rows]
        assert min(values) <= medians[name] <= max(values)


def test_dimension_medians_skip_unscored_dimensions() -> None:
    assert dimension_medians([{"trends": 40}, {"trends": 51, "targets": 70}], ["trends", "targets"]) == {
        "trends": 46,
        "targets": 70,
    }
    assert dimension_medians([], ["trends"]) == {}
