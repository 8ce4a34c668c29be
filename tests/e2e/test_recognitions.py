"""Recognitions in a real browser: the coordinator starts from the Slovenian national recognitions,
adds and removes a level from the keyboard, gives an award (first forgetting a criterion, then not),
downloads the certificate; a visitor reads the public list on a phone; the organisation's quality
representative downloads its certificate, printed in the organisation's language. axe runs on every
page, at 1366 and at 390 px wide, and nothing may be wider than the phone's screen."""

from __future__ import annotations

import io
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

WIDE = {"width": 1366, "height": 900}


def _submit(page: Any, selector: str) -> Any:
    tab_to(page, selector)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _at_both_widths(page: Any, axe_report: Any, label: str) -> None:
    page.set_viewport_size(WIDE)
    axe_report.check(page, f"{label} (1366)")
    shot(page, f"recognitions {label} 1366")
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, f"{label} (390)")
    shot(page, f"recognitions {label} 390")
    page.set_viewport_size(WIDE)


def _focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector))


def _downloaded_text(page: Any, selector: str) -> str:
    with page.expect_download() as download:
        page.locator(selector).first.click()
    content = open(download.value.path(), "rb").read()  # noqa: SIM115 (a temporary file Playwright removes)
    assert content.startswith(b"%PDF")
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_award_public_list_and_certificates(page: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.accounts.models import User
    from opencaf.coordination.models import Award, RecognitionScheme
    from opencaf.organisations.models import Membership, Network

    coordinator = User.objects.get(email="coordinator@example.org")
    network = Network.objects.filter(coordinators=coordinator).first()
    assert network is not None
    organisation = Membership.objects.get(user__email="quality@example.org").organisation
    assert organisation.default_language == "sl"
    base = f"/network/{network.public_id}/recognitions/"

    # The coordinator starts from the Slovenian national recognitions.
    login(page, "coordinator@example.org")
    page.goto(base)
    _at_both_widths(page, axe_report, "recognitions, none yet")
    _submit(page, 'main form[action$="/schemes/preset/"] button[type="submit"]')
    scheme = RecognitionScheme.objects.get(network=network)
    assert scheme.levels.count() == 3
    _at_both_widths(page, axe_report, "recognitions with the national scheme")

    # A level is added and removed again with the keyboard; the focus follows; nothing is saved.
    page.goto(f"{base}schemes/{scheme.public_id}/edit/")
    _at_both_widths(page, axe_report, "scheme form")
    _submit(page, 'main button[name="op"][value="add"]')
    assert _focused(page, 'input[name="levels-3-name_sl"]'), "the new level's first field has the focus"
    assert page.locator('main [role="status"]').inner_text().strip()
    axe_report.check(page, "scheme form with a new level")
    _submit(page, 'main button[name="op"][value="remove-3"]')
    assert page.locator("main fieldset legend", has_text="4").count() == 0
    assert scheme.levels.count() == 3
    # Enter in a field saves (it does not add, move or remove a level).
    page.locator('main input[name="name_en"]').fill("National CAF recognitions")
    with page.expect_navigation():
        page.locator('main input[name="name_en"]').press("Enter")
    scheme.refresh_from_db()
    assert scheme.name["en"] == "National CAF recognitions" and scheme.levels.count() == 3
    assert page.url.split("#")[0].endswith(base)

    # The coordinator gives "Uporabnik CAF", forgetting a criterion at first.
    user_level = scheme.levels.get(position=2)
    page.goto(f"{base}schemes/{scheme.public_id}/award/")
    _at_both_widths(page, axe_report, "choose the level")
    page.locator(f'main input[type="radio"][value="{user_level.public_id}"]').check()
    _submit(page, 'main form button[type="submit"]')
    _at_both_widths(page, axe_report, "award form")
    page.locator('main select[name="organisation"]').select_option(str(organisation.public_id))
    page.locator('main input[name="ceremony_on"]').fill("2027-01-21")
    boxes = page.locator('main input[name="criteria"]').all()
    for box in boxes[:-1]:
        box.check()
    page.locator('main textarea[name="citation"]').fill("Za redno samoocenjevanje in dosledno izvajanje ukrepov.")
    response = _submit(page, "main form button.btn-primary")
    assert response.status == 422 and not Award.objects.exists()
    assert _focused(page, "[data-error-summary]"), "the error summary has the focus"
    _at_both_widths(page, axe_report, "award form with an error")
    boxes = page.locator('main input[name="criteria"]').all()
    boxes[-1].check()
    _submit(page, "main form button.btn-primary")
    award = Award.objects.get()
    assert award.level == user_level and award.organisation == organisation and award.criteria_met == [0, 1, 2, 3, 4]
    _at_both_widths(page, axe_report, "award")
    text = _downloaded_text(page, 'main a[href$="/certificate.pdf"]')
    assert "Uporabnik CAF" in text and organisation.name in text
    page.goto(base)
    _at_both_widths(page, axe_report, "recognitions with an award")
    logout(page)

    # Anyone reads the public list; on a phone it reflows.
    page.goto(f"/public/network/{network.public_id}/recognitions/")
    assert organisation.name in page.locator("main").inner_text()
    _at_both_widths(page, axe_report, "public list")

    # The organisation's quality representative downloads the certificate, in Slovenian.
    login(page, "quality@example.org")
    page.goto(f"/org/{organisation.public_id}/recognitions/")
    _at_both_widths(page, axe_report, "the organisation's recognitions")
    text = _downloaded_text(page, 'main a[href$="/certificate.pdf"]')
    assert "Uporabnik CAF" in text and "CAF User" not in text
    axe_report.assert_clean()
