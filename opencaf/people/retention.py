"""When a finished vacancy's candidate data is due for deletion, free of Django.

A vacancy is finished when it is decided or cancelled; its candidates' data (names, contacts, notes,
scores, agreed scores) is kept for the vacancy's retention period in months from that day, and deleted
on the day the period ends. Months are calendar months: a day that the target month lacks becomes its
last day (31 January + 1 month = 28 February, or 29 in a leap year), so the period never runs into the
month after.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

MIN_MONTHS = 1
MAX_MONTHS = 36
DEFAULT_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deletion_due_on(finished_on: date, months: int) -> date:
    """The first day on which the data of a vacancy finished on `finished_on` is to be deleted."""
    return add_months(finished_on, months)


def is_due(finished_on: date, months: int, today: date) -> bool:
    return today >= deletion_due_on(finished_on, months)


@dataclass(frozen=True)
class Finished:
    """A finished vacancy as the rule sees it: its key, the day it was finished, its retention period."""

    key: Any  # hashable: how the caller names the vacancy
    finished_on: date
    months: int


def due(vacancies: Iterable[Finished], today: date) -> list[Any]:
    """The keys of the vacancies whose data is due for deletion on `today`, in the order given."""
    return [vacancy.key for vacancy in vacancies if is_due(vacancy.finished_on, vacancy.months, today)]
