"""Management's acceptance of the demo 2024 self-assessment report (development only; `manage.py seed_demo`
seeds it after the demo improvement plan)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.demo.assessments import TITLE_PAST
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK
from opencaf.reports.models import ReportAcceptance
from opencaf.reports.services import accept_report


def seed_reports() -> bool:
    """Accept the demo municipality's 2024 self-assessment report as its manager; False when already accepted."""
    require_demo_allowed()
    assessment = SelfAssessment.objects.filter(title=TITLE_PAST, organisation__network__name=DEMO_NETWORK).first()
    if assessment is None:
        raise DemoError("The demo self-assessments are missing: seed them first (`opencaf.demo.assessments`).")
    if ReportAcceptance.objects.filter(assessment=assessment).exists():
        return False
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
    return True
