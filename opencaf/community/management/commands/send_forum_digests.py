"""Send each person their daily forum digest. Run once a day (cron, systemd timer, …), e.g.

    15 6 * * *  cd /srv/opencaf && .venv/bin/python manage.py send_forum_digests

Safe to run twice and after a failure: a notification is marked sent in the transaction that queues
its e-mail, so nothing goes twice, and one whose e-mail could not be prepared or delivered stays (or
becomes again) pending for the next run (see `community.services.forum_notifications`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opencaf.community.services.forum_notifications import send_digests


class Command(BaseCommand):
    help = "E-mail each person one digest of the new forum posts they follow in daily digest mode."

    def handle(self, *args: Any, **options: Any) -> None:
        run = send_digests()
        self.stdout.write(f"{run.people} digest(s) queued with {run.posts} post(s).")
        if run.failed:
            # A non-zero exit, so cron reports it; the failed people's notifications wait for the next run.
            raise CommandError(f"{run.failed} digest(s) could not be prepared; see the log. They stay pending.")
