"""Mark failed the document jobs (reports, survey summaries, …) that stopped making progress: their
worker died. Run every few minutes (cron, systemd timer, …); pages also do this for their own
documents when they are read.

Idempotent: a job is marked once, and a job that is still progressing is left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.core.document_jobs import fail_all_stalled


class Command(BaseCommand):
    help = "Mark failed the document jobs without progress for DOCUMENT_JOB_STALL_AFTER seconds."

    def handle(self, *args: Any, **options: Any) -> None:
        for kind, marked in fail_all_stalled().items():
            self.stdout.write(f"{kind}: {marked} stalled document(s) marked failed.")
