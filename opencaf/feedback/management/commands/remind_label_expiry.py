"""Remind organisations that their label expires soon. Run daily (cron, systemd timer, …).

Every label valid until a day within the next 90 days (services.labels.REMINDER_DAYS) and not reminded
yet: one e-mail to each administrator of its organisation, in their language. Idempotent: the label's
`reminded_at` keeps it to one reminder, so a second run the same day (or the next) sends nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.feedback.services.labels import due_expiry_reminders, send_expiry_reminder


class Command(BaseCommand):
    help = "E-mail the administrators of organisations whose label expires within 90 days (once per label)."

    def handle(self, *args: Any, **options: Any) -> None:
        labels = due_expiry_reminders()
        mails = sum(send_expiry_reminder(label) for label in labels)
        self.stdout.write(f"{len(labels)} label(s) expiring soon; {mails} reminder(s) sent.")
