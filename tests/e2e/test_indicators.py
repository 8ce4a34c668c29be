"""Indicator journeys in a real browser: an owner follows the overdue item on the home page and
enters the value on a phone with the keyboard only, in Slovenian with a decimal comma, after a
refused negative number of days; management reads the list in Bulgarian. axe runs on every page visited. With
OPENCAF_SCREENSHOTS=<directory> pages are photographed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.core.management import call_command

pytestmark = pytest.mark.e2e

SAVE_VALUE = 'form:has(input[name="form"][value="value"]) button[type="submit"]'


def test_an_owner_enters_an_overdue_value_with_the_keyboard(
    page: Any, login: Any, switch_language: Any, axe_report: Any
) -> None:
    from decimal import Decimal

    from opencaf.indicators.models import Measurement

    call_command("seed_demo", verbosity=0)
    login(page, "owner@example.org")
    switch_language(page, "sl")  # on a wide screen: on a phone the switcher is behind the menu button
    page.set_viewport_size(PHONE)
    page.reload()
    item = page.locator("main a", has_text="Zapadla izmerjena vrednost").first
    assert item.is_visible(), "the overdue value is on the owner's home page"
    axe_report.check(page, "home with an overdue value (sl)")
    due = re.search(r"\d{4}-\d{2}", page.locator("main").inner_text())
    assert due is not None, "the home page names the overdue period"
    with page.expect_navigation():
        item.click()
    fits(page)
    axe_report.check(page, "indicator (sl)")
    shot(page, "indicator-390")
    period = page.locator("#id_value-period").input_value()
    assert period == due.group(0), "the form offers first the period the home page said is overdue"
    tab_to(page, "#id_value-value")
    page.keyboard.type("-5")  # days cannot be negative
    tab_to(page, SAVE_VALUE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Refused: the summary takes the focus, says why in Slovenian, and nothing was written.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert "0 ali več" in page.locator("[data-error-summary]").inner_text()
    assert not Measurement.objects.filter(period=period, value=Decimal(-5)).exists()
    axe_report.check(page, "indicator with an error (sl)")
    shot(page, "indicator-error-390")
    page.locator("#id_value-value").fill("")
    tab_to(page, "#id_value-value")
    page.keyboard.type("35,5")
    tab_to(page, SAVE_VALUE)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Measurement.objects.filter(period=period, value=Decimal("35.5")).exists()
    assert "35,5" in page.locator("main table").inner_text()
    axe_report.assert_clean()


def test_management_reads_the_indicators_in_bulgarian(
    page: Any, login: Any, switch_language: Any, axe_report: Any
) -> None:
    from opencaf.demo.assessments import MUNICIPALITY
    from opencaf.organisations.models import Organisation

    call_command("seed_demo", verbosity=0)
    login(page, "manager@example.org")
    switch_language(page, "bg")
    organisation = Organisation.objects.get(name=MUNICIPALITY)
    for width in (1366, PHONE["width"]):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/org/{organisation.public_id}/indicators/")
        assert page.locator("h1").inner_text() == "Показатели"
        axe_report.check(page, f"indicators list (bg, {width})")
        shot(page, f"indicators-bg-{width}")
        if width == PHONE["width"]:
            fits(page)
    axe_report.assert_clean()
