"""Hostile spreadsheets are refused fast and clearly (issue 8, items 1 and 5).

First at the level of `read_table`, the one function every import reads through, then through the
two real import pages: an organisation list uploaded by a network coordinator and an improvement
plan's actions uploaded by a planner. Refusals are a translated `TableFileError` shown on the form
(status 200), never a 500, and nothing is written. The files come from `hostile_files`.
"""

from __future__ import annotations

import contextlib
import io
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World, client_for
from opencaf.core import tabular
from opencaf.core.models import PendingImport
from opencaf.core.tabular import TableFileError, read_table
from opencaf.core.tests import hostile_files as hostile
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.models import Organisation

MEMORY_BOUND = 50 * 2**20  # generous: the declared-dimension file used gigabytes before the fix


def read(content: bytes, name: str) -> list[list[Any]]:
    return read_table(io.BytesIO(content), name)


def peak_memory(work: Callable[[], object]) -> int:
    tracemalloc.start()
    with contextlib.suppress(TableFileError):  # some files are refused; the memory spent counts either way
        work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def count_pulled(monkeypatch: pytest.MonkeyPatch, source: str) -> list[int]:
    """Wrap one of tabular's row sources so the test sees how many rows the reader pulled from it."""
    pulled = [0]
    original = getattr(tabular, source)

    def counting(content: bytes) -> Iterator[Any]:
        for row in original(content):
            pulled[0] += 1
            yield row

    monkeypatch.setattr(tabular, source, counting)
    return pulled


# --- item 1: memory and time ---------------------------------------------------------------------


def test_declared_dimension_is_ignored_and_costs_little_memory() -> None:
    content = hostile.declared_dimension_xlsx()
    assert len(content) < 5 * 1024
    rows: list[list[Any]] = []
    assert peak_memory(lambda: rows.extend(read(content, "orgs.xlsx"))) < MEMORY_BOUND
    assert rows == [
        list(hostile.ORGANISATION_HEADER),
        ["Zavod", None, "agency", "SI", "1-49", "sl"],
        ["Zavod 2", None, "agency", "SI", "1-49", "sl"],
    ]


