"""Actual (and planned) money and time from a spreadsheet: the export's layout read back in any
language, actions and processes named by ID or exact name, every problem named by row and column,
nothing written while any row is wrong, formulas and oversized files refused."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.indicators import process_services
from opencaf.indicators.models import Process
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.resources.exchange import COLUMNS
from opencaf.resources.models import ResourceLine
from opencaf.resources.tests.factories import make_action, make_process, set_quarter

D = Decimal
HEADER = ["ID", "Kind", "Improvement action or process", "Quarter", "Planned (EUR)", "Actual (EUR)",
          "Planned person-days", "Actual person-days"]  # fmt: skip


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    return make_plan(world.alice_org, world.alice, caf_framework)


@pytest.fixture
def action(plan: ImprovementPlan) -> Action:
    return make_action(plan, "Accessible website", "4.5")


@pytest.fixture
def process(world: World) -> Process:
    return make_process(world.alice_org, world.alice)


def _url(world: World) -> str:
    return reverse("resources:import", args=[world.alice_org.public_id])


def _csv(rows: list[list[Any]], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _row(target: Action | Process | None, quarter: str, actual_eur: Any = "", actual_days: Any = "",
         planned_eur: Any = "", planned_days: Any = "", name: str = "") -> list[Any]:  # fmt: skip
    key = str(target.public_id) if target is not None else ""
    return [key, "", name, quarter, planned_eur, actual_eur, planned_days, actual_days]


def _upload(client: Client, world: World, content: bytes, name: str = "actuals.csv") -> Any:
    return client.post(_url(world), {"file": SimpleUploadedFile(name, content)})


def _import(client: Client, world: World, content: bytes, name: str = "actuals.csv") -> Any:
    preview = _upload(client, world, content, name)
    assert preview.status_code == 200, preview.context.get("problems") or preview.context["form"].errors
    pending = preview.context["preview"].pending_id
    return client.post(_url(world), {"pending": pending, "decision": "confirm"}, follow=True)


# --- the whole flow ---------------------------------------------------------------------------------


def test_actuals_by_id_and_by_name_keep_the_plans_and_are_audited(
    world: World, action: Action, process: Process
) -> None:
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1000", planned_days="5")
    rows = [
        _row(action, "2026-Q1", actual_eur="1.234,50", actual_days="6"),  # changes: the plan stays
        _row(None, "Q2 2026", actual_eur="300", name="issuing BUILDING permits"),  # new, by name
        _row(process, "2026-Q3", planned_days="4"),
        _row(process, "2026-Q4"),  # nothing to set: ignored
    ]
    client = client_for(world.alice)
    preview = _upload(client, world, _csv(rows))
    assert (preview.context["preview"].total, preview.context["preview"].changed) == (3, 1)
    assert not AuditEvent.objects.filter(action="resources.imported").exists()  # nothing until confirmed
    response = _import(client, world, _csv(rows))
    assert "2 new quarters and 1 changed quarter" in response.content.decode()
    line = ResourceLine.objects.get(action=action)
    assert (line.planned_eur, line.actual_eur, line.planned_days, line.actual_days) == (
        D(1000),
        D("1234.5"),
        D(5),
        D(6),
    )
    assert ResourceLine.objects.get(process=process, quarter="2026-Q2").actual_eur == D(300)
    assert ResourceLine.objects.filter(process=process).count() == 2
    assert AuditEvent.objects.get(action="resources.imported").changes == {"lines": 3}
    assert AuditEvent.objects.filter(action="resources.figures_set").count() == 1 + 3


def test_the_download_imports_back_unchanged_in_another_language(
    world: World, action: Action, process: Process
) -> None:
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1000", actual_eur="1099.99", actual_days="2.5")
    set_quarter(world.alice, process, "2026-Q2", planned_days="12")
    Process.objects.filter(pk=process.pk).update(name="=Permits")  # text that a spreadsheet would run
    client = client_for(world.alice)
    for fmt in ("xlsx", "csv"):
        with translation.override("sl"):
            exported = client.get(reverse("resources:export", args=[world.alice_org.public_id, fmt]))
        assert exported.status_code == 200 and exported["Cache-Control"] == "private, no-store"
        before = AuditEvent.objects.count()
        response = _import(client, world, exported.content, f"sredstva.{fmt}")  # headed in Slovenian
        assert "2 quarters were already the same" in response.content.decode()
        assert AuditEvent.objects.count() == before  # nothing changed, nothing recorded
    line = ResourceLine.objects.get(action=action)
    assert (line.planned_eur, line.actual_eur, line.actual_days) == (D(1000), D("1099.99"), D("2.5"))


def test_slovenian_headings_and_semicolons(world: World, action: Action) -> None:
    with translation.override("sl"):
        header = [str(label) for label in COLUMNS.values()]
    _import(client_for(world.alice), world, _csv([_row(action, "2026 Q1", actual_eur="12,5")], header, ";"))
    assert ResourceLine.objects.get().actual_eur == D("12.5")


# --- bad input --------------------------------------------------------------------------------------


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(
    world: World, plan: ImprovementPlan, action: Action, process: Process, caf_framework: FrameworkVersion
) -> None:
    foreign_plan = make_plan(world.bob_org, world.bob, caf_framework)
    foreign = make_action(foreign_plan, "Bob's action")
    twin = make_action(plan, "Accessible website")  # the same title as `action`
    archived = make_process(world.alice_org, world.alice, "Old process")
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=archived)
    rows = [
        _row(action, "2026-Q1", actual_eur="a lot"),  # 2: not a number
        _row(action, "2026-Q2", actual_days="-3"),  # 3: negative
        _row(action, "2026-Q3", actual_eur="10"),  # 4: fine
        _row(action, "Q3/2026", actual_eur="11"),  # 5: a quarter in the wrong form
        _row(action, "2026-q3", actual_eur="12"),  # 6: the same quarter again
        ["0c8f7bde-0000-4000-8000-000000000000", "", "", "2026-Q1", "", "1", "", ""],  # 7: no such ID
        _row(foreign, "2026-Q1", actual_eur="1"),  # 8: another organisation's action
        _row(None, "2026-Q1", actual_eur="1", name="Accessible website"),  # 9: two actions are called this
        _row(archived, "2026-Q1", actual_eur="1"),  # 10: archived process
        _row(None, "2026-Q1", actual_eur="1"),  # 11: neither ID nor name
        _row(process, "", actual_eur="1"),  # 12: no quarter
        _row(process, "2026-Q1", planned_eur="12.345"),  # 13: fractions of a cent
    ]
    assert twin.title == action.title
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert response.status_code == 422
    problems = {(problem.row, problem.column) for problem in response.context["problems"]}
    assert problems == {
        (2, "Actual (EUR)"), (3, "Actual person-days"), (5, "Quarter"), (6, "Quarter"), (7, "ID"), (8, "ID"),
        (9, "Improvement action or process"), (10, "ID"), (11, "ID"), (12, "Quarter"), (13, "Planned (EUR)"),
    }  # fmt: skip
    text = response.content.decode()
    for message in (
        "Enter a number",
        "cannot be negative",
        "write it as 2026-Q1",
        "Row 4 already has this action or process and quarter",
        "No improvement action or process of this organisation has this ID",
        "Several improvement actions or processes are called this",
        "archived",
        "two decimal places",
    ):
        assert message in text, message
    assert not ResourceLine.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="resources.").exists()


def test_problems_name_the_columns_in_the_readers_language(world: World, action: Action) -> None:
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    response = _upload(client_for(world.alice), world, _csv([_row(action, "2026-Q1", actual_eur="x")]))
    with translation.override("sl"):
        assert response.context["problems"][0].column == str(COLUMNS["actual_eur"])


def test_formulas_are_refused_not_worked_out(world: World, action: Action) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append([str(action.public_id), "", "", "2026-Q1", "", 40])
    sheet.append([str(action.public_id), "", "", "2026-Q2", "", "=F2*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client_for(world.alice), world, buffer.getvalue(), "actuals.xlsx")
    error = response.context["form"].errors["file"][0]
    assert "row 3, column Actual (EUR) (F)" in error and "Paste special" in error
    assert not ResourceLine.objects.exists()


def test_a_file_too_long_or_too_large_or_without_the_columns_is_refused_with_a_reason(
    world: World, action: Action, settings: Any
) -> None:
    rows = [_row(action, f"{year}-Q1", actual_eur="1") for year in range(2020, 2024)]
    settings.IMPORT_MAX_ROWS = 3
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert "more than 3 rows" in response.context["form"].errors["file"][0]
    settings.IMPORT_MAX_ROWS = 2000
    settings.IMPORT_MAX_BYTES = 100
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert response.status_code == 200 and "larger than" in response.context["form"].errors["file"][0]
    settings.IMPORT_MAX_BYTES = 2 * 2**20
    no_ids = _csv([["2026-Q1", "1"]], header=["Quarter", "Actual (EUR)"])
    assert "column of IDs" in _upload(client_for(world.alice), world, no_ids).context["form"].errors["file"][0]
    no_figures = _csv([[str(action.public_id), "2026-Q1"]], header=["ID", "Quarter"])
    assert "column of figures" in _upload(client_for(world.alice), world, no_figures).context["form"].errors["file"][0]
    assert not ResourceLine.objects.exists()


# --- who may import ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ORG_ADMIN, 200), (Role.CAF_LEADER, 200), (Role.MANAGER, 200), (Role.VIEWER, 403)]
)
def test_those_who_keep_plans_or_indicators_import(world: World, role: str, status: int) -> None:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    assert client_for(user).get(_url(world)).status_code == status


def test_each_row_is_checked_against_who_keeps_its_figures(world: World, action: Action, process: Process) -> None:
    manager = UserFactory()  # management keeps the indicators and processes, not the plan
    add_member(world.alice_org, manager, Role.MANAGER)
    response = _upload(
        client_for(manager), world, _csv([_row(action, "2026-Q1", actual_eur="1"), _row(process, "2026-Q1", "2")])
    )
    assert [(problem.row, problem.column) for problem in response.context["problems"]] == [(2, "ID")]
    assert "plan's managers" in response.context["problems"][0].message
    _import(client_for(manager), world, _csv([_row(process, "2026-Q1", "2")]))
    assert ResourceLine.objects.get().process == process


def test_another_organisation_and_anonymous_get_nothing(world: World, action: Action) -> None:
    content = _csv([_row(action, "2026-Q1", actual_eur="1")])
    assert client_for(world.bob).get(_url(world)).status_code == 404
    assert _upload(client_for(world.bob), world, content).status_code == 404
    response = Client().post(_url(world), {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ResourceLine.objects.exists()
