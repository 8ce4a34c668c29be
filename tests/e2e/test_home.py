"""The home page as each demo role's to-do list, and "My actions" on a phone.

Against the full demo (a 2026 self-assessment in consensus, the approved 2024 plan with actions in
every state), plus what the demo lacks on purpose: a self-assessment in its individual phase with a
deadline, and a finished one whose report and plan wait for management. Links are followed from the
list, never built; nothing depends on translated text (demo users work in Slovenian).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments import services
from opencaf.assessments.models import SelfAssessment
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement import services as improvement_services
from opencaf.improvement.models import Action
from opencaf.improvement.tests.factories import finalise
from opencaf.organisations.models import Membership

pytestmark = pytest.mark.e2e

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ASSESSMENT = rf"/org/{UUID}/assessments/{UUID}/"
PLAN = rf"/org/{UUID}/plans/{UUID}/"
TODO = "main ol.todo-list li.todo-item a"
PHONE = {"width": 390, "height": 844}


def _prepare(running: SelfAssessment) -> None:
    """The demo, a started self-assessment (assessor1 and assessor2, deadline in five days) and a
    finished one with a drafted plan (its report and plan wait for the manager)."""
    call_command("seed_demo", verbosity=0)
    leader = User.objects.get(email="leader@example.org")
    framework = FrameworkVersion.objects.get(code="caf2020")
    municipality = Membership.objects.get(user=leader).organisation
    SelfAssessment.objects.filter(pk=running.pk).update(individual_deadline=timezone.localdate() + timedelta(days=5))
    with transaction.atomic():
        finished = services.create_assessment(
            actor=leader,
            organisation=municipality,
            framework=framework,
            title="Samoocenjevanje (zaključeno)",
            scoring_method="classical",
            scope="whole",
        )
    finished = finalise(finished, leader)
    with transaction.atomic():
        plan = improvement_services.create_plan(actor=leader, assessment=finished)
    Action.objects.create(plan=plan, title="Nov ukrep", owner=Membership.objects.get(user__email="owner@example.org"))


def _urgencies(page: Any) -> list[str]:
    """The urgency of each to-do item, from its class (the badge says it in words)."""
    classes = page.locator("main ol.todo-list li.todo-item").evaluate_all("items => items.map(i => i.className)")
    return [
        next(c.removeprefix("todo-") for c in cls.split() if c.startswith("todo-") and c != "todo-item")
        for cls in classes
    ]


def _no_horizontal_overflow(page: Any, label: str) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{label} is wider than the screen: {width}"


def test_each_role_finds_what_needs_them(
    page: Any, login: Any, logout: Any, links: Any, axe_report: Any, running_assessment: Any
) -> None:
    _prepare(running_assessment)

    # An assessor: their scoring in the running self-assessment, due in five days.
    login(page, "assessor1@example.org")
    axe_report.check(page, "home (assessor)")
    assert _urgencies(page) == ["due_soon"]
    (my_input,) = links(page, TODO, rf"{ASSESSMENT}my/")
    assert page.goto(my_input).status == 200
    axe_report.check(page, "my input, from the to-do list")
    logout(page)

    # The CAF leader: members behind in the running one, consensus to reach in the 2026 demo cycle and
    # in the finished one nothing; their own stale action in the 2024 plan.
    login(page, "leader@example.org")
    axe_report.check(page, "home (leader)")
    assert links(page, TODO, ASSESSMENT), "no item for the self-assessment in its individual phase"
    (consensus,) = links(page, TODO, rf"{ASSESSMENT}consensus/")
    assert links(page, TODO, r"/my/actions/")
    assert page.goto(consensus).status == 200
    axe_report.check(page, "consensus workspace, from the to-do list")
    logout(page)

    # The manager: a report to accept, a plan to approve, and their overdue action in the 2024 plan.
    login(page, "manager@example.org")
    axe_report.check(page, "home (manager)")
    (report,) = links(page, TODO, rf"{ASSESSMENT}report/")
    assert len(links(page, TODO, PLAN)) == 1, "the drafted plan"
    assert links(page, TODO, rf"{PLAN}actions/{UUID}/"), "the overdue action"
    assert _urgencies(page)[0] == "overdue"
    assert page.goto(report).status == 200
    axe_report.check(page, "report, from the to-do list")
    logout(page)

    # The action owner: a summary of their open actions leading to My actions.
    login(page, "owner@example.org")
    axe_report.check(page, "home (owner)")
    (mine,) = links(page, TODO, r"/my/actions/")
    assert mine in links(page, "header nav a", r"/my/actions/"), "My actions is in the navigation bar too"
    assert page.goto(mine).status == 200
    rows = page.locator("main table tbody tr")
    assert rows.count() == 4, "three actions in the 2024 plan and one in the drafted plan"
    axe_report.check(page, "my actions")
    action = links(page, "main table tbody a", rf"{PLAN}actions/{UUID}/")[0]
    assert page.goto(action).status == 200

    # On a phone: the lists and the table reflow, nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.goto(mine)
    _no_horizontal_overflow(page, "my actions at 390 px")
    axe_report.check(page, "my actions at 390 px")
    page.goto("/")
    _no_horizontal_overflow(page, "home at 390 px")
    axe_report.assert_clean()
