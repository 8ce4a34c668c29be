"""Builders for the figures part's tests (no tests here): shared indicator definitions and the indicators
organisations adopted from them, written straight to the tables, and a network of sharing peers.
Organisations, self-assessments, consents and peer groups come from `tests/factories.py`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from opencaf.benchmarking.tests.factories import SharingOrganisation, sharing_organisation
from opencaf.frameworks.models import FrameworkVersion
from opencaf.indicators.models import Indicator, Measurement, SharedDefinition, Visibility
from opencaf.organisations.models import Network, Organisation


def shared_definition(network: Network, code: str = "days-to-decide") -> SharedDefinition:
    return SharedDefinition.objects.create(
        network=network,
        code=code,
        name={"en": f"Definition {code}"},
        unit="days",
        direction="lower_better",
        frequency="yearly",
        decimals=1,
        status="published",
    )


def adopted_indicator(
    organisation: Organisation,
    definition: SharedDefinition,
    values: Mapping[str, str] = {},
    *,
    visibility: str = Visibility.NETWORK,
) -> Indicator:
    """The organisation's indicator adopted from `definition`, with its values by period ("2025": "12")."""
    indicator = Indicator.objects.create(
        organisation=organisation,
        name=dict(definition.name),
        unit=definition.unit,
        direction=definition.direction,
        frequency=definition.frequency,
        decimals=definition.decimals,
        visibility=visibility,
        definition=definition,
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, period=period, value=Decimal(value)) for period, value in values.items()
    )
    return indicator


def peers(
    network: Network,
    framework: FrameworkVersion,
    count: int,
    *,
    first_score: int = 40,
    step: int = 5,
    shared_from: date | None = None,
    name: str = "Peer",
    **fields: object,
) -> list[SharingOrganisation]:
    """`count` organisations sharing one finished self-assessment each, every subcriterion scored
    `first_score`, `first_score + step`, … in turn (kept within 0–100)."""
    return [
        sharing_organisation(
            network,
            framework,
            default_score=min(100, first_score + index * step),
            shared_from=shared_from,
            name=f"{name} {index + 1}",
            **fields,
        )
        for index in range(count)
    ]
