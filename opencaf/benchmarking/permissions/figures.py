"""Who may see the benchmark figures.

An organisation's page (its scores against its peers) is for the members who lead its quality work:
the administrator / quality representative (`Role.ORG_ADMIN`), top management (`Role.MANAGER`) and the
CAF leader (`Role.CAF_LEADER`), the roles that read its self-assessment results and decide what to
improve. Other members (assessors, action owners, viewers) get a 403: the page compares the
organisation's agreed scores, which they do not otherwise read as a whole. Anyone outside the
organisation gets a 404, the network's coordinators included: an organisation's own scores are not
the network's to read (they see the network-wide figures on their own page). An organisation outside
any network has no peers: 404.

The network's page is for its coordinators; everyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import (
    AnyUser,
    can_view_members,
    can_view_organisation_audit,
    get_network_for_coordinator,
    get_organisation_for_staff,
    require,
    roles_in,
)

BENCHMARK_ROLES = frozenset({Role.ORG_ADMIN, Role.MANAGER, Role.CAF_LEADER})


def can_view_benchmarks(user: AnyUser, organisation: Organisation) -> bool:
    return organisation.network_id is not None and bool(roles_in(user, organisation) & BENCHMARK_ROLES)


@dataclass(frozen=True)
class BenchmarkAccess:
    """A member's access to the organisation's benchmark page, built once per request."""

    organisation: Organisation
    network: Network
    can_view_members: bool
    can_view_audit: bool

    @property
    def nav_flags(self) -> dict[str, bool]:
        """What the organisation's tabs need (organisations/_org_nav.html)."""
        return {
            "show_assessments": True,
            "can_view_members": self.can_view_members,
            "can_view_audit": self.can_view_audit,
        }


def benchmark_access(user: AnyUser, org_id: object) -> BenchmarkAccess:
    """The organisation's benchmark access: 404 outside it (coordinators too) or outside any network,
    403 for a member without a benchmark role."""
    organisation = get_organisation_for_staff(user, org_id)
    if organisation.network_id is None:
        raise Http404
    require(can_view_benchmarks(user, organisation))
    network = organisation.network
    assert network is not None
    return BenchmarkAccess(
        organisation=organisation,
        network=network,
        can_view_members=can_view_members(user, organisation),
        can_view_audit=can_view_organisation_audit(user, organisation),
    )


def coordinated_network(user: AnyUser, network_id: object) -> Network:
    """The network whose benchmark figures the person coordinates; 404 for anyone else."""
    return get_network_for_coordinator(user, network_id)
