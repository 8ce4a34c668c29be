"""Who may read, generate and accept the self-assessment report: a finished self-assessment's
results readers read it; management accepts it. A failed document is tried again by the person who
asked for it or by whoever manages the self-assessment."""

from __future__ import annotations

from typing import Any

from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import AssessmentAccess, access_for
from opencaf.organisations.choices import Role
from opencaf.reports.models import ReportDocument


def can_read_report(user: Any, assessment: SelfAssessment) -> bool:
    return access_for(user, assessment).can_read_report


def can_accept_report(user: Any, assessment: SelfAssessment) -> bool:
    return accepts(access_for(user, assessment))


def accepts(access: AssessmentAccess) -> bool:
    """Management accepts the report of a finished self-assessment."""
    return access.is_finished and Role.MANAGER in access.roles


def can_retry_document(user: Any, document: ReportDocument) -> bool:
    return retries(access_for(user, document.assessment), document)


def retries(access: AssessmentAccess, document: ReportDocument) -> bool:
    """Try a failed document again: its requester or the self-assessment's managers, while they read the report."""
    if not access.can_read_report:
        return False
    return access.can_manage or document.requested_by_id == getattr(access.user, "pk", None)


def report_flags(access: AssessmentAccess) -> dict[str, bool]:
    """The report page's flags, beside the self-assessment's own."""
    return {**access.flags, "can_accept": accepts(access)}
