"""Indicators: kept by management, values entered by their owner, checked, audited, shown with
their status and trend, and nothing of another organisation's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.indicators import selectors, services
from opencaf.indicators.models import Indicator, Measurement
from opencaf.indicators.rules import Status, Trend
from opencaf.indicators.tests.factories import aim, make_indicator, record
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

TODAY = date(2026, 12, 6)


@pytest.fixture
def indicator(world: World) -> Indicator:
    return make_indicator(world.alice_org, world.alice)


def _url(name: str, indicator: Indicator) -> str:
    return reverse(name, kwargs={"org_id": indicator.organisation.public_id, "indicator_id": indicator.public_id})


def _member(world: World, role: str) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    return user


# --- services ------------------------------------------------------------------------------------


def test_values_are_checked_against_the_unit_and_the_frequency(world: World, indicator: Indicator) -> None:
    with pytest.raises(ValidationError, match="between 0 and 100"):
        record(indicator, world.alice, "2026-Q1", "140")
    with pytest.raises(ValidationError, match="not a period of this indicator"):
        record(indicator, world.alice, "2026-03", "80")  # a month, for a quarterly indicator
    with pytest.raises(ValidationError, match="not a period"):
        record(indicator, world.alice, "=SUM(A1:A3)", "80")
    assert not Measurement.objects.exists()
    record(indicator, world.alice, "q1 2026", "81,5".replace(",", "."))  # the period as people write it
    assert Measurement.objects.get().period == "2026-Q1"


def test_a_correction_replaces_the_value_and_is_audited(world: World, indicator: Indicator) -> None:
    record(indicator, world.alice, "2026-Q1", "80")
    record(indicator, world.alice, "2026-Q1", "82", comment="Corrected after the audit")
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("82") and measurement.comment == "Corrected after the audit"
    events = AuditEvent.objects.filter(action="indicators.value_recorded").order_by("id")
    assert [event.changes["value"] for event in events] == [[None, "80"], ["80", "82"]]


def test_who_keeps_indicators_and_enters_values(world: World, indicator: Indicator) -> None:
    assessor = _member(world, Role.ASSESSOR)
    with pytest.raises(PermissionDenied):
        make_indicator(world.alice_org, assessor)
    with pytest.raises(PermissionDenied):
        record(indicator, assessor, "2026-Q1", "80")
    owner = _member(world, Role.ACTION_OWNER)
    indicator.owner = Membership.objects.get(user=owner)
    indicator.save()
    record(indicator, owner, "2026-Q1", "80")  # the owner enters the values
    with pytest.raises(PermissionDenied):
        aim(indicator, owner, "2026-Q2", "90")  # targets are management's


def test_a_band_target_needs_both_ends_in_order(world: World) -> None:
    band = make_indicator(world.alice_org, world.alice, unit="days", direction="within_band", frequency="monthly")
    with pytest.raises(ValidationError, match="lowest and the highest"):
        services.set_target(actor=world.alice, indicator=band, period="2026-01", low=Decimal(5))
    with pytest.raises(ValidationError, match="above the highest"):
        services.set_target(actor=world.alice, indicator=band, period="2026-01", low=Decimal(9), high=Decimal(5))


def test_the_frequency_stays_once_values_are_kept(world: World, indicator: Indicator) -> None:
    record(indicator, world.alice, "2026-Q1", "80")
    data = services.IndicatorInput(name=indicator.name, unit="percent", direction="higher_better", frequency="monthly")
    with pytest.raises(ValidationError, match="frequency cannot change"):
        services.update_indicator(actor=world.alice, indicator=indicator, data=data)


# --- status and trend ------------------------------------------------------------------------------


def test_the_list_shows_status_trend_and_overdue_values(world: World, indicator: Indicator) -> None:
    for period, value in (("2026-Q1", "70"), ("2026-Q2", "78"), ("2026-Q3", "86")):
        record(indicator, world.alice, period, value)
        aim(indicator, world.alice, period, "85")
    (line,) = selectors.lines(world.alice_org, TODAY)
    assert line.latest is not None and line.latest.period.key == "2026-Q3"
    assert line.latest.status == Status.ON_TRACK
    assert line.trend == Trend.IMPROVING
    assert line.overdue is None  # 2026-Q4 has not ended yet
    (late,) = selectors.lines(world.alice_org, date(2027, 1, 31))
    assert late.overdue is not None and late.overdue.key == "2026-Q4"


def test_the_list_reads_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    for number in range(20):
        indicator = make_indicator(world.alice_org, world.alice, name={"en": f"Indicator {number}"})
        for quarter in range(1, 5):
            record(indicator, world.alice, f"2025-Q{quarter}", str(60 + quarter))
            aim(indicator, world.alice, f"2025-Q{quarter}", "70")
    client = client_for(world.alice)
    url = reverse("indicators:list", kwargs={"org_id": world.alice_org.public_id})
    client.get(url)
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert page.content.decode().count('href="/org/') >= 20


# --- pages ----------------------------------------------------------------------------------------


def test_members_see_indicators_outsiders_do_not(world: World, indicator: Indicator) -> None:
    viewer = _member(world, Role.VIEWER)
    for url in (
        reverse("indicators:list", kwargs={"org_id": world.alice_org.public_id}),
        _url("indicators:detail", indicator),
    ):
        assert client_for(viewer).get(url).status_code == 200
        assert client_for(world.bob).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302
    assert client_for(viewer).get(_url("indicators:edit", indicator)).status_code == 403
    new = reverse("indicators:new", kwargs={"org_id": world.alice_org.public_id})
    assert client_for(viewer).get(new).status_code == 403
    assert client_for(world.alice).get(new).status_code == 200


def test_a_value_is_entered_on_the_page_with_a_decimal_comma(world: World, indicator: Indicator) -> None:
    client = client_for(world.alice)
    client.post(reverse("accounts:set_language"), {"language": "sl", "next": "/"})
    response = client.post(
        _url("indicators:detail", indicator),
        {
            "form": "value",
            "value-period": "2026-Q3",
            "value-value": "81,5",
            "value-status": "final",
            "value-comment": "",
        },
    )
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal("81.5")
    bad = client.post(
        _url("indicators:detail", indicator),
        {"form": "value", "value-period": "2026-Q3", "value-value": "140", "value-status": "final"},
    )
    assert bad.status_code == 422 and "data-error-summary" in bad.content.decode()
    assert Measurement.objects.get().value == Decimal("81.5")  # nothing written


def test_a_viewer_cannot_post_a_value(world: World, indicator: Indicator) -> None:
    viewer = _member(world, Role.VIEWER)
    response = client_for(viewer).post(
        _url("indicators:detail", indicator),
        {"form": "value", "value-period": "2026-Q3", "value-value": "80", "value-status": "final"},
    )
    assert response.status_code == 403 and not Measurement.objects.exists()


def test_an_indicator_is_added_through_the_form(world: World, caf_framework: Any) -> None:
    client = client_for(world.alice)
    new = reverse("indicators:new", kwargs={"org_id": world.alice_org.public_id})
    empty = client.post(
        new,
        {
            "unit": "percent",
            "direction": "higher_better",
            "frequency": "yearly",
            "decimals": 1,
            "tolerance": "5",
            "visibility": "internal",
        },
    )
    assert empty.status_code == 422 and "at least one language" in empty.content.decode()
    response = client.post(
        new,
        {
            "name_bg": "Дял на услугите онлайн",
            "unit": "percent",
            "direction": "higher_better",
            "frequency": "yearly",
            "decimals": 0,
            "tolerance": "5",
            "visibility": "internal",
            "subcriteria": ["6.2"],
        },
    )
    assert response.status_code == 302
    created = Indicator.objects.get()
    assert created.name == {"bg": "Дял на услугите онлайн"} and created.subcriteria == ["6.2"]


def test_the_oldest_missing_value_past_its_due_date_is_flagged(world: World) -> None:
    monthly = make_indicator(world.alice_org, world.alice, unit="days", direction="lower_better", frequency="monthly")
    for month, value in ((7, "32"), (8, "35"), (9, "38")):
        record(monthly, world.alice, f"2026-{month:02d}", value)
    (line,) = selectors.lines(world.alice_org, TODAY)  # 6 December: October was due on 15 November
    assert line.overdue is not None and line.overdue.key == "2026-10"
    assert line.trend is None  # October and November are missing among the last three months
    record(monthly, world.alice, "2026-10", "36")
    (line,) = selectors.lines(world.alice_org, TODAY)
    assert line.overdue is None  # November is due on 15 December


def test_an_owner_sees_an_overdue_value_on_the_home_page(world: World, time_machine: Any) -> None:
    time_machine.move_to("2026-12-06 09:00")
    owner = _member(world, Role.ACTION_OWNER)
    monthly = make_indicator(
        world.alice_org,
        world.alice,
        name={"en": "Days to decide a permit"},
        unit="days",
        direction="lower_better",
        frequency="monthly",
        owner=Membership.objects.get(user=owner),
    )
    record(monthly, world.alice, "2026-09", "38")
    home = client_for(owner).get(reverse("core:home")).content.decode()
    assert "Value due: Days to decide a permit" in home and "2026-10" in home
    assert _url("indicators:detail", monthly) in home
    record(monthly, owner, "2026-10", "36")
    assert "Days to decide a permit" not in client_for(owner).get(reverse("core:home")).content.decode()
    assert "Value due" not in client_for(world.alice).get(reverse("core:home")).content.decode()  # not the owner


def test_the_values_download_as_a_spreadsheet_formulas_as_text(world: World, indicator: Indicator) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    record(indicator, world.alice, "2026-Q1", "81.5", comment='=HYPERLINK("http://evil")')
    aim(indicator, world.alice, "2026-Q2", "85")
    viewer = _member(world, Role.VIEWER)
    url = reverse("indicators:export", kwargs={"org_id": world.alice_org.public_id, "file_format": "csv"})
    response = client_for(viewer).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Indicator ID", "Indicator"]
    assert [row[4] for row in rows[1:]] == ["2026-Q1", "2026-Q2"]
    first = rows[1]
    assert first[0] == str(indicator.public_id) and first[8] == "81.5" and first[9] == "Final"
    assert first[10].startswith("'=")  # a formula written as text, never evaluated
    assert rows[2][5] == "85" and rows[2][8] == ""
    xlsx = client_for(viewer).get(url.replace(".csv", ".xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(row=2, column=5).value == "2026-Q1"
    assert client_for(world.bob).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(viewer).get(url.replace(".csv", ".pdf")).status_code == 404
