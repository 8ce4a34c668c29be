"""Remind indicator owners of values that are overdue or due within a week. Run daily (cron, systemd
timer, …).

Idempotent: an owner gets at most one e-mail a day, however often this runs, listing all their due
values (`reminder_services.send_value_reminder` records the day in `ValueReminder` in the same
transaction). Not a daily nag either: after a reminder, the next one comes when another value falls
due (or comes within a week of its due date), or a week later if the values are still missing.
Archived, ownerless and calculated indicators ask for nothing; owners whose account is closed get nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from opencaf.indicators.models import Indicator, ValueReminder
from opencaf.indicators.reminder_services import send_value_reminder
from opencaf.indicators.rules import due_date
from opencaf.indicators.selectors import DueValues, due_values

DUE_SOON_DAYS = 7
REPEAT_AFTER_DAYS = 7


def worth_sending(items: Sequence[DueValues], last_sent: date | None, today: date) -> bool:
    """Whether an owner last reminded on `last_sent` should hear again today: never reminded, a
    value came onto the list since (its due date is now within a week), or a week has passed."""
    if last_sent is None or (today - last_sent).days >= REPEAT_AFTER_DAYS:
        return True
    return any(
        due_date(period) - timedelta(days=DUE_SOON_DAYS) > last_sent for item in items for period in item.periods
    )


class Command(BaseCommand):
    help = "E-mail indicator owners the values that are overdue or due within a week, one message each a day."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        reminded = ValueReminder.objects.filter(sent_on=today).values("owner_id")
        last_sent = dict(
            ValueReminder.objects.values("owner_id").annotate(last=Max("sent_on")).values_list("owner_id", "last")
        )
        indicators = Indicator.objects.filter(owner__user__is_active=True).exclude(owner__in=reminded)
        due = due_values(indicators, today, due_within_days=DUE_SOON_DAYS)  # ordered by owner
        sent = 0
        for _owner_id, items in groupby(due, key=lambda item: item.indicator.owner_id):
            owned = list(items)
            owner = owned[0].indicator.owner
            assert owner is not None  # due_values skips indicators without an owner
            if worth_sending(owned, last_sent.get(owner.pk), today):
                sent += send_value_reminder(owner, owned, today)
        self.stdout.write(f"{sent} reminder(s) sent.")
