"""Irreversible steps ask first, in a real browser and by keyboard: the leader opens consensus from
the overview, reads on the confirmation page who has not finished, confirms; the consensus form warns
before unsaved changes are lost; individual scoring can be reopened while no consensus is recorded.
Every page on the way is checked with axe. Nothing depends on translated text."""

from __future__ import annotations

from typing import Any

import pytest

from opencaf.assessments.models import SelfAssessment

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ASSESSMENT = rf"/org/{UUID}/assessments/{UUID}/"


def _tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} never received the focus by Tab")


def _state(assessment: SelfAssessment) -> str:
    return SelfAssessment.objects.get(pk=assessment.pk).state


def test_leader_opens_consensus_through_the_confirmation_page(
    page: Any, login: Any, links: Any, axe_report: Any, running_assessment: SelfAssessment
) -> None:
    assessment = running_assessment
    login(page, "leader@example.org")
    overview = f"/org/{assessment.organisation.public_id}/assessments/{assessment.public_id}/"
    page.goto(overview)
    axe_report.check(page, "overview with the next steps")

    # Keyboard only: Tab to "Open consensus…" and press Enter; that only shows the question.
    _tab_to(page, 'main a[href$="/state/open_consensus/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/state/open_consensus/")
    assert _state(assessment) == "individual"
    unfinished = page.locator("#unfinished-assessors li")
    assert unfinished.count() == 2  # nobody has scored yet
    assert "0 %" in unfinished.first.inner_text()
    axe_report.check(page, "confirm opening consensus")
    _tab_to(page, 'main form button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _state(assessment) == "consensus"

    # Nothing recorded yet: the leader may still reopen individual scoring for late assessors.
    page.goto(links(page, "main a", ASSESSMENT + "state/reopen_individual/")[0])
    axe_report.check(page, "confirm reopening individual scoring")
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()
    assert _state(assessment) == "individual"
    page.goto(links(page, "main a", ASSESSMENT + "state/open_consensus/")[0])
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()
    assert _state(assessment) == "consensus"

    # The consensus form asks before unsaved changes are lost, and not once they are submitted.
    page.goto(overview + "consensus/1.1/")
    axe_report.check(page, "consensus form")
    dialogs: list[str] = []

    def stay(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    form = page.locator("main form[data-warn-unsaved]")
    form.locator('textarea[name="not_assessed_reason"]').click()
    page.keyboard.type("No data on this in the period")
    page.locator("main nav[aria-label] a").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/consensus/1.1/")  # still here, with the text
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert dialogs == ["beforeunload"]  # submitting saves: no question
    axe_report.assert_clean()
