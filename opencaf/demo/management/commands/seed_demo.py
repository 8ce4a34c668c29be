"""Seed all demo content (development only; `make run` calls it after `load_frameworks`).

One layer after the other, as the apps build on each other: the demo networks (Slovenian and
Bulgarian), organisations and users; the municipality's two self-assessments (which need the CAF 2020
model from `load_frameworks`); the improvement plan of the 2024 one; management's acceptance of its
report; the surveys of both demo municipalities, last year's employee survey published as evidence
for the 2026 self-assessment; the municipality's indicators with targets and values; the money and time
spent against plan on its improvement actions and processes; the quality unit's coordination (forty
more organisations at every stage of the portfolio, a campaign with replies, events with registrations
and attendance, the engagement log, the Bulgarian municipality's self-assessment team; news, newsletters
sent to subscribers, recognitions and feedback on last year's training); good practices with
translations and "this helped us" marks, forum threads in both networks; two shared cycles of scores of
every organisation with a finished self-assessment, a peer group and an accepted bench-learning contact;
external feedback: two external feedback actors, a label awarded last year, one that expires soon and a
case under way with its visit scheduled; people development in the ministry: its competency model and
job profiles, forty employees' competency review with self- and manager assessments, development plans,
a decided selection with its panel's scores, key positions with successors, the involvement of staff.
Idempotent: each layer does nothing when its data is already there, so a second run changes nothing.
Refuses to run unless DEBUG or OPENCAF_DEMO is on, so a production database never gets the well-known
demo passwords.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opencaf.demo.assessments import seed_assessments
from opencaf.demo.benchmarking import seed_benchmarking
from opencaf.demo.community import seed_community
from opencaf.demo.coordination import seed_coordination
from opencaf.demo.coordination_news import seed_coordination_news
from opencaf.demo.feedback import seed_feedback
from opencaf.demo.guard import DemoError
from opencaf.demo.improvement import seed_improvement
from opencaf.demo.indicators import seed_indicators
from opencaf.demo.organisations import seed_organisations
from opencaf.demo.people import seed_people
from opencaf.demo.reports import seed_reports
from opencaf.demo.resources import seed_resources
from opencaf.demo.surveys import seed_surveys


class Command(BaseCommand):
    help = (
        "Seed the demo networks, organisations and users, two self-assessments of the demo municipality, "
        "the improvement plan, the accepted report, the demo surveys, indicators and resources, and the network's "
        "coordination: organisations at every stage, a campaign, events, the engagement log, good practices, "
        "benchmarking, external feedback and the ministry's people development (development only)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError("Demo data may only be seeded with DEBUG=1 or OPENCAF_DEMO=1.")
        try:
            self._seed()
        except DemoError as error:
            raise CommandError(str(error)) from error

    def _seed(self) -> None:
        if seed_organisations():
            self.stdout.write(self.style.SUCCESS("Demo organisations and users seeded."))
        else:
            self.stdout.write("Demo organisations and users already present.")
        result = seed_assessments()
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo self-assessments seeded: 2024 closed ({result.past_consensus} consensus records); "
                    f"2026 in consensus ({result.seats} assessors, {result.scores} individual scores, "
                    f"{result.entries} entries, {result.consensus} consensus records)."
                )
            )
        else:
            self.stdout.write("Demo self-assessments already present.")
        if seed_improvement():
            self.stdout.write(self.style.SUCCESS("Demo improvement plan seeded."))
        else:
            self.stdout.write("Demo improvement plan already present.")
        if seed_reports():
            self.stdout.write(self.style.SUCCESS("Demo report acceptance seeded."))
        else:
            self.stdout.write("Demo report acceptance already present.")
        if seed_surveys():
            self.stdout.write(self.style.SUCCESS("Demo surveys seeded."))
        else:
            self.stdout.write("Demo surveys already present.")
        if seed_indicators():
            self.stdout.write(self.style.SUCCESS("Demo indicators seeded."))
        else:
            self.stdout.write("Demo indicators already present.")
        if seed_resources():
            self.stdout.write(self.style.SUCCESS("Demo resources seeded."))
        else:
            self.stdout.write("Demo resources already present.")
        coordination = seed_coordination()
        if seed_coordination_news() or coordination:  # news, newsletters, recognitions: coordination's too
            self.stdout.write(self.style.SUCCESS("Demo coordination seeded."))
        else:
            self.stdout.write("Demo coordination already present.")
        if seed_community():
            self.stdout.write(self.style.SUCCESS("Demo good practices and forum seeded."))
        else:
            self.stdout.write("Demo good practices and forum already present.")
        if seed_benchmarking():
            self.stdout.write(self.style.SUCCESS("Demo benchmarking seeded."))
        else:
            self.stdout.write("Demo benchmarking already present.")
        if seed_feedback():
            self.stdout.write(self.style.SUCCESS("Demo external feedback seeded."))
        else:
            self.stdout.write("Demo external feedback already present.")
        if seed_people():
            self.stdout.write(self.style.SUCCESS("Demo people development seeded."))
        else:
            self.stdout.write("Demo people development already present.")