@pytest.mark.parametrize(
    ("build", "name", "source"),
    [(hostile.many_rows_csv, "big.csv", "csv_rows"), (hostile.many_rows_xlsx, "big.xlsx", "sheet_rows")],
)
def test_100000_rows_are_refused_at_the_first_row_past_the_limit(
    build: Callable[[], bytes], name: str, source: str, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    content = build()
    assert len(content) < settings.IMPORT_MAX_BYTES  # refused for its rows, not its size
    pulled = count_pulled(monkeypatch, source)
    with pytest.raises(TableFileError, match="more than 2000 rows"):
        read(content, name)
    assert pulled[0] == settings.IMPORT_MAX_ROWS + 2  # the header, the allowed rows, and one more


def test_100000_rows_xlsx_is_refused_in_little_memory() -> None:
    content = hostile.many_rows_xlsx()
    assert peak_memory(lambda: read(content, "big.xlsx")) < MEMORY_BOUND


@pytest.mark.parametrize("build", [hostile.rows_far_down_xlsx, hostile.rows_past_the_grid_xlsx])
def test_blank_rows_are_bounded_too(build: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """openpyxl yields a blank row for every row number a sheet skips: a row numbered 10**12 must
    not make the reader pull a trillion of them."""
    pulled = count_pulled(monkeypatch, "sheet_rows")
    with pytest.raises(TableFileError, match="counting blank ones"):
        read(build(), "orgs.xlsx")
    assert pulled[0] == (settings.IMPORT_MAX_ROWS + 1) * tabular.BLANK_ROWS_FACTOR + 1


def test_blank_csv_lines_are_bounded_too() -> None:
    with pytest.raises(TableFileError, match="counting blank ones"):
        read(b"name\n" + b"\n" * 500_000 + b"Zavod\n", "orgs.csv")


@pytest.mark.parametrize(
    "build",
    [
        hostile.deflate_bomb_xlsx,
        hostile.compression_ratio_bomb_xlsx,
        hostile.many_entries_xlsx,
        hostile.undeclared_many_rows_xlsx,
    ],
)
def test_archives_out_of_proportion_are_refused_before_unpacking(
    build: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = build()
    assert len(content) < 2**20

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not open this file")

    monkeypatch.setattr(tabular, "load_workbook", never)
    with pytest.raises(TableFileError, match="once unpacked"):
        read(content, "orgs.xlsx")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (hostile.many_columns_csv(51), "wide.csv"),
        (hostile.many_columns_xlsx(51), "wide.xlsx"),
    ],
)
def test_too_many_columns_are_refused(content: bytes, name: str) -> None:
    with pytest.raises(TableFileError, match="more than 50 columns"):
        read(content, name)


@pytest.mark.parametrize(
    ("content", "name"), [(hostile.many_columns_csv(50), "wide.csv"), (hostile.many_columns_xlsx(50), "wide.xlsx")]
)
def test_as_many_columns_as_allowed_are_read(content: bytes, name: str) -> None:
    assert len(read(content, name)[0]) == 50


def test_a_value_in_the_last_column_of_the_grid_is_not_read() -> None:
    """Only one column past the limit is looked at, so a cell in column XFD costs nothing."""
    content = hostile.far_column_xlsx()
    rows: list[list[Any]] = []
    assert peak_memory(lambda: rows.extend(read(content, "orgs.xlsx"))) < MEMORY_BOUND
    assert rows[0] == list(hostile.ORGANISATION_HEADER)


# --- item 5: malformed files get a clear message -------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (hostile.broken_xml_xlsx(), "orgs.xlsx", "could not be read as an Excel workbook"),
        (hostile.garbled_xml_xlsx(), "orgs.xlsx", "could not be read as an Excel workbook"),
        (hostile.nul_in_xlsx(), "orgs.xlsx", "could not be read as an Excel workbook"),
        (hostile.no_worksheets_xlsx(), "orgs.xlsx", "no worksheet"),
        (b"", "orgs.xlsx", "could not be read as an Excel workbook"),
        (b"PK\x05\x06" + b"\x00" * 18, "orgs.xlsx", "could not be read as an Excel workbook"),  # an empty zip
        (hostile.nul_csv(), "orgs.csv", "Row 2 contains a NUL character"),
        (b"", "orgs.csv", "empty"),
        (b"\n\n,,,\n", "orgs.csv", "empty"),
        ("name,type\nČ,agency\n".encode("cp1250"), "orgs.csv", "UTF-8"),
        (b'name\n"' + b"x" * 200_000 + b'"\n', "orgs.csv", "Line 2 of the CSV file cannot be read"),
    ],
)
def test_malformed_files_raise_a_clear_error(content: bytes, name: str, message: str) -> None:
    with pytest.raises(TableFileError, match=message):
        read(content, name)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (hostile.one_column_csv(), [["name"], ["Zavod"]]),
        (b"name;type\nZavod;agency\n", [["name", "type"], ["Zavod", "agency"]]),
        (b"name\ttype\nZavod\tagency\n", [["name", "type"], ["Zavod", "agency"]]),
        (b'"name, full",type\n"Zavod, d.o.o.",agency\n', [["name, full", "type"], ["Zavod, d.o.o.", "agency"]]),
        (b"\xef\xbb\xbfname,type\n", [["name", "type"]]),  # only a header, with Excel's UTF-8 mark
        ("name,type\nČebelarska zveza,agency\n".encode("utf-16"), [["name", "type"], ["Čebelarska zveza", "agency"]]),
        (b"name,type,,,\nZavod,,,,\n\n", [["name", "type"], ["Zavod"]]),  # trailing separators and blank lines
    ],
)
def test_plain_csv_files_are_read(content: bytes, expected: list[list[str]]) -> None:
    assert read(content, "orgs.csv") == expected


def test_dates_and_merged_cells_are_read_as_values() -> None:
    dated = read(hostile.date_cells_xlsx("46022"), "orgs.xlsx")
    assert str(dated[1][0]) == "2025-12-31 00:00:00"
    assert read(hostile.date_cells_xlsx("1e20"), "orgs.xlsx")[1] == ["#VALUE!"]  # no date, no crash


def test_formulas_are_refused_by_cell_never_taken_at_their_cached_value() -> None:
    """A formula's cached value is what a program last showed, not what the person typed; with or
    without one, the file is refused and each formula's row and column named."""
    with pytest.raises(TableFileError) as refused:
        read(hostile.formula_and_merged_xlsx(), "orgs.xlsx")
    message = str(refused.value)
    assert "2 formulas" in message and "row 2, column name (A)" in message and "row 2, column" in message
    assert "Zavod" not in message


