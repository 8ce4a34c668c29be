"""Ask the participants of events that have just ended for feedback. Run daily (cron, systemd timer, …),
like send_event_reminders.

Idempotent: each confirmed registration present at one session at least is asked once
(`Registration.feedback_requested_at`), after the event's last session has ended and for
`services.feedback.REQUEST_WINDOW_DAYS` after it; cancelled events ask nobody. A request the mail
server never accepted is cleared by its hook, so the next run asks again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from opencaf.coordination.services.feedback import due_events, send_feedback_requests


class Command(BaseCommand):
    help = "E-mail a link to the feedback form to everyone who attended an event that has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = 0
        for event in due_events():
            try:
                sent += send_feedback_requests(actor=None, event=event)
            except ValidationError:  # cancelled or changed since it was listed: nobody to ask now
                continue
        self.stdout.write(f"{sent} feedback request(s) sent.")
