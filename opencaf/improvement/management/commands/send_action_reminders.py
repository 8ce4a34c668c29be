"""Remind action owners of due, overdue and stale actions. Run daily (cron, systemd timer, …).

Idempotent: an owner gets at most one reminder per action per day, however often this runs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from opencaf.improvement.models import Action, PlanStatus
from opencaf.improvement.prioritisation import STALE_AFTER_DAYS, is_overdue, is_stale
from opencaf.improvement.services import send_reminder

DUE_SOON_DAYS = 7


class Command(BaseCommand):
    help = "E-mail owners of improvement actions that are due soon, overdue or not updated for a month."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        candidates = (
            Action.objects.filter(plan__status=PlanStatus.APPROVED, owner__isnull=False, progress__lt=100)
            .filter(
                Q(due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
                | Q(last_update_at__lt=timezone.now() - timedelta(days=STALE_AFTER_DAYS))
            )
            .exclude(last_reminded_on=today)
            .select_related("owner__user", "plan__organisation")
        )
        sent = 0
        for action in candidates:
            if is_overdue(action.due_date, action.progress, today):
                reason = "overdue"
            elif is_stale(timezone.localdate(action.last_update_at), action.progress, today):
                reason = "stale"
            else:
                reason = "due_soon"
            send_reminder(action, reason, today)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
