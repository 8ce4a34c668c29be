"""Targets and values from a spreadsheet in the export's layout: many indicators × many periods in
one file, checked whole first (every problem by row and column, in the reader's language), then
applied all or nothing by `services.import_values` through `core.importing`.

A row sets the period's target, its value, or both; a row with neither changes nothing. The name,
unit and frequency columns are for the reader and are not read back. Numbers are taken as people
write them ("81,5", "1.234,5", "85 %"); a formula is refused before any row is read (`core.tabular`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.core.importing import Importer
from opencaf.core.tabular import RowProblem, TableLimits, cell_text, column_keys, header_index, read_table
from opencaf.indicators import services
from opencaf.indicators.exchange import COLUMNS
from opencaf.indicators.models import Indicator, MeasurementStatus
from opencaf.indicators.rules import Direction, Frequency, parse_period
from opencaf.indicators.services import ImportedValue, check_value
from opencaf.lib.spreadsheet_cells import restore
from opencaf.organisations.models import Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

REQUIRED = ("id", "period")
NUMBER_COLUMNS = ("target", "low", "high", "value")


def limits() -> TableLimits:
    """Years of monthly values for a few hundred indicators: more rows than other imports allow."""
    return TableLimits(max_bytes=settings.INDICATOR_IMPORT_MAX_BYTES, max_rows=settings.INDICATOR_IMPORT_MAX_ROWS)


class NotANumber(ValueError):
    pass


def read_number(cell: Any) -> Decimal | None:
    """A number as a spreadsheet gives it or as people type it: 81.5, "81,5", "1.234,5",
    "1,234.5", "85 %". None for an empty cell; NotANumber for anything else."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, bool | date):
        raise NotANumber
    if isinstance(cell, int | Decimal):
        number = Decimal(cell)
    elif isinstance(cell, float):
        number = Decimal(repr(cell))  # the shortest text that reads back as this float, not its binary tail
    else:
        text = str(cell).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("%")
        if "," in text and "." in text:  # the separator written last is the decimal one
            grouping = "." if text.rfind(",") > text.rfind(".") else ","
            text = text.replace(grouping, "").replace(",", ".")
        else:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NotANumber from None
    if not number.is_finite():
        raise NotANumber
    return number


