"""External feedback in a real browser, from the application to the award (issue 14).

The demo municipality's quality representative (who reads Slovenian) finds the window of its accepted
self-assessment open on the organisation's "External feedback" page and applies; submitting with a
pillar unanswered is refused and nothing is submitted; then every pillar is answered with some own
scores, and the application is submitted. The network's coordinator accepts it, adds two new
external feedback actors by e-mail, assigns them (one leads) and schedules the visit. Each actor follows
the e-mail's link, signs in, declares no conflict of interest and scores every question alone; the lead
records the agreed scores with their rationale, writes the feedback report and finalises it. The
coordinator awards the label; the municipality sees it on its pages, downloads the certificate and
compares its own scores with the agreed ones; an anonymous visitor finds it in the public register.
The key actions are done with the keyboard (Tab, then Enter or Space) with a visible focus ring; axe
runs on every distinct page, and the main pages fit a 390 px phone.

A second journey: an external feedback actor of a case reaches nothing else of the organisation (its
evidence register) nor another organisation's case: 404s in the browser.

Two defects found on the way, now fixed, are guarded by the tests at the end (the focus after a refused
submission; "Apply" offered again on a self-assessment already awarded).

The demo seeds organisations and users only: the accepted self-assessment, the procedures (the
European one, so the values are known) and the second case are built here with the feedback factories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
MUNICIPALITY = "Občina Zgornja Dolina (demo)"
OTHER_ORGANISATION = "Upravna enota Spodnja Dolina (demo)"
QUALITY = "quality@example.org"
COORDINATOR = "coordinator@example.org"
LEAD = ("efac.one@example.org", "Ema Prva")
SECOND = ("efac.two@example.org", "Erik Drugi")
EFAC_PASSWORD = "efac-geslo-2025"
ASSESSMENT_TITLE = "Samoocenjevanje CAF 2024"
# The pillars of the European procedure and their questions (frameworks/pef/european.yaml).
QUESTIONS = {
    1: ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"],
    2: ["2.1", "2.2", "2.3"],
    3: ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"],
}
CODES = [code for codes in QUESTIONS.values() for code in codes]
OWN_SCORES = {"1.1": 5, "1.5": 4, "2.3": 3, "3.1": 4}  # the municipality scores only these
AGREED = 4  # every agreed score: pillars 1 and 2 give 36 of 45 (at least 28), every minimum (4) reached


@dataclass
class Scene:
    network: Any
    municipality: Any
    assessment: Any


def _scene() -> Scene:
    """The demo network under the European procedure, and the municipality's self-assessment whose
    report management accepted 8 months ago (inside the window of 6 to 12 months)."""
    from opencaf.feedback.tests.factories import accepted_assessment, use_procedure
    from opencaf.frameworks.models import FrameworkVersion
    from opencaf.organisations.models import Organisation

    call_command("load_procedures", verbosity=0)
    municipality = Organisation.objects.get(name=MUNICIPALITY)
    network = municipality.network
    assert network is not None
    use_procedure(network, "pef-eu")
    framework = FrameworkVersion.objects.get(code="caf2020")
    assessment = accepted_assessment(
        municipality, framework, accepted_at=timezone.now() - timedelta(days=240), title=ASSESSMENT_TITLE
    )
    return Scene(network, municipality, assessment)


# --- the browser's helpers ------------------------------------------------------------------------------


def assert_focus_visible(page: Any) -> None:
    """The focused element has a solid outline at least 2 px wide (WCAG 2.4.7): no faint glow."""
    outline = page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
    )
    assert outline[0] not in ("none", "hidden") and outline[1] >= 2, f"faint focus ring: {outline}"


def _press(page: Any, selector: str) -> Any:
    """Reach the element with Tab, see its focus ring, press Enter: the response of the page it opens."""
    tab_to(page, selector)
    assert_focus_visible(page)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def _click(page: Any, selector: str) -> Any:
    """Click (the pointer's way) and wait for the page it opens."""
    with page.expect_navigation() as navigation:
        page.locator(selector).click()
    return navigation.value


def _on_phone(page: Any, axe_report: Any, label: str) -> None:
    """The page at 390 px: nothing wider than the screen, axe clean, photographed; then back to desktop."""
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, f"{label} (390)")
    shot(page, f"external-feedback {label} 390")
    page.set_viewport_size(DESKTOP)


