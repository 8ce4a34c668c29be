"""Blocks that apps above this one add to an improvement plan's dashboard and to its action pages.

The resources app shows the money and time spent against plan there, but improvement may not import
it (it sits above). So an app registers a provider from its `AppConfig.ready()`
(`register_plan_panel("resources", panels.plan_panel)`); the plan and action pages render what the
providers return, and this module imports none of them.

A provider is `(user, plan) -> PlanPanel | None` (or `(user, action)` for an action page): the
template to include and its context, or None when it has nothing to show. It may only show what the
person may see on that page, and runs a fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opencaf.improvement.models import Action, ImprovementPlan


@dataclass(frozen=True)
class PlanPanel:
    template: str  # included with the page's context plus `panel`, this mapping
    context: Mapping[str, Any] = field(default_factory=dict)


PlanProvider = Callable[[Any, "ImprovementPlan"], PlanPanel | None]
ActionProvider = Callable[[Any, "Action"], PlanPanel | None]
_plan_providers: dict[str, PlanProvider] = {}
_action_providers: dict[str, ActionProvider] = {}


def register_plan_panel(key: str, provider: PlanProvider) -> None:
    """Add (or replace) the plan dashboard's provider registered under `key`."""
    _plan_providers[key] = provider


def register_action_panel(key: str, provider: ActionProvider) -> None:
    """Add (or replace) the action page's provider registered under `key`."""
    _action_providers[key] = provider


def for_plan(user: Any, plan: ImprovementPlan) -> list[PlanPanel]:
    return [panel for provider in _plan_providers.values() if (panel := provider(user, plan)) is not None]


def for_action(user: Any, action: Action) -> list[PlanPanel]:
    return [panel for provider in _action_providers.values() if (panel := provider(user, action)) is not None]
