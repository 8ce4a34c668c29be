"""The plan and its dashboard: everything in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from django.db.models import Prefetch
from django.utils import timezone

from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.prioritisation import Span, burn_down, is_overdue, is_stale


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
