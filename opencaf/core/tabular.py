"""Reading tables from CSV or Excel (XLSX) files, for imports everywhere (exports: `core/exports.py`).

Callers get every non-blank row of a file at once, then validate every row and report problems by
row and column before anything is written. The reading itself assumes the file is hostile, since
any organisation administrator can upload one to the shared workers:

- rows are streamed and reading stops at the first row past `IMPORT_MAX_ROWS` (blank rows count
  towards a looser bound, so a file of blank rows or a row numbered a billion is refused quickly);
- at most `IMPORT_MAX_COLUMNS` columns are read; a value in the column just past it refuses the file;
- an XLSX file's zip directory is checked before openpyxl opens it (the size once unpacked, the
  compression ratio of each part, the number of parts, and that a large sheet declares its
  dimension, which openpyxl otherwise finds by parsing the whole sheet), and then the declared
  dimension is ignored, because openpyxl pads every row to it (a 5 KB file declaring A1:XFD1048576
  used gigabytes);
- a formula is refused, never evaluated and never taken at the value it last showed: the XLSX is read
  with its formulas (not the cached results a spreadsheet program stored), and any cell starting
  with "=" is named by row and column so the person can paste values instead;
- whatever cannot be read becomes a `TableFileError` with a translated message, never a 500.

The limits are the settings' unless an import that needs more (a year of values for hundreds of
indicators) passes its own `TableLimits`.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

# A row counts as read once pulled from the file, blank or not; blank rows are cheap but unbounded
# (openpyxl yields one for every row number skipped), so they get this many times the row limit.
BLANK_ROWS_FACTOR = 10
# Parts smaller than this once unpacked are not judged by their compression ratio: tiny parts of
# repeated markup compress well and cost nothing.
RATIO_CHECK_FROM_BYTES = 2**20
DELIMITERS = (",", ";", "\t")
FORMULAS_NAMED = 10  # a file full of formulas names the first few cells; that is enough to act on


@dataclass(frozen=True)
class TableLimits:
    max_bytes: int
    max_rows: int  # data rows, the header not counted

    @classmethod
    def default(cls) -> TableLimits:
        return cls(max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str
    message: str


class TableFileError(Exception):
    """The file as a whole cannot be read (wrong format, too large, no header)."""


def read_table(upload: IO[bytes], filename: str, limits: TableLimits | None = None) -> list[list[Any]]:
    """The non-blank rows of a CSV (UTF-8) or XLSX file, header first, each cut after its last
    value; refuses (TableFileError) a file too large, too long, too wide, unreadable, or with
    formulas."""
    limits = limits or TableLimits.default()
    content = upload.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        raise TableFileError(_("The file is larger than %(size)s MB.") % {"size": limits.max_bytes // 2**20})
    lower = filename.lower()
    if lower.endswith(".csv"):
        rows = collect_rows(csv_rows(content), limits.max_rows)
    elif lower.endswith(".xlsx"):
        rows = collect_rows(sheet_rows(content), limits.max_rows)
    else:
        raise TableFileError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
    if not rows:
        raise TableFileError(_("The file is empty."))
    refuse_formulas(rows)
    return rows


def _is_formula(cell: Any) -> bool:
    return isinstance(cell, str) and len(cell) > 1 and cell[0] == "="


def refuse_formulas(rows: list[list[Any]]) -> None:
    """Refuse a table with formulas, naming the cells (row number and column) that hold them."""
    header = [str(cell or "").strip() for cell in rows[0]]
    cells = [
        (number, position)
        for number, row in enumerate(rows, start=1)
        for position, cell in enumerate(row)
        if _is_formula(cell)
    ]
    if not cells:
        return
    named = []
    for number, position in cells[:FORMULAS_NAMED]:
        letter = get_column_letter(position + 1)
        title = header[position] if number > 1 and position < len(header) and header[position] else ""
        column = f"{title} ({letter})" if title else letter
        named.append(_("row %(row)s, column %(column)s") % {"row": number, "column": column})
    raise TableFileError(
        ngettext(
            "The file holds %(count)s formula: %(cells)s. Formulas are not worked out here: copy the "
            "table and paste only its values (Paste special, Values), then upload it again.",
            "The file holds %(count)s formulas, for example: %(cells)s. Formulas are not worked out here: "
            "copy the table and paste only its values (Paste special, Values), then upload it again.",
            len(cells),
        )
        % {"count": len(cells), "cells": "; ".join(named)}
    )


def collect_rows(source: Iterable[Sequence[Any]], max_data_rows: int | None = None) -> list[list[Any]]:
    """Pull rows from `source` until it ends or a limit is passed; never one row more than needed."""
    data_rows = settings.IMPORT_MAX_ROWS if max_data_rows is None else max_data_rows
    max_rows = data_rows + 1  # the header and the data rows
    max_pulled = max_rows * BLANK_ROWS_FACTOR
    max_columns = settings.IMPORT_MAX_COLUMNS
    rows: list[list[Any]] = []
    for pulled, row in enumerate(source, start=1):
        if pulled > max_pulled:
            raise TableFileError(
                _("The file has more than %(rows)s rows, counting blank ones. Delete the blank rows.")
                % {"rows": max_pulled}
            )
        if row.count(None) + row.count("") == len(row):  # blank; counted in C, as most rows of a bomb are
            continue
        width = len(row)
        while row[width - 1] in (None, ""):
            width -= 1
        if width > max_columns:
            raise TableFileError(_("The file has more than %(columns)s columns.") % {"columns": max_columns})
        if any(isinstance(cell, str) and "\x00" in cell for cell in row[:width]):
            raise TableFileError(
                _("Row %(row)s contains a NUL character, which text cannot contain. Is it really a table?")
                % {"row": pulled}
            )
        rows.append(list(row[:width]))
        if len(rows) > max_rows:
            raise TableFileError(_("The file has more than %(rows)s rows.") % {"rows": data_rows})
    return rows


# --- CSV -----------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    utf16 = content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # Excel's "Unicode text"
    encoding = "utf-16" if utf16 else "utf-8-sig"
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        raise TableFileError(_("The CSV file must be saved with UTF-8 encoding.")) from None


def _delimiter(first_line: str) -> str:
    """The separator the header uses most; a one-column file has none and reads the same with any.
    (csv.Sniffer gives up on one column and is slow on long lines.)"""
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def csv_rows(content: bytes) -> Iterator[list[str]]:
    text = _decode(content)
    first_line = text[: text.find("\n")] if "\n" in text else text
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    try:
        yield from reader
    except csv.Error:
        raise TableFileError(
            _("Line %(line)s of the CSV file cannot be read: a value is too long or a quote is not closed.")
            % {"line": reader.line_num}
        ) from None


# --- XLSX ----------------------------------------------------------------------------------------


def _unreadable_workbook() -> TableFileError:
    return TableFileError(_("The file could not be read as an Excel workbook (.xlsx)."))


class _Verdict(Exception):
    def __init__(self, sized: bool) -> None:
        self.sized = sized


def _sized_up_front(part: IO[bytes]) -> bool:
    """Whether an XML part is anything but a worksheet that starts its data without declaring its
    dimension. openpyxl parses such a sheet to its end just to size it, before it yields a row:
    seconds of work for a few MB. Spreadsheet programs always write the dimension first; only
    the start of the part is read, with expat (no tree), so this costs nothing for them."""
    parser = expat.ParserCreate(namespace_separator="}")
    seen_root = False

    def start(name: str, attributes: object) -> None:
        nonlocal seen_root
        local_name = name.rpartition("}")[2]
        if not seen_root:
            seen_root = True
            if local_name != "worksheet":
                raise _Verdict(sized=True)
        elif local_name == "dimension":
            raise _Verdict(sized=True)
        elif local_name == "sheetData":
            raise _Verdict(sized=False)

    parser.StartElementHandler = start
    try:
        while chunk := part.read(2**16):
            parser.Parse(chunk, False)
    except _Verdict as verdict:
        return verdict.sized
    except expat.ExpatError:
        return True  # not XML (an image), or broken XML: openpyxl refuses that at no great cost
    return True


def check_archive(content: bytes) -> None:
    """Refuse a zip whose parts would unpack out of proportion, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            _check_proportions(parts)
            for part in parts:
                if part.file_size >= RATIO_CHECK_FROM_BYTES:
                    with archive.open(part) as stream:
                        if not _sized_up_front(stream):
                            raise _unusual_packing()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error):
        raise _unreadable_workbook() from None


