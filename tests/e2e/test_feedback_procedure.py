"""The external feedback procedure in a real browser: the demo network's coordinator (who reads in
Slovenian) finds the page under the network's "External feedback" tab, sees the Slovenian procedure with its values not
verified marked, chooses the European one with the keyboard only, and a tampered choice is refused with
the focus on the error summary. axe runs at 1366 and 390 px; nothing is wider than a phone."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}


def _network() -> Any:
    from opencaf.demo.organisations import DEMO_NETWORK
    from opencaf.organisations.models import Network

    return Network.objects.get(name=DEMO_NETWORK)


def _submit(page: Any, selector: str) -> Any:
    tab_to(page, selector)
    outline = page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
    )
    assert outline[0] not in ("none", "hidden") and outline[1] >= 2, f"faint focus ring: {outline}"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def test_coordinator_reads_and_chooses_the_procedure(page: Any, login: Any, axe_report: Any) -> None:
    from opencaf.feedback.models import NetworkProcedure, Procedure

    call_command("load_procedures", verbosity=0)
    network = _network()
    url = f"/network/{network.public_id}/external-feedback/procedure/"
    page.set_viewport_size(DESKTOP)
    login(page, "coordinator@example.org")
    page.goto(f"/network/{network.public_id}/")
    # The network's "External feedback" tab opens its applications; the procedure is one of its sub-tabs.
    with page.expect_navigation():
        page.locator(f'nav a[href="/network/{network.public_id}/external-feedback/cases/"]').click()
    with page.expect_navigation():
        page.locator(f'nav a[href="{url}"]').click()
    assert page.evaluate("document.documentElement.lang") == "sl"
    with translation.override("sl"):
        not_verified = gettext("Not verified")
        chosen_message = gettext("The network's organisations now apply for external feedback under %(procedure)s.")
    # The Slovenian procedure by default, with what is not verified marked.
    assert page.locator("main select[name=procedure]").input_value() == "pef-si"
    assert page.get_by_text(not_verified, exact=True).count() >= 3
    axe_report.check(page, "external feedback procedure (1366)")
    shot(page, "feedback-procedure")

    # Keyboard only: choose the European procedure and apply it.
    tab_to(page, "main select[name=procedure]")
    page.locator("main select[name=procedure]").select_option("pef-eu")
    response = _submit(page, 'main form[method="post"] button[type="submit"]')
    european = Procedure.objects.get(code="pef-eu")
    with translation.override("sl"):
        expected = chosen_message % {"procedure": european.name("sl")}
    assert response.status == 200 and page.get_by_text(expected).count() == 1
    assert NetworkProcedure.objects.get(network=network).procedure.code == "pef-eu"
    assert page.locator("main select[name=procedure]").input_value() == "pef-eu"

    # A tampered choice: refused, nothing changed, the focus on the error summary.
    page.evaluate("() => { document.querySelector('main select[name=procedure] option').value = 'pef-nowhere'; }")
    page.locator("main select[name=procedure]").select_option("pef-nowhere")
    response = _submit(page, 'main form[method="post"] button[type="submit"]')
    assert response.status == 422
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    assert NetworkProcedure.objects.get(network=network).procedure.code == "pef-eu"

    page.goto(url)
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, "external feedback procedure (390)")
    shot(page, "feedback-procedure-390")
    axe_report.assert_clean()
