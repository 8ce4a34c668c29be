"""Shared steps of every self-assessment view: find the organisation and project for the user."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions
from opencaf.assessments.models import SelfAssessment
from opencaf.core.forms import add_service_errors
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require


def organisation_for(request: AuthenticatedRequest, org_id: Any) -> Organisation:
    """The organisation, if the user holds a role in it (coordinators see no self-assessments)."""
    return get_organisation_for_staff(request.user, org_id)


def assessment_for(request: AuthenticatedRequest, org_id: Any, assessment_id: Any) -> SelfAssessment:
    return permissions.get_assessment(organisation_for(request, org_id), assessment_id)


def subcriterion_of(assessment: SelfAssessment, code: str) -> Subcriterion:
    subcriterion = (
        Subcriterion.objects.select_related("criterion").filter(framework_id=assessment.framework_id, code=code).first()
    )
    if subcriterion is None:
        raise Http404
    return subcriterion


def flags(request: AuthenticatedRequest, assessment: SelfAssessment) -> dict[str, Any]:
    """What the templates may offer; computed here so templates never decide permissions."""
    return {
        "can_manage": permissions.can_manage(request.user, assessment),
        "can_view_consensus": permissions.can_view_consensus(request.user, assessment),
        "can_edit_consensus": permissions.can_edit_consensus(request.user, assessment),
        "can_view_results": permissions.can_view_results(request.user, assessment),
        "input_open": permissions.input_is_open(assessment),
    }


__all__ = ["add_service_errors", "assessment_for", "flags", "organisation_for", "require", "subcriterion_of"]
