"""The demo municipality's indicators: a handful of the measures a Slovenian municipality keeps, with
targets and about three years of values up to the last completed period (so the demo always looks
current): some on track, one improving, one worsening, one whose latest value is overdue.
Development only; `manage.py seed_demo` seeds them after the demo surveys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from opencaf.demo.assessments import MUNICIPALITY
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.indicators import services
from opencaf.indicators.models import Indicator
from opencaf.indicators.rules import Frequency, recent_periods
from opencaf.indicators.services import IndicatorInput
from opencaf.organisations.models import Membership

QUALITY = "quality@example.org"
OWNER = "owner@example.org"


@dataclass(frozen=True)
class DemoIndicator:
    name: dict[str, str]
    unit: str
    direction: str
    frequency: str
    subcriteria: tuple[str, ...]
    owner: str
    source: str
    start: Decimal  # the first value of the series
    step: Decimal  # how much it moves each period (negative: down)
    target: Decimal
    periods: int  # how many completed periods have values
    # The last two months' values have not been entered: the older one is always past its due date
    # (15 days after the month), whatever day the demo is seeded on.
    missing_latest: bool = False


INDICATORS = [
    DemoIndicator(
        {"sl": "Delež pravočasno rešenih upravnih zadev", "en": "Administrative cases decided in time"},
        "percent", "higher_better", "quarterly", ("5.1", "9.1"), OWNER, "Dokumentarni sistem",
        Decimal("78"), Decimal("1.2"), Decimal("88"), 11,
    ),
    DemoIndicator(
        {"sl": "Povprečno število dni do izdaje gradbenega dovoljenja", "en": "Average days to a building permit"},
        "days", "lower_better", "monthly", ("6.2", "9.1"), OWNER, "Evidenca upravnih postopkov",
        Decimal("41"), Decimal("-0.4"), Decimal("30"), 30, True,
    ),
    DemoIndicator(
        {"sl": "Delež storitev, dostopnih prek spleta", "en": "Share of services available online"},
        "percent", "higher_better", "yearly", ("6.2", "4.5"), QUALITY, "Katalog storitev",
        Decimal("38"), Decimal("9"), Decimal("60"), 3,
    ),
    DemoIndicator(
        {"sl": "Stopnja bolniške odsotnosti", "en": "Sickness absence rate"},
        "percent", "lower_better", "quarterly", ("7.2",), QUALITY, "Kadrovska evidenca",
        Decimal("3.9"), Decimal("0.15"), Decimal("4.0"), 11,
    ),
    DemoIndicator(
        {"sl": "Dnevi usposabljanja na zaposlenega", "en": "Training days per employee"},
        "days", "higher_better", "half_yearly", ("3.2", "7.2"), QUALITY, "Kadrovska evidenca",
        Decimal("1.2"), Decimal("0.2"), Decimal("2.0"), 6,
    ),
    DemoIndicator(
        {"sl": "Pritožbe na 1.000 prebivalcev", "en": "Complaints per 1,000 inhabitants"},
        "count", "lower_better", "quarterly", ("6.2", "8.2"), OWNER, "Evidenca pritožb",
        Decimal("2.6"), Decimal("-0.1"), Decimal("2.0"), 11,
    ),
]  # fmt: skip


def seed_indicators(today: date | None = None) -> bool:
    """Seed the demo indicators; False when the municipality already has indicators."""
    require_demo_allowed()
    today = today or timezone.localdate()
    memberships = {
        membership.user.email: membership
        for membership in Membership.objects.filter(organisation__name=MUNICIPALITY).select_related(
            "user", "organisation"
        )
    }
    if QUALITY not in memberships:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    organisation = memberships[QUALITY].organisation
    if Indicator.objects.filter(organisation=organisation).exists():
        return False
    actor = memberships[QUALITY].user
    with transaction.atomic():
        for demo in INDICATORS:
            indicator = services.create_indicator(
                actor=actor,
                organisation=organisation,
                data=IndicatorInput(
                    name=demo.name,
                    unit=demo.unit,
                    direction=demo.direction,
                    frequency=demo.frequency,
                    subcriteria=demo.subcriteria,
                    data_source=demo.source,
                    owner=memberships[demo.owner],
                    decimals=1,
                ),
            )
            periods = recent_periods(Frequency(demo.frequency), today, demo.periods)
            if demo.missing_latest:
                periods = periods[:-2]
            for number, period in enumerate(periods):
                value = demo.start + demo.step * number
                services.set_target(actor=actor, indicator=indicator, period=period.key, value=demo.target)
                services.record_measurement(
                    actor=actor, indicator=indicator, period=period.key, value=value.quantize(Decimal("0.1"))
                )
            following = periods[-1].next() if periods else None
            if following is not None:
                services.set_target(actor=actor, indicator=indicator, period=following.key, value=demo.target)
    return True
