"""The report's XLSX: assessors' text never becomes a formula, scores stay numbers, and every sheet
is readable as delivered (column widths, wrapped text, frozen header, printing fitted to the width)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from opencaf.assessments.scoring import Totals
from opencaf.reports.content import CriterionSection, IndividualLine, Sar, SubcriterionSection
from opencaf.reports.documents import render_xlsx

HYPERLINK = '=HYPERLINK("http://x","y")'


def _sar(language: str = "en") -> Sar:
    sub = SubcriterionSection(
        code="1.1",
        title="Provide direction for the organisation",
        score=45,
        not_assessed_reason="=1+1",
        strengths=[HYPERLINK],
        areas=["-no plan"],
        ideas=["Ocena 3 = dobro"],
        previous_score=-5,
    )
    return Sar(
        language=language,
        organisation="Občina",
        title="CAF 2026",
        framework="CAF 2020",
        method="classic",
        scope="whole",
        state="finalised",
        generated_at=datetime(2026, 5, 1, tzinfo=UTC),
        enablers_label="Enablers",
        results_label="Results",
        groups=[],
        process=[],
        criteria=[CriterionSection(1, "Leadership", "enabler", 45.0, None, [sub])],
        totals=Totals({1: 45.0}, 45.0, None, 45.0, 45.0, 1),
        individuals=[
            IndividualLine("1.1", "@assessor", 50, False, {"Plan": 40, "Do": 60}, [("Strength", "+386 1 234")]),
        ],
    )


def _workbook(language: str = "en") -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(_sar(language))))


def test_no_cell_is_a_formula_and_dangerous_text_is_quoted() -> None:
    workbook = _workbook()
    assert all(cell.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for cell in row)
    scores, entries, individual = workbook.worksheets
    assert scores["F2"].value == "'=1+1"
    texts = [row[3] for row in entries.iter_rows(min_row=2, values_only=True)]
    assert texts == ["'" + HYPERLINK, "'-no plan", "Ocena 3 = dobro", "'+386 1 234"]
    assert individual["B2"].value == "'@assessor"
    assert individual["E2"].value == "Plan: 40, Do: 60"


def test_scores_stay_numbers() -> None:
    scores, _, individual = _workbook().worksheets
    assert scores["A2"].value == 1 and scores["D2"].value == 45 and scores["E2"].value == -5
    assert scores["D2"].data_type == "n" and scores["E2"].data_type == "n"
    assert individual["C2"].value == 50 and individual["C2"].data_type == "n"


@pytest.mark.parametrize("language", ["en", "sl"])
def test_every_sheet_is_readable_as_delivered(language: str) -> None:
    for sheet in _workbook(language):
        assert sheet.freeze_panes == "A2"
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(width >= 8 for width in widths) and max(widths) >= 50, "long text columns are wide"
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0


def test_the_wide_sheets_print_landscape() -> None:
    scores, entries, individual = _workbook().worksheets
    assert scores.page_setup.orientation == "landscape"
    assert individual.page_setup.orientation == "landscape"
    assert entries.page_setup.orientation in ("portrait", "landscape")
