"""Targets and values from a spreadsheet: the export's layout read back in any language, every
problem named by row and column, nothing written while any row is wrong, formulas refused,
calculated indicators worked out again."""

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
from openpyxl import Workbook, load_workbook

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.indicators import services
from opencaf.indicators.models import Indicator, Measurement, Target
from opencaf.indicators.tests.factories import aim, make_indicator, record
from opencaf.indicators.value_import import read_number
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

HEADER_EN = ["Indicator ID", "Indicator", "Unit", "How often it is measured", "Period", "Target",
             "Lowest acceptable", "Highest acceptable", "Value", "The value is", "Comment"]  # fmt: skip


@pytest.fixture
def indicator(world: World) -> Indicator:
    return make_indicator(world.alice_org, world.alice)


def _url(world: World, name: str = "indicators:import") -> str:
    return reverse(name, args=[world.alice_org.public_id])


def _csv(rows: list[list[Any]], header: list[str] = HEADER_EN, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _row(
    indicator: Indicator, period: str, target: Any = "", value: Any = "", status: str = "", comment: str = ""
) -> list[Any]:
    return [str(indicator.public_id), "", "", "", period, target, "", "", value, status, comment]


def _upload(client: Client, world: World, content: bytes, name: str = "values.csv") -> Any:
    return client.post(_url(world), {"file": SimpleUploadedFile(name, content)})


def _import(client: Client, world: World, content: bytes, name: str = "values.csv") -> Any:
    preview = _upload(client, world, content, name)
    assert preview.status_code == 200, preview.context.get("problems") or preview.context["form"].errors
    pending = preview.context["preview"].pending_id
    return client.post(_url(world), {"pending": pending, "decision": "confirm"}, follow=True)


# --- reading numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        (81.5, "81.5"), (0.1, "0.1"), (7, "7"), ("81,5", "81.5"), ("1.234,5", "1234.5"), ("1,234.5", "1234.5"),
        ("85 %", "85"), ("1 234", "1234"), ("\u00a012,0", "12.0"), ("-3", "-3"),
    ],
)  # fmt: skip
def test_numbers_are_read_as_people_write_them(cell: Any, number: str) -> None:
    assert read_number(cell) == Decimal(number)


@pytest.mark.parametrize("cell", ["eighty", "12a", "NaN", "Infinity", "1,2,3.4.5", True])
def test_anything_else_is_not_a_number(cell: Any) -> None:
    with pytest.raises(ValueError):
        read_number(cell)


# --- the whole flow ---------------------------------------------------------------------------------


def test_the_download_imports_back_unchanged_in_another_language(world: World, indicator: Indicator) -> None:
    record(indicator, world.alice, "2026-Q1", "80")
    record(indicator, world.alice, "2026-Q2", "81.5", status="provisional", comment="=estimate")
    aim(indicator, world.alice, "2026-Q2", "85")
    client = client_for(world.alice)
    with translation.override("sl"):
        exported = client.get(reverse("indicators:export", args=[world.alice_org.public_id, "xlsx"]))
    before = AuditEvent.objects.count()
    response = _import(client, world, exported.content, "kazalniki.xlsx")  # headed in Slovenian, read in English
    assert "2 values were already the same" in response.content.decode()
    assert AuditEvent.objects.count() == before  # nothing changed, nothing recorded
    assert Measurement.objects.get(period="2026-Q2").comment == "=estimate"


def test_a_file_of_many_periods_sets_targets_and_values_audited_per_indicator(
    world: World, indicator: Indicator
) -> None:
    other = make_indicator(world.alice_org, world.alice, name={"en": "Complaints"}, unit="count",
                           direction="lower_better", frequency="monthly")  # fmt: skip
    rows = [_row(indicator, f"2025-Q{quarter}", target="80", value=str(70 + quarter)) for quarter in (1, 2, 3, 4)]
    rows += [_row(other, f"2025-{month:02}", value=str(month)) for month in range(1, 13)]
    rows.append(_row(other, "2026-01", value="3", status="Provisional", comment="Counted by hand"))
    response = _import(client_for(world.alice), world, _csv(rows))
    text = response.content.decode()
    assert "17 new values" in text and "4 targets" in text
    assert Measurement.objects.filter(indicator=other).count() == 13
    assert Measurement.objects.get(indicator=other, period="2026-01").status == "provisional"
    assert Target.objects.filter(indicator=indicator).count() == 4
    events = AuditEvent.objects.filter(action="indicators.values_imported")
    assert events.count() == 2
    assert events.get(object_id=str(other.public_id)).changes == {
        "periods": "2025-01 – 2026-01",
        "values": 13,
        "targets": 0,
    }
    # A second file corrects one value and leaves the rest.
    response = _import(
        client_for(world.alice), world, _csv([_row(other, "2026-01", value="4"), _row(other, "2025-01", value="1")])
    )
    assert "1 corrected value" in response.content.decode()
    assert Measurement.objects.get(indicator=other, period="2026-01").value == Decimal(4)


