"""Small hostile import files, built in code at test time (nothing binary is committed).

Each one is a few KB on the wire but would cost the old reader memory, time or a 500: a sheet that
declares the whole Excel grid, a deflate bomb, broken XML, NUL bytes, too many rows or columns.
The XLSX files are assembled part by part with `zipfile`, so the tests control every byte openpyxl
sees; `xlsx` builds a minimal valid workbook around one sheet's XML.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""

PACKAGE_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""

WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

WORKBOOK_WITHOUT_SHEETS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets/>
</workbook>"""

WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>
</Relationships>"""

SHEET_START = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)

# The same header the organisation import expects, so a file is refused for what it is, not for its columns.
ORGANISATION_HEADER = ("name", "short_name", "type", "country", "size", "language", "parent")
ORGANISATION_ROW = ("Zavod", "", "agency", "SI", "1-49", "sl", "")


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def row_xml(number: int, values: Iterable[object], first_column: int = 1) -> bytes:
    """One `<row>` with inline strings (or numbers), as a spreadsheet program writes it."""
    cells = []
    for column, value in enumerate(values, start=first_column):
        reference = f"{column_letter(column)}{number}"
        if isinstance(value, (int, float)):
            cells.append(f'<c r="{reference}"><v>{value}</v></c>')
        elif value not in (None, ""):
            cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def sheet_xml(rows: Iterable[bytes], *, dimension: str = "", before_data: bytes = b"") -> bytes:
    declared = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_START + declared + before_data + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


def xlsx(
    sheet: bytes,
    *,
    workbook: bytes = WORKBOOK,
    extra: Mapping[str, bytes] | None = None,
    styles: bytes | None = None,
) -> bytes:
    """A minimal workbook whose first sheet is `sheet` (its XML, as bytes), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def organisations_xlsx(rows: int = 2) -> bytes:
    """A well-formed organisation list: the baseline the hostile variants are measured against."""
    body = [row_xml(1, ORGANISATION_HEADER)]
    body += [row_xml(n, (f"Zavod {n}", *ORGANISATION_ROW[1:])) for n in range(2, rows + 2)]
    return xlsx(sheet_xml(body))


# --- the hostile files ---------------------------------------------------------------------------


DECLARED_DIMENSION_LAST_ROW = 8000


def declared_dimension_xlsx() -> bytes:
    """About 2 KB that declares the whole grid, A1:XFD1048576 (16,384 columns by 1,048,576 rows),
    with a second organisation in row 8,000. openpyxl pads every row to the declared width and
    yields each skipped row, so reading it naively costs 128 KB a row: a gigabyte by row 8,000."""
    body = [
        row_xml(1, ORGANISATION_HEADER),
        row_xml(2, ORGANISATION_ROW),
        row_xml(DECLARED_DIMENSION_LAST_ROW, ("Zavod 2", *ORGANISATION_ROW[1:])),
    ]
    return xlsx(sheet_xml(body, dimension="A1:XFD1048576"))


def deflate_bomb_xlsx(megabytes: int = 24) -> bytes:
    """A sheet whose XML carries `megabytes` MB of blanks before its data: well-formed, it
    deflates to a few tens of KB and would inflate past any sane limit."""
    padding = b" " * (megabytes * 2**20)
    body = [row_xml(1, ORGANISATION_HEADER), row_xml(2, ORGANISATION_ROW)]
    return xlsx(sheet_xml(body, before_data=padding))


def compression_ratio_bomb_xlsx() -> bytes:
    """Small in total (4 MB inflated) but compressed about a thousand to one: only the ratio gives it away."""
    return deflate_bomb_xlsx(megabytes=4)


def many_entries_xlsx(entries: int = 5000) -> bytes:
    """A valid workbook with thousands of tiny extra parts in its archive."""
    extra = {f"xl/media/part{n}.xml": b"<a/>" for n in range(entries)}
    return xlsx(sheet_xml([row_xml(1, ORGANISATION_HEADER)]), extra=extra)


def broken_xml_xlsx() -> bytes:
    """The sheet's XML stops in the middle of a row."""
    whole = sheet_xml([row_xml(1, ORGANISATION_HEADER), row_xml(2, ORGANISATION_ROW)])
    return xlsx(whole[: len(whole) - 60])


def garbled_xml_xlsx() -> bytes:
    """The sheet's XML is not XML at all after the header row."""
    return xlsx(SHEET_START + b"<sheetData>" + row_xml(1, ORGANISATION_HEADER) + b"<row r='2'><c <<<&&&")


