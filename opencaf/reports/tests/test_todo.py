"""What reports put on the home page: a finished self-assessment's report for management to accept."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.core.todo import TodoItem, Urgency
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.tests.factories import finalised_assessment
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.reports import services, todo


def _items(user: User) -> list[TodoItem]:
    return list(todo.acceptance_items(User.objects.get(pk=user.pk)))  # memberships are cached per user object


@pytest.fixture
def manager(world: World) -> User:
    person = UserFactory()
    add_member(world.alice_org, person, Role.MANAGER)
    return person


def test_manager_is_asked_to_accept_a_finished_report(
    world: World, manager: User, caf_framework: FrameworkVersion
) -> None:
    assessment = finalised_assessment(world.alice_org, world.alice, caf_framework)
    (item,) = _items(manager)
    assert item.title == "Report waiting for your acceptance: Self-assessment 2026"
    assert item.url == reverse(
        "reports:report", kwargs={"org_id": world.alice_org.public_id, "assessment_id": assessment.public_id}
    )
    assert item.urgency == Urgency.WAITING and item.organisation == world.alice_org.name
    assert client_for(manager).get(item.url).status_code == 200
    with transaction.atomic():
        services.accept_report(actor=manager, assessment=assessment, note="")
    assert _items(manager) == []


def test_nobody_else_is_asked(world: World, manager: User, caf_framework: FrameworkVersion) -> None:
    finalised_assessment(world.alice_org, world.alice, caf_framework)
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    for person in (world.alice, viewer, world.bob, world.charlie, world.carol):
        assert _items(person) == [], person
    assert "Report waiting" not in client_for(world.bob).get("/").content.decode()


def test_unfinished_self_assessments_have_no_report_to_accept(
    world: World, manager: User, caf_framework: FrameworkVersion
) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    assert _items(manager) == []


def test_one_query_whatever_the_number_of_reports(
    world: World, manager: User, caf_framework: FrameworkVersion, django_assert_num_queries: Any
) -> None:
    finalised_assessment(world.alice_org, world.alice, caf_framework)
    finalised_assessment(world.alice_org, world.alice, caf_framework)
    person = User.objects.get(pk=manager.pk)
    list(todo.acceptance_items(person))  # loads (and caches) the memberships
    with django_assert_num_queries(1):
        assert len(list(todo.acceptance_items(person))) == 2
    assert SelfAssessment.objects.filter(organisation=world.alice_org).count() == 2
