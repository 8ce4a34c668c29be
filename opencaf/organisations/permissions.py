"""Who may do what in an organisation or network.

Plain predicates (`can_manage_members(user, organisation)`) and access helpers
(`get_organisation_for_member(user, public_id)`) that raise 404 for anyone outside the organisation,
so that a URL never reveals whether another organisation's object exists. Services re-check these.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencaf.core.ids import get_by_public_id, parse_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Membership, MembershipRole, Network, Organisation
from opencaf.organisations.selectors import forget_my_memberships, my_memberships

AnyUser = Any  # a User or an AnonymousUser

_ROLE_CACHE_ATTR = "_opencaf_roles_cache"


def roles_in(user: AnyUser, organisation: Organisation) -> frozenset[str]:
    """The roles the user holds in the organisation (empty outside it). Cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_ROLE_CACHE_ATTR, {})
    if organisation.pk not in cache:
        cache[organisation.pk] = frozenset(
            MembershipRole.objects.filter(membership__user=user, membership__organisation=organisation).values_list(
                "role", flat=True
            )
        )
    return cache[organisation.pk]


def forget_cached_roles(user: AnyUser) -> None:
    user.__dict__.pop(_ROLE_CACHE_ATTR, None)
    forget_my_memberships(user)  # get_organisation_for_member reads roles from them


def is_member(user: AnyUser, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        bool(roles_in(user, organisation)) or Membership.objects.filter(user=user, organisation=organisation).exists()
    )


def is_coordinator(user: AnyUser, network: Network | None) -> bool:
    if network is None or not getattr(user, "is_authenticated", False):
        return False
    return network.coordinators.filter(pk=user.pk).exists()


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    return Role.ORG_ADMIN in roles_in(user, organisation)


def can_view_members(user: AnyUser, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & {Role.ORG_ADMIN, Role.CAF_LEADER, Role.MANAGER})


def can_view_organisation_audit(user: AnyUser, organisation: Organisation) -> bool:
    return Role.ORG_ADMIN in roles_in(user, organisation)


def can_add_organisations(user: AnyUser, network: Network) -> bool:
    return is_coordinator(user, network)


# --- access helpers -------------------------------------------------------------------------------


def get_organisation_for_member(user: AnyUser, public_id: object) -> Organisation:
    """The organisation, if the user is a member of it or coordinates its network; else 404.

    A member's organisation and roles come from their memberships, which the navigation bar loads
    anyway (once per request): no query of its own, where looking it up costs an organisation query
    and a roles query on every page of an organisation."""
    wanted = parse_public_id(public_id)
    for membership in my_memberships(user):
        if membership.organisation.public_id == wanted:
            cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_ROLE_CACHE_ATTR, {})
            cache.setdefault(membership.organisation_id, frozenset(membership.role_codes))
            # A copy: a view may change its organisation (a bound form) while the navigation bar
            # still lists the saved name.
            return copy.copy(membership.organisation)
    organisation = get_by_public_id(Organisation.objects.select_related("network", "parent"), public_id)
    if is_member(user, organisation) or is_coordinator(user, organisation.network):
        return organisation
    raise Http404


def get_organisation_for_staff(user: AnyUser, public_id: object) -> Organisation:
    """The organisation, if the user holds a role in it; else 404. Unlike get_organisation_for_member,
    a network coordinator is turned away: an organisation's own work (self-assessments, evidence,
    plans, reports) is not the network's to read."""
    organisation = get_organisation_for_member(user, public_id)
    if not roles_in(user, organisation):
        raise Http404
    return organisation


def require(allowed: bool) -> None:
    """Raise 403 for a member who lacks the role; outsiders were already turned away with 404."""
    if not allowed:
        raise PermissionDenied


def get_network_for_coordinator(user: AnyUser, public_id: object) -> Network:
    network = get_by_public_id(Network.objects.all(), public_id)
    if not is_coordinator(user, network):
        raise Http404
    return network


def get_membership_in(organisation: Organisation, public_id: object) -> Membership:
    memberships = Membership.objects.select_related("user", "organisation").prefetch_related("roles")
    return get_by_public_id(memberships.filter(organisation=organisation), public_id)


def get_invitation_in(organisation: Organisation, public_id: object) -> Invitation:
    return get_by_public_id(Invitation.objects.filter(organisation=organisation), public_id)
