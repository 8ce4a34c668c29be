"""The plan and its dashboard: everything in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Any

from django.db.models import F, OuterRef, Prefetch
from django.utils import timezone

from opencaf.assessments.models import SelfAssessment
from opencaf.core.queries import count_of
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.models import Action, ImprovementPlan, PlanStatus
from opencaf.improvement.prioritisation import Span, burn_down, is_overdue, is_stale
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.selectors import holds_role


@dataclass
class ActionRow:
    action: Action
    overdue: bool
    stale: bool


@dataclass
class Dashboard:
    rows: list[ActionRow]
    matrix: list[list[list[Action]]]  # [impact 3..1][feasibility 1..3] -> actions
    by_criterion: list[tuple[int, str, int, float]]  # number, title, actions, average progress
    by_owner: list[tuple[str, int, float, int]]  # name, actions, average progress, overdue
    burn_down: list[tuple[date, int]]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def stale(self) -> int:
        return sum(1 for row in self.rows if row.stale)


def plan_of_assessment(assessment: SelfAssessment) -> ImprovementPlan | None:
    return ImprovementPlan.objects.filter(assessment=assessment).first()


def actions_of(plan: ImprovementPlan) -> list[Action]:
    return list(
        plan.actions.select_related("owner__user").prefetch_related(
            Prefetch("subcriteria", queryset=Subcriterion.objects.select_related("criterion"))
        )
    )


def dashboard(plan: ImprovementPlan, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    actions = actions_of(plan)
    rows = [
        ActionRow(
            action,
            is_overdue(action.due_date, action.progress, today),
            is_stale(timezone.localdate(action.last_update_at), action.progress, today),
        )
        for action in actions
    ]
    matrix: list[list[list[Action]]] = [[[] for _f in range(3)] for _i in range(3)]
    criteria: dict[int, tuple[str, list[int]]] = {}
    owners: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        action = row.action
        matrix[3 - action.impact][action.feasibility - 1].append(action)
        for criterion in {sub.criterion for sub in action.subcriteria.all()}:
            criteria.setdefault(criterion.number, (criterion.title, []))[1].append(action.progress)
        owners[action.owner.user.display_name if action.owner else ""].append(row)
    by_criterion = [(number, title, len(values), fmean(values)) for number, (title, values) in sorted(criteria.items())]
    by_owner = [
        (name, len(items), fmean(item.action.progress for item in items), sum(1 for item in items if item.overdue))
        for name, items in sorted(owners.items())
    ]
    start = timezone.localdate(plan.created_at)
    due_dates = [action.due_date for action in actions if action.due_date]
    end = max([today, *due_dates]) if due_dates else today
    spans = [
        Span(
            timezone.localdate(action.created_at),
            timezone.localdate(action.completed_at) if action.completed_at else None,
        )
        for action in actions
    ]
    step = max(7, (end - start).days // 24 or 7)  # at most about two dozen points
    return Dashboard(rows, matrix, by_criterion, by_owner, burn_down(spans, start, end, step_days=step))


# --- the person's own actions, and plans waiting for management -----------------------------------


def row_of(action: Action, today: date) -> ActionRow:
    """An action with the overdue and stale rules of prioritisation applied."""
    return ActionRow(
        action,
        is_overdue(action.due_date, action.progress, today),
        is_stale(timezone.localdate(action.last_update_at), action.progress, today),
    )


def owned_actions(user: Any) -> list[Action]:
    """Every action the user owns, in every plan of every organisation they belong to, with plan and
    organisation loaded: organisation, then plan (newest first), then due date. One query.

    The owner is a membership of the plan's own organisation, so a plan never shows up through a
    membership elsewhere; an owner may always see the plan of their action (permissions.can_view_plan).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Action.objects.filter(owner__user=user, owner__organisation=F("plan__organisation"))
        # plan__assessment: the plan's title is composed from the self-assessment's (display_title).
        .select_related("plan__organisation", "plan__assessment")
        .order_by(
            "plan__organisation__name",
            "plan__organisation_id",
            "-plan__created_at",
            "plan_id",
            F("due_date").asc(nulls_last=True),
            "id",
        )
    )


def open_actions_owned_by(user: Any) -> list[Action]:
    """The user's unfinished actions in approved plans (those the reminders follow). One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Action.objects.filter(
            owner__user=user,
            owner__organisation=F("plan__organisation"),
            plan__status=PlanStatus.APPROVED,
            progress__lt=100,
        )
        .select_related("plan__organisation")
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def plans_awaiting_approval(user: Any) -> list[ImprovementPlan]:
    """Draft plans with at least one action (a plan without actions cannot be approved) in the
    organisations where the user is a manager, with `action_count`. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        ImprovementPlan.objects.filter(status=PlanStatus.DRAFT)
        .filter(holds_role(user, [Role.MANAGER]))
        .annotate(action_count=count_of(Action.objects.filter(plan=OuterRef("pk")), "plan"))
        .filter(action_count__gt=0)
        .select_related("organisation", "assessment")
        .order_by("created_at", "id")
    )


@dataclass
class PlanActions:
    plan: ImprovementPlan
    rows: list[ActionRow]


@dataclass
class OrganisationActions:
    organisation: Organisation
    plans: list[PlanActions]


def my_actions(user: Any, today: date | None = None) -> list[OrganisationActions]:
    """The user's actions grouped by organisation and plan; unfinished ones first in each plan, by due
    date. One query, whatever the number of actions and plans."""
    today = today or timezone.localdate()
    grouped: list[OrganisationActions] = []
    for action in owned_actions(user):
        plan = action.plan
        if not grouped or grouped[-1].organisation.pk != plan.organisation_id:
            grouped.append(OrganisationActions(plan.organisation, []))
        plans = grouped[-1].plans
        if not plans or plans[-1].plan.pk != plan.pk:
            plans.append(PlanActions(plan, []))
        plans[-1].rows.append(row_of(action, today))
    for entry in grouped:
        for plan_actions in entry.plans:
            plan_actions.rows.sort(key=lambda row: row.action.progress >= 100)  # stable: due dates stay in order
    return grouped