def test_slovenian_headings_semicolons_and_decimal_commas(world: World, indicator: Indicator) -> None:
    with translation.override("sl"):
        header = [
            str(label) for label in __import__("opencaf.indicators.exchange", fromlist=["COLUMNS"]).COLUMNS.values()
        ]
        status = "Začasna"
    content = _csv([_row(indicator, "2026 Q1", value="81,5", status=status)], header=header, delimiter=";")
    _import(client_for(world.alice), world, content)
    measurement = Measurement.objects.get()
    assert (measurement.period, measurement.value, measurement.status) == ("2026-Q1", Decimal("81.5"), "provisional")


# --- bad input --------------------------------------------------------------------------------------


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(world: World, indicator: Indicator) -> None:
    band = make_indicator(world.alice_org, world.alice, name={"en": "Temperature"}, unit="other", unit_label="°C",
                          direction="within_band", frequency="monthly")  # fmt: skip
    archived = make_indicator(world.alice_org, world.alice, name={"en": "Old"})
    Indicator.objects.filter(pk=archived.pk).update(archived=True)
    foreign = make_indicator(world.bob_org, world.bob)
    rows = [
        _row(indicator, "2026-Q1", value="eighty"),  # 2: not a number
        _row(indicator, "2026-Q2", value="140"),  # 3: a percentage of 140
        _row(indicator, "2026-03", value="80"),  # 4: a month for a quarterly indicator
        _row(indicator, "2026-Q4", value="80"),  # 5: fine
        _row(indicator, "2026-Q4", value="81"),  # 6: the same period again
        _row(foreign, "2026-Q1", value="5"),  # 7: another organisation's indicator
        _row(archived, "2026-Q1", value="5"),  # 8: archived
        [*_row(band, "2026-01")[:6], "18", "", "", "", ""],  # 9: a band with no highest value
        _row(indicator, "2025-Q4", comment="No value"),  # 10: a comment about nothing
        _row(indicator, "", value="1"),  # 11: no period
        _row(indicator, "2025-Q3", value="1", status="perhaps"),  # 12: an unknown status
    ]
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert response.status_code == 422
    problems = {(problem.row, problem.column) for problem in response.context["problems"]}
    assert problems == {
        (2, "Value"), (3, "Value"), (4, "Period"), (6, "Period"), (7, "Indicator ID"), (8, "Indicator ID"),
        (9, "Highest acceptable"), (10, "Value"), (11, "Period"), (12, "The value is"),
    }  # fmt: skip
    text = response.content.decode()
    assert "between 0 and 100" in text and "Row 5 already has this indicator and period" in text
    assert not Measurement.objects.exists() and not Target.objects.exists()


def test_problems_are_in_the_readers_language(world: World, indicator: Indicator) -> None:
    world.alice.language = "bg"
    world.alice.save(update_fields=["language"])
    client = client_for(world.alice)
    response = _upload(client, world, _csv([_row(indicator, "2026-Q1", value="сто")]))
    problem = response.context["problems"][0]
    with translation.override("bg"):
        assert problem.column == str(__import__("opencaf.indicators.exchange", fromlist=["COLUMNS"]).COLUMNS["value"])
    assert "81" in problem.message and "Enter" not in problem.message  # the example number, in Bulgarian text