def _check(page: Any, axe_report: Any, label: str) -> None:
    axe_report.check(page, label)
    shot(page, f"external-feedback {label}")


def _error_summary_focused(page: Any) -> bool:
    return bool(
        page.evaluate("() => !!document.activeElement && document.activeElement.matches('[data-error-summary]')")
    )


def _sign_in_here(page: Any, email: str, password: str) -> Any:
    """Sign in on the login page the browser was sent to; the response of the page it then opens."""
    form = page.locator("main form").filter(has=page.locator('input[name="login"]'))
    form.locator('input[name="login"]').fill(email)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation() as navigation:
        form.locator('button[type="submit"]').click()
    return navigation.value


def _mailed_path(mailoutbox: list[Any], to: str, pattern: str) -> str:
    """The path of the latest link matching `pattern` in an e-mail to `to`."""
    for message in reversed(mailoutbox):
        if to in message.to:
            for url in re.findall(r"https?://\S+", message.body):
                path = urlparse(url).path
                if re.fullmatch(pattern, path):
                    return path
    raise AssertionError(f"no e-mail to {to} with a link {pattern}: {[m.to for m in mailoutbox]}")


# --- 1. from the application to the award ----------------------------------------------------------------


def test_from_application_to_award(page: Any, login: Any, logout: Any, mailoutbox: list[Any], axe_report: Any) -> None:
    from opencaf.accounts.models import User
    from opencaf.feedback.models import (
        AgreedScore,
        CaseActor,
        CaseState,
        ExternalActor,
        FeedbackCase,
        FeedbackReport,
        Label,
    )

    scene = _scene()
    org_id, network_id = scene.municipality.public_id, scene.network.public_id
    page.set_viewport_size(DESKTOP)

    # --- 1. the quality representative finds the window open and applies ---------------------------------
    login(page, QUALITY)
    page.goto(f"/org/{org_id}/")
    _click(page, f'nav a[href="/org/{org_id}/external-feedback/"]')
    assert page.evaluate("document.documentElement.lang") == "sl"
    with translation.override("sl"):
        open_now = pgettext("external feedback window", "Open now")
    row = page.locator("main table tbody tr").filter(has_text=ASSESSMENT_TITLE)
    assert row.locator(".badge").inner_text() == open_now
    _check(page, axe_report, "organisation's page (window open)")
    _on_phone(page, axe_report, "organisation's page (window open)")
    response = _press(page, f'main form[action="/org/{org_id}/external-feedback/apply/"] button[type="submit"]')
    case = FeedbackCase.objects.get(organisation=scene.municipality)
    case_id = case.public_id
    application_url = f"/external-feedback/{case_id}/application/"
    assert response.ok and urlparse(page.url).path == application_url
    assert case.state == CaseState.DRAFT and case.assessment == scene.assessment
    assert case.procedure.code == "pef-eu"
    _check(page, axe_report, "application (empty)")
    _on_phone(page, axe_report, "application")

    # --- 2. bad input: a pillar unanswered is refused ----------------------------------------------------
    save_button = 'main form[method="post"]:not([action]) button[type="submit"]'
    submit_button = f'main form[action="/external-feedback/{case_id}/submit/"] button[type="submit"]'
    page.locator('textarea[name="pillar_1"]').fill("Samoocenjevanje je vodila skupina desetih zaposlenih.")
    page.locator('textarea[name="pillar_2"]').fill("Načrt ukrepov smo sprejeli in ga izvajamo.")
    _press(page, save_button)
    assert urlparse(page.url).path == application_url
    case.refresh_from_db()
    assert set(case.answers) == {"1", "2"}
    response = _press(page, submit_button)
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and case.submitted_at is None  # nothing submitted
    with translation.override("sl"):
        refusal = gettext("Answer this pillar before you submit.")
    summary_links = page.locator("[data-error-summary] a")  # one link: to the pillar not answered
    assert summary_links.count() == 1 and summary_links.get_attribute("href") == "#id_pillar_3"
    assert refusal in summary_links.inner_text()
    # Where the focus goes then: test_a_refused_submission_takes_the_focus_to_the_error_summary.
    _check(page, axe_report, "application (submission refused)")

    # Every pillar answered, some own scores; saved, nothing attached, submitted.
    page.locator('textarea[name="pillar_3"]').fill("Načela odličnosti so del vsakdanjega dela.")
    for code, score in OWN_SCORES.items():
        page.locator(f'select[name="score_{code.replace(".", "_")}"]').select_option(str(score))
    _press(page, save_button)
    case.refresh_from_db()
    assert set(case.answers) == {"1", "2", "3"} and case.own_scores == OWN_SCORES
    assert not case.documents.exists()  # nothing attached
    _check(page, axe_report, "application (answered)")
    response = _press(page, submit_button)
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.submitted_at is not None
    assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/"
    _check(page, axe_report, "case (submitted, organisation)")
    _on_phone(page, axe_report, "case (submitted, organisation)")
    logout(page)

    # --- 3. the coordinator accepts, adds and assigns two actors, schedules the visit --------------------
    login(page, COORDINATOR)
    page.goto(f"/network/{network_id}/")
    _click(page, f'nav a[href="/network/{network_id}/external-feedback/cases/"]')
    _check(page, axe_report, "network's applications")
    _on_phone(page, axe_report, "network's applications")
    _press(page, f'main table a[href="/external-feedback/{case_id}/"]')
    _check(page, axe_report, "case (submitted, coordinator)")
    response = _press(page, f'main form[action="/external-feedback/{case_id}/accept/"] button[type="submit"]')
    case.refresh_from_db()
    assert case.state == CaseState.IN_FEEDBACK
    assign_url = f"/external-feedback/{case_id}/actors/"
    assert response.ok and urlparse(page.url).path == assign_url
    _check(page, axe_report, "assign actors (none)")

    # The network has no actors yet: the coordinator adds two new people by e-mail.
    page.goto(f"/network/{network_id}/external-feedback/actors/")
    _check(page, axe_report, "network's actors (none)")
    for email, full_name in (LEAD, SECOND):
        page.locator('main input[name="email"]').fill(email)
        page.locator('main input[name="full_name"]').fill(full_name)
        page.locator('main input[name="qualification"]').fill("Usposabljanje EFAC, EIPA 2024")
        response = _press(page, 'main form[method="post"] button[type="submit"]')
        assert response.ok and urlparse(page.url).path == f"/network/{network_id}/external-feedback/actors/"
    assert page.locator("main tbody tr").count() == 2
    _check(page, axe_report, "network's actors (two)")
    _on_phone(page, axe_report, "network's actors")
    # Their new accounts have no password; each would set one through the link mailed to them.
    for email, _name in (LEAD, SECOND):
        _mailed_path(mailoutbox, email, r"/accounts/password/reset/key/.+")
        user = User.objects.get(email=email)
        assert not user.has_usable_password()
        user.set_password(EFAC_PASSWORD)
        user.save(update_fields=["password"])

    page.goto(assign_url)
    for email, lead in ((LEAD[0], True), (SECOND[0], False)):
        chosen = ExternalActor.objects.get(network=scene.network, user__email=email)
        page.locator('main select[name="external_actor"]').select_option(str(chosen.public_id))
        if lead:
            tab_to(page, 'main input[name="lead"]')
            assert_focus_visible(page)
            page.keyboard.press("Space")
            assert page.locator('main input[name="lead"]').is_checked()
        response = _press(page, 'main form[method="post"]:not([action]) button[type="submit"]')
        assert response.ok and urlparse(page.url).path == assign_url
    assignments = {
        item.actor.user.email: item for item in CaseActor.objects.filter(case=case).select_related("actor__user")
    }
    assert set(assignments) == {LEAD[0], SECOND[0]}
    assert assignments[LEAD[0]].lead and not assignments[SECOND[0]].lead
    _check(page, axe_report, "assign actors (two)")
    _on_phone(page, axe_report, "assign actors")

    page.goto(f"/external-feedback/{case_id}/")
    _press(page, f'main a[href="/external-feedback/{case_id}/visit/"]')
    _check(page, axe_report, "visit")
    visit_day = timezone.localdate() + timedelta(days=14)
    page.locator('main input[name="starts_at"]').fill(f"{visit_day.isoformat()}T09:00")
    page.locator('main input[name="ends_at"]').fill(f"{visit_day.isoformat()}T15:00")
    page.locator('main input[name="place"]').fill("Občina Zgornja Dolina, sejna soba")
    page.locator('main textarea[name="agenda"]').fill("9.00 Vodstvo\n11.00 Skupina za samoocenjevanje")
    response = _press(page, 'main form[method="post"] button[type="submit"]')
    case.refresh_from_db()
    assert case.visit_starts_at is not None and timezone.localtime(case.visit_starts_at).hour == 9
    assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/"
    _check(page, axe_report, "case (in feedback, coordinator)")
    _on_phone(page, axe_report, "case (in feedback, coordinator)")
    logout(page)

    # --- 4. each actor declares, scores alone; the lead agrees the scores and writes the report -----------
    for number, (email, _name) in enumerate((LEAD, SECOND)):
        declare_path = _mailed_path(mailoutbox, email, rf"/external-feedback/{case_id}/declaration/")
        page.goto(declare_path)
        assert urlparse(page.url).path == "/accounts/login/"  # signed out: asked to sign in first
        response = _sign_in_here(page, email, EFAC_PASSWORD)
        assert response.ok and urlparse(page.url).path == declare_path
        assert page.evaluate("document.documentElement.lang") == "sl"
        if number == 0:
            _check(page, axe_report, "declaration of interests")
            _on_phone(page, axe_report, "declaration of interests")
        tab_to(page, 'main input[name="none-confirm"]')
        assert_focus_visible(page)
        page.keyboard.press("Space")
        response = _press(page, 'main form:has(input[name="none-confirm"]) button[type="submit"]')
        assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/"
        assert CaseActor.objects.get(case=case, actor__user__email=email).declaration == "no_conflict"
        if number == 0:
            _check(page, axe_report, "case (in feedback, actor)")
            _on_phone(page, axe_report, "case (in feedback, actor)")

        _press(page, f'main a[href="/external-feedback/{case_id}/scores/"]')
        if number == 0:
            _check(page, axe_report, "own scores (empty)")
            _on_phone(page, axe_report, "own scores")
        # The first question with the keyboard: Tab to its first radio, Space, then the arrows to 4.
        tab_to(page, 'main input[name="score_1_1"]')
        assert_focus_visible(page)
        page.keyboard.press("Space")
        for _step in range(AGREED - 1):
            page.keyboard.press("ArrowDown")
        assert page.locator('main input[name="score_1_1"]:checked').get_attribute("value") == str(AGREED)
        # The others with the pointer; the second actor is a little more generous on pillar 3.
        for code in CODES[1:]:
            value = AGREED + 1 if number == 1 and code.startswith("3.") else AGREED
            page.locator(f'main input[name="score_{code.replace(".", "_")}"][value="{value}"]').check()
        page.locator('main textarea[name="note_1_1"]').fill("Skupina je bila dobro sestavljena.")
        response = _press(page, 'main button[name="action"][value="finish"]')
        assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/agreement/"
        assert CaseActor.objects.get(case=case, actor__user__email=email).scores_done_at is not None
        if number == 0:
            _check(page, axe_report, "agreement (waiting for the other actor)")
            logout(page)

    # The second actor finished: the agreement opens; the lead records every agreed score with a rationale.
    logout(page)
    login(page, LEAD[0], EFAC_PASSWORD)
    agreement_url = f"/external-feedback/{case_id}/agreement/"
    page.goto(agreement_url)
    assert page.locator('main form input[name="question"]').count() == len(CODES)
    _check(page, axe_report, "agreement (open)")
    _on_phone(page, axe_report, "agreement")
    for index, code in enumerate(CODES):
        form = page.locator(f'main form:has(input[name="question"][value="{code}"])')
        form.locator('select[name$="-score"]').select_option(str(AGREED))
        form.locator('textarea[name$="-rationale"]').fill(f"Dokazi v dosjeju in na obisku podpirajo oceno ({code}).")
        button = f'main form:has(input[name="question"][value="{code}"]) button[type="submit"]'
        if index == 0:
            response = _press(page, button)
        else:
            with page.expect_navigation() as navigation:
                form.locator('button[type="submit"]').click()
            response = navigation.value
        assert response.ok, f"the agreed score of {code} was refused ({response.status})"
    agreed = dict(AgreedScore.objects.filter(case=case).values_list("question", "score"))
    assert agreed == dict.fromkeys(CODES, AGREED)
    with translation.override("sl"):
        passed = gettext("Every question is agreed, every fixed threshold is met and every minimum is reached.")
    assert page.get_by_text(passed).count() >= 1
    _check(page, axe_report, "agreement (every score agreed)")

    # The report: strengths and areas for improvement per pillar, a summary; saved, then finalised.
    page.goto(f"/external-feedback/{case_id}/")
    _press(page, f'main a[href="/external-feedback/{case_id}/report/"]')
    _check(page, axe_report, "feedback report (empty)")
    for pillar in QUESTIONS:
        page.locator(f'main textarea[name="strengths_{pillar}"]').fill(f"Prednosti v stebru {pillar}.")
        page.locator(f'main textarea[name="areas_{pillar}"]').fill(f"Priložnosti za izboljšanje v stebru {pillar}.")
    page.locator('main textarea[name="summary"]').fill("Občina uporablja CAF učinkovito.")
    response = _press(page, 'main form[method="post"]:not([action]) button[type="submit"]')
    assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/report/"
    _check(page, axe_report, "feedback report (written)")
    _on_phone(page, axe_report, "feedback report")
    response = _press(page, f'main form[action="/external-feedback/{case_id}/report/finalise/"] button[type="submit"]')
    assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/"
    case.refresh_from_db()
    assert case.state == CaseState.REPORTED
    assert FeedbackReport.objects.get(case=case).finalised_at is not None
    logout(page)

    # --- 5. the coordinator awards the label --------------------------------------------------------------
    login(page, COORDINATOR)
    page.goto(f"/external-feedback/{case_id}/")
    _press(page, f'main a[href="/external-feedback/{case_id}/decision/"]')
    _check(page, axe_report, "decision")
    _on_phone(page, axe_report, "decision")
    tab_to(page, 'main input[name="outcome"][value="award"]')
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page.locator('main textarea[name="note"]').fill("Vsi pragovi so doseženi.")
    response = _press(page, 'main form[method="post"] button[type="submit"]')
    assert response.ok and urlparse(page.url).path == f"/external-feedback/{case_id}/"
    case.refresh_from_db()
    assert case.state == CaseState.AWARDED
    label = Label.objects.get(case=case)
    assert label.organisation == scene.municipality
    assert label.valid_until.year == label.awarded_on.year + 2  # 24 months
    _check(page, axe_report, "case (awarded, coordinator)")
    logout(page)

    # The municipality sees the label on its external feedback page and its recognitions.
    login(page, QUALITY)
    page.goto(f"/org/{org_id}/external-feedback/")
    with translation.override("sl"):
        valid_until = date_format(label.valid_until, "DATE_FORMAT")
        label_name = label.name_in("sl")
    labels = page.locator('main section[aria-labelledby="feedback-labels"] tbody tr')
    assert labels.count() == 1
    assert label.number in labels.inner_text() and valid_until in labels.inner_text()
    assert labels.locator("th").inner_text() == label_name
    _check(page, axe_report, "organisation's page (label)")
    _on_phone(page, axe_report, "organisation's page (label)")

    _click(page, f'nav a[href="/org/{org_id}/recognitions/"]')
    held = page.locator("main table").filter(has_text=label.number).locator("tbody tr")
    assert held.count() == 1 and valid_until in held.inner_text()
    _check(page, axe_report, "recognitions (label)")
    _on_phone(page, axe_report, "recognitions (label)")
    certificate = f"/labels/{label.public_id}/certificate/"
    assert held.locator(f'a[href="{certificate}"]').count() == 1
    pdf = page.request.get(certificate)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # The case page links the certificate and the comparison of own and agreed scores.
    page.goto(f"/external-feedback/{case_id}/")
    assert page.locator(f'main a[href="{certificate}"]').count() == 1
    _check(page, axe_report, "case (awarded, organisation)")
    _on_phone(page, axe_report, "case (awarded, organisation)")
    _press(page, f'main a[href="/external-feedback/{case_id}/comparison/"]')
    for code in CODES:
        cells = page.locator("main tbody tr").filter(has=page.locator(f'th:text-matches("^{re.escape(code)} ")'))
        own, agreed_cell, _difference = [text.strip() for text in cells.locator("td").all_inner_texts()]
        assert agreed_cell == str(AGREED), (code, agreed_cell)
        if code in OWN_SCORES:
            assert own == str(OWN_SCORES[code]), (code, own)
    _check(page, axe_report, "comparison")
    _on_phone(page, axe_report, "comparison")
    logout(page)

    # An anonymous visitor finds the municipality in the public register, with its validity.
    page.goto("/labels/")
    language = page.evaluate("document.documentElement.lang")
    with translation.override(language):
        public_until = date_format(label.valid_until, "DATE_FORMAT")
    entry = page.locator("main tbody tr").filter(has_text=MUNICIPALITY)
    assert entry.count() == 1 and public_until in entry.inner_text()
    _check(page, axe_report, "public register")
    _on_phone(page, axe_report, "public register")
    axe_report.assert_clean()


