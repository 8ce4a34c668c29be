"""Remind people with a confirmed place that an event is near. Run daily (cron, systemd timer, …).

Idempotent: each registration gets one reminder at most (its audit event
`coordination.registration_reminded` marks it), once the first session is EVENT_REMINDER_DAYS away
or less, and not after the event has started.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.coordination.services.events import due_reminders, send_reminder


class Command(BaseCommand):
    help = "E-mail one reminder to everyone with a confirmed place at an event that starts soon."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for registration in due_reminders():
            send_reminder(registration)
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent.")
