"""My actions: every action a person owns, across the plans of all their organisations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

URL = reverse("improvement:my_actions")


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    plan.title = "Alice Plan"
    plan.save()
    return plan


@pytest.fixture
def owner(world: World) -> Membership:
    return add_member(world.alice_org, UserFactory(full_name="Olga Owner"), Role.ACTION_OWNER)


def _action(plan: ImprovementPlan, owner: Membership | None, title: str, **fields: Any) -> Action:
    return Action.objects.create(plan=plan, owner=owner, title=title, **fields)


def test_owner_sees_own_actions_with_markers(world: World, plan: ImprovementPlan, owner: Membership) -> None:
    today = timezone.localdate()
    late = _action(plan, owner, "Late survey", due_date=today - timedelta(days=3), progress=40, status="do")
    _action(plan, owner, "Quiet website", last_update_at=timezone.now() - timedelta(days=40), progress=10)
    _action(plan, owner, "Finished training", progress=100, status="done")
    _action(plan, world.alice_membership, "Alice owns this one")
    _action(plan, None, "Nobody owns this one")
    response = client_for(owner.user).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert world.alice_org.name in body and "Alice Plan" in body
    for title in ("Late survey", "Quiet website", "Finished training"):
        assert title in body
    assert "Alice owns this one" not in body and "Nobody owns this one" not in body
    assert ">Overdue</span>" in body and ">No update for a month</span>" in body  # markers in words
    assert "You own 3 improvement actions." in body and "2 are still open." in body
    link = reverse(
        "improvement:action",
        kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id, "action_id": late.public_id},
    )
    assert f'href="{link}"' in body and f'href="{link}#report-progress"' in body
    # The owner may open the action and its (draft) plan from here.
    client = client_for(owner.user)
    assert client.get(link).status_code == 200
    plan_url = reverse("improvement:detail", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id})
    assert f'href="{plan_url}"' in body and client.get(plan_url).status_code == 200
    # Unfinished actions first within the plan.
    (group,) = response.context["groups"]
    (entry,) = group.plans
    assert [row.action.title for row in entry.rows][-1] == "Finished training"


def test_actions_in_several_organisations_are_grouped(
    world: World, plan: ImprovementPlan, owner: Membership, caf_framework: FrameworkVersion
) -> None:
    other_plan = make_plan(world.bob_org, world.bob, caf_framework)
    in_bob_org = add_member(world.bob_org, owner.user, Role.ACTION_OWNER)
    _action(plan, owner, "Alice side")
    _action(other_plan, in_bob_org, "Bob side")
    groups = client_for(owner.user).get(URL).context["groups"]
    assert [(g.organisation.name, [r.action.title for p in g.plans for r in p.rows]) for g in groups] == [
        (world.alice_org.name, ["Alice side"]),
        (world.bob_org.name, ["Bob side"]),
    ]


def test_other_organisation_never_sees_alices_actions(world: World, plan: ImprovementPlan, owner: Membership) -> None:
    _action(plan, owner, "Alice Secret Action")
    _action(plan, world.alice_membership, "Alice Own Action")
    for person in (world.bob, world.charlie, world.carol):
        response = client_for(person).get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Alice Secret Action" not in body and "Alice Own Action" not in body
        assert world.alice_org.name not in body
        assert response.context["groups"] == []
        assert "You do not own any improvement actions." in body


def test_a_membership_elsewhere_does_not_open_a_plan(
    world: World, plan: ImprovementPlan, caf_framework: FrameworkVersion
) -> None:
    """An action whose owner row belongs to another organisation than its plan is never listed."""
    bob_membership = Membership.objects.get(user=world.bob, organisation=world.bob_org)
    _action(plan, bob_membership, "Misfiled action")
    assert "Misfiled action" not in client_for(world.bob).get(URL).content.decode()


def test_anonymous_visitor_is_sent_to_sign_in() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_actions(
    world: World, plan: ImprovementPlan, owner: Membership, caf_framework: FrameworkVersion
) -> None:
    """3 actions, then 30 in two plans of two organisations: the same number of queries."""
    for index in range(3):
        _action(plan, owner, f"Action {index}", due_date=timezone.localdate() - timedelta(days=index))
    client = client_for(owner.user)
    small = _queries(client)
    other_plan = make_plan(world.bob_org, world.bob, caf_framework)
    elsewhere = add_member(world.bob_org, owner.user, Role.ACTION_OWNER)
    for index in range(27):
        _action(other_plan if index % 2 else plan, elsewhere if index % 2 else owner, f"More {index}")
    assert _queries(client) == small
    assert small <= 8
    assert len(client.get(URL).context["groups"]) == 2
