"""Time importing 10,000 indicator values from an XLSX file: checking the whole file and saving it
(what the confirmation request does), against reading the same file with openpyxl alone, the
three taking turns run by run.

200 indicators (monthly; percentages, counts and days), 50 months each, in the export's layout and
headings, with a target on every row. Each run imports into an empty table (the previous run's
values are deleted untimed), so every row is written. Prints the medians and the ratio; the goal of
issue 11 is at most 10 s and a ratio of at most 3. In-memory SQLite.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import transaction
from harness import create_database
from openpyxl import load_workbook

INDICATORS = 200
MONTHS = 50
UNITS = ("percent", "count", "days")


def build_case() -> tuple[object, object, bytes]:
    from opencaf.core.exports import write_xlsx
    from opencaf.indicators import services
    from opencaf.indicators.exchange import COLUMNS
    from opencaf.indicators.rules import Frequency, Period
    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

    organisation = OrganisationFactory()
    manager = UserFactory()
    add_member(organisation, manager, Role.MANAGER)
    indicators = []
    with transaction.atomic():
        for number in range(INDICATORS):
            data = services.IndicatorInput(
                name={"en": f"Indicator {number}", "sl": f"Kazalnik {number}"},
                unit=UNITS[number % len(UNITS)],
                direction="higher_better",
                frequency="monthly",
            )
            indicators.append(services.create_indicator(actor=manager, organisation=organisation, data=data))
    first = Period(Frequency.MONTHLY, 2022, 1)
    periods = [first]
    while len(periods) < MONTHS:
        periods.append(periods[-1].next())
    rows = [
        [str(indicator.public_id), f"Indicator {n}", indicator.unit, "Monthly", period.key,
         Decimal(80), None, None, Decimal((n * 7 + m * 3) % 100) + Decimal("0.5"), "Final", "" if m % 5 else "Checked"]
        for n, indicator in enumerate(indicators)
        for m, period in enumerate(periods)
    ]  # fmt: skip
    content = write_xlsx([str(label) for label in COLUMNS.values()], rows, "indicators", None)
    return organisation, manager, content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    create_database()
    from opencaf.audit.models import AuditEvent
    from opencaf.indicators import services
    from opencaf.indicators.models import Measurement, Target
    from opencaf.indicators.value_import import parse_values

    organisation, manager, content = build_case()

    def openpyxl_alone() -> None:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        rows = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        assert rows == INDICATORS * MONTHS + 1, rows

    def check() -> list[object]:
        rows, problems = parse_values(io.BytesIO(content), "values.xlsx", organisation)  # type: ignore[arg-type]
        assert not problems and len(rows) == INDICATORS * MONTHS, problems[:3]
        return rows  # type: ignore[return-value]

    def save(rows: list[object]) -> None:
        with transaction.atomic():
            outcome = services.import_values(actor=manager, organisation=organisation, rows=rows)  # type: ignore[arg-type]
        assert outcome.values_added == INDICATORS * MONTHS, outcome

    def clean_up() -> None:  # untimed: every run writes every row again
        Measurement.objects.all().delete()
        Target.objects.all().delete()
        AuditEvent.objects.filter(action="indicators.values_imported").delete()

    save(check())  # warm up
    clean_up()
    timings: dict[str, list[float]] = {"openpyxl": [], "check": [], "save": [], "both": []}
    for _ in range(args.runs):  # taking turns, so the baseline and the import share each moment
        start = time.perf_counter()
        openpyxl_alone()
        read = time.perf_counter()
        rows = check()
        checked = time.perf_counter()
        save(rows)
        saved = time.perf_counter()
        clean_up()
        timings["openpyxl"].append(read - start)
        timings["check"].append(checked - read)
        timings["save"].append(saved - checked)
        timings["both"].append(saved - read)
    median = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    alone = median["openpyxl"]
    print(f"indicator values import, {INDICATORS * MONTHS} rows XLSX ({len(content) // 1024} KB), {args.runs} runs")
    print(f"  openpyxl alone (read every row):  {alone:8.0f} ms")
    print(f"  check the whole file:             {median['check']:8.0f} ms   ratio {median['check'] / alone:5.2f}x")
    print(f"  save (10,000 values and targets): {median['save']:8.0f} ms")
    print(f"  check and save:                   {median['both']:8.0f} ms   ratio {median['both'] / alone:5.2f}x")
    goal = "met" if median["both"] <= 10_000 and median["both"] / alone <= 3 else "NOT met"
    print(f"  goal (at most 10 s and 3x): {goal}")


if __name__ == "__main__":
    main()
