"""Delete newsletter subscriptions that were never confirmed. Run daily (cron, systemd timer, …).

Idempotent: a subscription still waiting for confirmation whose last request is more than
UNCONFIRMED_KEPT_DAYS (30) days old is deleted, with one audit event per network giving the number;
a second run finds nothing more to delete.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.coordination.services.subscriptions import UNCONFIRMED_KEPT_DAYS, purge_unconfirmed


class Command(BaseCommand):
    help = f"Delete newsletter subscriptions not confirmed within {UNCONFIRMED_KEPT_DAYS} days."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_unconfirmed()
        self.stdout.write(f"{deleted} unconfirmed subscription(s) deleted.")
