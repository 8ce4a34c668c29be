"""The indicator rules: periods and their keys, status against a target, trends and ratios. No
database: the module is pure, so the properties run over many random periods and values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, localcontext
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.indicators import rules
from opencaf.indicators.rules import (
    PERIODS_PER_YEAR,
    Direction,
    Frequency,
    Period,
    Status,
    Target,
    Trend,
    due_date,
    is_overdue,
    parse_period,
    period_of,
    periods_between,
    ratio,
    recent_periods,
    status,
    trend,
)

M, Q, H, Y = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.HALF_YEARLY, Frequency.YEARLY
D = Decimal
STATUS_RANK = {Status.OFF_TRACK: 0, Status.AT_RISK: 1, Status.ON_TRACK: 2}
OPPOSITE = {Trend.IMPROVING: Trend.WORSENING, Trend.WORSENING: Trend.IMPROVING, Trend.STABLE: Trend.STABLE}

# --- strategies -----------------------------------------------------------------------------------

frequencies = st.sampled_from(Frequency)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
amounts = st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2)
tolerances = st.decimals(min_value=D(0), max_value=D(100), places=1)


@st.composite
def periods(draw: st.DrawFn, frequency: Frequency | None = None) -> Period:
    chosen = frequency or draw(frequencies)
    index = draw(st.integers(1, PERIODS_PER_YEAR[chosen]))
    return Period(chosen, draw(st.integers(1990, 2100)), index)


# --- periods: keys, bounds, stepping --------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "key", "start", "end"),
    [
        (Period(M, 2026, 3), "2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        (Period(M, 2024, 2), "2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        (Period(M, 2026, 2), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        (Period(Q, 2026, 1), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (Period(Q, 2026, 4), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (Period(H, 2026, 1), "2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        (Period(H, 2026, 2), "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        (Period(Y, 2026, 1), "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_key_start_and_end(period: Period, key: str, start: date, end: date) -> None:
    assert period.key == key
    assert (period.start, period.end) == (start, end)


def test_a_period_checks_its_index_and_takes_the_frequency_as_text() -> None:
    for frequency, index in [(M, 0), (M, 13), (Q, 5), (H, 3), (Y, 2)]:
        with pytest.raises(ValueError):
            Period(frequency, 2026, index)
    with pytest.raises(ValueError):
        Period("weekly", 2026, 1)  # type: ignore[arg-type]
    assert Period("quarterly", 2026, 2) == Period(Q, 2026, 2)  # type: ignore[arg-type]
    assert Period("quarterly", 2026, 2).frequency is Q  # type: ignore[arg-type]


def test_stepping_over_the_year_end() -> None:
    assert Period(M, 2026, 12).next() == Period(M, 2027, 1)
    assert Period(M, 2026, 1).previous() == Period(M, 2025, 12)
    assert Period(Q, 2026, 4).next() == Period(Q, 2027, 1)
    assert Period(H, 2026, 1).previous() == Period(H, 2025, 2)
    assert Period(Y, 2026, 1).next() == Period(Y, 2027, 1)


def test_periods_are_ordered_in_time_and_only_within_one_frequency() -> None:
    assert Period(M, 2025, 12) < Period(M, 2026, 1) <= Period(M, 2026, 1)
    assert Period(Q, 2026, 2) > Period(Q, 2025, 4) >= Period(Q, 2025, 4)
    assert sorted([Period(H, 2026, 1), Period(H, 2025, 2), Period(H, 2025, 1)]) == [
        Period(H, 2025, 1),
        Period(H, 2025, 2),
        Period(H, 2026, 1),
    ]
    assert Period(M, 2026, 1) != Period(Q, 2026, 1)
    with pytest.raises(TypeError):
        _ = Period(M, 2026, 1) < Period(Q, 2026, 1)


@given(periods())
def test_key_round_trips_through_parse_period(period: Period) -> None:
    assert parse_period(period.frequency, period.key) == period
    assert parse_period(period.frequency, f"  {period.key.lower()}\t") == period


@given(periods(), frequencies)
def test_a_key_is_not_a_period_of_another_frequency(period: Period, other: Frequency) -> None:
    if other != period.frequency:
        assert parse_period(other, period.key) is None


@given(periods())
def test_next_and_previous_are_inverses_and_adjacent(period: Period) -> None:
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.previous() < period < period.next()
    assert period.next() > period > period.previous()
    assert period <= period >= period
    assert not (period < period or period > period)
    assert not (period.next() <= period or period >= period.next())
    assert period.next().start == period.end + timedelta(days=1)
    assert period.previous().end == period.start - timedelta(days=1)


@given(periods(), st.integers(0, 40))
def test_periods_between_lists_every_step(first: Period, steps: int) -> None:
    last = first
    for _ in range(steps):
        last = last.next()
    listed = periods_between(first, last)
    assert len(listed) == steps + 1
    assert listed[0] == first
    assert listed[-1] == last
    assert all(later == earlier.next() for earlier, later in pairwise(listed))
    if steps:
        assert periods_between(last, first) == []


def test_periods_between_needs_one_frequency() -> None:
    with pytest.raises(ValueError):
        periods_between(Period(M, 2026, 1), Period(Q, 2026, 2))


@given(periods())
def test_period_of_its_first_and_last_day_is_the_period(period: Period) -> None:
    assert period_of(period.frequency, period.start) == period
    assert period_of(period.frequency, period.end) == period


@given(frequencies, days)
def test_period_of_contains_the_day(frequency: Frequency, day: date) -> None:
    period = period_of(frequency, day)
    assert period.start <= day <= period.end


# --- parsing what people type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "text", "expected"),
    [
        (M, "2026-03", Period(M, 2026, 3)),
        (M, "2026-3", Period(M, 2026, 3)),
        (M, "3/2026", Period(M, 2026, 3)),
        (M, "03/2026", Period(M, 2026, 3)),
        (M, "03.2026", Period(M, 2026, 3)),
        (M, "12.2026", Period(M, 2026, 12)),
        (M, " 2026-11 ", Period(M, 2026, 11)),
        (Q, "2026-Q1", Period(Q, 2026, 1)),
        (Q, "2026-q4", Period(Q, 2026, 4)),
        (Q, "Q1 2026", Period(Q, 2026, 1)),
        (Q, "q3 2026", Period(Q, 2026, 3)),
        (Q, "2026 Q2", Period(Q, 2026, 2)),
        (Q, "\t2026-Q3\n", Period(Q, 2026, 3)),
        (H, "2026-H1", Period(H, 2026, 1)),
        (H, "2026-h2", Period(H, 2026, 2)),
        (H, "H2 2026", Period(H, 2026, 2)),
        (H, "h1 2026", Period(H, 2026, 1)),
        (H, "2026 H2", Period(H, 2026, 2)),
        (Y, "2026", Period(Y, 2026, 1)),
        (Y, " 2026 ", Period(Y, 2026, 1)),
        (Y, "1990", Period(Y, 1990, 1)),
        (Y, "2100", Period(Y, 2100, 1)),
    ],
)
def test_parse_period_accepts(frequency: Frequency, text: str, expected: Period) -> None:
    assert parse_period(frequency, text) == expected


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        # empty or not a period at all
        (M, ""),
        (M, "   "),
        (M, "March 2026"),
        (Y, "twenty"),
        # index out of range
        (M, "2026-00"),
        (M, "2026-13"),
        (M, "0/2026"),
        (M, "13.2026"),
        (Q, "2026-Q0"),
        (Q, "2026-Q5"),
        (Q, "Q5 2026"),
        (H, "2026-H3"),
        (H, "H0 2026"),
        # year out of 1990..2100, or not four digits
        (M, "1989-12"),
        (M, "2101-01"),
        (Q, "Q1 1989"),
        (H, "2101 H1"),
        (Y, "1989"),
        (Y, "2101"),
        (Y, "26"),
        (Y, "02026"),
        (M, "3/26"),
        # a key of another frequency
        (M, "2026-Q1"),
        (M, "2026-H1"),
        (M, "2026"),
        (Q, "2026-03"),
        (Q, "2026-H1"),
        (Q, "2026"),
        (H, "2026-Q1"),
        (H, "2026-06"),
        (Y, "2026-03"),
        (Y, "2026-Q1"),
        (Y, "2026-H1"),
        # forms not offered: other separators, letters in the wrong place, two-digit quarters
        (M, "2026/03"),
        (M, "2026.03"),
        (M, "2026-003"),
        (M, "03-2026"),
        (Q, "Q1-2026"),
        (Q, "2026Q1"),
        (Q, "2026-Q01"),
        (Q, "2026-1"),
        (H, "2026-S1"),
        (H, "H1/2026"),
        # digits that are not ASCII (Arabic-Indic, full-width)
        (Y, "٢٠٢٦"),
        (M, "２０２６-03"),
        # surrounding text
        (Y, "FY2026"),
        (M, "2026-03x"),
    ],
)
def test_parse_period_rejects(frequency: Frequency, text: str) -> None:
    assert parse_period(frequency, text) is None


# --- recent, due and overdue ----------------------------------------------------------------------


def test_recent_periods_are_the_completed_ones_oldest_first() -> None:
    today = date(2026, 5, 10)
    assert recent_periods(M, today, 3) == [Period(M, 2026, 2), Period(M, 2026, 3), Period(M, 2026, 4)]
    assert recent_periods(Q, today, 2) == [Period(Q, 2025, 4), Period(Q, 2026, 1)]
    assert recent_periods(H, today, 1) == [Period(H, 2025, 2)]
    assert recent_periods(Y, date(2026, 1, 1), 2) == [Period(Y, 2024, 1), Period(Y, 2025, 1)]
    assert recent_periods(M, today, 0) == []
    with pytest.raises(ValueError):
        recent_periods(M, today, -1)


@given(frequencies, days, st.integers(1, 30))
def test_recent_periods_end_before_today_and_reach_the_current_one(
    frequency: Frequency, today: date, count: int
) -> None:
    listed = recent_periods(frequency, today, count)
    assert len(listed) == count
    assert all(period.end < today for period in listed)
    assert listed[-1].next() == period_of(frequency, today)
    assert listed == periods_between(listed[0], listed[-1])


def test_due_date_and_overdue() -> None:
    march = Period(M, 2026, 3)
    assert due_date(march) == date(2026, 4, 15)
    assert not is_overdue(march, date(2026, 4, 15))
    assert is_overdue(march, date(2026, 4, 16))
    assert due_date(Period(Q, 2026, 4), grace_days=30) == date(2027, 1, 30)
    assert due_date(march, grace_days=0) == date(2026, 3, 31)
    assert not is_overdue(march, date(2026, 3, 31), grace_days=0)
    assert is_overdue(march, date(2026, 4, 1), grace_days=0)
    assert not is_overdue(march, date(2026, 3, 15))


# --- status against a target ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "direction", "tolerance", "expected"),
    [
        # higher is better: target 90, 10 % tolerance -> at risk down to 81
        ("95", Target(value=D(90)), Direction.HIGHER, "10", Status.ON_TRACK),
        ("90", Target(value=D(90)), Direction.HIGHER, "10", Status.ON_TRACK),
        ("89.99", Target(value=D(90)), Direction.HIGHER, "10", Status.AT_RISK),
        ("81", Target(value=D(90)), Direction.HIGHER, "10", Status.AT_RISK),
        ("80.99", Target(value=D(90)), Direction.HIGHER, "10", Status.OFF_TRACK),
        ("89.99", Target(value=D(90)), Direction.HIGHER, "0", Status.OFF_TRACK),
        # a negative target: the margin is taken from its size
        ("-11", Target(value=D(-10)), Direction.HIGHER, "10", Status.AT_RISK),
        ("-11.01", Target(value=D(-10)), Direction.HIGHER, "10", Status.OFF_TRACK),
        # a target of 0: the tolerance is read in the unit (10 % -> 0.1)
        ("-0.1", Target(value=D(0)), Direction.HIGHER, "10", Status.AT_RISK),
        ("-0.11", Target(value=D(0)), Direction.HIGHER, "10", Status.OFF_TRACK),
        ("0.1", Target(value=D(0)), Direction.LOWER, "10", Status.AT_RISK),
        # lower is better: target 5 days, 20 % tolerance -> at risk up to 6
        ("4", Target(value=D(5)), Direction.LOWER, "20", Status.ON_TRACK),
        ("5", Target(value=D(5)), Direction.LOWER, "20", Status.ON_TRACK),
        ("6", Target(value=D(5)), Direction.LOWER, "20", Status.AT_RISK),
        ("6.01", Target(value=D(5)), Direction.LOWER, "20", Status.OFF_TRACK),
        # within band 40..60, 10 % of the width (2) either side
        ("40", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.ON_TRACK),
        ("60", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.ON_TRACK),
        ("38", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.AT_RISK),
        ("37.99", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.OFF_TRACK),
        ("62", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.AT_RISK),
        ("62.01", Target(low=D(40), high=D(60)), Direction.BAND, "10", Status.OFF_TRACK),
        # a band of one point: the margin comes from the point (10 % of 50 = 5), or from 1 at 0
        ("55", Target(low=D(50), high=D(50)), Direction.BAND, "10", Status.AT_RISK),
        ("44.99", Target(low=D(50), high=D(50)), Direction.BAND, "10", Status.OFF_TRACK),
        ("-0.1", Target(low=D(0), high=D(0)), Direction.BAND, "10", Status.AT_RISK),
        ("0.11", Target(low=D(0), high=D(0)), Direction.BAND, "10", Status.OFF_TRACK),
    ],
)
def test_status_examples(value: str, target: Target, direction: Direction, tolerance: str, expected: Status) -> None:
    assert status(D(value), target, direction, D(tolerance)) == expected


@pytest.mark.parametrize(
    ("value", "target", "direction"),
    [
        (None, Target(value=D(90)), Direction.HIGHER),
        (D("NaN"), Target(value=D(90)), Direction.HIGHER),
        (D(90), None, Direction.HIGHER),
        (D(90), Target(), Direction.HIGHER),
        (D(90), Target(low=D(0), high=D(100)), Direction.LOWER),  # a band is no target value
        (D(90), Target(value=D("Infinity")), Direction.LOWER),
        (D(50), Target(value=D(50)), Direction.BAND),  # a target value is no band
        (D(50), Target(low=D(40)), Direction.BAND),
        (D(50), Target(high=D(60)), Direction.BAND),
        (D(50), Target(low=D(60), high=D(40)), Direction.BAND),  # upside down
    ],
)
def test_status_is_none_without_a_value_or_a_usable_target(
    value: Decimal | None, target: Target | None, direction: Direction
) -> None:
    assert status(value, target, direction, D(10)) is None


def test_status_refuses_a_negative_tolerance() -> None:
    with pytest.raises(ValueError):
        status(D(1), Target(value=D(1)), Direction.HIGHER, D(-1))


@given(amounts, amounts, amounts, tolerances)
def test_a_larger_value_never_gets_a_worse_status(
    first: Decimal, second: Decimal, goal: Decimal, tolerance: Decimal
) -> None:
    smaller, larger = sorted([first, second])
    higher = [status(value, Target(value=goal), Direction.HIGHER, tolerance) for value in (smaller, larger)]
    lower = [status(value, Target(value=goal), Direction.LOWER, tolerance) for value in (smaller, larger)]
    assert None not in higher and None not in lower
    assert STATUS_RANK[higher[1]] >= STATUS_RANK[higher[0]]  # type: ignore[index]
    assert STATUS_RANK[lower[1]] <= STATUS_RANK[lower[0]]  # type: ignore[index]


@given(amounts, amounts, tolerances)
def test_lower_is_better_mirrors_higher(value: Decimal, goal: Decimal, tolerance: Decimal) -> None:
    assert status(value, Target(value=goal), Direction.LOWER, tolerance) == status(
        -value, Target(value=-goal), Direction.HIGHER, tolerance
    )


@given(amounts, st.decimals(min_value=D(0), max_value=D(10000), places=2), amounts, tolerances)
def test_status_is_symmetric_around_a_band(low: Decimal, width: Decimal, offset: Decimal, tolerance: Decimal) -> None:
    band = Target(low=low, high=low + width)
    centre = low + width / 2
    above = status(centre + offset, band, Direction.BAND, tolerance)
    below = status(centre - offset, band, Direction.BAND, tolerance)
    assert above is not None
    assert above == below
    assert status(centre, band, Direction.BAND, tolerance) == Status.ON_TRACK


# --- trend ----------------------------------------------------------------------------------------


def values(*texts: str | None) -> list[Decimal | None]:
    return [None if text is None else D(text) for text in texts]


@pytest.mark.parametrize(
    ("series", "direction", "expected"),
    [
        (values("100", "105", "110"), Direction.HIGHER, Trend.IMPROVING),
        (values("100", "105", "110"), Direction.LOWER, Trend.WORSENING),
        (values("110", "90", "100"), Direction.HIGHER, Trend.WORSENING),
        (values("110", "90", "100"), Direction.LOWER, Trend.IMPROVING),
        # within 2 % of the mean size (100.67 -> 2.0134) is stable; just beyond it is not
        (values("100", "100", "102"), Direction.HIGHER, Trend.STABLE),
        (values("100", "100", "102.03"), Direction.HIGHER, Trend.IMPROVING),
        (values("-100", "-100", "-102.03"), Direction.HIGHER, Trend.WORSENING),
        # only the last three values count; earlier gaps do not matter
        (values("0", "1000", "100", "100", "100"), Direction.HIGHER, Trend.STABLE),
        (values(None, "1", "2", "3"), Direction.HIGHER, Trend.IMPROVING),
        # a gap among the last three, or fewer than three values: no trend
        (values("1", None, "3"), Direction.HIGHER, None),
        (values("1", "2", "3", None), Direction.HIGHER, None),
        (values("1", "2", "NaN"), Direction.HIGHER, None),
        (values("1", "2"), Direction.HIGHER, None),
        (values(), Direction.LOWER, None),
        # around zero every change is large
        (values("0", "0", "0"), Direction.HIGHER, Trend.STABLE),
        (values("0", "0", "0.01"), Direction.HIGHER, Trend.IMPROVING),
        (values("-1", "0", "1"), Direction.LOWER, Trend.WORSENING),
    ],
)
def test_trend_examples(series: list[Decimal | None], direction: Direction, expected: Trend | None) -> None:
    assert trend(series, direction) == expected


def test_the_stable_threshold_can_be_widened() -> None:
    assert trend(values("100", "100", "110"), Direction.HIGHER) == Trend.IMPROVING
    assert trend(values("100", "100", "110"), Direction.HIGHER, stable_percent=D(10)) == Trend.STABLE
    assert trend(values("100", "100", "100.01"), Direction.HIGHER, stable_percent=D(0)) == Trend.IMPROVING
    with pytest.raises(ValueError):
        trend(values("1", "2", "3"), Direction.HIGHER, stable_percent=D(-1))


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        (values("30", "35", "39"), Trend.IMPROVING),  # 10 below the band, then 1
        (values("80", "70", "61"), Trend.IMPROVING),  # from above
        (values("30", "50", "70"), Trend.STABLE),  # 10 below, then 10 above: as far as before
        (values("45", "50", "55"), Trend.STABLE),  # a large change, but inside the band all along
        (values("50", "55", "70"), Trend.WORSENING),  # leaves the band
        (values("35", "30", "20"), Trend.WORSENING),
        (values("39", "39", "39.5"), Trend.STABLE),  # closer, but within the stable threshold
    ],
)
def test_trend_within_a_band(series: list[Decimal | None], expected: Trend) -> None:
    assert trend(series, Direction.BAND, target=Target(low=D(40), high=D(60))) == expected


def test_a_band_trend_needs_the_band() -> None:
    assert trend(values("30", "35", "39"), Direction.BAND) is None
    assert trend(values("30", "35", "39"), Direction.BAND, target=Target(value=D(50))) is None
    assert trend(values("30", "35", "39"), Direction.BAND, target=Target(low=D(60), high=D(40))) is None


@given(amounts, st.sampled_from(Direction), amounts, amounts, st.decimals(min_value=D(0), max_value=D(50), places=1))
def test_three_equal_values_are_stable(
    value: Decimal, direction: Direction, low: Decimal, high: Decimal, stable_percent: Decimal
) -> None:
    band = Target(low=min(low, high), high=max(low, high))
    assert trend([value, value, value], direction, stable_percent, target=band) == Trend.STABLE


@given(st.lists(amounts, min_size=3, max_size=3), st.decimals(min_value=D(0), max_value=D(50), places=1))
def test_reversing_the_direction_swaps_improving_and_worsening(series: list[Decimal], stable_percent: Decimal) -> None:
    upwards = trend(series, Direction.HIGHER, stable_percent)
    downwards = trend(series, Direction.LOWER, stable_percent)
    assert upwards is not None
    assert downwards == OPPOSITE[upwards]
    if series[0] == series[-1]:
        assert upwards == Trend.STABLE


@given(st.lists(st.none() | amounts, max_size=5), st.lists(amounts, min_size=3, max_size=3))
def test_only_the_last_three_values_count(earlier: list[Decimal | None], last_three: list[Decimal]) -> None:
    series: list[Decimal | None] = [*earlier, *last_three]
    assert trend(series, Direction.HIGHER) == trend(list(last_three), Direction.HIGHER)


# --- ratio ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "scale", "expected"),
    [
        ("1", "3", "100", "33.3333"),
        ("2", "3", "100", "66.6667"),
        ("45", "60", "100", "75.0000"),
        ("1", "8", "1", "0.1250"),
        ("1", "20000", "1", "0.0001"),  # exactly half: rounded up
        ("-1", "20000", "1", "-0.0001"),  # and away from zero below it
        ("0.00004999", "1", "1", "0.0000"),
        ("-1", "30000", "1", "0.0000"),  # no "-0.0000"
        ("0", "5", "100", "0.0000"),
        ("7", "-2", "1000", "-3500.0000"),
    ],
)
def test_ratio_examples(numerator: str, denominator: str, scale: str, expected: str) -> None:
    result = ratio(D(numerator), D(denominator), D(scale))
    assert str(result) == expected


def test_ratio_defaults_to_a_percentage_and_is_none_when_a_part_is_missing() -> None:
    assert ratio(D(1), D(4)) == D(25)
    assert ratio(None, D(4)) is None
    assert ratio(D(1), None) is None
    assert ratio(D(1), D(0)) is None
    assert ratio(D(1), D("-0.00")) is None
    assert ratio(D("NaN"), D(4)) is None


denominators = st.sampled_from([D(0), D("0.00"), D("-0")]) | amounts


@given(amounts, denominators, st.sampled_from([D(1), D(100), D(1000), D("0.5")]))
def test_ratio_never_divides_by_zero_and_rounds_to_four_places(
    numerator: Decimal, denominator: Decimal, scale: Decimal
) -> None:
    result = ratio(numerator, denominator, scale)
    if denominator == 0:
        assert result is None
        return
    assert result is not None
    assert result.as_tuple().exponent == -4
    with localcontext(prec=80):  # wide enough that nothing rounds before the last step
        expected = (numerator * scale / denominator).quantize(D("0.0001"), rounding="ROUND_HALF_UP")
    assert result == expected


# --- suggested levels ------------------------------------------------------------------------------

trends_lists = st.lists(st.sampled_from([*Trend, None]), max_size=12)
status_lists = st.lists(st.sampled_from([*Status, None]), max_size=12)
BETTER_TREND = {Trend.WORSENING: Trend.STABLE, Trend.STABLE: Trend.IMPROVING}


@given(trends_lists, st.data())
def test_a_better_trend_never_lowers_the_suggested_level(trends: list[Trend | None], data: st.DataObject) -> None:
    band = rules.suggested_trend_band(trends)
    assert band is None if all(found is None for found in trends) else band in range(1, 5)
    improvable = [n for n, found in enumerate(trends) if found in BETTER_TREND]
    if improvable:
        position = data.draw(st.sampled_from(improvable))
        better = [*trends]
        better[position] = BETTER_TREND[trends[position]]  # type: ignore[index]
        assert rules.suggested_trend_band(better) >= band  # type: ignore[operator]


@given(trends_lists, st.randoms())
def test_the_order_of_the_indicators_does_not_matter(trends: list[Trend | None], rng: Any) -> None:
    shuffled = [*trends]
    rng.shuffle(shuffled)
    assert rules.suggested_trend_band(shuffled) == rules.suggested_trend_band(trends)


@given(status_lists, st.data())
def test_meeting_one_more_target_never_lowers_the_suggested_level(
    statuses: list[Status | None], data: st.DataObject
) -> None:
    band = rules.suggested_target_band(statuses)
    assert band is None if all(found is None for found in statuses) else band in range(1, 6)
    missed = [n for n, found in enumerate(statuses) if found in (Status.AT_RISK, Status.OFF_TRACK)]
    if missed:
        better = [*statuses]
        better[data.draw(st.sampled_from(missed))] = Status.ON_TRACK
        assert rules.suggested_target_band(better) >= band  # type: ignore[operator]


@pytest.mark.parametrize(
    ("trends", "band"),
    [
        ([Trend.IMPROVING] * 3, 4),
        ([Trend.IMPROVING, Trend.IMPROVING, Trend.STABLE], 3),
        ([Trend.IMPROVING, Trend.WORSENING], 2),
        ([Trend.STABLE, Trend.STABLE, None], 2),
        ([Trend.WORSENING, Trend.WORSENING, Trend.IMPROVING], 1),
        ([None, None], None),
    ],
)
def test_suggested_trend_levels(trends: list[Trend | None], band: int | None) -> None:
    assert rules.suggested_trend_band(trends) == band


@pytest.mark.parametrize(
    ("met", "missed", "band"),
    [(0, 3, 1), (1, 3, 2), (1, 2, 3), (1, 1, 3), (2, 1, 4), (3, 1, 4), (4, 0, 5), (0, 0, None)],
)
def test_suggested_target_levels(met: int, missed: int, band: int | None) -> None:
    statuses = [Status.ON_TRACK] * met + [Status.OFF_TRACK] * missed + [None]
    assert rules.suggested_target_band(statuses) == band
