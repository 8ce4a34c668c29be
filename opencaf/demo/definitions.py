"""The demo network's shared indicator definitions: its coordinator adds the starter library and
publishes it, and the demo municipality adopts four of the definitions, with targets and the last
three years' values, so that the shared set can be tried from both sides (the coordinator's and an
organisation's). Development only; seeded with the demo indicators (`demo.indicators`).

Idempotent: the library adds only the codes the network lacks, and a definition the municipality
has already adopted is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from opencaf.demo.assessments import MUNICIPALITY
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import DEMO_NETWORK
from opencaf.indicators import definition_services, services
from opencaf.indicators.models import DefinitionStatus, Indicator, SharedDefinition
from opencaf.indicators.rules import Frequency, recent_periods
from opencaf.organisations.models import Membership, Network

COORDINATOR = "coordinator@example.org"
QUALITY = "quality@example.org"


@dataclass(frozen=True)
class Adoption:
    code: str  # of the starter library
    values: tuple[str, str, str]  # the last three completed years, oldest first
    target: str | None = None
    band: tuple[str, str] | None = None  # for a "within a band" definition


ADOPTIONS = [
    Adoption("staff-turnover", ("9.1", "8.4", "7.6"), target="7.0"),
    Adoption("budget-execution", ("91.8", "94.2", "96.5"), band=("95", "100")),
    Adoption("energy-per-m2", ("142", "136", "128"), target="125"),
    Adoption("suggestions-implemented", ("28", "34", "41"), target="40"),
]


def seed_definitions(today: date | None = None) -> bool:
    """Publish the starter library in the demo network and adopt some of it in the municipality;
    False when there was nothing left to do."""
    require_demo_allowed()
    today = today or timezone.localdate()
    network = Network.objects.filter(name=DEMO_NETWORK).first()
    coordinator = network.coordinators.filter(email=COORDINATOR).first() if network is not None else None
    quality = Membership.objects.filter(organisation__name=MUNICIPALITY, user__email=QUALITY).select_related(
        "user", "organisation"
    )
    membership = quality.first()
    if network is None or coordinator is None or membership is None:
        raise DemoError("Seed the demo organisations first (manage.py seed_demo does it in order).")
    changed = False
    with transaction.atomic():
        # Only what the library adds is published: a draft someone wrote by hand stays a draft.
        for definition in definition_services.add_starter_library(actor=coordinator, network=network):
            definition_services.publish_definition(actor=coordinator, definition=definition)
            changed = True
        for adoption in ADOPTIONS:
            changed |= _adopt(adoption, network, membership, today)
    return changed


def _adopt(adoption: Adoption, network: Network, membership: Membership, today: date) -> bool:
    organisation, actor = membership.organisation, membership.user
    definition = SharedDefinition.objects.filter(
        network=network, code=adoption.code, status=DefinitionStatus.PUBLISHED
    ).first()
    if definition is None or Indicator.objects.filter(organisation=organisation, definition=definition).exists():
        return False
    indicator = definition_services.adopt_definition(actor=actor, organisation=organisation, definition=definition)
    periods = recent_periods(Frequency(indicator.frequency), today, len(adoption.values))
    for period, value in zip(periods, adoption.values, strict=True):
        if adoption.band is not None:
            low, high = (Decimal(end) for end in adoption.band)
            services.set_target(actor=actor, indicator=indicator, period=period.key, low=low, high=high)
        elif adoption.target is not None:
            services.set_target(actor=actor, indicator=indicator, period=period.key, value=Decimal(adoption.target))
        services.record_measurement(actor=actor, indicator=indicator, period=period.key, value=Decimal(value))
    return True
