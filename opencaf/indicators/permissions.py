"""Who may see and change an organisation's indicators.

Every member sees them; the organisation's administrators, CAF leaders and management keep the list
and set targets; an indicator's owner enters its values (so may they). Outside the organisation
everything is 404 (the organisation access helper decides that).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from opencaf.core.ids import get_by_public_id
from opencaf.indicators.models import Indicator
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, roles_in

MANAGING_ROLES = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER, Role.MANAGER})


def can_manage_indicators(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & MANAGING_ROLES)


@dataclass(frozen=True)
class IndicatorAccess:
    """What one person may do with one indicator, worked out once per request."""

    user: Any
    indicator: Indicator

    @property
    def organisation(self) -> Organisation:
        return self.indicator.organisation

    @cached_property
    def roles(self) -> frozenset[str]:
        return roles_in(self.user, self.indicator.organisation)

    @property
    def can_view(self) -> bool:
        return bool(self.roles)

    @property
    def can_manage(self) -> bool:
        return bool(self.roles & MANAGING_ROLES)

    @property
    def is_owner(self) -> bool:
        owner = self.indicator.owner
        return owner is not None and owner.user_id == getattr(self.user, "pk", None)

    @property
    def can_record(self) -> bool:
        """Enter or correct a value: the owner, or whoever keeps the indicators; nobody for a
        calculated indicator, whose values are worked out from two others."""
        indicator = self.indicator
        return not indicator.archived and not indicator.is_calculated and (self.is_owner or self.can_manage)

    @property
    def flags(self) -> dict[str, bool]:
        return {"can_manage": self.can_manage, "can_record": self.can_record}


def access_for(user: Any, indicator: Indicator) -> IndicatorAccess:
    return IndicatorAccess(user=user, indicator=indicator)


def get_indicator_access(user: Any, org_id: object, indicator_id: object) -> IndicatorAccess:
    """The indicator with the person's access to it; 404 unless they hold a role in its organisation."""
    organisation = get_organisation_for_staff(user, org_id)
    indicators = Indicator.objects.filter(organisation=organisation).select_related("owner__user")
    indicator = get_by_public_id(indicators, indicator_id)
    indicator.organisation = organisation
    return access_for(user, indicator)
