"""Seed the demo improvement plan (development only; `make run` calls it)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opencaf.improvement.demo import DemoError, seed_demo_improvement


class Command(BaseCommand):
    help = "Seed the demo improvement plan of the demo municipality's 2024 self-assessment."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = seed_demo_improvement()
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Demo improvement plan seeded." if created else "Demo improvement plan already present.")
