"""Who may read, generate and accept the self-assessment report."""

from __future__ import annotations

from typing import Any

from opencaf.assessments.lifecycle import State
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import can_view_results
from opencaf.organisations.choices import Role
from opencaf.organisations.permissions import roles_in

REPORTABLE = (State.FINALISED, State.CLOSED)


def is_reportable(assessment: SelfAssessment) -> bool:
    return assessment.lifecycle_state in REPORTABLE


def can_read_report(user: Any, assessment: SelfAssessment) -> bool:
    return is_reportable(assessment) and can_view_results(user, assessment)


def can_accept_report(user: Any, assessment: SelfAssessment) -> bool:
    """Management accepts the report."""
    return is_reportable(assessment) and Role.MANAGER in roles_in(user, assessment.organisation)
