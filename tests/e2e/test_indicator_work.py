"""Keeping indicators in a real browser: management imports a year of values on a phone in
Slovenian (a wrong file first: the error summary takes the focus and names row and column; then the
corrected file, previewed and confirmed with the keyboard); an owner enters a value through the
e-mailed link without signing in, in Bulgarian; the process register, the dashboard by CAF criterion,
the money and time against plan and the network's shared definitions are read at both widths. axe
runs on every page visited. With OPENCAF_SCREENSHOTS=<directory> pages are photographed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.core.management import call_command

pytestmark = pytest.mark.e2e


def _municipality() -> Any:
    from opencaf.demo.assessments import MUNICIPALITY
    from opencaf.organisations.models import Organisation

    return Organisation.objects.get(name=MUNICIPALITY)


def _values_file(rows: list[list[str]]) -> bytes:
    from django.utils import translation

    from opencaf.indicators.exchange import COLUMNS

    with translation.override("sl"):
        header = [str(label) for label in COLUMNS.values()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_management_imports_a_year_of_values_on_a_phone(
    page: Any, login: Any, switch_language: Any, axe_report: Any
) -> None:
    from opencaf.indicators.models import Indicator, Measurement

    call_command("seed_demo", verbosity=0)
    organisation = _municipality()
    indicator = Indicator.objects.get(organisation=organisation, name__en="Users of the municipality's online services")
    months = [f"2024-{month:02}" for month in range(1, 13)]
    Measurement.objects.filter(indicator=indicator, period__in=months).delete()
    good = [[str(indicator.public_id), "", "", "", month, "", "", "", f"3{month[-2:]},5", "", ""] for month in months]
    bad = [*good[:3], [str(indicator.public_id), "", "", "", "2024-Q2", "", "", "", "sto", "", ""], *good[3:]]

    login(page, "quality@example.org")
    switch_language(page, "sl")
    page.set_viewport_size(PHONE)
    page.goto(f"/org/{organisation.public_id}/indicators/import/")
    fits(page)
    axe_report.check(page, "import of values (sl, 390)")
    file_input = page.locator('main input[name="file"]')
    file_input.set_input_files({"name": "vrednosti.csv", "mimeType": "text/csv", "buffer": _values_file(bad)})
    tab_to(page, 'main form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "error-summary", "the error summary takes focus"
    problems = page.locator("#import-errors tbody tr")
    assert problems.count() == 2, problems.all_inner_texts()  # the period and the value of row 5
    assert problems.first.locator("td").nth(0).inner_text().strip() == "5"
    assert "Obdobje" in page.locator("#import-errors").inner_text()
    assert not Measurement.objects.filter(indicator=indicator, period__in=months).exists()
    fits(page)
    axe_report.check(page, "import with problems (sl, 390)")
    shot(page, "indicator-import-errors-390")

    file_input = page.locator('main input[name="file"]')
    file_input.set_input_files({"name": "vrednosti.csv", "mimeType": "text/csv", "buffer": _values_file(good)})
    tab_to(page, 'main form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("main table tbody tr").count() == 12, "the preview lists the rows"
    axe_report.check(page, "import preview (sl, 390)")
    shot(page, "indicator-import-preview-390")
    tab_to(page, 'main button[name="decision"][value="confirm"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Measurement.objects.filter(indicator=indicator, period__in=months).count() == 12
    assert Measurement.objects.get(indicator=indicator, period="2024-07").value == Decimal("307.5")
    assert "12 novih" in page.locator("main").inner_text()
    axe_report.assert_clean()


def test_an_owner_enters_a_value_through_the_emailed_link(page: Any, axe_report: Any) -> None:
    from opencaf.indicators.links import make_token
    from opencaf.indicators.models import Indicator, Measurement
    from opencaf.indicators.rules import Frequency, parse_period

    call_command("seed_demo", verbosity=0)
    indicator = Indicator.objects.select_related("owner__user").get(
        organisation=_municipality(), name__en="Average days to a building permit"
    )
    owner = indicator.owner.user
    owner.language = "bg"
    owner.save(update_fields=["language"])
    last = parse_period(Frequency.MONTHLY, max(indicator.measurements.values_list("period", flat=True)))
    assert last is not None
    period = last.next()  # the demo leaves the last two months of this indicator missing
    missing = period.key
    page.set_viewport_size(PHONE)
    page.goto(f"/indicators/value/{make_token(indicator, period)}/")
    fits(page)
    axe_report.check(page, "value link (bg, 390)")
    shot(page, "indicator-link-390")
    value = page.locator('main input[name$="value"]').first
    value.fill("-3")
    tab_to(page, 'main form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert not Measurement.objects.filter(indicator=indicator, period=missing).exists()
    axe_report.check(page, "value link with an error (bg, 390)")
    page.locator('main input[name$="value"]').first.fill("29,5")
    tab_to(page, 'main form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Measurement.objects.get(indicator=indicator, period=missing).value == Decimal("29.5")
    axe_report.check(page, "value link saved (bg, 390)")
    page.goto("/indicators/value/not-a-link/")
    assert page.locator("h1").is_visible()
    axe_report.check(page, "a broken value link")
    axe_report.assert_clean()


def _read_at_both_widths(page: Any, pages: list[str], language: str, axe_report: Any) -> None:
    for width in (1366, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            fits(page, width)
            axe_report.check(page, f"{path} ({language}, {width})")
            shot(page, f"{language}-{path.strip('/').replace('/', '-')}-{width}")


def test_the_register_the_criteria_the_money_and_the_shared_set_read_well_at_both_widths(
    page: Any, login: Any, switch_language: Any, axe_report: Any
) -> None:
    from opencaf.improvement.models import ImprovementPlan
    from opencaf.indicators.models import Process

    call_command("seed_demo", verbosity=0)
    organisation = _municipality()
    process = Process.objects.filter(organisation=organisation).first()
    plan = ImprovementPlan.objects.filter(organisation=organisation).first()
    assert process is not None and plan is not None
    action = plan.actions.first()
    base = f"/org/{organisation.public_id}"
    login(page, "quality@example.org")
    switch_language(page, "bg")
    _read_at_both_widths(
        page,
        [
            f"{base}/processes/",
            f"{base}/processes/{process.public_id}/",
            f"{base}/indicators/by-criterion/",
            f"{base}/indicators/shared/",
            f"{base}/resources/",
            f"{base}/resources/actions/{action.public_id}/",
            f"{base}/plans/{plan.public_id}/",  # the money and time spent against plan
            f"/public/org/{organisation.public_id}/indicators/",
        ],
        "bg",
        axe_report,
    )
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})  # the language switcher is behind the menu on a phone
    login(page, "coordinator@example.org")
    switch_language(page, "sl")
    network = f"/network/{organisation.network.public_id}/indicator-definitions"
    _read_at_both_widths(page, [f"{network}/"], "sl", axe_report)
    axe_report.assert_clean()
