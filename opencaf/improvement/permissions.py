"""Who may see and change an improvement plan."""

from __future__ import annotations

from typing import Any

from opencaf.core.ids import get_by_public_id
from opencaf.improvement.models import Action, Audience, ImprovementPlan
from opencaf.organisations.choices import Role
from opencaf.organisations.permissions import roles_in

PLANNING_ROLES = {Role.ORG_ADMIN, Role.CAF_LEADER}


def can_manage_plan(user: Any, plan: ImprovementPlan) -> bool:
    return bool(roles_in(user, plan.organisation) & PLANNING_ROLES)


def can_approve_plan(user: Any, plan: ImprovementPlan) -> bool:
    """Management approves the plan."""
    return Role.MANAGER in roles_in(user, plan.organisation)


def can_view_plan(user: Any, plan: ImprovementPlan) -> bool:
    roles = roles_in(user, plan.organisation)
    if roles & (PLANNING_ROLES | {Role.MANAGER}):
        return True
    if any(
        action.owner is not None and action.owner.user_id == getattr(user, "pk", None) for action in plan.actions.all()
    ):
        return True
    return bool(roles) and plan.audience in (Audience.STAFF, Audience.PUBLIC)


def can_update_action(user: Any, action: Action) -> bool:
    """The owner reports progress; planners may too."""
    owner = action.owner
    if owner is not None and owner.user_id == getattr(user, "pk", None):
        return True
    return can_manage_plan(user, action.plan)


def get_action(plan: ImprovementPlan, public_id: object) -> Action:
    actions = Action.objects.select_related("plan", "plan__organisation", "owner__user").filter(plan=plan)
    return get_by_public_id(actions, public_id)
