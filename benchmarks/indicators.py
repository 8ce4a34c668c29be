"""Time the indicator dashboards of an organisation with 200 monthly indicators × 36 months of values
and targets: the list (the organisation's dashboard; issue 11's goal: at most 200 ms of server time),
the dashboard by CAF criterion and a process's dashboard (half of the indicators), against a bare
Django view, taking turns in the same run on a throwaway in-memory SQLite database.

The indicators are made through the services, their values and targets (about 7,200 each) inserted
in bulk: 160 higher-is-better percentages (latest value on track, at risk or off track in turn; one
in ten without its last two values, so overdue), 20 within a band of days, 20 lower-is-better
counts; four in five linked to subcriteria of criteria 6 to 9, one in five to two criteria.
`--profile` then runs cProfile over ten requests of the list.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from harness import BARE_URL, create_database, interleaved_median_seconds

INDICATORS = 200
MONTHS = 36
GOAL_MS = 200
LINKS = (("6.2",), ("9.1",), ("6.1", "6.2", "9.2"), ())


def _kind(number: int) -> tuple[str, str, tuple[str, ...]]:
    """Unit, direction and subcriteria of indicator `number`."""
    if number < 20:
        return "days", "within_band", ("7.2",)
    if number < 40:
        return "count", "lower_better", ("8.2",)
    return "percent", "higher_better", LINKS[number % len(LINKS)]


def _rows(number: int, indicator: Any, months: list[Any]) -> tuple[list[Any], list[Any]]:
    from opencaf.indicators.models import Measurement, Target

    values: list[Measurement] = []
    targets: list[Target] = []
    for month, period in enumerate(months):
        key = period.key
        last = month == len(months) - 1
        if number < 20:
            value, target = Decimal(4 + (number + month) % 8), Target(low=Decimal(5), high=Decimal(10))
        elif number < 40:
            value, target = Decimal(8 + (number + month) % 5), Target(value=Decimal(10))
        else:
            if number % 10 == 9 and month >= len(months) - 2:
                continue  # the last two months not entered yet: overdue
            value = (Decimal(85), Decimal(78), Decimal(60))[number % 3] if last else Decimal(60 + month % 30)
            target = Target(value=Decimal(80))
        target.indicator, target.period = indicator, key
        targets.append(target)
        status = "provisional" if last and number % 4 == 0 else "final"
        comment = "Checked against the register" if month % 12 == 0 else ""
        values.append(Measurement(indicator=indicator, period=key, value=value, status=status, comment=comment))
    return values, targets


def build_case() -> tuple[Any, Any, Any]:
    from opencaf.indicators import process_services, services
    from opencaf.indicators.models import Measurement, Target
    from opencaf.indicators.process_services import ProcessInput
    from opencaf.indicators.rules import Frequency, recent_periods
    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

    call_command("load_frameworks", stdout=io.StringIO())  # the criterion titles
    organisation: Any = OrganisationFactory()
    manager: Any = UserFactory()
    membership = add_member(organisation, manager, Role.MANAGER)
    months = recent_periods(Frequency.MONTHLY, timezone.localdate(), MONTHS)
    with transaction.atomic():
        indicators = []
        for number in range(INDICATORS):
            unit, direction, subcriteria = _kind(number)
            data = services.IndicatorInput(
                name={"en": f"Indicator {number}", "sl": f"Kazalnik {number}"},
                unit=unit,
                direction=direction,
                frequency="monthly",
                subcriteria=subcriteria,
                owner=membership if number % 2 else None,
            )
            indicators.append(services.create_indicator(actor=manager, organisation=organisation, data=data))
        values: list[Measurement] = []
        targets: list[Target] = []
        for number, indicator in enumerate(indicators):
            own_values, own_targets = _rows(number, indicator, months)
            values += own_values
            targets += own_targets
        Measurement.objects.bulk_create(values, batch_size=1000)
        Target.objects.bulk_create(targets, batch_size=1000)
        process = process_services.create_process(
            actor=manager,
            organisation=organisation,
            data=ProcessInput(name="Issuing building permits", indicators=tuple(indicators[::2])),
        )
    return organisation, manager, process


def fetcher(client: Client, url: str) -> Callable[[], object]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch()  # warm caches and templates
    return fetch


def profile(fetch: Callable[[], object], rounds: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        fetch()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    print(f"\ncProfile of {rounds} requests of the list, by own time:")
    stats.sort_stats("tottime").print_stats(20)
    print("by cumulative time:")
    stats.sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="then cProfile requests of the list")
    args = parser.parse_args()
    create_database()
    from opencaf.indicators import selectors

    with override_settings(ROOT_URLCONF="harness"):
        organisation, manager, process = build_case()
        client = Client()
        client.force_login(manager)
        org_id = organisation.public_id
        pages = {
            "bare": BARE_URL,
            "list": reverse("indicators:list", kwargs={"org_id": org_id}),
            "criterion": reverse("indicators:by_criterion", kwargs={"org_id": org_id}),
            "process": reverse("indicators:process", kwargs={"org_id": org_id, "process_id": process.public_id}),
        }
        lines = selectors.lines(organisation, timezone.localdate())
        rows = sum(len(group) for group in selectors.by_criterion(lines).values())
        fetchers = {name: fetcher(client, url) for name, url in pages.items()}
        medians = interleaved_median_seconds(fetchers, args.runs)
        bare, listing, criterion, board = (medians[name] * 1000 for name in pages)
        print(f"indicator dashboards, {INDICATORS} monthly indicators x {MONTHS} months, {args.runs} runs (median)")
        print(f"  standing of the list: {selectors.standing(lines)}")
        print(f"  bare Django view:                  {bare:8.2f} ms")
        print(f"  list (organisation dashboard):     {listing:8.2f} ms   ratio {listing / bare:6.1f}x")
        print(f"  by CAF criterion ({rows} rows):       {criterion:8.2f} ms   ratio {criterion / bare:6.1f}x")
        print(f"  process dashboard (100 of them):   {board:8.2f} ms   ratio {board / bare:6.1f}x")
        verdict = "met" if listing <= GOAL_MS else "NOT met"
        print(f"  goal: the list in at most {GOAL_MS} ms of server time: {verdict}")
        if args.profile:
            profile(fetchers["list"], 10)


if __name__ == "__main__":
    main()
