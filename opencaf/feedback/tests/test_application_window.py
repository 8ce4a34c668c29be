"""The application window (window.py): calendar months counted from the report's acceptance, both ends
open, the last day of a shorter month when the day does not exist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.feedback.window import Status, add_months, window_after

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=0, max_value=60)


@given(days, months)
def test_adding_months_keeps_the_day_or_takes_the_months_last(day: date, count: int) -> None:
    later = add_months(day, count)
    assert (later.year - day.year) * 12 + later.month - day.month == count
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


@given(days, months, months)
def test_adding_months_is_monotonic(day: date, first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert add_months(day, low) <= add_months(day, high)
    assert add_months(day, 0) == day


@given(days, months, months)
def test_the_window_opens_before_it_closes_and_both_ends_count(day: date, first: int, second: int) -> None:
    opens, closes = sorted((first, second))
    window = window_after(day, opens, closes)
    assert window.opens_on <= window.closes_on
    assert window.status(window.opens_on - timedelta(days=1)) is Status.NOT_YET
    assert window.status(window.opens_on) is Status.OPEN
    assert window.status(window.closes_on) is Status.OPEN
    assert window.status(window.closes_on + timedelta(days=1)) is Status.CLOSED


@given(days, months, months, days)
def test_every_day_is_before_in_or_after_the_window(day: date, first: int, second: int, today: date) -> None:
    opens, closes = sorted((first, second))
    window = window_after(day, opens, closes)
    status = window.status(today)
    assert (status is Status.NOT_YET) == (today < window.opens_on)
    assert (status is Status.CLOSED) == (today > window.closes_on)
    assert window.is_open(today) == (window.opens_on <= today <= window.closes_on)


def test_the_european_window_of_a_report_accepted_at_the_end_of_august() -> None:
    window = window_after(date(2025, 8, 31), 6, 12)
    assert (window.opens_on, window.closes_on) == (date(2026, 2, 28), date(2026, 8, 31))
    assert window_after(date(2027, 8, 31), 6, 12).opens_on == date(2028, 2, 29)


@pytest.mark.parametrize(("opens", "closes"), [(-1, 12), (12, 6)])
def test_months_that_make_no_window_are_refused(opens: int, closes: int) -> None:
    with pytest.raises(ValueError):
        window_after(date(2025, 1, 1), opens, closes)
