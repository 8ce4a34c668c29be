"""Who may read, generate and accept the self-assessment report: a finished self-assessment's
results readers read it; management accepts it."""

from __future__ import annotations

from typing import Any

from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import AssessmentAccess, access_for
from opencaf.organisations.choices import Role


def can_read_report(user: Any, assessment: SelfAssessment) -> bool:
    return access_for(user, assessment).can_read_report


def can_accept_report(user: Any, assessment: SelfAssessment) -> bool:
    return accepts(access_for(user, assessment))


def accepts(access: AssessmentAccess) -> bool:
    """Management accepts the report of a finished self-assessment."""
    return access.is_finished and Role.MANAGER in access.roles


def report_flags(access: AssessmentAccess) -> dict[str, bool]:
    """The report page's flags, beside the self-assessment's own."""
    return {**access.flags, "can_accept": accepts(access)}