def no_worksheets_xlsx() -> bytes:
    return xlsx(sheet_xml([]), workbook=WORKBOOK_WITHOUT_SHEETS)


def rows_far_down_xlsx() -> bytes:
    """A header and one row declared at row 1,048,576: openpyxl yields every blank row in between."""
    return xlsx(sheet_xml([row_xml(1, ORGANISATION_HEADER), row_xml(1_048_576, ORGANISATION_ROW)]))


def rows_past_the_grid_xlsx() -> bytes:
    """A row numbered far past Excel's last row (1,048,576): billions of blank rows in between."""
    return xlsx(sheet_xml([row_xml(1, ORGANISATION_HEADER), row_xml(10**12, ORGANISATION_ROW)]))


def many_rows_xlsx(rows: int = 100_000, *, declared: bool = True) -> bytes:
    """A header and `rows` numbered data rows in one narrow column; compresses to a few hundred KB.
    It declares its dimension, as spreadsheet programs do, unless `declared` is false."""
    body = [row_xml(1, ("name",))] + [row_xml(n, (n,)) for n in range(2, rows + 2)]
    return xlsx(sheet_xml(body, dimension=f"A1:A{rows + 1}" if declared else ""))


def undeclared_many_rows_xlsx() -> bytes:
    """The same without a dimension: openpyxl would parse all 100,000 rows just to size the sheet."""
    return many_rows_xlsx(declared=False)


def many_columns_xlsx(columns: int) -> bytes:
    header = [*ORGANISATION_HEADER, *(f"extra {n}" for n in range(columns - len(ORGANISATION_HEADER)))]
    return xlsx(sheet_xml([row_xml(1, header), row_xml(2, ORGANISATION_ROW)]))


def far_column_xlsx() -> bytes:
    """A header row with one more cell in column XFD, the grid's last column."""
    far_cell = b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
    header = row_xml(1, ORGANISATION_HEADER)[: -len(b"</row>")] + far_cell
    return xlsx(sheet_xml([header, row_xml(2, ORGANISATION_ROW)]))


def nul_in_xlsx() -> bytes:
    """A string cell escaping NUL the way OOXML does (_x0000_) is harmless text; a raw NUL cannot be
    in XML at all, so the file carries it as a character reference, which a parser refuses."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Za&#0;vod</t></is></c></row>'
    return xlsx(sheet_xml([row_xml(1, ORGANISATION_HEADER), row]))


DATE_STYLES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""


def date_cells_xlsx(serial: str) -> bytes:
    """A row whose first cell is a date-formatted number: 46022 is 2025-12-31; 1e20 is no date at all."""
    row = f'<row r="2"><c r="A2" s="1"><v>{serial}</v></c></row>'.encode()
    return xlsx(sheet_xml([row_xml(1, ORGANISATION_HEADER), row]), styles=DATE_STYLES)


def formula_and_merged_xlsx() -> bytes:
    """A formula with a cached value, one without, and a merged range over three cells."""
    rows = [
        row_xml(1, ORGANISATION_HEADER),
        b'<row r="2"><c r="A2" t="str"><f>"Za"&amp;"vod"</f><v>Zavod</v></c>'
        b'<c r="B2"><f>1+1</f></c><c r="C2" t="inlineStr"><is><t>agency</t></is></c></row>',
    ]
    merged = b'<mergeCells count="1"><mergeCell ref="C2:E2"/></mergeCells>'
    whole = sheet_xml(rows)
    return xlsx(whole.replace(b"</sheetData>", b"</sheetData>" + merged))


def csv_text(rows: Iterable[Iterable[object]], delimiter: str = ",") -> str:
    return "".join(delimiter.join(str(cell) for cell in row) + "\n" for row in rows)


def many_rows_csv(rows: int = 100_000) -> bytes:
    return csv_text([("name",)] + [(n,) for n in range(2, rows + 2)]).encode()


def many_columns_csv(columns: int) -> bytes:
    header = [*ORGANISATION_HEADER, *(f"extra {n}" for n in range(columns - len(ORGANISATION_HEADER)))]
    return csv_text([header, ORGANISATION_ROW]).encode()


def nul_csv() -> bytes:
    return csv_text([ORGANISATION_HEADER, ("Za\x00vod", *ORGANISATION_ROW[1:])]).encode()


def one_column_csv() -> bytes:
    return b"name\nZavod\n"
