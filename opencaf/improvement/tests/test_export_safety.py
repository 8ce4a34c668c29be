"""The plan's CSV and XLSX: action text never becomes a formula, numbers and dates stay typed, the
workbook is readable as delivered, and the headers follow the requester's language while the import
still reads files exported in any language."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services
from opencaf.improvement.exchange import COLUMN_LABELS, COLUMNS, header_columns
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    services.add_action(
        actor=world.alice,
        plan=plan,
        data=services.ActionData(
            title=HYPERLINK,
            description="-2 fewer complaints",
            expected_effect="@everyone",
            owner=None,
            start_date=date(2027, 1, 1),
            due_date=date(2027, 3, 31),
            budget_eur=Decimal("1500.50"),
            person_days=Decimal("12.5"),
            impact=3,
            feasibility=2,
            subcriteria=[Subcriterion.objects.get(code="6.1")],
        ),
    )
    return plan


def _export(user: User, plan: ImprovementPlan, fmt: str) -> bytes:
    url = reverse("improvement:export", kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})
    response = client_for(user).get(url + f"?format={fmt}")
    assert response.status_code == 200
    return response.content


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_xlsx_text_is_never_a_formula_and_numbers_stay_numbers(world: World, plan: ImprovementPlan) -> None:
    sheet = _sheet(_export(world.alice, plan, "xlsx"))
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    row = dict(zip(COLUMNS, sheet[2], strict=True))
    assert row["title"].value == "'" + HYPERLINK
    assert row["description"].value == "'-2 fewer complaints"
    assert row["expected_effect"].value == "'@everyone"
    assert row["subcriteria"].value == "6.1"  # ordinary text unchanged
    assert row["budget_eur"].value == 1500.5 and row["budget_eur"].data_type == "n"
    assert row["impact"].value == 3 and row["progress"].value == 0
    assert row["due_date"].is_date and row["due_date"].value.date() == date(2027, 3, 31)


def test_xlsx_is_readable_as_delivered(world: World, plan: ImprovementPlan) -> None:
    sheet = _sheet(_export(world.alice, plan, "xlsx"))
    letters = dict(zip(COLUMNS, (cell.column_letter for cell in sheet[1]), strict=True))
    widths = {column: sheet.column_dimensions[letter].width for column, letter in letters.items()}
    assert widths["description"] >= 50 and widths["title"] >= 40 and widths["impact"] <= 12
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes == "A2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.orientation == "landscape"


def test_csv_dangerous_text_is_quoted(world: World, plan: ImprovementPlan) -> None:
    rows = list(csv.reader(io.StringIO(_export(world.alice, plan, "csv").decode("utf-8-sig"))))
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["title"] == "'" + HYPERLINK and row["description"] == "'-2 fewer complaints"
    assert row["expected_effect"] == "'@everyone"
    assert (row["budget_eur"], row["due_date"], row["subcriteria"]) == ("1500.50", "2027-03-31", "6.1")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_headers_follow_the_requesters_language(world: World, plan: ImprovementPlan, fmt: str) -> None:
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    content = _export(world.alice, plan, fmt)
    if fmt == "xlsx":
        header = [cell.value for cell in _sheet(content)[1]]
    else:
        header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header[1:4] == ["Naslov", "Opis", "Pričakovani učinek"]
    assert header[COLUMNS.index("due_date")] == "Rok"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_file_exported_in_slovenian_imports_back_in_english(world: World, plan: ImprovementPlan, fmt: str) -> None:
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    content = _export(world.alice, plan, fmt)
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    client = client_for(world.alice)
    url = reverse("improvement:import", kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})
    preview = client.post(url, {"file": SimpleUploadedFile(f"actions.{fmt}", content)})
    assert preview.status_code == 200, preview.context.get("problems")
    assert (preview.context["preview"].added, preview.context["preview"].changed) == (0, 1)
    client.post(url, {"pending": preview.context["preview"].pending_id, "decision": "confirm"})
    action = Action.objects.get(plan=plan)
    assert action.title == HYPERLINK, "the quote the export added is taken off again"
    assert (action.description, action.expected_effect) == ("-2 fewer complaints", "@everyone")
    assert action.budget_eur == Decimal("1500.50") and action.due_date == date(2027, 3, 31)


def test_every_header_names_one_column_in_every_language() -> None:
    seen: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column, label in COLUMN_LABELS.items():
                for name in (column, str(label).strip().lower()):
                    assert seen.setdefault(name, column) == column, f"{name!r} names two columns"
    assert set(COLUMN_LABELS) == set(COLUMNS)


def test_the_import_reads_keys_and_headers_of_any_language() -> None:
    with translation.override("bg"):
        bulgarian = [str(COLUMN_LABELS[column]) for column in COLUMNS]
    with translation.override("sl"):
        assert header_columns(bulgarian) == list(COLUMNS)
        assert header_columns([" Title ", "due_date", "Naslov?"]) == ["title", "due_date", "Naslov?"]
