"""The heart of the platform in a real browser: an assessor scores, the leader opens consensus and
records it. Every page on the way is checked with axe. Nothing depends on translated text."""

from __future__ import annotations

from typing import Any

import pytest

from opencaf.assessments.models import Consensus, IndividualScore, SelfAssessment

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ASSESSMENT = rf"/org/{UUID}/assessments/{UUID}/"


def _open_assessment(page: Any, links: Any) -> str:
    """From the dashboard to the self-assessment, following links as a person would."""
    page.goto(links(page, "main a", rf"/org/{UUID}/")[0])
    page.goto(links(page, "main nav a", rf"/org/{UUID}/assessments/")[0])
    url = links(page, "main a", ASSESSMENT)[0]
    page.goto(url)
    return url


def test_assessor_scores_then_leader_reaches_consensus(
    page: Any, login: Any, logout: Any, links: Any, axe_report: Any, running_assessment: SelfAssessment
) -> None:
    assessment = running_assessment
    login(page, "assessor1@example.org")
    url = _open_assessment(page, links)
    axe_report.check(page, "assessment overview (assessor)")
    page.goto(url + "my/")
    axe_report.check(page, "my assessment")
    page.goto(links(page, "main a", ASSESSMENT + r"my/1\.1/")[0])
    axe_report.check(page, "scoring page")
    form = page.locator("main form[data-autosave]")
    form.locator('input[name="score"]').fill("45")
    form.locator('textarea[name="strength"]').fill("Vizija je objavljena na spletni strani.\nVodstvo je dostopno.")
    # Saved by htmx as the person types, without pressing the button. (The test reads the database
    # only once the browser has finished: in-memory SQLite does not allow reading during a write.)
    page.wait_for_selector("#save-status p.text-success")
    page.wait_for_timeout(1500)  # past the autosave delay, so the last keystrokes went out too
    page.reload()
    assert "Vodstvo je dostopno." in page.locator('textarea[name="strength"]').input_value()
    individual = IndividualScore.objects.get(seat__membership__user__email="assessor1@example.org")
    assert individual.score == 45 and individual.entries.count() == 2
    axe_report.check(page, "scoring page after autosave")
    logout(page)

    login(page, "leader@example.org")
    _open_assessment(page, links)
    axe_report.check(page, "assessment overview (leader)")
    page.goto(links(page, "main a", ASSESSMENT + "state/open_consensus/")[0])  # the step asks first
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').click()
    assert SelfAssessment.objects.get(pk=assessment.pk).state == "consensus"
    page.goto(links(page, "main nav a", ASSESSMENT + "consensus/")[0])
    axe_report.check(page, "consensus workspace")
    page.goto(links(page, "main a", ASSESSMENT + r"consensus/1\.1/")[0])
    axe_report.check(page, "consensus on 1.1")
    form = page.locator("main form").filter(has=page.locator('input[name="version"]'))
    assert form.locator('input[name="score"]').input_value() == "45"  # the median, pre-filled
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert Consensus.objects.get(assessment=assessment, subcriterion__code="1.1").score == 45
    page.goto(links(page, "main a", ASSESSMENT + r"consensus/[\d.]+/meeting/")[0])
    axe_report.check(page, "meeting view")
    page.goto(links(page, "main a", ASSESSMENT + "consensus/")[0])
    page.goto(links(page, "main nav a", ASSESSMENT + "results/")[0])
    axe_report.check(page, "results")
    axe_report.assert_clean()