def test_formulas_are_refused_not_worked_out(world: World, indicator: Indicator) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER_EN)
    sheet.append([str(indicator.public_id), "", "", "", "2026-Q1", "", "", "", 40])
    sheet.append([str(indicator.public_id), "", "", "", "2026-Q2", "", "", "", "=SUM(I2:I2)*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client_for(world.alice), world, buffer.getvalue(), "values.xlsx")
    errors = response.context["form"].errors["file"]
    assert "row 3, column Value (I)" in errors[0] and "Paste special" in errors[0]
    csv_response = _upload(client_for(world.alice), world, _csv([_row(indicator, "2026-Q1", value="=1+1")]))
    assert "row 2, column Value (I)" in csv_response.context["form"].errors["file"][0]
    assert not Measurement.objects.exists()


def test_a_file_too_long_or_too_large_is_refused_with_a_reason(
    world: World, indicator: Indicator, settings: Any
) -> None:
    settings.INDICATOR_IMPORT_MAX_ROWS = 3
    rows = [_row(indicator, f"{year}-Q1", value="1") for year in range(2020, 2024)]
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert "more than 3 rows" in response.context["form"].errors["file"][0]
    settings.INDICATOR_IMPORT_MAX_BYTES = 100
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Measurement.objects.exists()


def test_a_file_wrong_everywhere_lists_the_first_problems(world: World, indicator: Indicator) -> None:
    rows = [_row(indicator, f"{2000 + n // 4}-Q{n % 4 + 1}", value="x") for n in range(250)]
    response = _upload(client_for(world.alice), world, _csv(rows))
    assert response.context["problem_count"] == 250 and len(response.context["problems"]) == 200
    assert "Only the first 200 problems are listed" in response.content.decode()


# --- who may import ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [(Role.ORG_ADMIN, 200), (Role.MANAGER, 200), (Role.ASSESSOR, 403)])
def test_members_who_keep_the_indicators_import(world: World, role: str, status: int) -> None:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    assert client_for(user).get(_url(world)).status_code == status


def test_the_owner_alone_does_not_import(world: World) -> None:
    owner = UserFactory()
    membership = add_member(world.alice_org, owner, Role.ASSESSOR)
    make_indicator(world.alice_org, world.alice, owner=membership)
    assert client_for(owner).get(_url(world)).status_code == 403


def test_another_organisation_and_anonymous_get_nothing(world: World, indicator: Indicator) -> None:
    assert client_for(world.bob).get(_url(world)).status_code == 404
    content = _csv([_row(indicator, "2026-Q1", value="1")])
    assert _upload(client_for(world.bob), world, content).status_code == 404
    response = Client().get(_url(world))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Measurement.objects.exists()


def test_a_file_checked_for_one_organisation_is_not_applied_to_another(world: World, indicator: Indicator) -> None:
    add_member(world.bob_org, world.alice, Role.ORG_ADMIN)
    client = client_for(world.alice)
    preview = _upload(client, world, _csv([_row(indicator, "2026-Q1", value="1")]))
    pending = preview.context["preview"].pending_id
    response = client.post(
        reverse("indicators:import", args=[world.bob_org.public_id]), {"pending": pending, "decision": "confirm"}
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


# --- calculated indicators --------------------------------------------------------------------------


def _share(world: World) -> tuple[Indicator, Indicator, Indicator]:
    resolved = make_indicator(world.alice_org, world.alice, name={"en": "Cases resolved in time"}, unit="count",
                              direction="higher_better", frequency="monthly")  # fmt: skip
    cases = make_indicator(world.alice_org, world.alice, name={"en": "Cases"}, unit="count",
                           direction="higher_better", frequency="monthly")  # fmt: skip
    share = make_indicator(world.alice_org, world.alice, name={"en": "Share resolved in time"}, unit="percent",
                           direction="higher_better", frequency="monthly", numerator=resolved, denominator=cases,
                           multiplier=Decimal(100))  # fmt: skip
    return resolved, cases, share


def test_a_calculated_value_is_worked_out_once_both_parts_are_there(world: World) -> None:
    resolved, cases, share = _share(world)
    record(resolved, world.alice, "2026-01", "45")
    assert not Measurement.objects.filter(indicator=share).exists()
    record(cases, world.alice, "2026-01", "60", status="provisional")
    value = Measurement.objects.get(indicator=share)
    assert (value.value, value.status) == (Decimal(75), "provisional")
    record(cases, world.alice, "2026-01", "50")  # a correction is followed
    assert Measurement.objects.get(indicator=share).value == Decimal(90)
    record(cases, world.alice, "2026-02", "0")
    record(resolved, world.alice, "2026-02", "0")
    assert not Measurement.objects.filter(indicator=share, period="2026-02").exists()  # nothing to divide by
    record(cases, world.alice, "2026-03", "10")
    record(resolved, world.alice, "2026-03", "20")  # a share above 100 %: the parts are wrong
    assert not Measurement.objects.filter(indicator=share, period="2026-03").exists()
    assert AuditEvent.objects.filter(action="indicators.values_calculated", object_id=str(share.public_id)).count() == 2


def test_a_calculated_value_is_not_entered_by_hand_or_imported(world: World) -> None:
    _resolved, _cases, share = _share(world)
    with pytest.raises(services.ValidationError, match="worked out from two others"):
        record(share, world.alice, "2026-01", "80")
    response = _upload(client_for(world.alice), world, _csv([_row(share, "2026-01", value="80")]))
    assert response.context["problems"][0].column == "Value"


def test_an_import_works_out_the_calculated_values(world: World) -> None:
    resolved, cases, share = _share(world)
    rows = [_row(resolved, f"2026-{m:02}", value=str(40 + m)) for m in range(1, 4)]
    rows += [_row(cases, f"2026-{m:02}", value="50") for m in range(1, 4)]
    response = _import(client_for(world.alice), world, _csv(rows))
    assert "3 calculated values were worked out again" in response.content.decode()
    assert [m.value for m in Measurement.objects.filter(indicator=share).order_by("period")] == [82, 84, 86]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"numerator": "self"}, "both a numerator and a denominator"),
        ({"frequency": "quarterly"}, "another frequency"),
        ({"multiplier": Decimal(0)}, "positive number"),
        ({"numerator": "share"}, "calculated itself"),
    ],
)
def test_a_calculation_is_checked(world: World, change: dict[str, Any], message: str) -> None:
    resolved, cases, share = _share(world)
    fields: dict[str, Any] = {"name": {"en": "Ratio"}, "unit": "score", "direction": "higher_better",
                              "frequency": "monthly", "numerator": resolved, "denominator": cases}  # fmt: skip
    if change.get("numerator") == "self":
        fields["denominator"] = None
    elif change.get("numerator") == "share":
        fields["numerator"] = share
    else:
        fields.update(change)
    with pytest.raises(services.ValidationError, match=message):
        make_indicator(world.alice_org, world.alice, **fields)


