"""Indicators for tests, made through the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from opencaf.indicators import services
from opencaf.indicators.models import Indicator
from opencaf.indicators.services import IndicatorInput


def make_indicator(organisation: Any, actor: Any, **fields: Any) -> Indicator:
    data = {
        "name": {"en": "Cases decided in time", "sl": "Pravočasno rešene zadeve"},
        "unit": "percent",
        "direction": "higher_better",
        "frequency": "quarterly",
        "subcriteria": ("9.1",),
        **fields,
    }
    with transaction.atomic():
        return services.create_indicator(actor=actor, organisation=organisation, data=IndicatorInput(**data))


def record(indicator: Indicator, actor: Any, period: str, value: str, **extra: Any) -> None:
    with transaction.atomic():
        services.record_measurement(actor=actor, indicator=indicator, period=period, value=Decimal(value), **extra)


def aim(indicator: Indicator, actor: Any, period: str, value: str) -> None:
    with transaction.atomic():
        services.set_target(actor=actor, indicator=indicator, period=period, value=Decimal(value))
