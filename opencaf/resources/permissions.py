"""Who may see and change the money and time planned and spent.

An action's figures follow its plan: whoever may read the plan reads them, the plan's managers
(`improvement.permissions.can_manage_plan`) change them. A process's figures follow the process
register: every member reads them, the indicator managers (`indicators.permissions
.can_manage_indicators`) change them. Outside the organisation everything is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from opencaf.core.ids import get_by_public_id
from opencaf.improvement.models import Action, Audience
from opencaf.improvement.permissions import PLANNING_ROLES, can_manage_plan, can_view_plan
from opencaf.indicators.models import Process
from opencaf.indicators.permissions import MANAGING_ROLES, can_manage_indicators
from opencaf.indicators.process_selectors import process_in
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require, roles_in


def can_change_action(user: Any, action: Action) -> bool:
    return can_manage_plan(user, action.plan)


def can_change_process(user: Any, process: Process) -> bool:
    return can_manage_indicators(user, process.organisation) and not process.archived


def can_import(user: Any, organisation: Organisation) -> bool:
    """Someone who keeps the figures of actions or of processes; each row is checked against which."""
    return bool(roles_in(user, organisation) & (PLANNING_ROLES | MANAGING_ROLES))


def visible_plans(user: Any, organisation: Organisation) -> Q:
    """The organisation's plans the person may read, as a filter on `ImprovementPlan` (the rule of
    `improvement.permissions.can_view_plan`, for many plans in one query)."""
    roles = roles_in(user, organisation)
    if roles & (PLANNING_ROLES | {Role.MANAGER}):
        return Q(organisation=organisation)
    shared = Q(audience__in=(Audience.STAFF, Audience.PUBLIC)) if roles else Q(pk__in=[])
    owned = Q(actions__owner__user_id=getattr(user, "pk", None))
    return Q(organisation=organisation) & (shared | owned)


@dataclass(frozen=True)
class ActionAccess:
    action: Action
    can_change: bool

    @property
    def organisation(self) -> Organisation:
        return self.action.plan.organisation


def get_action_access(user: Any, org_id: object, action_id: object) -> ActionAccess:
    """An action of the organisation with the person's right to change its figures; 404 outside the
    organisation, 403 for a member who may not read its plan."""
    organisation = get_organisation_for_staff(user, org_id)
    actions = Action.objects.filter(plan__organisation=organisation).select_related("plan__assessment")
    action = get_by_public_id(actions, action_id)
    action.plan.organisation = organisation
    require(can_view_plan(user, action.plan))
    return ActionAccess(action, can_change_action(user, action))


@dataclass(frozen=True)
class ProcessAccess:
    process: Process
    can_change: bool

    @property
    def organisation(self) -> Organisation:
        return self.process.organisation


def get_process_access(user: Any, org_id: object, process_id: object) -> ProcessAccess:
    """A process of the organisation with the person's right to change its figures; 404 outside it."""
    organisation = get_organisation_for_staff(user, org_id)
    process = process_in(organisation, process_id)
    return ProcessAccess(process, can_change_process(user, process))
