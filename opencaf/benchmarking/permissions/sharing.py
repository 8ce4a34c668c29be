"""Who may see and change an organisation's consents to share scores, and who manages peer groups.

Consents: every member of the organisation sees them; only its administrators change them. The role
`Role.ORG_ADMIN` is the "organisation administrator / quality representative" (there is no separate
quality role in `Role`): the person management named to speak for the organisation on quality, the
same role that decides on sharing areas for improvement (`organisations.services`). CAF leaders,
managers and assessors run a self-assessment; deciding that its scores leave the organisation is not
part of that. The network's coordinators do not see this page (404): what an organisation lets them
see is its own decision, made on its own pages.

Peer groups belong to the network: its coordinators manage them; everyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from opencaf.benchmarking.models import PeerGroup
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import (
    AnyUser,
    can_view_members,
    can_view_organisation_audit,
    get_network_for_coordinator,
    get_organisation_for_member,
    is_member,
    roles_in,
)

# The roles that may give, change or withdraw a consent to share scores (see the module's note).
SHARING_ROLES = frozenset({Role.ORG_ADMIN})


def can_change_sharing(user: AnyUser, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & SHARING_ROLES)


@dataclass(frozen=True)
class SharingAccess:
    """A member's access to the organisation's consents, built once per request."""

    organisation: Organisation
    can_change: bool
    can_view_members: bool
    can_view_audit: bool

    @property
    def network(self) -> Network | None:
        return self.organisation.network

    @property
    def nav_flags(self) -> dict[str, bool]:
        """What the organisation's tabs need (organisations/_org_nav.html)."""
        return {
            "show_assessments": True,
            "can_view_members": self.can_view_members,
            "can_view_audit": self.can_view_audit,
        }


def sharing_access(user: AnyUser, org_id: object) -> SharingAccess:
    """The organisation's consents, for its members; 404 for anyone else, the coordinators included."""
    organisation = get_organisation_for_member(user, org_id)
    if not is_member(user, organisation):
        raise Http404
    return SharingAccess(
        organisation=organisation,
        can_change=can_change_sharing(user, organisation),
        can_view_members=can_view_members(user, organisation),
        can_view_audit=can_view_organisation_audit(user, organisation),
    )


def peer_groups_network(user: AnyUser, network_id: object) -> Network:
    """The network whose peer groups the person manages as its coordinator; 404 for anyone else."""
    return get_network_for_coordinator(user, network_id)


def peer_group_for_coordinator(user: AnyUser, network_id: object, group_id: object) -> PeerGroup:
    """A peer group of a network the person coordinates; 404 for anyone else and for another network's."""
    network = peer_groups_network(user, network_id)
    group = get_by_public_id(PeerGroup.objects.filter(network=network), group_id)
    group.network = network  # already loaded and checked: no second query
    return group