def _status_names() -> dict[str, str]:
    """The status as the export writes it, in any language, or its key."""
    names = {status: status for status in MeasurementStatus.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({str(label).strip().lower(): str(value) for value, label in MeasurementStatus.choices})
    return names


@dataclass
class _Row:
    """One data row being checked: its cells and the problems found so far."""

    number: int
    cells: list[Any]
    index: dict[str, int]
    problems: list[RowProblem]

    def raw(self, column: str) -> Any:
        position = self.index.get(column)
        return self.cells[position] if position is not None and position < len(self.cells) else None

    def text(self, column: str) -> str:
        return cell_text(self.cells, self.index, column)

    def problem(self, column: str, message: str) -> None:
        """A problem named by the column's heading in the reader's language, as in the download."""
        self.problems.append(RowProblem(self.number, str(COLUMNS[column]), message))

    def number_in(self, column: str, indicator: Indicator | None) -> Decimal | None:
        try:
            number = read_number(self.raw(column))
        except NotANumber:
            self.problem(column, _("Enter a number, such as 81.5."))
            return None
        if number is None or indicator is None:
            return number
        try:
            return check_value(indicator, number)
        except ValidationError as error:
            self.problem(column, error.messages[0])
            return None


class _Checker:
    """Checks the rows of one file against the organisation's indicators."""

    def __init__(self, organisation: Organisation, index: dict[str, int]) -> None:
        self.index = index
        self.indicators = {
            str(indicator.public_id): indicator
            for indicator in Indicator.objects.filter(organisation=organisation).select_related("organisation")
        }
        self.statuses = _status_names()
        self.seen: dict[tuple[int, str], int] = {}  # (indicator, period) -> the row it first appeared in
        self.language = get_language() or "en"

    def check(self, number: int, cells: list[Any], problems: list[RowProblem]) -> ImportedValue | None:
        row = _Row(number, cells, self.index, [])
        indicator = self._indicator(row)
        period = self._period(row, indicator)
        numbers = {column: row.number_in(column, indicator) for column in NUMBER_COLUMNS}
        if indicator is not None:
            self._check_target(row, indicator, numbers)
            self._check_value(row, indicator, numbers)
        status = self.statuses.get(row.text("status").lower()) if row.text("status") else MeasurementStatus.FINAL
        if status is None:
            row.problem(
                "status",
                _("Write %(provisional)s or %(final)s, or leave it empty for a final value.")
                % {"provisional": MeasurementStatus.PROVISIONAL.label, "final": MeasurementStatus.FINAL.label},
            )
        comment = restore(row.text("comment"))
        if (comment or row.text("status")) and numbers["value"] is None and not row.text("value"):
            row.problem("value", _("Enter the value that the status and comment are about."))
        problems.extend(row.problems)
        if row.problems or indicator is None or period is None:
            return None
        if numbers["target"] is None and numbers["low"] is None and numbers["value"] is None:
            return None  # nothing to set in this row
        return ImportedValue(
            indicator=indicator,
            period=period,
            target=numbers["target"],
            low=numbers["low"],
            high=numbers["high"],
            value=numbers["value"],
            status=status or MeasurementStatus.FINAL,
            comment=comment,
        )

    def _indicator(self, row: _Row) -> Indicator | None:
        key = row.text("id")
        indicator = self.indicators.get(key.lower()) if key else None
        if not key:
            row.problem("id", _("This value is required."))
        elif indicator is None:
            row.problem("id", _("No indicator of this organisation has this ID. Copy the IDs from the download."))
        elif indicator.archived:
            row.problem("id", _("This indicator is archived; its targets and values no longer change."))
            return None
        return indicator

    def _period(self, row: _Row, indicator: Indicator | None) -> str | None:
        text = row.text("period")
        if not text:
            row.problem("period", _("This value is required."))
            return None
        if indicator is None:
            return None
        frequency = Frequency(indicator.frequency)
        period = parse_period(frequency, text)
        if period is None:
            row.problem(
                "period",
                _("%(period)s is not a period of this indicator, which is measured %(frequency)s.")
                % {"period": text, "frequency": str(indicator.get_frequency_display()).lower()},
            )
            return None
        first = self.seen.setdefault((indicator.pk, period.key), row.number)
        if first != row.number:
            row.problem(
                "period",
                _("Row %(row)s already has this indicator and period; keep one of the two rows.") % {"row": first},
            )
            return None
        return period.key

    def _check_target(self, row: _Row, indicator: Indicator, numbers: dict[str, Decimal | None]) -> None:
        low, high = numbers["low"], numbers["high"]
        if indicator.direction == Direction.BAND.value:
            if numbers["target"] is not None:
                row.problem(
                    "target", _("This indicator is kept within a band: give the lowest and highest acceptable values.")
                )
            if bool(row.text("low")) != bool(row.text("high")):
                missing = "low" if not row.text("low") else "high"
                row.problem(missing, _("Give both the lowest and the highest acceptable value."))
            elif low is not None and high is not None and low > high:
                row.problem("low", _("The lowest acceptable value is above the highest."))
        elif row.text("low") or row.text("high"):
            column = "low" if row.text("low") else "high"
            row.problem(column, _("Only an indicator kept within a band has a lowest and highest acceptable value."))

    def _check_value(self, row: _Row, indicator: Indicator, numbers: dict[str, Decimal | None]) -> None:
        if indicator.is_calculated and row.text("value"):
            row.problem("value", _("The values of this indicator are worked out from two others; enter theirs."))
            numbers["value"] = None


def parse_values(
    upload: IO[bytes], filename: str, organisation: Organisation
) -> tuple[list[ImportedValue], list[RowProblem]]:
    rows = read_table(upload, filename, limits())
    index = header_index(column_keys(rows[0], COLUMNS), list(COLUMNS), REQUIRED)
    checker = _Checker(organisation, index)
    problems: list[RowProblem] = []
    parsed = [
        value
        for number, cells in enumerate(rows[1:], start=2)
        if (value := checker.check(number, cells, problems)) is not None
    ]
    return parsed, problems


def _preview_row(row: ImportedValue) -> list[object]:
    target = (
        f"{row.low.normalize():f}–{row.high.normalize():f}"
        if row.low is not None and row.high is not None
        else row.target
    )
    return [
        row.indicator.name_in(get_language() or "en"),
        row.period,
        target.normalize() if isinstance(target, Decimal) else (target or ""),
        row.value.normalize() if row.value is not None else "",
        MeasurementStatus(row.status).label if row.value is not None else "",
    ]


def value_importer(*, actor: User, organisation: Organisation) -> Importer[ImportedValue]:
    """The managers' import of targets and values, for `core.importing.run_import`."""

    def apply(rows: list[ImportedValue]) -> str:
        outcome = services.import_values(actor=actor, organisation=organisation, rows=rows)
        parts = [
            ngettext("%(count)s new value", "%(count)s new values", outcome.values_added)
            % {"count": outcome.values_added},
            ngettext("%(count)s corrected value", "%(count)s corrected values", outcome.values_changed)
            % {"count": outcome.values_changed},
            ngettext("%(count)s target", "%(count)s targets", outcome.targets_set) % {"count": outcome.targets_set},
        ]
        message = _("Imported: %(parts)s.") % {"parts": ", ".join(parts)}
        if outcome.unchanged:
            message += " " + ngettext(
                "%(count)s value was already the same.", "%(count)s values were already the same.", outcome.unchanged
            ) % {"count": outcome.unchanged}
        if outcome.calculated:
            message += " " + ngettext(
                "%(count)s calculated value was worked out again.",
                "%(count)s calculated values were worked out again.",
                outcome.calculated,
            ) % {"count": outcome.calculated}
        return message

    return Importer(
        kind="indicators.values",
        parse=lambda upload, filename: parse_values(upload, filename, organisation),
        apply=apply,
        empty_message=_("The file has no targets or values below the header row."),
        preview_columns=[_("Indicator"), _("Period"), _("Target"), _("Value"), _("The value is")],
        preview_row=_preview_row,
        limits=limits(),
    )
