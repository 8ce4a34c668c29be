"""Reads of indicators with their values, targets, status and trend, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db.models import Q, QuerySet

from opencaf.indicators.models import Indicator, Measurement, Process, Target, Visibility
from opencaf.indicators.rules import (
    TREND_POINTS,
    Direction,
    Frequency,
    Period,
    Status,
    Trend,
    due_date,
    is_overdue,
    parse_period,
    period_of,
    periods_between,
    recent_periods,
    status,
)
from opencaf.indicators.rules import Target as Aim
from opencaf.indicators.rules import trend as trend_of
from opencaf.organisations.models import Organisation

# The recent periods an indicator without any value or target yet shows, to be filled in.
EMPTY_PERIODS = {Frequency.MONTHLY: 6, Frequency.QUARTERLY: 4, Frequency.HALF_YEARLY: 2, Frequency.YEARLY: 3}


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    value: Decimal | None
    target: Aim | None
    status: Status | None
    comment: str = ""
    provisional: bool = False


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as the list shows it: its latest value and how it stands."""

    indicator: Indicator
    latest: PeriodRow | None  # the latest period with a value
    trend: Trend | None
    overdue: Period | None  # the oldest missing value past its due date (see oldest_overdue)


@dataclass(frozen=True)
class Standing:
    """How a group of indicators stands on their latest values: how many on track, at risk, off
    track, without a value or target to judge by, and with a value overdue."""

    on_track: int
    at_risk: int
    off_track: int
    unjudged: int
    overdue: int


def standing(group: Collection[IndicatorLine]) -> Standing:
    counts = Counter(
        line.latest.status if line.latest is not None and line.latest.status is not None else None for line in group
    )
    return Standing(
        on_track=counts[Status.ON_TRACK],
        at_risk=counts[Status.AT_RISK],
        off_track=counts[Status.OFF_TRACK],
        unjudged=counts[None],
        overdue=sum(1 for line in group if line.overdue is not None),
    )


def by_criterion(group: list[IndicatorLine]) -> dict[str, list[IndicatorLine]]:
    """The lines under each CAF criterion ("6", "9", …) their subcriteria belong to, an indicator
    once per criterion; those linked to none under "". Criteria in their order."""
    grouped: dict[str, list[IndicatorLine]] = defaultdict(list)
    for line in group:
        criteria = sorted({code.split(".")[0] for code in line.indicator.subcriteria}, key=_criterion_order)
        for criterion in criteria or [""]:
            grouped[criterion].append(line)
    return dict(sorted(grouped.items(), key=lambda item: _criterion_order(item[0])))


def _criterion_order(criterion: str) -> tuple[int, str]:
    return (int(criterion), "") if criterion.isdigit() else (10**6, criterion)


def indicators_of(organisation: Organisation) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(organisation=organisation, archived=False)
        .select_related("owner__user")
        .order_by("created_at", "id")
    )


def _series(
    indicator: Indicator,
    values: dict[str, tuple[Decimal, str, str]],
    targets: dict[str, Aim],
    periods: list[Period],
) -> list[PeriodRow]:
    direction = Direction(indicator.direction)
    rows = []
    for period in periods:
        value, comment, state = values.get(period.key, (None, "", ""))
        target = targets.get(period.key)
        rows.append(
            PeriodRow(
                period=period,
                value=value,
                target=target,
                status=status(value, target, direction, indicator.tolerance) if target is not None else None,
                comment=comment,
                provisional=state == "provisional",
            )
        )
    return rows


@lru_cache(maxsize=4096)
def _parsed(frequency: Frequency, key: str) -> Period | None:
    """`parse_period`, once per process for each stored key: a dashboard of 200 indicators reads the
    same few dozen keys 14,400 times, and parsing them each time was a seventh of its time."""
    return parse_period(frequency, key)


@lru_cache(maxsize=1024)
def _between(first: Period, last: Period) -> tuple[Period, ...]:
    """`periods_between`, once per process for each span: a dashboard's indicators mostly share
    theirs, and making the same 36 periods for each of 200 indicators was a tenth of its time."""
    return tuple(periods_between(first, last))


