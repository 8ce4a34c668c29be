"""Indicators: the periods their values belong to, how a value stands against its target, where the
last values are heading, and the value of a calculated indicator. Free of Django.

CAF 2020 scores the results criteria (6 to 9) on trends and on targets met, so an indicator needs
both: `status` compares one value with its target, `trend` reads the direction of the last three.
Numbers are Decimals throughout, never floats, so a value typed as 95.5 is compared as 95.5. A value
that is not finite (NaN, infinity) counts as missing.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


PERIODS_PER_YEAR: Final = {
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
    Frequency.HALF_YEARLY: 2,
    Frequency.YEARLY: 1,
}
MONTHS_PER_PERIOD: Final = {frequency: 12 // count for frequency, count in PERIODS_PER_YEAR.items()}
PARSE_YEARS: Final = (1990, 2100)  # a typed year outside these is a typo, not a period
DEFAULT_GRACE_DAYS: Final = 15


# --- periods --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One month, quarter, half-year or year. `index` counts from 1 within the year: 1..12 for months,
    1..4 for quarters, 1..2 for half-years, always 1 for years.

    Periods of the same frequency are ordered in time; comparing periods of different frequencies is
    a mistake (is March before Q1?) and raises TypeError.
    """

    frequency: Frequency
    year: int
    index: int

    def __post_init__(self) -> None:
        # Accept the plain string ("monthly") too, but store the enum so equality and keys are stable.
        object.__setattr__(self, "frequency", Frequency(self.frequency))
        if not 1 <= self.index <= PERIODS_PER_YEAR[self.frequency]:
            raise ValueError(f"a {self.frequency} period has no index {self.index!r}")
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"year {self.year!r} is out of the calendar")

    @property
    def key(self) -> str:
        """The canonical text form, as stored and shown: "2026-03", "2026-Q1", "2026-H1", "2026"."""
        match self.frequency:
            case Frequency.MONTHLY:
                return f"{self.year:04d}-{self.index:02d}"
            case Frequency.QUARTERLY:
                return f"{self.year:04d}-Q{self.index}"
            case Frequency.HALF_YEARLY:
                return f"{self.year:04d}-H{self.index}"
            case Frequency.YEARLY:
                return f"{self.year:04d}"

    @property
    def start(self) -> date:
        """The first day of the period."""
        return date(self.year, self._first_month, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        last_month = self._first_month + MONTHS_PER_PERIOD[self.frequency] - 1
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def next(self) -> Period:
        return _from_ordinal(self.frequency, self._ordinal + 1)

    def previous(self) -> Period:
        return _from_ordinal(self.frequency, self._ordinal - 1)

    @property
    def _first_month(self) -> int:
        return (self.index - 1) * MONTHS_PER_PERIOD[self.frequency] + 1

    @property
    def _ordinal(self) -> int:
        """How many periods of this frequency came before this one since year 0: makes stepping and
        counting plain integer arithmetic."""
        return self.year * PERIODS_PER_YEAR[self.frequency] + self.index - 1

    def _ordinal_against(self, other: Period) -> int:
        if self.frequency != other.frequency:
            raise TypeError(f"cannot order a {self.frequency} period against a {other.frequency} one")
        return other._ordinal

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._ordinal < self._ordinal_against(other)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._ordinal <= self._ordinal_against(other)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._ordinal > self._ordinal_against(other)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._ordinal >= self._ordinal_against(other)


def _from_ordinal(frequency: Frequency, ordinal: int) -> Period:
    year, offset = divmod(ordinal, PERIODS_PER_YEAR[frequency])
    return Period(frequency, year, offset + 1)


# The forms people type, per frequency. Only the ASCII digits 0-9 count; the letters Q and H may be
# lower case. Anything that matches none of these is not a period of that frequency.
_YEAR = r"(?P<year>[0-9]{4})"
_PERIOD_FORMS: Final = {
    Frequency.MONTHLY: (
        re.compile(_YEAR + r"-(?P<index>[0-9]{1,2})"),  # 2026-03, 2026-3
        re.compile(r"(?P<index>[0-9]{1,2})[/.]" + _YEAR),  # 3/2026, 03.2026
    ),
    Frequency.QUARTERLY: (
        re.compile(_YEAR + r"-[Qq](?P<index>[0-9])"),  # 2026-Q1
        re.compile(r"[Qq](?P<index>[0-9]) " + _YEAR),  # Q1 2026
        re.compile(_YEAR + r" [Qq](?P<index>[0-9])"),  # 2026 Q1
    ),
    Frequency.HALF_YEARLY: (
        re.compile(_YEAR + r"-[Hh](?P<index>[0-9])"),  # 2026-H1
        re.compile(r"[Hh](?P<index>[0-9]) " + _YEAR),  # H2 2026
        re.compile(_YEAR + r" [Hh](?P<index>[0-9])"),  # 2026 H2
    ),
    Frequency.YEARLY: (re.compile(_YEAR),),  # 2026
}


def parse_period(frequency: Frequency, text: str) -> Period | None:
    """The period of `frequency` that `text` names, or None. Imported spreadsheets and typed input
    write periods in several ways; a key of another frequency ("2026-Q1" for a monthly indicator), a
    year outside 1990-2100 or an index the frequency does not have is refused, not guessed."""
    compact = text.strip()
    for form in _PERIOD_FORMS[Frequency(frequency)]:
        found = form.fullmatch(compact)
        if found is None:
            continue
        year = int(found["year"])
        index = int(found["index"]) if "index" in form.groupindex else 1
        if not PARSE_YEARS[0] <= year <= PARSE_YEARS[1]:
            return None
        if not 1 <= index <= PERIODS_PER_YEAR[Frequency(frequency)]:
            return None
        return Period(frequency, year, index)
    return None


def period_of(frequency: Frequency, day: date) -> Period:
    """The period of `frequency` that contains `day`."""
    return Period(frequency, day.year, (day.month - 1) // MONTHS_PER_PERIOD[Frequency(frequency)] + 1)


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from `first` to `last`, both included; empty when `last` comes before `first`."""
    if first.frequency != last.frequency:
        raise ValueError(f"cannot list periods from a {first.frequency} one to a {last.frequency} one")
    return [_from_ordinal(first.frequency, ordinal) for ordinal in range(first._ordinal, last._ordinal + 1)]


def recent_periods(frequency: Frequency, today: date, count: int) -> list[Period]:
    """The last `count` completed periods, oldest first. The period containing `today` is still
    running, so its value cannot be asked for yet."""
    if count < 0:
        raise ValueError(f"cannot list {count} periods")
    current = period_of(frequency, today)
    return [_from_ordinal(current.frequency, current._ordinal - back) for back in range(count, 0, -1)]


def due_date(period: Period, grace_days: int = DEFAULT_GRACE_DAYS) -> date:
    """The day a period's value is due: the figures need some days after the period ends to come in."""
    return period.end + timedelta(days=grace_days)


def is_overdue(period: Period, today: date, grace_days: int = DEFAULT_GRACE_DAYS) -> bool:
    """The due day has passed (on the due day itself the value is not late yet)."""
    return today > due_date(period, grace_days)


# --- status against a target ----------------------------------------------------------------------


class Direction(StrEnum):
    HIGHER = "higher_better"
    LOWER = "lower_better"
    BAND = "within_band"


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # missed, but within the tolerance
    OFF_TRACK = "off_track"


@dataclass(frozen=True)
class Target:
    """`value` is the target of a higher- or lower-is-better indicator; `low` and `high` bound the
    band of a within-band one (both included)."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


def _is_number(value: Decimal | None) -> bool:
    return value is not None and value.is_finite()


def _margin(reference: Decimal, tolerance_percent: Decimal) -> Decimal:
    """How far from `reference` a miss is still only at risk. A reference of 0 has no size to take a
    percentage of, so the tolerance is then read in the indicator's own unit (10 % -> 0.1)."""
    base = abs(reference) if reference else Decimal(1)
    return base * tolerance_percent / 100


def _band(target: Target | None) -> tuple[Decimal, Decimal] | None:
    if target is None or target.low is None or target.high is None:
        return None
    if not (_is_number(target.low) and _is_number(target.high)) or target.low > target.high:
        return None
    return target.low, target.high


def status(
    value: Decimal | None, target: Target | None, direction: Direction, tolerance_percent: Decimal
) -> Status | None:
    """How `value` stands against `target`; None when there is no value or no usable target (no target
    value for higher/lower, no band with low <= high for within band)."""
    if not tolerance_percent.is_finite() or tolerance_percent < 0:
        raise ValueError(f"a tolerance cannot be {tolerance_percent}")
    if value is None or not _is_number(value) or target is None:
        return None
    if direction == Direction.BAND:
        band = _band(target)
        if band is None:
            return None
        low, high = band
        if low <= value <= high:
            return Status.ON_TRACK
        # The tolerance is a share of the band's width; a band of one point has no width, so it is
        # taken from the point itself, as for a single target.
        margin = (high - low) * tolerance_percent / 100 if high > low else _margin(low, tolerance_percent)
        return Status.AT_RISK if low - margin <= value <= high + margin else Status.OFF_TRACK
    goal = target.value
    if goal is None or not _is_number(goal):
        return None
    # Measure the shortfall so that positive is bad whichever way is better.
    shortfall = goal - value if direction == Direction.HIGHER else value - goal
    if shortfall <= 0:
        return Status.ON_TRACK
    return Status.AT_RISK if shortfall <= _margin(goal, tolerance_percent) else Status.OFF_TRACK


# --- trend ----------------------------------------------------------------------------------------


class Trend(StrEnum):
    IMPROVING = "improving"
    STABLE = "stable"
    WORSENING = "worsening"


TREND_POINTS: Final = 3  # CAF looks at the trend of the last three measurements
DEFAULT_STABLE_PERCENT: Final = Decimal(2)


def _distance_to_band(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    if value < low:
        return low - value
    if value > high:
        return value - high
    return Decimal(0)


def trend(
    values: Sequence[Decimal | None],
    direction: Direction,
    stable_percent: Decimal = DEFAULT_STABLE_PERCENT,
    target: Target | None = None,
) -> Trend | None:
    """Where the last three values (oldest first) are heading; None when any of them is missing.

    The least-squares slope over three evenly spaced points is (last - first) / 2, so the change over
    the two steps, `last - first`, is twice the slope. When that change is within `stable_percent` of
    the values' mean size (the mean of their absolute values) the trend is stable. Otherwise it
    improves when it moves the good way: up when higher is better, down when lower is better, and
    towards the band (needs `target`) when within band is better.
    """
    if not stable_percent.is_finite() or stable_percent < 0:
        raise ValueError(f"a stable threshold cannot be {stable_percent}")
    last_three = list(values[-TREND_POINTS:])
    if len(last_three) < TREND_POINTS:
        return None
    points: list[Decimal] = []
    for point in last_three:
        if point is None or not _is_number(point):
            return None
        points.append(point)
    first, last = points[0], points[-1]
    change = last - first
    # |change| <= stable% / 100 * (sum of sizes / 3), multiplied out so no division rounds. The mean
    # size is 0 only when all three values are 0, and then the change is 0 too: stable either way, so
    # the "scale of 1" for that case needs no branch of its own.
    size_sum = sum((abs(point) for point in points), Decimal(0))
    is_stable = abs(change) * 100 * TREND_POINTS <= stable_percent * size_sum
    if direction == Direction.BAND:
        band = _band(target)
        if band is None:
            return None
        if is_stable:
            return Trend.STABLE
        before, after = _distance_to_band(first, *band), _distance_to_band(last, *band)
        if after == before:
            return Trend.STABLE
        return Trend.IMPROVING if after < before else Trend.WORSENING
    if is_stable:
        return Trend.STABLE
    goes_up = change > 0
    return Trend.IMPROVING if goes_up == (direction == Direction.HIGHER) else Trend.WORSENING


# --- calculated indicators ------------------------------------------------------------------------

RATIO_PLACES: Final = 4


def ratio(numerator: Decimal | None, denominator: Decimal | None, scale: Decimal = Decimal(100)) -> Decimal | None:
    """numerator / denominator × scale (a percentage by default), to 4 decimal places, halves rounded
    away from zero (as Decimal's ROUND_HALF_UP). None when a part is missing or the denominator is 0:
    a rate over nothing is no value, not an error.

    Computed as an exact fraction and rounded once, so 1/3 is 33.3333 and no intermediate rounding
    can tip a value over a half.
    """
    if numerator is None or denominator is None or not scale.is_finite():
        return None
    if not (_is_number(numerator) and _is_number(denominator)) or denominator == 0:
        return None
    exact = Fraction(numerator) * Fraction(scale) / Fraction(denominator) * 10**RATIO_PLACES
    size = abs(exact)
    rounded = (2 * size.numerator + size.denominator) // (2 * size.denominator)  # floor(size + 1/2)
    sign = 1 if exact < 0 and rounded else 0
    return Decimal((sign, tuple(int(digit) for digit in str(rounded)), -RATIO_PLACES))


# --- suggested levels for fine-tuned results scoring ----------------------------------------------
# They follow the bands of the fine-tuned results panel the scoring page shows beside them (trends:
# negative, flat, sustained, substantial progress; targets: none, few, some, most, all met). That
# panel's wording is marked unverified in ../shared/caf2020/model.yaml: if it changes, so do these.

# The six bands of every CAF scoring panel (0-10, 11-30, 31-50, 51-70, 71-90, 91-100).
BANDS: Final = ((0, 10), (11, 30), (31, 50), (51, 70), (71, 90), (91, 100))


def suggested_trend_band(trends: Sequence[Trend | None]) -> int | None:
    """The band (0-5) the trends of a subcriterion's indicators suggest for the "trends" dimension;
    None when no indicator has a trend yet. Only a suggestion: the assessors decide.

    Mostly worsening suggests band 1 (negative trend); no more improving than worsening, or all
    stable, band 2 (flat); more improving than worsening, band 3 (sustained progress); all
    improving, band 4 (substantial progress). Band 5 needs a comparison with other organisations,
    which an organisation's own data cannot show.
    """
    known = [found for found in trends if found is not None]
    if not known:
        return None
    improving = sum(1 for found in known if found == Trend.IMPROVING)
    worsening = sum(1 for found in known if found == Trend.WORSENING)
    if improving == len(known):
        return 4
    if worsening * 2 > len(known):
        return 1
    return 3 if improving > worsening else 2


def suggested_target_band(statuses: Sequence[Status | None]) -> int | None:
    """The band (0-5) the latest statuses against target suggest for the "targets" dimension; None
    when no indicator has a value with a target. At risk counts as not met.

    None met: band 1 (targets not met); fewer than a third: band 2 (few met); fewer than two
    thirds: band 3 (some met); not all: band 4 (most met); all: band 5.
    """
    known = [found for found in statuses if found is not None]
    if not known:
        return None
    met = sum(1 for found in known if found == Status.ON_TRACK)
    if met == len(known):
        return 5
    if met == 0:
        return 1
    if met * 3 < len(known):
        return 2
    return 3 if met * 3 < 2 * len(known) else 4
