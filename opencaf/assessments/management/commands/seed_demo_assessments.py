"""Seed the demo self-assessments of the demo municipality (development only; run after `seed_demo`).

Idempotent: does nothing when "Samoocenjevanje 2026" already exists. Refuses to run unless DEBUG or
OPENCAF_DEMO is on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opencaf.assessments.demo import DemoError, seed_demo_assessments


class Command(BaseCommand):
    help = "Seed a closed 2024 and an ongoing 2026 self-assessment for the demo municipality (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError("Demo data may only be seeded with DEBUG=1 or OPENCAF_DEMO=1.")
        try:
            result = seed_demo_assessments()
        except DemoError as error:
            raise CommandError(str(error)) from error
        if not result.created:
            self.stdout.write("Demo self-assessments already present.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo self-assessments seeded: 2024 closed ({result.past_consensus} consensus records); "
                f"2026 in consensus ({result.seats} assessors, {result.scores} individual scores, "
                f"{result.entries} entries, {result.consensus} consensus records)."
            )
        )