def test_a_part_of_a_calculation_cannot_become_calculated(world: World) -> None:
    resolved, cases, _share_indicator = _share(world)
    other = make_indicator(world.alice_org, world.alice, name={"en": "Other"}, unit="count", frequency="monthly")
    data = services.IndicatorInput(name={"en": "Cases"}, unit="count", direction="higher_better",
                                   frequency="monthly", numerator=other, denominator=resolved)  # fmt: skip
    with (
        pytest.raises(services.ValidationError, match="Other indicators are calculated from this one"),
        transaction.atomic(),
    ):
        services.update_indicator(actor=world.alice, indicator=cases, data=data)


def test_the_exported_workbook_has_the_import_columns(world: World, indicator: Indicator) -> None:
    record(indicator, world.alice, "2026-Q1", "80")
    response = client_for(world.alice).get(reverse("indicators:export", args=[world.alice_org.public_id, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == HEADER_EN


def test_a_calculated_indicator_is_set_up_through_the_form_and_shown_as_such(world: World) -> None:
    resolved, cases, _share_indicator = _share(world)
    client = client_for(world.alice)
    form = {"name_en": "Resolution rate", "unit": "percent", "direction": "higher_better", "decimals": 1,
            "tolerance": "5", "visibility": "internal", "numerator": str(resolved.public_id),
            "denominator": str(cases.public_id), "multiplier": "100"}  # fmt: skip
    new = reverse("indicators:new", args=[world.alice_org.public_id])
    wrong = client.post(new, {**form, "frequency": "yearly"})  # the parts are monthly
    assert wrong.status_code == 422 and "another frequency" in wrong.content.decode()
    assert client.post(new, {**form, "frequency": "monthly"}).status_code == 302
    created = Indicator.objects.get(name__en="Resolution rate")
    assert (created.numerator, created.denominator, created.multiplier) == (resolved, cases, Decimal(100))
    page = client.get(reverse("indicators:detail", args=[world.alice_org.public_id, created.public_id]))
    text = page.content.decode()
    assert "Cases resolved in time ÷ Cases × 100" in text and "Enter a value" not in text
    posted = client.post(page.wsgi_request.path, {"form": "value", "period": "2026-11", "value": "5"})
    assert posted.status_code == 403


def test_a_file_of_200000_rows_or_50_mb_is_refused_with_a_reason(world: World, indicator: Indicator) -> None:
    rows = b"".join(b"%s;2026-01;1\n" % str(n).encode() for n in range(200_000))
    long_file = b"Indicator ID;Period;Value\n" + rows
    response = _upload(client_for(world.alice), world, long_file)
    assert response.status_code == 200
    assert "more than 20000 rows" in response.context["form"].errors["file"][0]
    huge = b"Indicator ID;Period;Value\n" + b"x" * (50 * 2**20)
    response = _upload(client_for(world.alice), world, huge)
    assert "larger than 8 MB" in response.context["form"].errors["file"][0]
    assert not Measurement.objects.exists()