# --- through the real import pages ---------------------------------------------------------------


def _organisations_url(world: World) -> str:
    return reverse("organisations:network_import", kwargs={"network_id": world.network.public_id})


def _actions_url(plan: ImprovementPlan) -> str:
    return reverse("improvement:import", kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})


HOSTILE_UPLOADS = [
    pytest.param(hostile.deflate_bomb_xlsx, "a.xlsx", b"once unpacked", id="deflate-bomb"),
    pytest.param(hostile.many_entries_xlsx, "a.xlsx", b"once unpacked", id="many-entries"),
    pytest.param(hostile.undeclared_many_rows_xlsx, "a.xlsx", b"once unpacked", id="no-dimension"),
    pytest.param(hostile.broken_xml_xlsx, "a.xlsx", b"could not be read as an Excel workbook", id="broken-xml"),
    pytest.param(hostile.no_worksheets_xlsx, "a.xlsx", b"no worksheet", id="no-worksheet"),
    pytest.param(hostile.nul_csv, "a.csv", b"NUL character", id="nul-csv"),
    pytest.param(hostile.many_rows_csv, "a.csv", b"more than 2000 rows", id="100000-rows-csv"),
    pytest.param(hostile.many_rows_xlsx, "a.xlsx", b"more than 2000 rows", id="100000-rows-xlsx"),
    pytest.param(lambda: hostile.many_columns_csv(51), "a.csv", b"more than 50 columns", id="wide-csv"),
    pytest.param(hostile.rows_past_the_grid_xlsx, "a.xlsx", b"counting blank ones", id="row-10**12"),
]


@pytest.mark.parametrize(("build", "name", "message"), HOSTILE_UPLOADS)
def test_organisation_import_refuses_hostile_files(
    world: World, build: Callable[[], bytes], name: str, message: bytes
) -> None:
    before = Organisation.objects.count()
    response = client_for(world.carol).post(_organisations_url(world), {"file": SimpleUploadedFile(name, build())})
    assert response.status_code == 200
    assert message in response.content
    assert response.context["preview"] is None
    assert Organisation.objects.count() == before
    assert not PendingImport.objects.exists()


def test_organisation_import_of_a_one_column_csv_names_the_missing_columns(world: World) -> None:
    response = client_for(world.carol).post(
        _organisations_url(world), {"file": SimpleUploadedFile("a.csv", hostile.one_column_csv())}
    )
    assert response.status_code == 200
    assert b"Missing: type, country, size, language" in response.content
    assert not PendingImport.objects.exists()


def test_organisation_import_reads_the_declared_dimension_file_as_the_small_table_it_is(world: World) -> None:
    response = client_for(world.carol).post(
        _organisations_url(world), {"file": SimpleUploadedFile("a.xlsx", hostile.declared_dimension_xlsx())}
    )
    assert response.status_code == 200
    assert response.context["preview"].total == 2
    assert not Organisation.objects.filter(name="Zavod").exists()  # shown for confirmation, not imported yet


@pytest.mark.parametrize(("build", "name", "message"), HOSTILE_UPLOADS)
def test_action_import_refuses_hostile_files(
    world: World, caf_framework: FrameworkVersion, build: Callable[[], bytes], name: str, message: bytes
) -> None:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    response = client_for(world.alice).post(_actions_url(plan), {"file": SimpleUploadedFile(name, build())})
    assert response.status_code == 200
    assert message in response.content
    assert response.context["preview"] is None
    assert not Action.objects.filter(plan=plan).exists()
    assert not PendingImport.objects.exists()


def test_action_import_of_a_one_column_csv_is_previewed(world: World, caf_framework: FrameworkVersion) -> None:
    """A file with the title column only is a valid import; csv.Sniffer used to answer it with a 500."""
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    response = client_for(world.alice).post(
        _actions_url(plan), {"file": SimpleUploadedFile("a.csv", b"title\nAnketa zaposlenih\n")}
    )
    assert response.status_code == 200
    assert response.context["preview"].total == 1
    assert not Action.objects.filter(plan=plan).exists()
