"""Resources against plan: money (EUR) and time (person-days) planned and spent per quarter, how far
the actual figure is from the plan, and when that deserves a flag. Free of Django.

A figure nobody has entered yet is unknown (None), never zero: a quarter whose actuals have not come
in from the finance system is not a quarter in which nothing was spent. So a total adds the known
figures only, and the variance of a total compares only the lines whose plan and actual are both
known; a line with an actual but no plan is spending without a plan, which gets a flag of its own.

Quarters are the indicators' quarterly periods ("2026-Q1"); this module reads them with
`opencaf.indicators.rules` and has no parser of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final

from opencaf.indicators.rules import Frequency, Period, parse_period, period_of

DEFAULT_TOLERANCE_PERCENT: Final = Decimal(10)
HUNDRED: Final = Decimal(100)


# --- quarters ---------------------------------------------------------------------------------------


def parse_quarter(text: str) -> Period | None:
    """The quarter `text` names ("2026-Q1", "Q1 2026", "2026 q1"), or None."""
    return parse_period(Frequency.QUARTERLY, text)


def quarter_of(day: date) -> Period:
    return period_of(Frequency.QUARTERLY, day)


def has_ended(quarter: Period, today: date) -> bool:
    """The quarter is over: its last day has passed."""
    return quarter.end < today


# --- totals and variance ----------------------------------------------------------------------------


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    """Add a known value; unknown plus unknown stays unknown, so a total of nothing known is None."""
    if value is None:
        return total
    return value if total is None else total + value


@dataclass(frozen=True)
class Total:
    """Planned and actual figures of one measure (EUR or person-days) over any number of lines.

    `planned` and `actual` add every known figure. `compared_planned` and `compared_actual` add only
    the lines where both are known: the variance is read from them, so a line whose actuals are
    still missing does not make the total look under-spent. `unplanned` adds the actuals of lines
    without a plan."""

    planned: Decimal | None = None
    actual: Decimal | None = None
    compared_planned: Decimal | None = None
    compared_actual: Decimal | None = None
    unplanned: Decimal | None = None
    lines: int = 0
    incomplete: int = 0  # lines with the plan or the actual unknown

    def __add__(self, other: Total) -> Total:
        return Total(
            planned=_add(self.planned, other.planned),
            actual=_add(self.actual, other.actual),
            compared_planned=_add(self.compared_planned, other.compared_planned),
            compared_actual=_add(self.compared_actual, other.compared_actual),
            unplanned=_add(self.unplanned, other.unplanned),
            lines=self.lines + other.lines,
            incomplete=self.incomplete + other.incomplete,
        )

    @property
    def variance(self) -> Decimal | None:
        """Actual minus planned, over the lines where both are known: positive is over plan."""
        if self.compared_planned is None or self.compared_actual is None:
            return None
        return self.compared_actual - self.compared_planned

    @property
    def variance_share(self) -> Decimal | None:
        """The variance as a percentage of the plan it compares with; None without a plan above 0."""
        variance = self.variance
        if variance is None or not self.compared_planned:
            return None
        return variance * HUNDRED / self.compared_planned


def line(planned: Decimal | None, actual: Decimal | None) -> Total:
    """The total of one line: one action's or process's quarter, in one measure."""
    both = planned is not None and actual is not None
    return Total(
        planned=planned,
        actual=actual,
        compared_planned=planned if both else None,
        compared_actual=actual if both else None,
        unplanned=actual if planned is None else None,
        lines=1,
        incomplete=0 if both else 1,
    )


def total(pairs: Iterable[tuple[Decimal | None, Decimal | None]]) -> Total:
    """The total of many (planned, actual) lines."""
    result = Total()
    for planned, actual in pairs:
        result += line(planned, actual)
    return result


# --- flags ------------------------------------------------------------------------------------------


class Flag(StrEnum):
    OVER_PLAN = "over_plan"  # actual above the plan by more than the tolerance
    UNDER_SPENT = "under_spent"  # the quarter is over and the actual is below the plan by more than the tolerance
    NO_PLAN = "no_plan"  # spent without a plan


def _check_tolerance(tolerance_percent: Decimal) -> None:
    if not tolerance_percent.is_finite() or tolerance_percent < 0:
        raise ValueError(f"a tolerance cannot be {tolerance_percent}")


def flag(figures: Total, *, ended: bool, tolerance_percent: Decimal = DEFAULT_TOLERANCE_PERCENT) -> Flag | None:
    """What deserves attention in `figures`, if anything.

    Over plan when the actual exceeds the plan by more than `tolerance_percent` of it (a plan of 0
    has no room: anything spent is over it); under-spent only once the quarter (or every quarter of
    a total) has `ended`, when the actual falls short of the plan by more than the tolerance; no plan
    when something was spent and nothing was planned at all. Within the tolerance, or with the
    actuals still unknown, there is nothing to flag."""
    _check_tolerance(tolerance_percent)
    if figures.planned is None:
        return Flag.NO_PLAN if figures.actual else None
    planned, actual = figures.compared_planned, figures.compared_actual
    if planned is None or actual is None:
        return None
    margin = planned * tolerance_percent / HUNDRED
    if actual > planned + margin:
        return Flag.OVER_PLAN
    if ended and actual < planned - margin:
        return Flag.UNDER_SPENT
    return None
