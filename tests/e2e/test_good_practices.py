"""Good practices in a real browser: the municipality's quality representative writes a practice with
the keyboard (a missing field is refused, the error summary takes the focus and links the field) and
submits it; the network's coordinator returns it with a comment; the municipality fixes it and submits
it again; the coordinator publishes it for everyone; the administrator of another organisation of the
network finds it in the library with a word and a subcriterion, in Slovenian, and says it helped; a
visitor reads it in the public library on a phone. axe runs on every page visited."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
TITLE = "Vse vloge na enem mestu"
SUBCRITERION = "6.1"  # Citizens/customers: the practice is about the one-stop shop
OTHER_SUBCRITERION = "1.1"  # the practice does not concern it: a filter on it finds nothing
RETURN_COMMENT = "Dodajte številke: koliko vlog ste prejeli pred spremembo in po njej?"
RESULTS = "Čas od vloge do odločbe se je skrajšal z 12 na 5 delovnih dni."
BETTER_RESULTS = "Čas od vloge do odločbe se je skrajšal z 12 na 5 delovnih dni (1.240 vlog v letu 2024)."


def _press(page: Any, selector: str) -> Any:
    """Reach the element with the keyboard and press Enter (a link or a button that loads a page)."""
    tab_to(page, selector)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _type_into(page: Any, selector: str, text: str) -> None:
    """Reach a field with the keyboard and type into it, as a person would."""
    tab_to(page, selector)
    page.keyboard.type(text)


def _focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector))


def _at_phone_width(page: Any, axe_report: Any, label: str) -> None:
    """The page reflows at 390 px wide, and axe finds nothing there either; then back to the desktop."""
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, f"{label} (390)")
    shot(page, f"{label.replace(' ', '-')}-390")
    page.set_viewport_size(DESKTOP)


def _write_the_practice(page: Any, organisation: Any, axe_report: Any) -> Any:
    """The quality representative writes the practice with the keyboard; the first save lacks the results."""
    from opencaf.community.models import GoodPractice

    page.goto(f"/org/{organisation.public_id}/practices/")
    axe_report.check(page, "the organisation's practices (empty)")
    _press(page, f'main a[href$="/org/{organisation.public_id}/practices/new/"]')
    assert page.locator('select[name="original_language"]').input_value() == "sl"  # the writer's language
    axe_report.check(page, "new practice form")
    shot(page, "practice-form")

    _type_into(page, "#id_title", TITLE)
    _type_into(page, "#id_problem", "Občani so za eno zadevo obiskali tri okence in čakali v treh vrstah.")
    _type_into(page, "#id_actions", "Uredili smo eno vstopno točko.\n\nVse vloge sprejme ena referentka.")
    tab_to(page, f'input[name="subcriteria"][value="{SUBCRITERION}"]')
    page.keyboard.press("Space")
    _type_into(page, "#id_contact_name", "Mojca Kovač")
    _type_into(page, "#id_contact_email", "kakovost@zgornja-dolina.example.org")

    # Saved without the results: refused, the summary takes the focus and leads to the field.
    _press(page, 'main form[data-warn-unsaved] button[type="submit"]')
    assert _focused(page, "[data-error-summary]")
    summary_link = page.locator('[data-error-summary] a[href="#id_results"]')
    assert summary_link.count() == 1
    assert page.locator("#id_results").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title").input_value() == TITLE  # what was typed is kept
    assert page.locator(f'input[name="subcriteria"][value="{SUBCRITERION}"]').is_checked()
    assert not GoodPractice.objects.exists()
    axe_report.check(page, "new practice refused")
    shot(page, "practice-form-refused")
    tab_to(page, '[data-error-summary] a[href="#id_results"]')
    page.keyboard.press("Enter")  # the link moves the focus to the field
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'id_results'")
    page.keyboard.type(RESULTS)
    _press(page, 'main form[data-warn-unsaved] button[type="submit"]')

    practice = GoodPractice.objects.get()
    # (The browser keeps the "#id_results" the summary's link added: a redirect inherits the fragment.)
    path = page.evaluate("() => location.pathname")
    assert path == f"/network/{organisation.network.public_id}/practices/{practice.public_id}/"
    assert list(practice.subcriteria.values_list("code", flat=True)) == [SUBCRITERION]
    assert practice.state == "draft" and practice.created_by is not None
    return practice


def _submit_for_review(page: Any, practice: Any, axe_report: Any, label: str) -> None:
    axe_report.check(page, label)
    _press(page, 'main form[action$="/submit/"] button[type="submit"]')
    practice.refresh_from_db()
    assert practice.state == "submitted"


def _review(page: Any, practice: Any, network: Any, axe_report: Any, label: str) -> None:
    """The coordinator opens the practice from the review queue."""
    page.goto(f"/network/{network.public_id}/practices/review/")
    axe_report.check(page, f"review queue ({label})")
    shot(page, f"practice-review-queue-{label}")
    with page.expect_navigation():
        page.locator(f'main table a[href$="/practices/{practice.public_id}/"]').click()
    assert page.locator('main form[action$="/publish/"]').count() == 1
    axe_report.check(page, f"practice under review ({label})")


def test_write_review_publish_and_find_a_good_practice(page: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.community.models import HelpedMark, PracticeAudience
    from opencaf.organisations.models import Membership

    page.set_viewport_size(DESKTOP)
    municipality = Membership.objects.get(user__email="quality@example.org").organisation
    unit = Membership.objects.get(user__email="outsider@example.org").organisation
    network = municipality.network
    assert network is not None
    assert unit.network == network

    # The quality representative writes the practice and submits it for review.
    login(page, "quality@example.org")
    practice = _write_the_practice(page, municipality, axe_report)
    _at_phone_width(page, axe_report, "practice draft")
    _submit_for_review(page, practice, axe_report, "practice draft")
    logout(page)

    # The coordinator returns it with a comment.
    login(page, "coordinator@example.org")
    _review(page, practice, network, axe_report, "first")
    page.locator('textarea[name="return-comment"]').fill(RETURN_COMMENT)
    with page.expect_navigation():
        page.locator('main form[action$="/return/"] button[type="submit"]').click()
    practice.refresh_from_db()
    assert practice.state == "returned" and practice.review_comment == RETURN_COMMENT
    axe_report.check(page, "practice returned")
    logout(page)

    # The municipality reads the comment on its list's practice, fixes the results and submits it again.
    login(page, "quality@example.org")
    page.goto(f"/org/{municipality.public_id}/practices/")
    axe_report.check(page, "the organisation's practices")
    _at_phone_width(page, axe_report, "the organisation's practices")
    _press(page, f'main table a[href$="/practices/{practice.public_id}/"]')
    assert page.locator('main [role="note"]').inner_text().strip().endswith(RETURN_COMMENT)
    axe_report.check(page, "returned practice with the comment")
    shot(page, "practice-returned")
    _press(page, f'main a[href$="/practices/{practice.public_id}/edit/"]')
    page.locator("#id_results").fill(BETTER_RESULTS)
    _press(page, 'main form[data-warn-unsaved] button[type="submit"]')
    practice.refresh_from_db()
    assert practice.state == "returned"  # saved, not yet handed over
    _submit_for_review(page, practice, axe_report, "corrected practice")
    logout(page)

    # The coordinator publishes it for everyone.
    login(page, "coordinator@example.org")
    _review(page, practice, network, axe_report, "second")
    page.locator(f'input[name="publish-audience"][value="{PracticeAudience.PUBLIC}"]').check()
    with page.expect_navigation():
        page.locator('main form[action$="/publish/"] button[type="submit"]').click()
    practice.refresh_from_db()
    assert practice.state == "published" and practice.audience == PracticeAudience.PUBLIC
    assert page.locator(f'main a[href$="/public/practices/{practice.public_id}/"]').count() == 1
    axe_report.check(page, "practice published")
    logout(page)

    # The administrator of the administrative unit finds it in the library, in Slovenian, by a word and a
    # subcriterion; a subcriterion it does not concern finds nothing.
    login(page, "outsider@example.org")
    page.goto(f"/network/{network.public_id}/practices/library/")
    assert page.locator("html").get_attribute("lang") == "sl"
    axe_report.check(page, "library")
    search = page.locator('main form[role="search"]')
    search.locator('input[name="q"]').fill("vloge")
    search.locator('select[name="subcriterion"]').select_option(OTHER_SUBCRITERION)
    with page.expect_navigation():
        search.locator('input[name="q"]').press("Enter")
    assert page.locator(f'main a[href$="/practices/{practice.public_id}/"]').count() == 0
    with translation.override("sl"):
        nothing_found = gettext("No good practice matches the search. Try fewer words or fewer filters.")
    assert page.locator("main").get_by_text(nothing_found).count() == 1
    page.locator('main form[role="search"] select[name="subcriterion"]').select_option(SUBCRITERION)
    with page.expect_navigation():
        page.locator('main form[role="search"] input[name="q"]').press("Enter")
    assert "q=vloge" in page.url and f"subcriterion={SUBCRITERION}" in page.url
    found = page.locator(f'main article a[href="/network/{network.public_id}/practices/{practice.public_id}/"]')
    assert found.inner_text() == TITLE
    axe_report.check(page, "library search")
    shot(page, "library-search")
    _at_phone_width(page, axe_report, "library search")

    # ... opens it and says it helped.
    with page.expect_navigation():
        found.click()
    assert page.locator("main h1").inner_text() == TITLE
    assert page.locator("main h1").get_attribute("lang") == "sl"
    axe_report.check(page, "practice read by another organisation")
    _at_phone_width(page, axe_report, "practice read by another organisation")
    helped = page.locator('main form[action$="/helped/"]')
    assert helped.locator('input[name="organisation"]').input_value() == str(unit.public_id)
    tab_to(page, 'main form[action$="/helped/"] button[type="submit"]')
    shot(page, "practice-focus-on-helped")  # the keyboard focus, photographed
    _press(page, 'main form[action$="/helped/"] button[type="submit"]')
    mark = HelpedMark.objects.get()
    assert mark.practice == practice and mark.organisation == unit
    assert page.locator("#helped-count").inner_text().strip().startswith("1")
    axe_report.check(page, "practice marked as helpful")
    shot(page, "practice-helped")
    logout(page)

    # A visitor reads it in the public library, on a phone, without signing in.
    page.set_viewport_size(PHONE)
    page.goto("/public/practices/")
    fits(page)
    axe_report.check(page, "public library (390)")
    shot(page, "public-library-390")
    link = page.locator(f'main article a[href="/public/practices/{practice.public_id}/"]')
    assert link.inner_text() == TITLE
    with page.expect_navigation():
        link.click()
    fits(page)
    assert page.locator("main h1").inner_text() == TITLE
    assert page.locator('main a[href="mailto:kakovost@zgornja-dolina.example.org"]').count() == 1
    assert BETTER_RESULTS in page.locator("main").inner_text()
    axe_report.check(page, "public practice (390)")
    shot(page, "public-practice-390")
    axe_report.assert_clean()