def _unusual_packing() -> TableFileError:
    return TableFileError(
        _(
            "The Excel file would take more than %(size)s MB once unpacked, or is packed in an unusual "
            "way, so it is not read. Copy the table into a new workbook and save that."
        )
        % {"size": settings.IMPORT_MAX_UNPACKED_BYTES // 2**20}
    )


def _check_proportions(parts: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(part.file_size for part in parts)
    out_of_proportion = len(parts) > settings.IMPORT_MAX_ARCHIVE_ENTRIES or any(
        part.file_size >= RATIO_CHECK_FROM_BYTES
        and part.file_size > settings.IMPORT_MAX_COMPRESSION_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or out_of_proportion:
        raise _unusual_packing()


def sheet_rows(content: bytes) -> Iterator[tuple[Any, ...]]:
    """The first worksheet's rows, values only, each exactly one column wider than the limit."""
    check_archive(content)
    try:
        # data_only=False: a formula comes through as its text ("=SUM(…)"), so it can be refused;
        # the value a spreadsheet program cached for it is not what the person typed.
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError):
        raise _unreadable_workbook() from None  # SyntaxError: broken XML, from ElementTree and lxml alike
    try:
        if not workbook.worksheets:
            raise TableFileError(_("The Excel file has no worksheet."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is the file's word, not a fact
        yield from sheet.iter_rows(max_col=settings.IMPORT_MAX_COLUMNS + 1, values_only=True)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        IndexError,
        OSError,
        ValueError,
        TypeError,
        OverflowError,
        SyntaxError,
    ):
        raise _unreadable_workbook() from None
    finally:
        workbook.close()


def column_keys(header_row: Sequence[Any], labels: Mapping[str, Any]) -> list[str]:
    """The header row with every name an import knows replaced by its column key: the key itself
    or the column's heading (a lazy translation) in any of the site's languages, so a file exported
    in one language imports in another. Other names are kept as they are."""
    known = {key: key for key in labels}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            known.update({str(label).strip().lower(): key for key, label in labels.items()})
    return [known.get(str(cell or "").strip().lower(), str(cell or "")) for cell in header_row]


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
