"""Money and time spent against plan on the improvement plan's dashboard and on an action's page
(registered with `improvement.plan_panels` from `apps.py`). Both pages have already checked that the
person may read the plan, so every action's figures may be shown."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.plan_panels import PlanPanel
from opencaf.resources import selectors
from opencaf.resources.permissions import can_change_action
from opencaf.resources.rules import DEFAULT_TOLERANCE_PERCENT


def plan_panel(user: Any, plan: ImprovementPlan) -> PlanPanel:
    """Budget, planned and actual money and time per quarter, and the actions flagged (two queries)."""
    context = {
        "resources": selectors.plan_resources(plan, timezone.localdate()),
        "tolerance": DEFAULT_TOLERANCE_PERCENT,
    }
    return PlanPanel("resources/_plan_panel.html", context)


def action_panel(user: Any, action: Action) -> PlanPanel:
    """The action's budget against what its quarters planned and spent (one query)."""
    context = {
        "total": selectors.action_total(action, timezone.localdate()),
        "can_change": can_change_action(user, action),
    }
    return PlanPanel("resources/_action_panel.html", context)
