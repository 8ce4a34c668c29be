"""What improvement plans put on the home page: a plan to approve, an owner's open actions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.core.todo import TodoItem, Urgency
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement import todo
from opencaf.improvement.models import Action, ImprovementPlan, PlanStatus
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member


def _items(provider: Any, user: User) -> list[TodoItem]:
    return list(provider(User.objects.get(pk=user.pk)))  # a fresh user: memberships are cached per request


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    plan.title = "Improvement plan 2026"
    plan.save()
    return plan


@pytest.fixture
def owner(world: World) -> Membership:
    return add_member(world.alice_org, UserFactory(full_name="Olga Owner"), Role.ACTION_OWNER)


def _approve(plan: ImprovementPlan) -> None:
    ImprovementPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)


def _actions(plan: ImprovementPlan, owner: Membership, count: int, *, overdue: int = 0, stale: int = 0) -> list[Action]:
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=45)
    actions = [
        Action(
            plan=plan,
            title=f"Action {index + 1}",
            owner=owner,
            due_date=today - timedelta(days=10 + index) if index < overdue else today + timedelta(days=60 + index),
            progress=20,
            status="do",
            last_update_at=long_ago if overdue <= index < overdue + stale else timezone.now(),
        )
        for index in range(count)
    ]
    return Action.objects.bulk_create(actions)


def test_manager_sees_a_drafted_plan_waiting_for_approval(
    world: World, plan: ImprovementPlan, owner: Membership
) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    assert _items(todo.approval_items, manager) == [], "a plan without actions cannot be approved yet"
    _actions(plan, owner, 3)
    (item,) = _items(todo.approval_items, manager)
    assert item.title == "Plan waiting for your approval: Improvement plan 2026"
    assert item.detail.startswith("3 actions drafted")
    assert item.url == reverse(
        "improvement:detail", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id}
    )
    assert item.urgency == Urgency.WAITING
    for person in (world.alice, owner.user, world.bob, world.charlie):
        assert _items(todo.approval_items, person) == [], person
    _approve(plan)
    assert _items(todo.approval_items, manager) == []


def test_owner_sees_a_summary_and_each_overdue_action(world: World, plan: ImprovementPlan, owner: Membership) -> None:
    _approve(plan)
    actions = _actions(plan, owner, 4, overdue=1, stale=2)
    Action.objects.filter(pk=actions[3].pk).update(progress=100, status="done")  # finished: not open
    summary, overdue = _items(todo.owner_items, owner.user)
    assert summary.title == "3 open actions"
    assert summary.detail == "1 is overdue. 2 have had no update for over a month."
    assert summary.url == reverse("improvement:my_actions")
    assert summary.count == 3 and summary.organisation == world.alice_org.name
    assert overdue.title == "Action 1" and overdue.urgency == Urgency.OVERDUE
    assert overdue.url == reverse(
        "improvement:action",
        kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id, "action_id": actions[0].public_id},
    )
    # On the home page the overdue action comes first.
    items = client_for(owner.user).get("/").context["items"]
    assert [item.title for item in items] == ["Action 1", "3 open actions"]


def test_owner_up_to_date(plan: ImprovementPlan, owner: Membership) -> None:
    _approve(plan)
    _actions(plan, owner, 1)
    (summary,) = _items(todo.owner_items, owner.user)
    assert summary.title == "1 open action"
    assert summary.detail == "All of them are up to date."
    assert summary.urgency == Urgency.INFO


def test_overdue_actions_listed_are_capped(plan: ImprovementPlan, owner: Membership) -> None:
    _approve(plan)
    _actions(plan, owner, 9, overdue=8)
    summary, *listed = _items(todo.owner_items, owner.user)
    assert summary.detail.startswith("8 are overdue.")
    assert len(listed) == todo.OVERDUE_LISTED == 5


def test_actions_of_a_draft_plan_and_of_others_are_not_listed(
    world: World, plan: ImprovementPlan, owner: Membership
) -> None:
    _actions(plan, owner, 2, overdue=2)
    assert _items(todo.owner_items, owner.user) == [], "the work starts when the plan is approved"
    _approve(plan)
    assert len(_items(todo.owner_items, owner.user)) == 3
    colleague = add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)
    for person in (colleague.user, world.alice, world.bob, world.charlie, world.carol):
        assert _items(todo.owner_items, person) == [], person
    assert "Action 1" not in client_for(world.bob).get("/").content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_actions(
    world: World, plan: ImprovementPlan, owner: Membership, django_assert_max_num_queries: Any
) -> None:
    """3 actions, then 30 (a third overdue, a third stale): the same number of queries."""
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER, Role.ACTION_OWNER)
    _actions(plan, owner, 3, overdue=1, stale=1)
    _actions(plan, Membership.objects.get(user=manager), 3, overdue=1)
    owner_client, manager_client = client_for(owner.user), client_for(manager)
    small = (_queries(owner_client, "/"), _queries(manager_client, "/"))
    _actions(plan, owner, 27, overdue=9, stale=9)
    with django_assert_max_num_queries(small[1]):
        body = manager_client.get("/").content.decode()
    assert "Plan waiting for your approval" in body
    assert (_queries(owner_client, "/"), _queries(manager_client, "/")) == small
    _approve(plan)
    with django_assert_max_num_queries(small[0]):
        body = owner_client.get("/").content.decode()
    assert "30 open actions" in body
