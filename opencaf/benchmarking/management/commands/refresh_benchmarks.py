"""Rebuild every network's benchmark snapshot. Run nightly (cron, systemd timer, …).

The snapshot is refreshed in the background whenever consented data changes; this is the safety net
for what no service announces (an organisation moved to another network, a change made in the admin
site, a refresh whose worker died). Idempotent: a run replaces each network's rows with what is
consented at that moment, so a second run changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opencaf.benchmarking.services.snapshots import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the benchmark figures (snapshot of consented scores and indicator values) of every network."

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = rebuild_all()
        failed = [name for name, outcome in outcomes.items() if outcome == "failed"]
        self.stdout.write(f"{len(outcomes)} network(s) refreshed, {len(failed)} failed.")
        for name in failed:
            self.stderr.write(f"Failed: {name} (the error is on the network's benchmark page and in the log)")
