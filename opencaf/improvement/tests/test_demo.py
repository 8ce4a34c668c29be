from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from opencaf.improvement.models import ImprovementPlan
from opencaf.improvement.selectors import dashboard


@pytest.mark.django_db
def test_demo_plan_is_approved_with_actions_in_every_state() -> None:
    for command in ("load_frameworks", "seed_demo", "seed_demo_assessments", "seed_demo_improvement"):
        call_command(command, verbosity=0)
    call_command("seed_demo_improvement", verbosity=0)
    plan = ImprovementPlan.objects.get()
    assert plan.status == "approved" and plan.audience == "staff"
    statuses = set(plan.actions.values_list("status", flat=True))
    assert statuses == {"plan", "do", "check", "act", "done"}
    board = dashboard(plan, today=timezone.localdate())
    assert board.overdue >= 1 and board.stale >= 1
    assert any(row.action.quadrant == "quick_win" for row in board.rows)
    assert all(row.action.subcriteria.exists() for row in board.rows)
    assert sum(row.action.updates.count() for row in board.rows) >= 8
