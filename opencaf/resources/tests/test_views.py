"""The resource pages: who sees and changes what, the roll-ups they show, and a bounded number of
queries however many actions, processes and quarters there are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement import plan_panels
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.indicators.models import Process
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.resources.models import ResourceLine
from opencaf.resources.tests.factories import PAST, make_action, make_process, set_quarter


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    return make_plan(world.alice_org, world.alice, caf_framework)


@pytest.fixture
def action(plan: ImprovementPlan) -> Action:
    return make_action(
        plan, "Accessible website", "4.5", "5.2", start_date=date(2026, 1, 15), due_date=date(2026, 10, 31)
    )


@pytest.fixture
def process(world: World) -> Process:
    return make_process(world.alice_org, world.alice)


@pytest.fixture
def viewer(world: World) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, Role.VIEWER)
    return user


def _urls(world: World, action: Action, process: Process) -> dict[str, str]:
    org = world.alice_org.public_id
    return {
        "overview": reverse("resources:overview", args=[org]),
        "action": reverse("resources:action", args=[org, action.public_id]),
        "process": reverse("resources:process", args=[org, process.public_id]),
        "export": reverse("resources:export", args=[org, "xlsx"]),
        "import": reverse("resources:import", args=[org]),
    }


# --- who may --------------------------------------------------------------------------------------


def test_the_manager_sees_every_page(world: World, action: Action, process: Process) -> None:
    client = client_for(world.alice)
    for name, url in _urls(world, action, process).items():
        assert client.get(url).status_code == 200, name


def test_a_plain_member_reads_but_does_not_change(
    world: World, plan: ImprovementPlan, action: Action, process: Process, viewer: Any
) -> None:
    urls = _urls(world, action, process)
    client = client_for(viewer)
    for name in ("overview", "process", "export"):
        assert client.get(urls[name]).status_code == 200, name
    assert "The figures of a quarter" not in client.get(urls["process"]).content.decode()  # no form
    assert client.get(urls["import"]).status_code == 403
    assert client.get(urls["action"]).status_code == 403  # the plan is not published to staff
    ImprovementPlan.objects.filter(pk=plan.pk).update(audience="staff")  # as publishing an approved plan does
    assert client.get(urls["action"]).status_code == 200
    for name in ("action", "process"):
        response = client.post(urls[name], {"quarter": "2026-Q1", "actual_eur": "10"})
        assert response.status_code == 403, name
    assert not ResourceLine.objects.exists()


def test_another_organisation_gets_404_and_an_anonymous_visitor_the_sign_in(
    world: World, action: Action, process: Process
) -> None:
    set_quarter(world.alice, action, "2026-Q1", actual_eur="10")
    for name, url in _urls(world, action, process).items():
        for method in ("get", "post"):
            response = getattr(client_for(world.bob), method)(url, {"quarter": "2026-Q1", "actual_eur": "99"})
            assert response.status_code == 404, (name, method)
            response = getattr(client_for(None), method)(url)
            assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert ResourceLine.objects.get().actual_eur == 10
    # Bob's own organisation has no such action or process either.
    bob_url = reverse("resources:action", args=[world.bob_org.public_id, action.public_id])
    assert client_for(world.bob).get(bob_url).status_code == 404


def test_a_member_sees_the_actions_only_of_plans_they_may_read(
    world: World, plan: ImprovementPlan, action: Action, process: Process, viewer: Any
) -> None:
    set_quarter(world.alice, action, "2026-Q1", actual_eur="10")
    set_quarter(world.alice, process, "2026-Q1", actual_eur="20")
    urls = _urls(world, action, process)
    page = client_for(viewer).get(urls["overview"]).content.decode()
    assert "Issuing building permits" in page and "Accessible website" not in page
    exported = client_for(viewer).get(reverse("resources:export", args=[world.alice_org.public_id, "csv"]))
    assert (
        "Issuing building permits" in exported.content.decode()
        and "Accessible website" not in exported.content.decode()
    )
    # The owner of an action may read its plan, published or not.
    Action.objects.filter(pk=action.pk).update(owner=viewer.memberships.get())
    assert "Accessible website" in client_for(viewer).get(urls["overview"]).content.decode()


# --- what the pages show ---------------------------------------------------------------------------


@time_machine.travel(PAST)
def test_the_overview_rolls_up_by_quarter_and_criterion_with_flags(
    world: World, plan: ImprovementPlan, action: Action, process: Process
) -> None:
    loose = make_action(plan, "Staff newsletter")
    set_quarter(
        world.alice, action, "2026-Q1", planned_eur="1000", actual_eur="1200", planned_days="10", actual_days="9"
    )
    set_quarter(world.alice, action, "2026-Q2", planned_eur="500")  # actual not in yet
    set_quarter(world.alice, process, "2026-Q1", actual_eur="300")  # no plan
    set_quarter(world.alice, loose, "2026-Q3", planned_days="4", actual_days="1")  # over, under-spent
    response = client_for(world.alice).get(_urls(world, action, process)["overview"])
    board = response.context["board"]
    assert [row.label for row in board.by_quarter] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    first = board.by_quarter[0].summary
    assert (first.eur.planned, first.eur.actual, first.eur.variance) == (1000, 1500, 200)
    assert first.eur.unplanned == 300
    labels = [row.label for row in board.by_criterion]
    assert labels[0].startswith("4. ") and labels[1].startswith("5. ") and labels[-1] == "Not linked to a CAF criterion"
    criterion_five = board.by_criterion[1].summary
    assert criterion_five.eur.actual == 1500  # the action (5.2) and the process
    assert board.total.eur.actual == 1500 and board.total.days.actual == 10
    page = response.content.decode()
    assert "Money over plan" in page and "Person-days under plan" in page
    assert [row.label for row in board.targets] == [
        "Accessible website",
        "Staff newsletter",
        "Issuing building permits",
    ]


@time_machine.travel(PAST)
def test_an_actions_quarters_are_offered_from_its_dates_and_set_through_the_form(world: World, action: Action) -> None:
    url = reverse("resources:action", args=[world.alice_org.public_id, action.public_id])
    client = client_for(world.alice)
    page = client.get(url)
    assert [row.quarter for row in page.context["quarters"].rows] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    response = client.post(url, {"quarter": "q2 2026", "planned_eur": "1250.50", "actual_eur": ""})
    assert response.status_code == 302
    line = ResourceLine.objects.get()
    assert line.quarter == "2026-Q2" and line.planned_eur == 1250.5 and line.actual_eur is None
    edit = client.get(url + "?quarter=2026-Q2")
    assert edit.context["form"].initial["planned_eur"] == line.planned_eur
    assert "The figures of 2026-Q2" in edit.content.decode()


def test_bad_input_on_the_form_is_shown_not_saved(world: World, process: Process) -> None:
    url = reverse("resources:process", args=[world.alice_org.public_id, process.public_id])
    response = client_for(world.alice).post(url, {"quarter": "2026-13", "actual_eur": "-5", "planned_days": "many"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "write it as 2026-Q1" in errors["quarter"][0]
    assert set(errors) == {"quarter", "actual_eur", "planned_days"}
    assert "There is a problem" in response.content.decode()
    assert not ResourceLine.objects.exists()


def test_the_plan_dashboard_and_the_action_page_show_money_and_time_against_plan(
    world: World, plan: ImprovementPlan, action: Action
) -> None:
    Action.objects.filter(pk=action.pk).update(budget_eur=4000, person_days=20)
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1000", actual_eur="2000")
    client = client_for(world.alice)
    page = client.get(reverse("improvement:detail", args=[world.alice_org.public_id, plan.public_id])).content.decode()
    assert "Money and time spent against plan" in page
    assert "4,000.00" in page and "2,000.00" in page and "50 % of the budget" in page
    assert "Actions with a flag" in page and "Money over plan" in page
    action_page = client.get(
        reverse("improvement:action", args=[world.alice_org.public_id, plan.public_id, action.public_id])
    ).content.decode()
    assert reverse("resources:action", args=[world.alice_org.public_id, action.public_id]) in action_page


def test_the_process_page_links_to_its_money_and_time(world: World, process: Process) -> None:
    page = client_for(world.alice).get(
        reverse("indicators:process", args=[world.alice_org.public_id, process.public_id])
    )
    assert reverse("resources:process", args=[world.alice_org.public_id, process.public_id]) in page.content.decode()


# --- queries do not grow with the data ---------------------------------------------------------------


def _fill(world: World, plan: ImprovementPlan, actions: int, processes: int, first: int = 0) -> None:
    for number in range(first, first + actions):
        target = make_action(plan, f"Action {number}", "1.1", "6.2")
        for quarter in ("2026-Q1", "2026-Q2", "2026-Q3"):
            set_quarter(world.alice, target, quarter, planned_eur="100", actual_eur=str(90 + number), actual_days="1")
    for number in range(first, first + processes):
        target = make_process(world.alice_org, world.alice, f"Process {number}")
        set_quarter(world.alice, target, "2026-Q1", planned_days="5", actual_days="6")


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_and_the_plan_panel_run_a_fixed_number_of_queries(
    world: World, plan: ImprovementPlan, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.alice)
    overview = reverse("resources:overview", args=[world.alice_org.public_id])
    dashboard = reverse("improvement:detail", args=[world.alice_org.public_id, plan.public_id])
    _fill(world, plan, 2, 1)
    small = (_queries(client, overview), _queries(client, dashboard))
    _fill(world, plan, 25, 10, first=2)
    assert (_queries(client, overview), _queries(client, dashboard)) == small
    with django_assert_max_num_queries(12):
        client.get(overview)
    with django_assert_max_num_queries(2):
        (panel,) = plan_panels.for_plan(world.alice, plan)
    assert len(panel.context["resources"].by_quarter) == 3
