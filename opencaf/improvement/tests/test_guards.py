"""Approving a plan asks first and says what approval records; the subcriteria picker is a set of
checkboxes grouped by criterion; the "open actions over time" chart does not draw the future."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import services
from opencaf.improvement.models import ImprovementPlan, PlanStatus
from opencaf.improvement.tests.factories import make_plan
from opencaf.improvement.tests.test_plan import _data
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    services.add_action(actor=world.alice, plan=plan, data=_data(title="Survey citizens", due_date=None))
    return plan


@pytest.fixture
def manager(world: World) -> User:
    person = UserFactory()
    add_member(world.alice_org, person, Role.MANAGER)
    return person


def _url(name: str, plan: ImprovementPlan) -> str:
    return reverse(name, kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id})


def test_get_of_the_approval_page_changes_nothing_and_says_what_is_vague(plan: ImprovementPlan, manager: User) -> None:
    response = client_for(manager).get(_url("improvement:approve", plan))
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be withdrawn" in page
    assert "1 action has no owner" in page and "Survey citizens" in page
    assert "1 action has no due date" in page
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not AuditEvent.objects.filter(action="improvement.plan_approved").exists()


def test_post_approves(plan: ImprovementPlan, manager: User) -> None:
    response = client_for(manager).post(_url("improvement:approve", plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == manager


def test_the_plan_page_links_to_the_approval_page(plan: ImprovementPlan, manager: User) -> None:
    page = client_for(manager).get(_url("improvement:detail", plan)).content.decode()
    assert f'href="{_url("improvement:approve", plan)}"' in page
    assert 'method="post" action="{}"'.format(_url("improvement:approve", plan)) not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_approval_page_permissions(world: World, plan: ImprovementPlan, method: str) -> None:
    url = _url("improvement:approve", plan)
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert getattr(client_for(world.alice), method)(url).status_code == 403  # plans, but management approves
    assert getattr(client_for(viewer), method)(url).status_code == 403
    assert getattr(client_for(world.bob), method)(url).status_code == 404
    anonymous = getattr(client_for(None), method)(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_an_approved_plan_does_not_ask_again(plan: ImprovementPlan, manager: User) -> None:
    services.approve_plan(actor=manager, plan=plan)
    assert client_for(manager).get(_url("improvement:approve", plan)).status_code == 302


# --- subcriteria picker ----------------------------------------------------------------------------


def test_subcriteria_are_checkboxes_grouped_by_criterion(world: World, plan: ImprovementPlan) -> None:
    client = client_for(world.alice)
    url = _url("improvement:action_new", plan)
    page = client.get(url).content.decode()
    assert "<select multiple" not in page and 'name="subcriteria" multiple' not in page
    assert (
        page.count('type="checkbox" name="subcriteria"')
        == Subcriterion.objects.filter(framework=plan.assessment.framework).count()
    )
    assert "<legend" in page and "1. Leadership" in page
    chosen = Subcriterion.objects.filter(framework=plan.assessment.framework, code__in=["1.1", "6.2"])
    response = client.post(
        url,
        {"title": "Listen better", "impact": 2, "feasibility": 2, "subcriteria": [sub.pk for sub in chosen]},
    )
    assert response.status_code == 302
    action = plan.actions.get(title="Listen better")
    assert {sub.code for sub in action.subcriteria.all()} == {"1.1", "6.2"}
    edit = client.get(
        reverse(
            "improvement:action_edit",
            kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id, "action_id": action.public_id},
        )
    ).content.decode()
    assert edit.count("checked") >= 2


# --- burn-down chart ------------------------------------------------------------------------------


def test_the_chart_has_no_future_points(world: World, plan: ImprovementPlan) -> None:
    """The plan starts today and an action is due in a year: the chart has today's point only."""
    far = timezone.localdate() + timedelta(days=400)
    services.add_action(actor=world.alice, plan=plan, data=_data(title="Long one", due_date=far))
    response = client_for(world.alice).get(_url("improvement:detail", plan))
    page = response.content.decode()
    script = page.split('id="burn-down-data" type="application/json">')[1].split("</script>")[0]
    today = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert json.loads(script)["labels"] == [today]
