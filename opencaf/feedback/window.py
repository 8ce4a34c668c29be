"""When an organisation may apply for external feedback. Free of Django.

A procedure opens applications some months after management accepted the self-assessment report and
closes them some months later (the European procedure: from 6 to 12 months). Months are calendar
months: a report accepted on 31 August opens on 28 (or 29) February, the last day that month has.
Both days count: the window is open on the day it opens and on the day it closes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or that month's last day
    when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Window:
    opens_on: date
    closes_on: date

    def status(self, today: date) -> Status:
        if today < self.opens_on:
            return Status.NOT_YET
        if today > self.closes_on:
            return Status.CLOSED
        return Status.OPEN

    def is_open(self, today: date) -> bool:
        return self.status(today) is Status.OPEN


def window_after(accepted_on: date, opens_after_months: int, closes_after_months: int) -> Window:
    """The application window of a report accepted on `accepted_on`; ValueError for months that make
    no window (negative, or closing before opening)."""
    if opens_after_months < 0 or closes_after_months < opens_after_months:
        raise ValueError(f"no window from {opens_after_months} to {closes_after_months} months")
    return Window(add_months(accepted_on, opens_after_months), add_months(accepted_on, closes_after_months))
