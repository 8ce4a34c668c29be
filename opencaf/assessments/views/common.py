"""Shared steps of every self-assessment view: find the organisation and the project for the person."""

from __future__ import annotations

from typing import Any

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions
from opencaf.assessments.permissions import AssessmentAccess, get_subcriterion
from opencaf.core.forms import add_service_errors
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require


def organisation_for(request: AuthenticatedRequest, org_id: Any) -> Organisation:
    """The organisation, if the user holds a role in it (coordinators see no self-assessments)."""
    return get_organisation_for_staff(request.user, org_id)


def assessment_access(request: AuthenticatedRequest, org_id: Any, assessment_id: Any) -> AssessmentAccess:
    """The self-assessment and what this person may do in it, built once for the request."""
    return permissions.get_assessment_access(request.user, org_id, assessment_id)


__all__ = ["add_service_errors", "assessment_access", "get_subcriterion", "organisation_for", "require"]
