"""Reading tables from CSV or Excel (XLSX) files, for imports everywhere (exports: `core/exports.py`).

Imports read the whole file first; callers validate every row and report problems by row and
column before anything is written.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str
    message: str


class TableFileError(Exception):
    """The file as a whole cannot be read (wrong format, too large, no header)."""


def read_table(upload: IO[bytes], filename: str) -> list[list[Any]]:
    """All rows of a CSV (UTF-8) or XLSX file, blank rows dropped."""
    content = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise TableFileError(_("The file is larger than %(size)s MB.") % {"size": settings.IMPORT_MAX_BYTES // 2**20})
    lower = filename.lower()
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TableFileError(_("The CSV file must be saved with UTF-8 encoding.")) from None
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
        rows: list[list[Any]] = list(csv.reader(io.StringIO(text), dialect))
    elif lower.endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
            raise TableFileError(_("The file could not be read as an Excel workbook (.xlsx).")) from None
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    else:
        raise TableFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise TableFileError(_("The file is empty."))
    if len(rows) - 1 > settings.IMPORT_MAX_ROWS:
        raise TableFileError(_("The file has more than %(rows)s rows.") % {"rows": settings.IMPORT_MAX_ROWS})
    return rows


def header_index(header_row: Sequence[Any], columns: Sequence[str], required: Sequence[str]) -> dict[str, int]:
    header = [str(cell or "").strip().lower() for cell in header_row]
    missing = [column for column in required if column not in header]
    if missing:
        raise TableFileError(
            _("The first row must name the columns. Missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return {column: header.index(column) for column in columns if column in header}


def cell_text(row: Sequence[Any], index: dict[str, int], column: str) -> str:
    position = index.get(column)
    value = row[position] if position is not None and position < len(row) else None
    return "" if value is None else str(value).strip()
