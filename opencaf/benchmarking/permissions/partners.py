"""Who may see and act on an organisation's bench-learning partners page.

The page belongs to the organisation: every member reads it (the suggestions and the requests sent and
received); the organisation administrator / quality representative (`Role.ORG_ADMIN`) and the CAF
leader (`Role.CAF_LEADER`, who leads the self-assessment the suggestions come from) ask for contacts
and answer requests. Nobody else sees the page: not another organisation's members, not the network's
coordinators (suggestions name organisations by their consent to comparable organisations, not to the
quality unit), 404 for all of them. A request is reached only through one of its two organisations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from opencaf.benchmarking.models import PartnerRequest
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_member, is_member, roles_in

# The roles that ask for contacts and answer requests on the organisation's behalf.
ACTING_ROLES = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER})
# The roles told by e-mail that a request has arrived: the administrator / quality representative.
NOTIFIED_ROLES = frozenset({Role.ORG_ADMIN})


def can_act_on_partners(user: Any, organisation: Organisation) -> bool:
    """Ask for a bench-learning contact, withdraw one, accept or decline one received."""
    return bool(roles_in(user, organisation) & ACTING_ROLES)


@dataclass(frozen=True)
class PartnersAccess:
    """The organisation whose partners page is open, and what the person may do there."""

    organisation: Organisation
    can_act: bool


def partners_access(user: Any, org_id: object) -> PartnersAccess:
    """The organisation's partners page, for its members only; 404 for anyone else."""
    organisation = get_organisation_for_member(user, org_id)
    if not is_member(user, organisation):  # its network's coordinators are let in above, not here
        raise Http404
    return PartnersAccess(organisation=organisation, can_act=can_act_on_partners(user, organisation))


def _requests() -> QuerySet[PartnerRequest]:
    return PartnerRequest.objects.select_related("requester", "partner", "requested_by", "answered_by")


def get_sent_request(access: PartnersAccess, request_id: object) -> PartnerRequest:
    """A request the organisation sent; 404 for any other (another's, or one it received)."""
    return get_by_public_id(_requests().filter(requester=access.organisation), request_id)


def get_received_request(access: PartnersAccess, request_id: object) -> PartnerRequest:
    """A request the organisation received; 404 for any other (another's, or one it sent)."""
    return get_by_public_id(_requests().filter(partner=access.organisation), request_id)
