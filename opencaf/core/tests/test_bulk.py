"""`core.bulk.upsert` stores what the ORM would store, adds new rows and replaces only the fields it
is told to in existing ones."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction

from conftest import World
from opencaf.core.bulk import upsert
from opencaf.indicators.models import Measurement, Target
from opencaf.indicators.tests.factories import aim, make_indicator, record


def test_new_rows_are_added_and_existing_ones_replaced_in_the_named_fields(world: World) -> None:
    indicator = make_indicator(world.alice_org, world.alice)
    record(indicator, world.alice, "2026-Q1", "50", comment="Before")
    aim(indicator, world.alice, "2026-Q1", "80")
    Target.objects.filter(indicator=indicator).update(rationale="Kept")
    moment = datetime(2026, 12, 6, 10, 30, 15, 123456, tzinfo=UTC)
    rows = [
        {"indicator": indicator, "period": "2026-Q1", "value": Decimal("81.25"), "status": "provisional",
         "comment": "After", "entered_by_id": world.alice.pk, "entered_at": moment},
        {"indicator": indicator, "period": "2026-Q2", "value": Decimal(7), "status": "final",
         "comment": "", "entered_by_id": None, "entered_at": moment},
    ]  # fmt: skip
    with transaction.atomic():
        upsert(Measurement, rows, unique=["indicator", "period"], update=["value", "status", "comment", "entered_at"])
        upsert(
            Target,
            [{"indicator_id": indicator.pk, "period": "2026-Q1", "value": Decimal(90), "low": None, "high": None,
              "rationale": ""}],
            unique=["indicator", "period"],
            update=["value"],
        )  # fmt: skip
    first, second = Measurement.objects.order_by("period")
    assert (first.value, first.status, first.comment, first.entered_at) == (
        Decimal("81.25"), "provisional", "After", moment,
    )  # fmt: skip
    assert (second.value, second.entered_by, second.entered_at) == (Decimal(7), None, moment)
    target = Target.objects.get()
    assert (target.value, target.rationale) == (Decimal(90), "Kept")  # only the named field replaced
    upsert(Measurement, [], unique=["indicator", "period"], update=["value"])  # nothing to write: no query
    assert Measurement.objects.count() == 2
