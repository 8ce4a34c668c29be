"""Mark failed the report document jobs that stopped making progress (their worker died). Run every
few minutes (cron, systemd timer, …); pages also do this for their own report when they are read.

Idempotent: a job is marked once, and a job that is still progressing is left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.reports.services import fail_stalled_documents


class Command(BaseCommand):
    help = "Mark failed the report document jobs without progress for REPORT_JOB_STALL_AFTER seconds."

    def handle(self, *args: Any, **options: Any) -> None:
        marked = fail_stalled_documents()
        self.stdout.write(f"{marked} stalled report document(s) marked failed.")
