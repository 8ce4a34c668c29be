from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World, client_for
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    services.add_action(
        actor=world.alice,
        plan=plan,
        data=services.ActionData(
            title="Letna anketa občanov",
            description="",
            expected_effect="",
            owner=None,
            start_date=None,
            due_date=date(2027, 3, 31),
            budget_eur=None,
            person_days=None,
            impact=3,
            feasibility=3,
            subcriteria=[Subcriterion.objects.get(code="6.1")],
        ),
    )
    return plan


def _url(name: str, plan: ImprovementPlan) -> str:
    return reverse(name, kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})


def test_export_and_reimport_round_trip(world: World, plan: ImprovementPlan) -> None:
    client = client_for(world.alice)
    exported = client.get(_url("improvement:export", plan) + "?format=xlsx")
    assert exported.status_code == 200
    workbook = load_workbook(io.BytesIO(exported.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Action ID", "Title") and rows[1][1] == "Letna anketa občanov" and rows[1][13] == "6.1"
    owner = add_member(world.alice_org, UserFactory(email="nosilec@example.org"), Role.ACTION_OWNER)
    # Change the existing action and add a new one in the same file.
    sheet = workbook.active
    sheet.cell(row=2, column=5, value="nosilec@example.org")
    sheet.cell(row=2, column=12, value="do")
    sheet.cell(row=2, column=13, value=40)
    sheet.append(
        [
            None,
            "Prenova spletne strani",
            "",
            "",
            "",
            "2027-01-01",
            "2027-06-30",
            "8000",
            "30",
            2,
            2,
            "plan",
            0,
            "4.5, 5.2",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = client.post(
        _url("improvement:import", plan), {"file": SimpleUploadedFile("actions.xlsx", buffer.getvalue())}
    )
    assert preview.status_code == 200
    assert (preview.context["preview"].added, preview.context["preview"].changed) == (1, 1)
    assert not Action.objects.filter(title="Prenova spletne strani").exists(), "nothing is written before confirming"
    response = client.post(
        _url("improvement:import", plan), {"pending": preview.context["preview"].pending_id, "decision": "confirm"}
    )
    assert response.status_code == 302
    first = Action.objects.get(title="Letna anketa občanov")
    assert first.owner == owner and (first.status, first.progress) == ("do", 40)
    assert first.updates.count() == 1  # the change of progress is in the history
    second = Action.objects.get(title="Prenova spletne strani")
    assert sorted(s.code for s in second.subcriteria.all()) == ["4.5", "5.2"]
    csv_export = client.get(_url("improvement:export", plan) + "?format=csv")
    assert csv_export["Content-Type"].startswith("text/csv")
    assert "Prenova spletne strani" in csv_export.content.decode("utf-8-sig")


def test_import_reports_every_bad_row_and_changes_nothing(world: World, plan: ImprovementPlan) -> None:
    content = (
        "id,title,owner_email,due_date,impact,status,progress,subcriteria\n"
        ",Dobro vrstica,,2027-01-01,3,plan,0,1.1\n"
        "no-such-id,,stranger@example.org,31.12.2027,5,finished,150,10.1\n"
        ",Končano ni 100,,,2,done,80,\n"
    ).encode()
    response = client_for(world.alice).post(
        _url("improvement:import", plan), {"file": SimpleUploadedFile("a.csv", content)}
    )
    assert response.status_code == 422
    found = {(p.row, p.column) for p in response.context["problems"]}
    assert {
        (3, "id"),
        (3, "title"),
        (3, "owner_email"),
        (3, "due_date"),
        (3, "impact"),
        (3, "status"),
        (3, "progress"),
        (3, "subcriteria"),
        (4, "progress"),
    } <= found
    assert not Action.objects.filter(title="Dobro vrstica").exists()
    assert b"Nothing was imported" in response.content


def test_only_planners_import(world: World, plan: ImprovementPlan) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    assert client_for(manager).get(_url("improvement:import", plan)).status_code == 403
    assert client_for(manager).get(_url("improvement:export", plan)).status_code == 200
