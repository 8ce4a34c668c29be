"""Survey journeys in a real browser: a citizen answers on a phone with the keyboard only, an
employee saves and continues through an invitation, the quality representative releases a text.
axe runs on every page visited. With OPENCAF_SCREENSHOTS=<directory> pages are photographed."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import PHONE, shot, tab_to
from django.db import transaction

pytestmark = pytest.mark.e2e


def _citizen_survey() -> Any:
    """An open survey of the demo municipality from the citizen template, Slovenian and English."""
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Membership
    from opencaf.surveys import services
    from opencaf.surveys.lifecycle import Action

    quality = User.objects.get(email="quality@example.org")
    organisation = Membership.objects.get(user=quality).organisation
    with transaction.atomic():
        survey = services.create_survey(
            actor=quality,
            organisation=organisation,
            title={"sl": "Zadovoljstvo občanov", "en": "Citizen satisfaction"},
            audience="citizens",
            languages=["sl", "en"],
            template_code="citizen_satisfaction",
        )
        survey.public_link = True
        survey.save()
        services.change_state(actor=quality, survey=survey, action=Action.OPEN)
    survey.refresh_from_db()
    return survey


def test_a_citizen_answers_on_a_phone_with_the_keyboard_only(page: Any, axe_report: Any) -> None:
    survey = _citizen_survey()
    page.set_viewport_size(PHONE)
    page.goto(f"/s/{survey.link_key}/?lang=sl")
    assert page.locator("html").get_attribute("lang") == "sl"
    # The first page opens with the introduction and the privacy notice, then the first questions.
    assert page.locator("#privacy-heading").is_visible()
    shot(page, "survey-intro-390")
    pages = 0
    while True:
        pages += 1
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "page wider than the phone"
        axe_report.check(page, f"page {pages}")
        if pages == 1:
            shot(page, "survey-page-390")
        # Answer the first radio group of the page with the keyboard: focus it, choose with the arrows.
        radios = page.locator('main input[type="radio"]')
        if radios.count():
            first = radios.first
            name = first.get_attribute("name")
            tab_to(page, f'input[name="{name}"]')
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            assert page.locator(f'input[name="{name}"]:checked').count() == 1
        last = page.locator('button[value="next"]').inner_text()
        tab_to(page, 'button[value="next"]')
        with page.expect_navigation():
            page.keyboard.press("Enter")
        if "/thanks/" in page.url:
            break
        if page.locator("[data-error-summary]").count():
            # A required question was left: the summary takes the focus and links to the question.
            assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
            shot(page, "survey-error-390")
            axe_report.check(page, f"page {pages} with errors")
            link = page.locator("[data-error-summary] a").first
            target = link.get_attribute("href")
            for radio_name in page.locator(f'{target} input[type="radio"]').evaluate_all(
                "els => [...new Set(els.map(e => e.name))]"
            ):
                page.locator(f'input[name="{radio_name}"]').first.check()
            pages -= 1
            continue
        assert pages < 20, f"too many pages ({last})"
    axe_report.check(page, "thanks")
    shot(page, "survey-thanks-390")
    axe_report.assert_clean()
    from opencaf.surveys.models import Response

    assert Response.objects.filter(survey=survey).count() == 1
    page.goto(f"/s/{survey.link_key}/")
    assert page.locator("h1").inner_text()  # "already answered", in the survey's language


def test_an_employee_saves_continues_and_submits_through_an_invitation(page: Any, axe_report: Any) -> None:
    from opencaf.accounts.models import User
    from opencaf.surveys import services
    from opencaf.surveys.models import Invitation, Response
    from opencaf.surveys.tokens import link_token

    survey = _citizen_survey()
    quality = User.objects.get(email="quality@example.org")
    with transaction.atomic():
        services.invite(actor=quality, survey=survey, recipients=[services.Recipient("petra@example.org", "sl")])
    invitation = Invitation.objects.get(email="petra@example.org")
    url = f"/t/{link_token(invitation.public_id)}/"
    page.goto(url)
    page.locator('main input[type="radio"]').first.check()
    chosen = page.locator('main input[type="radio"]').first.get_attribute("value")
    page.locator('button[value="save"]').click()
    axe_report.check(page, "saved")
    invitation.refresh_from_db()
    assert invitation.draft["answers"] and not invitation.used
    page.goto(url)  # later: back on the page where they stopped, with the answer kept
    assert page.locator(f'main input[type="radio"][value="{chosen}"]').first.is_checked()
    for _ in range(20):
        page.locator('button[value="next"]').click()
        if "/thanks/" in page.url:
            break
        if page.locator("[data-error-summary]").count():
            missing = page.locator('.has-error input[type="radio"]')
            for name in missing.evaluate_all("els => [...new Set(els.map(e => e.name))]"):
                page.locator(f'input[name="{name}"]').first.check()
    assert "/thanks/" in page.url
    invitation.refresh_from_db()
    assert invitation.used and invitation.draft == {}
    assert Response.objects.filter(survey=survey).count() == 1
    page.goto(url)
    axe_report.check(page, "used link")
    axe_report.assert_clean()


def test_the_quality_representative_releases_a_written_answer(page: Any, login: Any, axe_report: Any) -> None:
    from opencaf.surveys import services
    from opencaf.surveys.models import TextAnswer
    from opencaf.surveys.selectors import structure_of

    survey = _citizen_survey()
    structure = structure_of(survey)
    text_code = next(view.code for view in structure.questions if view.kind.value == "long_text")
    for number in range(6):
        answers = {text_code: f"Prijazni uslužbenci, obisk {number}"}
        services.submit_response(survey=survey, structure=structure, language="sl", answers=answers)
    login(page, "quality@example.org")
    page.goto("/")
    page.get_by_role("link", name="Zadovoljstvo občanov").first.click()  # the to-do item
    axe_report.check(page, "moderation")
    shot(page, "survey-moderation-1366")
    form = page.locator("main form").filter(has=page.locator('button[value="release"]')).first
    form.locator("textarea").fill("Prijazni uslužbenci, obisk […]")
    form.locator('button[value="release"]').click()
    assert TextAnswer.objects.filter(status="released").count() == 1
    axe_report.assert_clean()


def test_the_results_summary_is_asked_for_and_downloaded_with_the_keyboard(
    page: Any, login: Any, axe_report: Any
) -> None:
    """On a phone: choose the summary's language, make it, and download it, keyboard only."""
    from opencaf.surveys import services
    from opencaf.surveys.models import SummaryDocument
    from opencaf.surveys.selectors import structure_of

    survey = _citizen_survey()
    structure = structure_of(survey)
    rating = next(view.code for view in structure.questions if view.kind.value == "rating")
    for number in range(7):
        answers = {rating: 1 + number % 5}
        services.submit_response(survey=survey, structure=structure, language="sl", answers=answers)
    login(page, "quality@example.org")
    page.set_viewport_size(PHONE)
    page.goto(f"/org/{survey.organisation.public_id}/surveys/{survey.public_id}/results/")
    axe_report.check(page, "results with the summary section")
    tab_to(page, "#summary-language")
    page.keyboard.press("End")  # the last language of the list
    chosen = page.locator("#summary-language").input_value()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "Make the PDF summary"
    assert page.url.endswith("#summaries")
    document = SummaryDocument.objects.get(survey=survey)
    assert document.language == chosen and document.is_ready
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "page wider than the phone"
    axe_report.check(page, "results with a summary ready")
    shot(page, "survey-summary-390")
    tab_to(page, "#summary-list a")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(f"-{chosen}.pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    axe_report.assert_clean()
