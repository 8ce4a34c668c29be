"""Reads of self-assessment reports, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import SelfAssessment
from opencaf.organisations.choices import Role
from opencaf.organisations.selectors import holds_role
from opencaf.reports.models import ReportDocument


def latest_documents(assessment: SelfAssessment, limit: int = 20) -> list[ReportDocument]:
    """The report's latest generated documents, newest first, with who asked for them."""
    return list(assessment.report_documents.select_related("requested_by")[:limit])


def reports_awaiting_acceptance(user: Any) -> list[SelfAssessment]:
    """Finished self-assessments whose report management has not accepted yet, in the organisations
    where the user is a manager. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SelfAssessment.objects.filter(state__in=list(FINISHED), report_acceptance__isnull=True)
        .filter(holds_role(user, [Role.MANAGER]))
        .select_related("organisation")
        .order_by("finalised_at", "title", "id")
    )
