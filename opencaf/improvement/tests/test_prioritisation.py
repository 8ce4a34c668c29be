from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.improvement.prioritisation import (
    LEVELS,
    Quadrant,
    Span,
    burn_down,
    is_overdue,
    is_stale,
    priority,
    quadrant,
)

levels = st.sampled_from(LEVELS)


@given(levels, levels)
def test_every_rating_has_one_quadrant_and_a_priority(impact: int, feasibility: int) -> None:
    assert quadrant(impact, feasibility) in Quadrant
    assert 1 <= priority(impact, feasibility) <= 9


@given(levels, levels)
def test_raising_impact_or_feasibility_never_lowers_priority(impact: int, feasibility: int) -> None:
    if impact < 3:
        assert priority(impact + 1, feasibility) > priority(impact, feasibility)
    if feasibility < 3:
        assert priority(impact, feasibility + 1) > priority(impact, feasibility)


def test_the_matrix() -> None:
    assert quadrant(3, 3) == quadrant(2, 3) == Quadrant.QUICK_WIN
    assert quadrant(3, 1) == quadrant(3, 2) == Quadrant.MAJOR_PROJECT
    assert quadrant(1, 3) == quadrant(2, 2) == Quadrant.FILL_IN
    assert quadrant(1, 1) == quadrant(2, 1) == Quadrant.RECONSIDER
    with pytest.raises(ValueError):
        quadrant(0, 3)


def test_overdue_and_stale() -> None:
    today = date(2026, 11, 23)
    assert is_overdue(date(2026, 11, 22), 50, today)
    assert not is_overdue(date(2026, 11, 22), 100, today)
    assert not is_overdue(None, 0, today)
    assert is_stale(today - timedelta(days=31), 40, today)
    assert not is_stale(today - timedelta(days=30), 40, today)
    assert not is_stale(today - timedelta(days=90), 100, today)


spans = st.lists(
    st.builds(
        lambda opened, length: Span(
            date(2026, 1, 1) + timedelta(days=opened),
            None if length is None else date(2026, 1, 1) + timedelta(days=opened + length),
        ),
        st.integers(min_value=0, max_value=200),
        st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    ),
    max_size=30,
)


@given(spans)
def test_burn_down_counts_what_is_open(items: list[Span]) -> None:
    points = burn_down(items, date(2026, 1, 1), date(2026, 12, 31))
    assert points[0][0] == date(2026, 1, 1)
    for day, count in points:
        assert 0 <= count <= len(items)
        assert count == sum(1 for s in items if s.opened <= day and (s.closed is None or s.closed > day))