def _position(period: Period) -> tuple[int, int]:
    """Orders periods of one frequency as time does, compared as plain tuples (Period's own
    comparison is checked Python code, run hundreds of times per indicator when sorting)."""
    return period.year, period.index


def _periods(indicator: Indicator, keys: list[str], today: date, at_least: int) -> list[Period]:
    """The periods to show, oldest first: from the earliest kept value or target (or, with none yet,
    the last `at_least` completed periods) to the last completed period, and on to the last period
    that already has a target."""
    frequency = Frequency(indicator.frequency)
    recent = recent_periods(frequency, today, at_least)
    known = [period for period in (_parsed(frequency, key) for key in set(keys)) if period is not None]
    first = min(known, key=_position, default=recent[0])
    return list(_between(first, max([*known, *recent[-1:]], key=_position)))


def series(indicator: Indicator, today: date) -> list[PeriodRow]:
    """Every period of the indicator to show, oldest first, with its value, target and status (two queries)."""
    by_indicator_values, by_indicator_targets = values_and_targets(indicator=indicator)
    values, targets = by_indicator_values[indicator.pk], by_indicator_targets[indicator.pk]
    periods = _periods(indicator, [*values, *targets], today, EMPTY_PERIODS[Frequency(indicator.frequency)])
    return _series(indicator, values, targets, periods)


def trend_of_series(indicator: Indicator, completed: list[PeriodRow]) -> Trend | None:
    """The trend over the last three completed periods (a value missing there: no trend), judged
    against the latest target for a band."""
    if len(completed) < 3:
        return None
    latest_target = next((row.target for row in reversed(completed) if row.target is not None), None)
    return trend_of([row.value for row in completed[-3:]], Direction(indicator.direction), target=latest_target)


def missing_periods(
    frequency: Frequency, values: Collection[str], today: date, *, due_within_days: int | None = None
) -> list[Period]:
    """The periods since the last one with a value whose value is missing past its due date (and,
    with `due_within_days`, also those due by then), oldest first."""
    period = recent_periods(frequency, today, 1)[-1]
    horizon = today + timedelta(days=due_within_days) if due_within_days is not None else None
    found = []
    for _step in range(60):  # five years of months at most: an indicator not kept that long says so once
        if period.key in values:
            break
        if is_overdue(period, today) or (horizon is not None and due_date(period) <= horizon):
            found.append(period)
        period = period.previous()
    return found[::-1]


def oldest_overdue(frequency: Frequency, values: Collection[str], today: date) -> Period | None:
    """The oldest period, since the last one with a value, whose value is missing past its due date
    (None when nothing is due): the one its owner should enter first."""
    return next(iter(missing_periods(frequency, values, today)), None)


@dataclass(frozen=True)
class DueValues:
    """The values one indicator's owner should enter: overdue ones, and with `due_within_days` those
    due soon, oldest first."""

    indicator: Indicator
    periods: list[Period]


def due_values(indicators: QuerySet[Indicator], today: date, *, due_within_days: int | None = None) -> list[DueValues]:
    """What the owners of `indicators` should enter (archived, ownerless and calculated indicators
    ask for nothing), in two queries whatever their number: the home page's to-do items and the
    daily reminders read the same."""
    owned = list(
        indicators.filter(archived=False, owner__isnull=False)
        .exclude(numerator__isnull=False, denominator__isnull=False)
        .select_related("organisation", "owner__user")
        .order_by("owner_id", "id")
    )
    kept: dict[int, set[str]] = defaultdict(set)
    for indicator_id, key in Measurement.objects.filter(indicator__in=owned).values_list("indicator_id", "period"):
        kept[indicator_id].add(key)
    result = []
    for indicator in owned:
        periods = missing_periods(
            Frequency(indicator.frequency), kept[indicator.pk], today, due_within_days=due_within_days
        )
        if periods:
            result.append(DueValues(indicator, periods))
    return result


