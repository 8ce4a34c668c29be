"""A plan with actions and a process, and quarters set through the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.indicators import process_services
from opencaf.indicators.models import Process
from opencaf.resources import services
from opencaf.resources.models import ResourceLine
from opencaf.resources.services import Figures


def make_action(plan: ImprovementPlan, title: str, *codes: str, **fields: Any) -> Action:
    """An action straight in the table (the improvement app's own tests cover adding one)."""
    action = Action.objects.create(plan=plan, title=title, **fields)
    action.subcriteria.set(Subcriterion.objects.filter(framework_id=plan.assessment.framework_id, code__in=codes))
    return action


def make_process(organisation: Any, actor: Any, name: str = "Issuing building permits") -> Process:
    with transaction.atomic():
        return process_services.create_process(
            actor=actor, organisation=organisation, data=process_services.ProcessInput(name=name)
        )


def figures(planned_eur: str | None = None, actual_eur: str | None = None, planned_days: str | None = None,
            actual_days: str | None = None) -> Figures:  # fmt: skip
    def number(text: str | None) -> Decimal | None:
        return Decimal(text) if text is not None else None

    return Figures(number(planned_eur), number(actual_eur), number(planned_days), number(actual_days))


def set_quarter(actor: Any, target: Action | Process, quarter: str, **values: str | None) -> ResourceLine | None:
    return services.set_quarter(actor=actor, target=target, quarter=quarter, figures=figures(**values))


PAST = date(2026, 12, 6)  # the quarters up to 2026-Q3 are over; 2026-Q4 is running