# --- 2. an actor reaches nothing else -----------------------------------------------------------------------


def test_an_actor_reaches_nothing_but_the_case(page: Any, login: Any) -> None:
    from allauth.account.models import EmailAddress

    from opencaf.accounts.models import User
    from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case
    from opencaf.organisations.models import Organisation

    scene = _scene()
    case = feedback_case(scene.municipality, scene.assessment, state="in_feedback")
    other = Organisation.objects.get(name=OTHER_ORGANISATION)
    other_assessment = accepted_assessment(other, scene.assessment.framework, title="Samoocenjevanje UE")
    other_case = feedback_case(other, other_assessment, state="in_feedback")
    email, full_name = LEAD
    user = User.objects.create_user(email, EFAC_PASSWORD, full_name=full_name, language="sl")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    assign(case, external_actor(scene.network, user), lead=True)

    login(page, email, EFAC_PASSWORD)
    response = page.goto(f"/external-feedback/{case.public_id}/")
    assert response.status == 200  # their own case
    for path in (
        f"/org/{scene.municipality.public_id}/evidence/",
        f"/org/{scene.municipality.public_id}/external-feedback/",
        f"/org/{scene.municipality.public_id}/",
        f"/external-feedback/{other_case.public_id}/",
        f"/external-feedback/{other_case.public_id}/application/",
        f"/external-feedback/{other_case.public_id}/declaration/",
    ):
        response = page.goto(path)
        assert response.status == 404, f"{path}: {response.status}"


