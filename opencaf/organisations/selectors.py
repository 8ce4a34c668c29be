"""Reads of networks, organisations and memberships, scoped to what the user may see."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Count, Exists, Expression, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from opencaf.core.queries import count_of
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Membership, MembershipRole, Network, Organisation


class HeldRoles(Expression):
    """A membership's role codes joined by commas (Membership.role_codes reads them), as a correlated
    subquery written out here rather than built by the ORM.

    Every page's navigation bar runs the memberships query, and building its SQL costs far more
    than running it: StringAgg over the roles join needed a GROUP BY repeating the thirty selected
    columns, and an ORM Subquery compiled a second query; either doubled the cost of the query."""

    output_field = CharField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[str | int, ...]]:
        quote = connection.ops.quote_name
        aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
        membership = compiler.quote_name(compiler.query.base_table)
        # Only quoted names from the models, no values: nothing to inject.
        sql = (
            f"(SELECT COALESCE({aggregate}({quote('role')}, ','), '') FROM {quote(MembershipRole._meta.db_table)}"  # noqa: S608
            f" WHERE {quote('membership_id')} = {membership}.{quote('id')})"
        )
        return sql, ()


def memberships_for_user(user: Any) -> QuerySet[Membership]:
    """The user's memberships with their organisations, networks and roles, in no particular order
    (my_memberships sorts them: an ORDER BY through the organisation join cost more to build than
    sorting a handful of rows)."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        # Not the parent organisation: only the organisation's own page shows it, and on every
        # other page its columns cost a fifth of this query.
        .select_related("organisation", "organisation__network")
        # The roles in the same query: a prefetch was one more query on every page.
        .annotate(held_roles=HeldRoles())
        .order_by()
    )


def networks_for_coordinator(user: Any) -> QuerySet[Network]:
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    return Network.objects.filter(coordinators=user).order_by("name")


_MEMBERSHIPS_CACHE = "_opencaf_memberships_cache"
_NETWORKS_CACHE = "_opencaf_networks_cache"


def my_memberships(user: Any) -> list[Membership]:
    """memberships_for_user() loaded once per user object, i.e. once per request: the navigation bar,
    the home page's sections and its to-do providers share it."""
    if not getattr(user, "is_authenticated", False):
        return []
    if _MEMBERSHIPS_CACHE not in user.__dict__:
        memberships = sorted(memberships_for_user(user), key=lambda m: (m.organisation.name.casefold(), m.pk))
        user.__dict__[_MEMBERSHIPS_CACHE] = memberships
    return user.__dict__[_MEMBERSHIPS_CACHE]


def forget_my_memberships(user: Any) -> None:
    """Drop the memberships loaded for this user object (after a change to them)."""
    user.__dict__.pop(_MEMBERSHIPS_CACHE, None)


def my_networks(user: Any) -> list[Network]:
    """networks_for_coordinator() loaded once per user object (request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if _NETWORKS_CACHE not in user.__dict__:
        user.__dict__[_NETWORKS_CACHE] = list(networks_for_coordinator(user))
    return user.__dict__[_NETWORKS_CACHE]


def roles_anywhere(user: Any) -> frozenset[str]:
    """Every role the user holds in any organisation (from my_memberships, no extra query)."""
    return frozenset(code for membership in my_memberships(user) for code in membership.role_codes)


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


# --- the home page: memberships by role, and what needs a coordinator or an organisation admin ------

INVITATION_EXPIRES_SOON = timedelta(days=3)
INVITATION_EXPIRED_RECENTLY = timedelta(days=14)


def holds_role(user: Any, roles: Iterable[str], organisation: Any = None) -> Exists:
    """A condition for querysets: the user holds one of the roles in the organisation named by
    `organisation` (an OuterRef, by default the row's own "organisation" field)."""
    return Exists(
        MembershipRole.objects.filter(
            membership__user=user,
            membership__organisation=OuterRef("organisation") if organisation is None else organisation,
            role__in=list(roles),
        )
    )


def _pending(queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def networks_needing_attention(user: Any) -> list[Network]:
    """The user's coordinated networks with `without_representative` (organisations where nobody holds
    the org admin role) and `expiring_invitations` (pending, expiring within three days) counted,
    plus `first_expiry`. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    has_representative = Exists(
        MembershipRole.objects.filter(membership__organisation=OuterRef("pk"), role=Role.ORG_ADMIN)
    )
    without = Organisation.objects.filter(network=OuterRef("pk")).exclude(has_representative)
    expiring = _pending(Invitation.objects.filter(organisation__network=OuterRef("pk"))).filter(
        expires_at__gt=now, expires_at__lte=now + INVITATION_EXPIRES_SOON
    )
    first_expiry = expiring.order_by().values("organisation__network").annotate(first=Min("expires_at")).values("first")
    return list(
        Network.objects.filter(coordinators=user)
        .annotate(
            without_representative=count_of(without, "network"),
            expiring_invitations=count_of(expiring, "organisation__network"),
            first_expiry=Subquery(first_expiry),
        )
        .order_by("name")
    )


def invitations_needing_attention(user: Any) -> list[Organisation]:
    """Organisations the user administers, with `expiring_invitations` (pending, expiring within three
    days), `first_expiry`, and `expired_invitations` (expired in the last two weeks, never accepted,
    and the person has neither joined since nor been invited again). One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    of_org = Invitation.objects.filter(organisation=OuterRef("pk"))
    expiring = _pending(of_org).filter(expires_at__gt=now, expires_at__lte=now + INVITATION_EXPIRES_SOON)
    first_expiry = expiring.order_by().values("organisation").annotate(first=Min("expires_at")).values("first")
    joined = Membership.objects.filter(organisation=OuterRef("organisation"), user__email__iexact=OuterRef("email"))
    invited_again = _pending(
        Invitation.objects.filter(organisation=OuterRef("organisation"), email__iexact=OuterRef("email"))
    ).filter(expires_at__gt=now)
    expired = (
        _pending(of_org)
        .filter(expires_at__lte=now, expires_at__gt=now - INVITATION_EXPIRED_RECENTLY)
        .exclude(Exists(joined))
        .exclude(Exists(invited_again))
    )
    return list(
        Organisation.objects.filter(holds_role(user, [Role.ORG_ADMIN], organisation=OuterRef("pk")))
        .annotate(
            expiring_invitations=count_of(expiring, "organisation"),
            first_expiry=Subquery(first_expiry),
            expired_invitations=count_of(expired, "organisation"),
        )
        .order_by("name")
    )
