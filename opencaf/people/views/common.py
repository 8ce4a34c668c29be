"""What every People page shares: the access object for the request and the organisation's tabs."""

from __future__ import annotations

from typing import Any

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.organisations.permissions import can_view_members, can_view_organisation_audit
from opencaf.people.access import PeopleAccess, people_access


def access_for_request(request: AuthenticatedRequest, org_id: str) -> PeopleAccess:
    return people_access(request.user, org_id)


def page_context(access: PeopleAccess, **extra: Any) -> dict[str, Any]:
    """The context every People page starts from: the organisation, its tabs (organisations/_org_nav.html)
    with "People" active, the access object and its flags."""
    organisation = access.organisation
    return {
        "organisation": organisation,
        "access": access,
        "show_assessments": True,
        "can_view_members": can_view_members(access.user, organisation),
        "can_view_audit": can_view_organisation_audit(access.user, organisation),
        "active": "people",
        **access.flags,
        **extra,
    }
