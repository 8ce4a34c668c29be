"""The figures of a peer group (benchmarking/distribution.py): quartiles by the stated method, from a
histogram exactly as from the list of scores, bands that follow the scores, plots within their box."""

from __future__ import annotations

import statistics
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.benchmarking.distribution import (
    Distribution,
    Position,
    box_plot,
    distribution,
    merge,
    one_decimal,
    plot_range,
    position,
    scale,
)

# Scores as the snapshot keeps them: 0 to 100 with one decimal.
SCORES = st.integers(0, 1000).map(lambda tenths: tenths / 10)
SCORE_LISTS = st.lists(SCORES, min_size=1, max_size=60)
BANDS = list(Position)  # in order, from the lowest to the highest


def _histogram(scores: list[float]) -> dict[float, int]:
    return dict(Counter(scores))


def test_the_method_is_quartile_inc_on_a_known_example() -> None:
    # Spreadsheets' QUARTILE.INC of 10, 20, 30, 40: 17.5, 25, 32.5.
    figures = distribution({10.0: 1, 20.0: 1, 30.0: 1, 40.0: 1})
    assert figures == Distribution(count=4, minimum=10, lower_quartile=17.5, median=25, upper_quartile=32.5, maximum=40)


def test_no_scores_have_no_figures_and_negative_counts_are_refused() -> None:
    assert distribution({}) is None
    assert distribution({50.0: 0}) is None
    with pytest.raises(ValueError):
        distribution({50.0: -1})


@given(SCORE_LISTS)
def test_quartiles_from_a_histogram_match_statistics_inclusive(scores: list[float]) -> None:
    figures = distribution(_histogram(scores))
    assert figures is not None
    assert figures.count == len(scores)
    assert figures.minimum == min(scores) and figures.maximum == max(scores)
    assert figures.median == pytest.approx(statistics.median(scores))
    if len(scores) > 1:
        lower, middle, upper = statistics.quantiles(scores, n=4, method="inclusive")
        assert (figures.lower_quartile, figures.median, figures.upper_quartile) == pytest.approx((lower, middle, upper))
    assert figures.minimum <= figures.lower_quartile <= figures.median <= figures.upper_quartile <= figures.maximum


@given(st.lists(SCORE_LISTS, min_size=1, max_size=5))
def test_merged_groups_have_the_figures_of_all_their_scores(groups: list[list[float]]) -> None:
    merged = merge(_histogram(scores) for scores in groups)
    assert distribution(merged) == distribution(_histogram([score for scores in groups for score in scores]))


@given(SCORE_LISTS, SCORES, SCORES)
def test_a_higher_score_never_stands_in_a_lower_band(scores: list[float], first: float, second: float) -> None:
    figures = distribution(_histogram(scores))
    assert figures is not None
    low, high = sorted((first, second))
    assert BANDS.index(position(low, figures)) <= BANDS.index(position(high, figures))
    assert (position(first, figures) == Position.AT_MEDIAN) == (abs(first - figures.median) < 1e-9)


@given(SCORE_LISTS)
def test_the_bands_follow_the_quartiles(scores: list[float]) -> None:
    figures = distribution(_histogram(scores))
    assert figures is not None
    for score in scores:
        band = position(score, figures)
        if band == Position.LOWEST_QUARTER:
            assert score < figures.lower_quartile
        elif band == Position.HIGHEST_QUARTER:
            assert score > figures.upper_quartile
        elif band == Position.BELOW_MEDIAN:
            assert figures.lower_quartile <= score + 1e-9 and score < figures.median
        elif band == Position.ABOVE_MEDIAN:
            assert figures.median < score <= figures.upper_quartile + 1e-9


@given(SCORE_LISTS, st.one_of(st.none(), SCORES))
def test_plot_marks_stay_in_order_within_the_box(scores: list[float], own: float | None) -> None:
    figures = distribution(_histogram(scores))
    plot = box_plot(figures, own, 0, 100)
    assert plot is not None
    marks = [plot.minimum, plot.lower_quartile, plot.median, plot.upper_quartile, plot.maximum]
    assert marks == sorted(marks) and all(0 <= mark <= 100 for mark in marks)
    assert plot.box_width >= 0
    assert (plot.own is None) == (own is None)
    if own is not None:
        assert plot.own == pytest.approx(own, abs=0.01)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20), st.one_of(st.none(), st.floats(-1e6, 1e6)))
def test_an_indicators_plot_range_holds_every_mark(values: list[float], own: float | None) -> None:
    figures = distribution(_histogram(values))
    low, high = plot_range(figures, own)
    assert low < high
    plot = box_plot(figures, own, low, high)
    assert plot is not None
    assert 0 <= plot.minimum <= plot.maximum <= 100


def test_no_plot_without_figures_and_a_flat_scale_is_centred() -> None:
    assert box_plot(None, 50, 0, 100) is None
    assert scale(7, 3, 3) == 50
    assert plot_range(None, None) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("value", "expected"), [(62.25, "62.3"), (62.35, "62.4"), (50, "50.0"), (100 / 3, "33.3"), (0.05, "0.1")]
)
def test_scores_are_kept_to_one_decimal_rounded_half_up(value: float, expected: str) -> None:
    assert one_decimal(value) == Decimal(expected)
