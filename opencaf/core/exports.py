"""Writing tables as CSV or Excel (XLSX) files, for exports everywhere.

Every exported cell goes through `safe_value`: text, which may come from any user, is quoted by
`lib.spreadsheet_cells.neutralise` so it never starts a formula, and in XLSX it is typed as a string
so openpyxl never infers a formula from it; numbers and dates we write ourselves stay typed. Workbooks
with several sheets build each sheet with `append_row` and finish it with `finish_sheet` (column
widths, wrapped text, a frozen header row, printing fitted to the page width).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from opencaf.lib.spreadsheet_cells import neutralise

TYPED_VALUES = (bool, int, float, Decimal, date, datetime, time)  # written as numbers, dates and booleans
# Column widths, in characters, when the caller gives none: sized by content within these bounds.
NARROWEST, WIDEST = 6, 60
# A table wider than this many characters does not fit a portrait A4 page legibly; it prints landscape.
PORTRAIT_CHARACTERS = 100


def safe_value(value: Any) -> Any:
    """The value as an export may write it: our numbers and dates as they are, anything else as text
    that cannot start a formula."""
    if value is None or isinstance(value, TYPED_VALUES):
        return value
    return neutralise(str(value))


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    cells = []
    for value in values:
        safe = safe_value(value)
        if isinstance(safe, str):
            safe = ILLEGAL_CHARACTERS_RE.sub("", safe)  # control characters a workbook cannot hold
        cell = Cell(sheet, value=safe)
        if isinstance(safe, str):
            cell.data_type = "s"  # text is text, whatever it looks like
        cells.append(cell)
    sheet.append(cells)


def _content_widths(sheet: Worksheet) -> list[float]:
    widths: list[float] = []
    for column in sheet.iter_cols():
        longest = max((max(map(len, str(cell.value).splitlines() or [""])) for cell in column if cell.value), default=0)
        widths.append(min(max(longest + 2, NARROWEST), WIDEST))
    return widths


def finish_sheet(sheet: Worksheet, widths: Sequence[float] | None = None) -> None:
    """Make the sheet readable as delivered; `widths` in characters per column, else sized by content."""
    widths = list(widths) if widths is not None else _content_widths(sheet)
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrapped
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    sheet.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_CHARACTERS else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Any]], title: str, widths: Sequence[float] | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = title[:31]
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    finish_sheet(sheet, widths)
    return workbook_bytes(workbook)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in (header, *rows):
        writer.writerow(["" if cell is None else safe_value(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode()  # with a BOM, so spreadsheet programs read UTF-8


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_download(content: bytes, file_format: str, basename: str) -> HttpResponse:
    """A CSV or XLSX file as a download named `basename.csv|xlsx`, never kept by a shared cache
    (exports hold an organisation's data)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{basename}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response