def test_demo_self_assessments_are_accessible(page: Any, login: Any, logout: Any, links: Any, axe_report: Any) -> None:
    """The seeded demo: a closed 2024 cycle and a 2026 cycle in consensus with nine assessors."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)  # the rest of the demo: self-assessments, plan, accepted report
    login(page, "leader@example.org")
    page.goto(links(page, "main a", rf"/org/{UUID}/")[0])
    page.goto(links(page, "main nav a", rf"/org/{UUID}/assessments/")[0])
    axe_report.check(page, "list of self-assessments")
    assessments = links(page, "main a", ASSESSMENT)  # newest first: the 2026 cycle, then 2024
    assert len(assessments) == 2
    for url in assessments:
        page.goto(url)
        axe_report.check(page, f"overview {url}")
        for tab in links(page, "main nav a", ASSESSMENT + r"(consensus|results)/"):
            page.goto(tab)
            axe_report.check(page, tab)
    page.goto(assessments[0] + "consensus/")
    page.goto(links(page, "main a", ASSESSMENT + r"consensus/6\.1/")[0])
    axe_report.check(page, "consensus on one subcriterion (demo)")
    page.goto(links(page, "main a", ASSESSMENT + r"consensus/[\d.]+/meeting/")[0])
    axe_report.check(page, "meeting view (demo)")
    # The 2024 cycle's report, in Slovenian and in Bulgarian.
    page.goto(assessments[1])
    report_url = links(page, "main nav a", ASSESSMENT + "report/")[0]
    page.goto(report_url)
    axe_report.check(page, "self-assessment report (demo)")
    page.goto(report_url + "?language=bg")
    axe_report.check(page, "self-assessment report in Bulgarian (demo)")
    # The 2024 cycle's improvement plan: the dashboard, one action, its edit form and the form for a new one.
    page.goto(assessments[1])
    page.goto(links(page, "main nav a", ASSESSMENT + "improvement/")[0])
    axe_report.check(page, "improvement plan (demo)")
    action_url = links(page, "main a", rf"/org/{UUID}/plans/{UUID}/actions/{UUID}/")[0]
    page.goto(action_url)
    axe_report.check(page, "improvement action (demo)")
    page.goto(action_url + "edit/")
    axe_report.check(page, "edit an improvement action (demo)")
    page.goto(action_url.split("actions/")[0] + "actions/new/")
    axe_report.check(page, "new improvement action (demo)")
    page.goto(action_url.split("actions/")[0] + "actions/import/")
    axe_report.check(page, "import improvement actions (demo)")
    page.goto(assessments[1] + "next/")
    axe_report.check(page, "start the next self-assessment (demo)")
    page.goto(assessments[0].split("assessments/")[0])  # the organisation's page
    page.goto(links(page, "main nav a", rf"/org/{UUID}/evidence/")[0])
    axe_report.check(page, "evidence register (demo)")
    logout(page)
    login(page, "assessor9@example.org")
    page.goto(links(page, "main a", rf"/org/{UUID}/")[0])
    page.goto(links(page, "main nav a", rf"/org/{UUID}/assessments/")[0])
    page.goto(links(page, "main a", ASSESSMENT)[0])
    page.goto(links(page, "main a", ASSESSMENT + "my/")[0])
    axe_report.check(page, "assessor's own input (closed)")
    page.goto(links(page, "main a", ASSESSMENT + r"my/[\d.]+/")[0])
    axe_report.check(page, "assessor's read-only scoring page")
    axe_report.assert_clean()


@pytest.mark.expected_console_errors("htmx:sendError", "htmx:afterRequest", "ERR_INTERNET_DISCONNECTED")
def test_typing_survives_a_lost_connection(page: Any, login: Any, links: Any, running_assessment: Any) -> None:
    login(page, "assessor2@example.org")
    url = _open_assessment(page, links)
    page.goto(url + "my/2.1/")
    form = page.locator("main form[data-autosave]")
    page.context.set_offline(True)
    form.locator('textarea[name="area"]').fill("Ni letnega pregleda strategije.")
    page.wait_for_selector("#save-status.text-danger")  # says it was not saved, keeps the text
    assert form.locator('textarea[name="area"]').input_value() == "Ni letnega pregleda strategije."
    # When the connection comes back, what was kept is sent without any further typing.
    page.context.set_offline(False)
    page.wait_for_selector("#save-status p.text-success")
    page.wait_for_timeout(300)
    page.reload()
    assert page.locator('textarea[name="area"]').input_value() == "Ni letnega pregleda strategije."
    # A tab closed before the save went out: its draft is restored and saved when the page is opened again.
    page.evaluate(
        """() => localStorage.setItem("opencaf-draft:" + location.pathname,
               JSON.stringify({idea: "Uvesti letni pregled strategije.", area: "Ni letnega pregleda strategije."}))"""
    )
    page.reload()
    assert page.locator('textarea[name="idea"]').input_value() == "Uvesti letni pregled strategije."
    page.wait_for_selector("#save-status p.text-success")
    page.wait_for_timeout(300)
    page.reload()
    assert page.locator('textarea[name="idea"]').input_value() == "Uvesti letni pregled strategije."
    individual = IndividualScore.objects.get(seat__membership__user__email="assessor2@example.org")
    assert sorted(entry.text for entry in individual.entries.all()) == [
        "Ni letnega pregleda strategije.",
        "Uvesti letni pregled strategije.",
    ]


def test_owner_updates_progress_from_the_emailed_link(page: Any, assert_accessible: Any) -> None:
    """No sign-in: the link from the reminder e-mail opens a short form."""
    from django.core.management import call_command

    from opencaf.improvement.links import make_token
    from opencaf.improvement.models import Action as ImprovementAction

    call_command("seed_demo", verbosity=0)  # the rest of the demo, with the improvement plan
    action = ImprovementAction.objects.filter(owner__user__email="owner@example.org", progress__lt=100).first()
    assert action is not None
    page.goto(f"/actions/update/{make_token(action)}/")
    assert_accessible(page, "update by link")
    form = page.locator("main form")
    form.locator('select[name="status"]').select_option("check")
    form.locator('input[name="progress"]').fill("75")
    form.locator('textarea[name="note"]').fill("Pregled prvih rezultatov.")
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert_accessible(page, "thanks")
    page.goto("/actions/update/not-a-valid-link/")
    assert_accessible(page, "invalid link")
