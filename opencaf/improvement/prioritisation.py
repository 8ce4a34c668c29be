"""Prioritising and following improvement actions. Free of Django.

Impact and feasibility are rated 1 (low) to 3 (high). The impact × feasibility matrix sorts actions
into four groups; quick wins (worth doing and easy to do) are the ones to start with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

LEVELS = (1, 2, 3)
STALE_AFTER_DAYS = 30


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"  # high enough impact, easy to do
    MAJOR_PROJECT = "major_project"  # high impact, hard to do: plan carefully
    FILL_IN = "fill_in"  # low impact, easy: when there is time
    RECONSIDER = "reconsider"  # low impact, hard: probably not worth it


def check_level(value: int) -> int:
    if value not in LEVELS:
        raise ValueError(f"impact and feasibility are rated 1, 2 or 3, got {value!r}")
    return value


def priority(impact: int, feasibility: int) -> int:
    """1 (lowest) to 9 (highest)."""
    return check_level(impact) * check_level(feasibility)


def quadrant(impact: int, feasibility: int) -> Quadrant:
    check_level(impact)
    check_level(feasibility)
    if impact >= 2 and feasibility == 3:
        return Quadrant.QUICK_WIN
    if impact == 3:
        return Quadrant.MAJOR_PROJECT
    if feasibility >= 2:
        return Quadrant.FILL_IN
    return Quadrant.RECONSIDER


def is_overdue(due: date | None, progress: int, today: date) -> bool:
    return due is not None and progress < 100 and due < today


def is_stale(last_update: date, progress: int, today: date, after_days: int = STALE_AFTER_DAYS) -> bool:
    """Nobody has reported on an unfinished action for a month."""
    return progress < 100 and (today - last_update).days > after_days


@dataclass(frozen=True)
class Span:
    """When an action was on the plan: from its creation until it was completed (None: still open)."""

    opened: date
    closed: date | None


def burn_down(spans: Iterable[Span], start: date, end: date, step_days: int = 7) -> list[tuple[date, int]]:
    """Open actions at each step from `start` to `end` (inclusive), for the burn-down chart."""
    materialised = list(spans)
    points = []
    day = start
    while day <= end:
        open_count = sum(
            1 for span in materialised if span.opened <= day and (span.closed is None or span.closed > day)
        )
        points.append((day, open_count))
        day += timedelta(days=step_days)
    return points
