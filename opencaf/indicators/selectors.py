"""Reads of indicators with their values, targets, status and trend, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from opencaf.indicators.models import Indicator, Measurement, Target
from opencaf.indicators.rules import (
    Direction,
    Frequency,
    Period,
    Status,
    Trend,
    is_overdue,
    parse_period,
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


def _periods(indicator: Indicator, keys: list[str], today: date, at_least: int) -> list[Period]:
    """The periods to show, oldest first: from the earliest kept value or target (or, with none yet,
    the last `at_least` completed periods) to the last completed period, and on to the last period
    that already has a target."""
    frequency = Frequency(indicator.frequency)
    recent = recent_periods(frequency, today, at_least)
    known = sorted(period for period in (parse_period(frequency, key) for key in keys) if period is not None)
    first = known[0] if known else recent[0]
    return periods_between(first, max([*known[-1:], *recent[-1:]]))


def series(indicator: Indicator, today: date) -> list[PeriodRow]:
    """Every period of the indicator to show, oldest first, with its value, target and status (two queries)."""
    values = {
        period: (value, comment, state)
        for period, value, comment, state in Measurement.objects.filter(indicator=indicator).values_list(
            "period", "value", "comment", "status"
        )
    }
    targets = {
        period: Aim(value, low, high)
        for period, value, low, high in Target.objects.filter(indicator=indicator).values_list(
            "period", "value", "low", "high"
        )
    }
    periods = _periods(indicator, [*values, *targets], today, EMPTY_PERIODS[Frequency(indicator.frequency)])
    return _series(indicator, values, targets, periods)


def trend_of_series(indicator: Indicator, completed: list[PeriodRow]) -> Trend | None:
    """The trend over the last three completed periods (a value missing there: no trend), judged
    against the latest target for a band."""
    if len(completed) < 3:
        return None
    latest_target = next((row.target for row in reversed(completed) if row.target is not None), None)
    return trend_of([row.value for row in completed[-3:]], Direction(indicator.direction), target=latest_target)


def oldest_overdue(frequency: Frequency, values: Collection[str], today: date) -> Period | None:
    """The oldest period, since the last one with a value, whose value is missing past its due date
    (None when nothing is due): the one its owner should enter first."""
    period = recent_periods(frequency, today, 1)[-1]
    oldest = None
    for _step in range(60):  # five years of months at most: an indicator not kept that long says so once
        if period.key in values:
            break
        if is_overdue(period, today):
            oldest = period
        period = period.previous()
    return oldest


def lines(organisation: Organisation, today: date) -> list[IndicatorLine]:
    """The organisation's indicators with their latest value, status, trend and whether a value is
    overdue, in three queries whatever the number of indicators and periods."""
    indicators = list(indicators_of(organisation))
    values: dict[int, dict[str, tuple[Decimal, str, str]]] = defaultdict(dict)
    for indicator_id, period, value, comment, state in Measurement.objects.filter(
        indicator__organisation=organisation, indicator__archived=False
    ).values_list("indicator_id", "period", "value", "comment", "status"):
        values[indicator_id][period] = (value, comment, state)
    targets: dict[int, dict[str, Aim]] = defaultdict(dict)
    for indicator_id, period, aim, low, high in Target.objects.filter(
        indicator__organisation=organisation, indicator__archived=False
    ).values_list("indicator_id", "period", "value", "low", "high"):
        targets[indicator_id][period] = Aim(aim, low, high)
    result = []
    for indicator in indicators:
        indicator.organisation = organisation
        frequency = Frequency(indicator.frequency)
        own_values, own_targets = values[indicator.pk], targets[indicator.pk]
        periods = _periods(indicator, [*own_values, *own_targets], today, 3)
        rows = [row for row in _series(indicator, own_values, own_targets, periods) if row.period.end < today]
        latest = next((row for row in reversed(rows) if row.value is not None), None)
        overdue = oldest_overdue(frequency, own_values, today)
        result.append(IndicatorLine(indicator, latest, trend_of_series(indicator, rows), overdue))
    return result
