"""The demo municipality's money and time against plan: each action of its improvement plan with a
budget or person-days gets them split over the last four completed quarters and the current one,
with actual figures for the completed quarters (some over plan, some under-spent) and part of the
current one; two of its processes get their person-days. Relative to today, so the demo always
looks current. Development only; `manage.py seed_demo` seeds it after the plan and the indicators."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from opencaf.demo.assessments import MUNICIPALITY, TITLE_PAST
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.improvement.models import Action
from opencaf.indicators.models import Process
from opencaf.indicators.rules import Frequency, recent_periods
from opencaf.organisations.models import Membership
from opencaf.resources import services
from opencaf.resources.models import ResourceLine
from opencaf.resources.rules import quarter_of
from opencaf.resources.services import Figures

QUALITY = "quality@example.org"
COMPLETED = 4  # completed quarters with actual figures
# What was actually spent as a share of the plan, taken in turn by action and quarter: 1.30 is over
# plan, 0.60 under-spent once the quarter is over, the rest within the 10 % tolerance.
SHARES = tuple(Decimal(share) for share in ("1.00", "0.97", "1.05", "1.30", "1.02", "0.95", "1.00", "0.60"))
RUNNING_SHARE = Decimal("0.40")  # spent so far in the current quarter
PROCESS_DAYS = (Decimal(60), Decimal(25))  # person-days a quarter for the first two processes by name
CENT, TENTH = Decimal("0.01"), Decimal("0.1")


def _part(total: Decimal | None, share: Decimal, places: Decimal) -> Decimal | None:
    return None if total is None else (total * share).quantize(places, ROUND_HALF_UP)


def seed_resources(today: date | None = None) -> bool:
    """Seed the quarters; False when the municipality already has some."""
    require_demo_allowed()
    today = today or timezone.localdate()
    quality = Membership.objects.filter(organisation__name=MUNICIPALITY, user__email=QUALITY).select_related(
        "user", "organisation"
    )
    membership = quality.first()
    if membership is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    organisation, actor = membership.organisation, membership.user
    actions = list(
        Action.objects.filter(plan__organisation=organisation, plan__assessment__title=TITLE_PAST)
        .select_related("plan__organisation")
        .order_by("id")
    )
    if not actions:
        raise DemoError("The demo improvement plan is missing: seed it first (`opencaf.demo.improvement`).")
    if ResourceLine.objects.filter(organisation=organisation).exists():
        return False
    quarters = [*recent_periods(Frequency.QUARTERLY, today, COMPLETED), quarter_of(today)]
    processes = list(Process.objects.filter(organisation=organisation, archived=False).order_by("name")[:2])
    with transaction.atomic():
        turn = 0
        for action in actions:
            if action.budget_eur is None and action.person_days is None:
                continue
            # The action's totals spread over six quarters: these five and one still to come.
            eur, days = _part(action.budget_eur, Decimal(1) / 6, CENT), _part(action.person_days, Decimal(1) / 6, TENTH)
            for number, quarter in enumerate(quarters):
                running = number == len(quarters) - 1
                share = RUNNING_SHARE if running else SHARES[turn % len(SHARES)]
                turn += 0 if running else 1
                figures = Figures(eur, _part(eur, share, CENT), days, _part(days, share, TENTH))
                services.set_quarter(actor=actor, target=action, quarter=quarter.key, figures=figures)
        for process, planned in zip(processes, PROCESS_DAYS, strict=False):
            for number, quarter in enumerate(quarters[:-1]):
                share = SHARES[(number + 1) % len(SHARES)]
                figures = Figures(planned_days=planned, actual_days=_part(planned, share, TENTH))
                services.set_quarter(actor=actor, target=process, quarter=quarter.key, figures=figures)
    return True