def lines(
    organisation: Organisation, today: date, *, process: Process | None = None, published: bool = False
) -> list[IndicatorLine]:
    """The organisation's indicators (with a process: those that measure it; `published`: only those
    it shows the public) with their latest value, status, trend and whether a value is overdue, in
    three queries whatever the number of indicators and periods."""
    scope = Q(processes=process) if process is not None else Q()
    if published:
        scope &= Q(visibility=Visibility.PUBLISHED)
    indicators = list(indicators_of(organisation).filter(scope))
    values, targets = values_and_targets(
        Q(indicator__processes=process) if process is not None else Q(),
        Q(indicator__visibility=Visibility.PUBLISHED) if published else Q(),
        indicator__organisation=organisation,
        indicator__archived=False,
    )
    for indicator in indicators:
        indicator.organisation = organisation
    return [_line(indicator, values[indicator.pk], targets[indicator.pk], today) for indicator in indicators]


def _line(
    indicator: Indicator, values: dict[str, tuple[Decimal, str, str]], targets: dict[str, Aim], today: date
) -> IndicatorLine:
    """One indicator as the list shows it. Only the rows it reads are built (the last three completed
    periods, the latest with a value, the latest with a target), not its whole history: for 200
    indicators of 36 months each, the rows nobody reads were most of the dashboard's time."""
    frequency = Frequency(indicator.frequency)
    periods = _periods(indicator, [*values, *targets], today, 3)
    completed = _ended(periods, period_of(frequency, today))
    rows = _series(indicator, values, targets, completed[_first_read(completed, values, targets) :])
    latest = next((row for row in reversed(rows) if row.value is not None), None)
    return IndicatorLine(indicator, latest, trend_of_series(indicator, rows), oldest_overdue(frequency, values, today))


def _ended(periods: list[Period], current: Period) -> list[Period]:
    """The periods, oldest first, that ended before `current` (the one running today) began: all
    but the last few, which are `current` and those with a target already set."""
    end = len(periods)
    while end and _position(periods[end - 1]) >= _position(current):
        end -= 1
    return periods[:end]


def _first_read(completed: list[Period], values: Collection[str], targets: Collection[str]) -> int:
    """Where the completed periods a line reads start: the last three (its trend), and the latest
    with a value and the latest with a target, however long ago."""
    first = max(len(completed) - TREND_POINTS, 0)
    for kept in (values, targets):
        latest = next((index for index in reversed(range(len(completed))) if completed[index].key in kept), first)
        first = min(first, latest)
    return first


def values_and_targets(
    *conditions: Q, **where: object
) -> tuple[dict[int, dict[str, tuple[Decimal, str, str]]], dict[int, dict[str, Aim]]]:
    """The values (value, comment, status) and targets of the indicators the filter selects (applied
    to both measurements and targets), by indicator and period key: two queries."""
    values: dict[int, dict[str, tuple[Decimal, str, str]]] = defaultdict(dict)
    for indicator_id, period, value, comment, state in Measurement.objects.filter(*conditions, **where).values_list(
        "indicator_id", "period", "value", "comment", "status"
    ):
        values[indicator_id][period] = (value, comment, state)
    targets: dict[int, dict[str, Aim]] = defaultdict(dict)
    for indicator_id, period, aim, low, high in Target.objects.filter(*conditions, **where).values_list(
        "indicator_id", "period", "value", "low", "high"
    ):
        targets[indicator_id][period] = Aim(aim, low, high)
    return values, targets


def completed_series(
    indicator: Indicator, values: dict[str, tuple[Decimal, str, str]], targets: dict[str, Aim], today: date
) -> list[PeriodRow]:
    """The indicator's completed periods (ended before `today`), oldest first, with value, target
    and status: what its latest value, trend and history are read from."""
    periods = _periods(indicator, [*values, *targets], today, 3)
    return [row for row in _series(indicator, values, targets, periods) if row.period.end < today]


def calculation_parts(organisation: Organisation, indicator: Indicator | None) -> QuerySet[Indicator]:
    """What an indicator may be calculated from: the organisation's current indicators whose values
    are entered, other than itself (the service checks the rest: same frequency, no chains)."""
    parts = Indicator.objects.filter(organisation=organisation, archived=False).filter(
        Q(numerator__isnull=True) | Q(denominator__isnull=True)
    )
    return parts.exclude(pk=indicator.pk) if indicator is not None else parts
