"""Remind the heads who have not replied to a campaign. Run daily (cron, systemd timer, …).

Idempotent: each recipient gets one reminder at most (`Recipient.reminded_at`), once the deadline is
the campaign's `reminder_days` away or less, and not after the deadline.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from opencaf.coordination.models import CampaignState, Recipient, ReplyStatus
from opencaf.coordination.services.campaigns import send_reminder


class Command(BaseCommand):
    help = "E-mail one reminder to invited organisations that have not replied as a campaign's deadline nears."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        due = Recipient.objects.filter(
            campaign__state=CampaignState.SENT,
            status=ReplyStatus.SENT,
            reminded_at__isnull=True,
            campaign__deadline__gte=today,
        ).select_related("campaign")
        sent = 0
        # Each campaign has its own reminder_days, a handful of campaigns at most: checked here.
        for recipient in due:
            if recipient.campaign.deadline - timedelta(days=recipient.campaign.reminder_days) > today:
                continue
            send_reminder(recipient)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