# --- 3. defects found on the journey, fixed: guarded against their return -------------------------------------


def test_a_refused_submission_takes_the_focus_to_the_error_summary(page: Any, login: Any, axe_report: Any) -> None:
    from opencaf.feedback.models import CaseState
    from opencaf.feedback.tests.factories import feedback_case

    scene = _scene()
    case = feedback_case(scene.municipality, scene.assessment, answers={"1": "Kako smo to naredili.", "2": "In to."})
    login(page, QUALITY)
    page.set_viewport_size(DESKTOP)
    page.goto(f"/external-feedback/{case.public_id}/application/")
    response = _press(page, f'main form[action="/external-feedback/{case.public_id}/submit/"] button[type="submit"]')
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT  # refused, nothing submitted
    assert response.status == 422, f"a refused submission answers {response.status}"
    assert _error_summary_focused(page), "the focus is not on an error summary"
    assert_focus_visible(page)
    assert page.locator('[data-error-summary] a[href="#id_pillar_3"]').count() == 1  # leads to the empty pillar
    assert page.locator('textarea[name="pillar_3"]').get_attribute("aria-invalid") == "true"
    axe_report.check(page, "application (submission refused)")
    axe_report.assert_clean()


def test_no_second_application_on_a_self_assessment_already_awarded(page: Any, login: Any) -> None:
    from opencaf.feedback.tests.factories import feedback_case, label

    scene = _scene()
    label(feedback_case(scene.municipality, scene.assessment, state="awarded"))
    login(page, QUALITY)
    page.goto(f"/org/{scene.municipality.public_id}/external-feedback/")
    row = page.locator('main section[aria-labelledby="feedback-assessments"] tbody tr').filter(
        has_text=ASSESSMENT_TITLE
    )
    assert row.count() == 1
    apply = row.locator(f'form[action="/org/{scene.municipality.public_id}/external-feedback/apply/"]')
    assert apply.count() == 0, "“Apply” is offered again on the self-assessment that earned the label"
