"""What needs a network coordinator or an organisation admin, and the home page's lists of the
person's networks and organisations. Registered from OrganisationsConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.todo import TodoItem, Urgency, register_provider, register_section
from opencaf.organisations import selectors
from opencaf.organisations.choices import Role


def network_items(user: Any) -> Iterator[TodoItem]:
    """For a coordinator, per network: organisations without a quality representative, and
    invitations that stop working within three days."""
    if not selectors.my_networks(user):
        return
    for network in selectors.networks_needing_attention(user):
        url = reverse("organisations:network", kwargs={"network_id": network.public_id})
        missing = network.without_representative  # type: ignore[attr-defined]
        if missing:
            yield TodoItem(
                title=ngettext(
                    "%(count)d organisation without a quality representative",
                    "%(count)d organisations without a quality representative",
                    missing,
                )
                % {"count": missing},
                detail=_("Nobody administers them yet; the portfolio shows which. Ask their management to name one."),
                url=url,
                organisation=network.name,
                urgency=Urgency.WAITING,
                count=missing,
            )
        expiring = network.expiring_invitations  # type: ignore[attr-defined]
        if expiring:
            yield TodoItem(
                title=ngettext(
                    "%(count)d invitation in the network expires within 3 days",
                    "%(count)d invitations in the network expire within 3 days",
                    expiring,
                )
                % {"count": expiring},
                detail=_("Not accepted yet; the organisations may need a reminder."),
                url=url,
                organisation=network.name,
                urgency=Urgency.DUE_SOON,
                due=timezone.localdate(network.first_expiry),  # type: ignore[attr-defined]
                count=expiring,
            )


def invitation_items(user: Any) -> Iterator[TodoItem]:
    """For an organisation admin: invitations about to expire, and recent ones that expired unused."""
    if Role.ORG_ADMIN not in selectors.roles_anywhere(user):
        return
    for organisation in selectors.invitations_needing_attention(user):
        url = reverse("organisations:members", kwargs={"org_id": organisation.public_id})
        expiring = organisation.expiring_invitations  # type: ignore[attr-defined]
        if expiring:
            yield TodoItem(
                title=ngettext(
                    "%(count)d invitation expires within 3 days",
                    "%(count)d invitations expire within 3 days",
                    expiring,
                )
                % {"count": expiring},
                detail=_("Not accepted yet; remind the people invited, or invite them again later."),
                url=url,
                organisation=organisation.name,
                urgency=Urgency.DUE_SOON,
                due=timezone.localdate(organisation.first_expiry),  # type: ignore[attr-defined]
                count=expiring,
            )
        expired = organisation.expired_invitations  # type: ignore[attr-defined]
        if expired:
            yield TodoItem(
                title=ngettext(
                    "%(count)d invitation expired without being accepted",
                    "%(count)d invitations expired without being accepted",
                    expired,
                )
                % {"count": expired},
                detail=_("Send a new invitation if the person is still expected."),
                url=url,
                organisation=organisation.name,
                urgency=Urgency.INFO,
                count=expired,
            )


def networks_section(user: Any) -> dict[str, Any] | None:
    networks = selectors.my_networks(user)
    return {"networks": networks} if networks else None


def memberships_section(user: Any) -> dict[str, Any]:
    return {"memberships": selectors.my_memberships(user)}


def register() -> None:
    register_provider("organisations.networks", network_items)
    register_provider("organisations.invitations", invitation_items)
    register_section("organisations.networks", "organisations/_home_networks.html", networks_section, order=10)
    register_section("organisations.memberships", "organisations/_home_memberships.html", memberships_section, order=20)
