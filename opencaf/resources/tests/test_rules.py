"""The resource rules: variance, totals that ignore unknown figures, and flags. No database: the
module is pure, so the properties run over many random figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.indicators.rules import Frequency, Period
from opencaf.resources.rules import (
    DEFAULT_TOLERANCE_PERCENT,
    Flag,
    Total,
    flag,
    has_ended,
    line,
    parse_quarter,
    quarter_of,
    total,
)

D = Decimal
amounts = st.decimals(min_value=D(0), max_value=D("10000000"), places=2)
figures = st.none() | amounts
pairs = st.tuples(figures, figures)
tolerances = st.decimals(min_value=D(0), max_value=D(100), places=1)


# --- quarters: the indicators' periods, no parser of our own --------------------------------------


@pytest.mark.parametrize(("text", "key"), [("2026-Q1", "2026-Q1"), ("Q3 2025", "2025-Q3"), (" 2026 q4 ", "2026-Q4")])
def test_quarters_are_read_as_the_indicators_read_them(text: str, key: str) -> None:
    quarter = parse_quarter(text)
    assert quarter is not None and quarter.key == key and quarter.frequency == Frequency.QUARTERLY


@pytest.mark.parametrize("text", ["2026-Q5", "2026-03", "2026", "Q1", "1st quarter 2026", "", "2026-Q0", "1899-Q1"])
def test_anything_else_is_not_a_quarter(text: str) -> None:
    assert parse_quarter(text) is None


def test_a_quarter_has_ended_once_its_last_day_has_passed() -> None:
    quarter = Period(Frequency.QUARTERLY, 2026, 1)
    assert quarter_of(date(2026, 3, 31)) == quarter
    assert not has_ended(quarter, date(2026, 3, 31))
    assert has_ended(quarter, date(2026, 4, 1))


# --- variance ---------------------------------------------------------------------------------------


@given(amounts, amounts)
def test_variance_is_actual_minus_planned_and_its_share_is_of_the_plan(planned: D, actual: D) -> None:
    figures = line(planned, actual)
    assert figures.variance == actual - planned
    if planned:
        assert figures.variance_share == (actual - planned) * 100 / planned
    else:
        assert figures.variance_share is None  # no plan to take a share of


@given(figures)
def test_no_variance_while_either_side_is_unknown(known: D | None) -> None:
    assert line(known, None).variance is None and line(None, known).variance is None
    assert line(known, None).incomplete == 1


# --- totals ignore unknowns ---------------------------------------------------------------------------


@given(st.lists(pairs, max_size=30))
def test_a_total_adds_the_known_figures_and_compares_only_complete_lines(
    lines: list[tuple[D | None, D | None]],
) -> None:
    result = total(lines)
    planned = [p for p, _a in lines if p is not None]
    actual = [a for _p, a in lines if a is not None]
    complete = [(p, a) for p, a in lines if p is not None and a is not None]
    assert result.planned == (sum(planned, D(0)) if planned else None)
    assert result.actual == (sum(actual, D(0)) if actual else None)
    assert result.lines == len(lines) and result.incomplete == len(lines) - len(complete)
    if complete:
        assert result.variance == sum((a - p for p, a in complete), D(0))
    else:
        assert result.variance is None
    unplanned = [a for p, a in lines if p is None and a is not None]
    assert result.unplanned == (sum(unplanned, D(0)) if unplanned else None)


@given(st.lists(pairs, max_size=20), st.lists(pairs, max_size=20))
def test_totals_add_up_in_any_grouping(
    first: list[tuple[D | None, D | None]], second: list[tuple[D | None, D | None]]
) -> None:
    assert total(first) + total(second) == total(first + second) == total(second + first)
    assert total(first) + Total() == total(first)


@given(st.lists(pairs, max_size=20), st.integers(0, 5))
def test_lines_with_nothing_known_change_only_the_counts(lines: list[tuple[D | None, D | None]], blanks: int) -> None:
    padded = total([*lines, *([(None, None)] * blanks)])
    plain = total(lines)
    assert (padded.planned, padded.actual, padded.variance) == (plain.planned, plain.actual, plain.variance)
    assert padded.lines == plain.lines + blanks


def test_a_missing_actual_does_not_make_a_total_look_under_spent() -> None:
    result = total([(D(100), D(150)), (D(100), None)])
    assert result.planned == D(200) and result.actual == D(150)
    assert result.variance == D(50)  # the second line's plan is not compared with nothing
    assert flag(result, ended=True) == Flag.OVER_PLAN


# --- flags --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "actual", "ended", "expected"),
    [
        ("100", "110", True, None),  # 10 % over is within the default tolerance
        ("100", "110.01", False, Flag.OVER_PLAN),
        ("100", "90", True, None),
        ("100", "89.99", True, Flag.UNDER_SPENT),
        ("100", "50", False, None),  # the quarter is still running: not under-spent yet
        ("0", "0.01", True, Flag.OVER_PLAN),  # nothing planned leaves no room
        ("0", "0", True, None),
        (None, "5", False, Flag.NO_PLAN),
        (None, "0", True, None),  # nothing spent without a plan is nothing to flag
        ("100", None, True, None),  # actuals not in yet
        (None, None, True, None),
    ],
)
def test_flags(planned: str | None, actual: str | None, ended: bool, expected: Flag | None) -> None:
    figures = line(D(planned) if planned else None, D(actual) if actual else None)
    assert flag(figures, ended=ended) == expected


@given(amounts, amounts, tolerances, st.booleans())
def test_over_plan_exactly_when_above_the_plan_by_more_than_the_tolerance(
    planned: D, actual: D, tolerance: D, ended: bool
) -> None:
    result = flag(line(planned, actual), ended=ended, tolerance_percent=tolerance)
    limit = planned + planned * tolerance / 100
    assert (result == Flag.OVER_PLAN) == (actual > limit)
    if result == Flag.UNDER_SPENT:
        assert ended and actual < planned - planned * tolerance / 100


@given(amounts, amounts, st.decimals(min_value=D("0.01"), max_value=D(1000), places=2), st.booleans())
def test_flags_do_not_depend_on_the_scale(planned: D, actual: D, factor: D, ended: bool) -> None:
    assert flag(line(planned, actual), ended=ended) == flag(line(planned * factor, actual * factor), ended=ended)


@given(amounts, amounts, amounts)
def test_spending_more_never_turns_over_plan_into_under_spent(planned: D, actual: D, more: D) -> None:
    rank = {Flag.UNDER_SPENT: 0, None: 1, Flag.OVER_PLAN: 2}
    before = flag(line(planned, actual), ended=True)
    after = flag(line(planned, actual + more), ended=True)
    assert rank[after] >= rank[before]


def test_the_default_tolerance_is_ten_percent_and_a_bad_one_is_refused() -> None:
    assert D(10) == DEFAULT_TOLERANCE_PERCENT
    for bad in (D(-1), D("NaN"), D("Infinity")):
        with pytest.raises(ValueError):
            flag(line(D(1), D(1)), ended=True, tolerance_percent=bad)
