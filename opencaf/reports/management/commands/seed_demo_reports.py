"""Record management's acceptance of the demo 2024 self-assessment report (development only)."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.reports.models import ReportAcceptance
from opencaf.reports.services import accept_report


class Command(BaseCommand):
    help = "Accept the demo municipality's 2024 self-assessment report as its manager."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError("Demo data may only be seeded with DEBUG=1 or OPENCAF_DEMO=1.")
        assessment = SelfAssessment.objects.filter(
            title="Samoocenjevanje 2024", organisation__network__name="Demo quality network"
        ).first()
        if assessment is None:
            raise CommandError("The demo self-assessments are missing: run `manage.py seed_demo_assessments` first.")
        if ReportAcceptance.objects.filter(assessment=assessment).exists():
            self.stdout.write("Demo report acceptance already present.")
            return
        with transaction.atomic():
            accept_report(
                actor=User.objects.get(email="manager@example.org"),
                assessment=assessment,
                note="Poročilo je obravnaval in sprejel kolegij direktorja.",
            )
            # Accepted at the end of the 2024 cycle; the service stamps "now".
            ReportAcceptance.objects.filter(assessment=assessment).update(
                accepted_at=timezone.make_aware(datetime(2024, 6, 3, 10, 0))
            )
        self.stdout.write("Demo report acceptance seeded.")
