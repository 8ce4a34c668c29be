"""Indicator values as a spreadsheet: one row per indicator and period, with its target and value,
headed in the reader's language. The import (`value_import.py`) reads the same layout back, with
the headings in any of the site's languages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from opencaf.core.exports import write_csv, write_xlsx
from opencaf.indicators.models import Indicator, MeasurementStatus
from opencaf.indicators.selectors import values_and_targets
from opencaf.organisations.models import Organisation

# Column keys and their headings; the import knows a column by either. The name, unit and
# frequency are there for the reader and are not read back.
COLUMNS: dict[str, Promise] = {
    "id": gettext_lazy("Indicator ID"),
    "name": gettext_lazy("Indicator"),
    "unit": gettext_lazy("Unit"),
    "frequency": gettext_lazy("How often it is measured"),
    "period": gettext_lazy("Period"),
    "target": gettext_lazy("Target"),
    "low": gettext_lazy("Lowest acceptable"),
    "high": gettext_lazy("Highest acceptable"),
    "value": gettext_lazy("Value"),
    "status": gettext_lazy("The value is"),
    "comment": gettext_lazy("Comment"),
}
COLUMN_WIDTHS = (38, 44, 14, 14, 10, 10, 10, 10, 10, 12, 40)


def _number(value: Decimal | None) -> Decimal | None:
    return value.normalize() if value is not None else None


def export_rows(organisation: Organisation, language: str) -> list[list[Any]]:
    """Every period that has a target or a value, indicator by indicator (three queries)."""
    indicators = list(Indicator.objects.filter(organisation=organisation, archived=False).order_by("created_at", "id"))
    values, targets = values_and_targets(indicator__in=indicators)
    rows = []
    for indicator in indicators:
        name = indicator.name_in(language)
        unit = indicator.unit_label if indicator.unit == "other" else str(indicator.get_unit_display())
        own_values, own_targets = values[indicator.pk], targets[indicator.pk]
        for period in sorted({*own_values, *own_targets}):
            value, comment, status = own_values.get(period, (None, "", ""))
            target = own_targets.get(period)
            rows.append(
                [
                    str(indicator.public_id),
                    name,
                    unit,
                    str(indicator.get_frequency_display()),
                    period,
                    _number(target.value if target else None),
                    _number(target.low if target else None),
                    _number(target.high if target else None),
                    _number(value),
                    str(MeasurementStatus(status).label) if status else "",
                    comment,
                ]
            )
    return rows


def export_file(organisation: Organisation, language: str, fmt: str) -> bytes:
    """CSV or XLSX; `core.exports` writes any text that could start a formula as text."""
    header = [str(label) for label in COLUMNS.values()]
    rows = export_rows(organisation, language)
    if fmt == "csv":
        return write_csv(header, rows)
    return write_xlsx(header, rows, "indicators", COLUMN_WIDTHS)
