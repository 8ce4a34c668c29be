"""A plan is approved once: a second approval, even one racing the first, changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement import services
from opencaf.improvement.models import ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.improvement.tests.test_plan import _data
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _plan_ready_for_approval(world: World, framework: FrameworkVersion) -> ImprovementPlan:
    plan = make_plan(world.alice_org, world.alice, framework)
    services.add_action(actor=world.alice, plan=plan, data=_data())
    return plan


def _manager(world: World):  # type: ignore[no-untyped-def]
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    return manager


def test_two_managers_approving_the_same_plan_at_once(world: World, caf_framework: FrameworkVersion) -> None:
    """Both read the plan as a draft (the race); only the first approval changes it and is audited."""
    plan = _plan_ready_for_approval(world, caf_framework)
    first, second = _manager(world), _manager(world)
    seen_by_first = ImprovementPlan.objects.get(pk=plan.pk)
    seen_by_second = ImprovementPlan.objects.get(pk=plan.pk)
    services.approve_plan(actor=first, plan=seen_by_first)
    with pytest.raises(ValidationError, match="already been approved"):
        services.approve_plan(actor=second, plan=seen_by_second)
    plan.refresh_from_db()
    assert plan.approved_by == first
    assert AuditEvent.objects.filter(action="improvement.plan_approved").count() == 1


def test_approving_an_approved_plan_is_refused_on_the_page(world: World, caf_framework: FrameworkVersion) -> None:
    plan = _plan_ready_for_approval(world, caf_framework)
    manager = _manager(world)
    services.approve_plan(actor=manager, plan=plan)
    url = reverse("improvement:approve", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id})
    response = client_for(manager).post(url, follow=True)
    assert response.status_code == 200
    assert b"already been approved" in response.content
    assert AuditEvent.objects.filter(action="improvement.plan_approved").count() == 1
