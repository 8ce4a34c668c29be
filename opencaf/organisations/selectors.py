"""Reads of networks, organisations and memberships, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Membership, MembershipRole, Network, Organisation


def memberships_for_user(user: Any) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__network")
        .prefetch_related("roles")
        .order_by("organisation__name")
    )


def networks_for_coordinator(user: Any) -> QuerySet[Network]:
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    return Network.objects.filter(coordinators=user).order_by("name")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("roles")
        .order_by("user__full_name", "user__email")
    )


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def portfolio(network: Network) -> QuerySet[Organisation]:
    """The network's organisations with their member counts and quality representatives."""
    representatives = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(roles__role=Role.ORG_ADMIN).select_related("user").distinct(),
        to_attr="representatives",
    )
    return (
        Organisation.objects.filter(network=network)
        .select_related("parent")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(representatives)
        .order_by("name")
    )


def role_counts(organisation: Organisation) -> dict[str, int]:
    rows = (
        MembershipRole.objects.filter(membership__organisation=organisation)
        .values("role")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["role"]: row["n"] for row in rows}


def organisations_in_network(network: Network, search: str = "") -> QuerySet[Organisation]:
    queryset = Organisation.objects.filter(network=network)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(short_name__icontains=search))
    return queryset.order_by("name")
