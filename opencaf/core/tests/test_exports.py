"""The table writers: user text never becomes a formula, our numbers and dates stay typed, and the
workbook is readable as delivered (widths, wrapping, a frozen header, printing fits the page width)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from opencaf.core.exports import write_csv, write_xlsx

DANGEROUS = ['=HYPERLINK("http://x","y")', "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]
HEADER = ["Title", "Score", "Due", "Budget", "Note"]
ROWS: list[list[Any]] = [
    *[[text, 3, date(2027, 3, 31), Decimal("-12.50"), None] for text in DANGEROUS],
    ["Letna anketa občanov", -2, None, 1.5, "Ocena 3 = dobro"],
]


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_xlsx_user_text_is_never_a_formula_and_dangerous_text_is_quoted() -> None:
    sheet = _sheet(write_xlsx(HEADER, ROWS, "actions"))
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    titles = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert titles == ["'" + text for text in DANGEROUS] + ["Letna anketa občanov"]
    assert sheet.cell(row=len(ROWS) + 1, column=5).value == "Ocena 3 = dobro"


def test_xlsx_numbers_and_dates_we_write_stay_numbers_and_dates() -> None:
    sheet = _sheet(write_xlsx(HEADER, ROWS, "actions"))
    first, last = sheet[2], sheet[len(ROWS) + 1]
    assert first[1].value == 3 and first[1].data_type == "n"
    assert first[2].is_date and first[2].value.date() == date(2027, 3, 31)
    assert first[3].value == -12.5 and first[3].data_type == "n"  # a negative number is not text
    assert last[1].value == -2 and last[3].value == 1.5


def test_xlsx_text_with_characters_a_workbook_cannot_hold_is_written_without_them() -> None:
    sheet = _sheet(write_xlsx(HEADER, [["bell\x07 and\x00 null", 1, None, None, None]], "actions"))
    assert sheet["A2"].value == "bell and null"


def test_xlsx_is_readable_as_delivered() -> None:
    sheet = _sheet(write_xlsx(HEADER, ROWS, "actions", widths=[50, 8, 12, 12, 60]))
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDE"] == [50, 8, 12, 12, 60]
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.orientation == "landscape"  # 142 characters wide does not fit a portrait page
    assert sheet.print_title_rows == "$1:$1"


def test_xlsx_without_given_widths_sizes_columns_by_their_content() -> None:
    sheet = _sheet(write_xlsx(["id", "text"], [["a", "x" * 300], ["b", "short"]], "t"))
    narrow, wide = sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width
    assert narrow < 12 < wide <= 80


def test_xlsx_a_narrow_table_prints_portrait() -> None:
    sheet = _sheet(write_xlsx(["a", "b"], [["x", "y"]], "t", widths=[10, 10]))
    assert sheet.page_setup.orientation == "portrait"


def test_csv_dangerous_text_is_quoted_and_the_rest_is_unchanged() -> None:
    content = write_csv(HEADER, ROWS)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["'" + text for text in DANGEROUS] + ["Letna anketa občanov"]
    assert rows[1][1:] == ["3", "2027-03-31", "-12.50", ""]  # our own numbers, negative or not, untouched
    assert rows[-1] == ["Letna anketa občanov", "-2", "", "1.5", "Ocena 3 = dobro"]


def test_csv_headers_are_neutralised_too() -> None:
    rows = list(csv.reader(io.StringIO(write_csv(["=x", "ok"], []).decode("utf-8-sig"))))
    assert rows == [["'=x", "ok"]]
