"""Delete the candidates' data of vacancies whose retention period has passed. Run daily (cron,
systemd timer, …): `manage.py purge_candidates`; `--dry-run` lists what would go and deletes nothing.

For every finished vacancy (decided or cancelled) whose retention period after the decision has
passed: its candidates with their scores and agreed scores are deleted, the vacancy is kept with the
number of candidates and the moment of deletion, and one audit event is written per vacancy.
Idempotent: a vacancy purged once is skipped, so a second run the same day deletes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from opencaf.people.services.retention import due_for_deletion, purge_expired_candidates


class Command(BaseCommand):
    help = "Delete the candidates' data of finished vacancies whose retention period has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["dry_run"]:
            due = due_for_deletion(today)
            for item in due:
                vacancy = item.vacancy
                self.stdout.write(
                    f"{vacancy.organisation.name}: {vacancy.title} ({vacancy.public_id}), "
                    f"due on {item.due_on.isoformat()}: {item.candidates} candidate(s)"
                )
            total = sum(item.candidates for item in due)
            self.stdout.write(f"Dry run: {len(due)} vacancy(ies) due, {total} candidate(s) would be deleted.")
            return
        purged = purge_expired_candidates(today)
        for vacancy, count in purged:
            self.stdout.write(f"{vacancy.organisation.name}: {vacancy.title} ({vacancy.public_id}): {count} deleted")
        total = sum(count for _vacancy, count in purged)
        self.stdout.write(f"{len(purged)} vacancy(ies) purged, {total} candidate(s) deleted.")
