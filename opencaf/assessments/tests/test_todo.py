"""What self-assessments put on the home page: an assessor's scoring, a leader's next step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments import services, todo
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import IndividualScore, Seat, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.core.todo import TodoItem, Urgency
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _fresh(user: User) -> User:
    """A new user object: memberships are cached per user object (per request)."""
    return User.objects.get(pk=user.pk)


def assessor_items(user: User) -> list[TodoItem]:
    return list(todo.assessor_items(_fresh(user)))


def leader_items(user: User) -> list[TodoItem]:
    return list(todo.leader_items(_fresh(user)))


def _url(name: str, assessment: SelfAssessment) -> str:
    return reverse(name, kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id})


def _score(seat: Seat, count: int) -> None:
    subcriteria = Subcriterion.objects.filter(framework=seat.group.assessment.framework).order_by("pk")[:count]
    IndividualScore.objects.bulk_create(IndividualScore(seat=seat, subcriterion=sub, score=50) for sub in subcriteria)


def _deadline(assessment: SelfAssessment, days: int) -> None:
    SelfAssessment.objects.filter(pk=assessment.pk).update(individual_deadline=timezone.localdate() + timedelta(days))


@pytest.fixture
def running(world: World, caf_framework: FrameworkVersion) -> tuple[SelfAssessment, list[Seat]]:
    """Alice (org admin, so a project leader) runs a self-assessment with three assessors."""
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seats = add_assessors(assessment, world.alice, 3)
    return start(assessment, world.alice), seats


def test_assessor_sees_how_far_they_are_and_the_deadline(running: tuple[SelfAssessment, list[Seat]]) -> None:
    assessment, seats = running
    assessor = seats[0].membership.user
    _score(seats[0], 4)
    _deadline(assessment, 5)
    (item,) = assessor_items(assessor)
    assert item.title == "Self-assessment 2026: 4 of 28 scored"
    deadline = timezone.localdate() + timedelta(days=5)
    assert item.detail.startswith("Your individual assessment, deadline ")
    assert item.url == _url("assessments:my_input", assessment)
    assert item.urgency == Urgency.DUE_SOON and item.due == deadline
    assert item.organisation == assessment.organisation.name


@pytest.mark.parametrize(
    ("days", "urgency"), [(None, Urgency.WAITING), (30, Urgency.WAITING), (7, Urgency.DUE_SOON), (-1, Urgency.OVERDUE)]
)
def test_assessor_urgency_follows_the_deadline(
    running: tuple[SelfAssessment, list[Seat]], days: int | None, urgency: Urgency
) -> None:
    assessment, seats = running
    if days is not None:
        _deadline(assessment, days)
    (item,) = assessor_items(seats[1].membership.user)
    assert item.urgency == urgency
    if days is not None and days < 0:
        assert "has passed" in item.detail


def test_finished_assessor_and_other_phases_show_nothing(running: tuple[SelfAssessment, list[Seat]]) -> None:
    assessment, seats = running
    _score(seats[0], 28)
    assert assessor_items(seats[0].membership.user) == []
    assert len(assessor_items(seats[1].membership.user)) == 1
    with transaction.atomic():
        services.change_state(actor=assessment.created_by, assessment=assessment, action=Action.OPEN_CONSENSUS)  # type: ignore[arg-type]
    assert assessor_items(seats[1].membership.user) == []


def test_leader_sees_members_behind_in_the_individual_phase(
    world: World, running: tuple[SelfAssessment, list[Seat]]
) -> None:
    assessment, seats = running
    _score(seats[0], 28)
    _score(seats[1], 10)
    (item,) = leader_items(world.alice)
    assert item.title == "Self-assessment 2026: 2 members behind"
    assert "consensus not opened" in item.detail
    assert item.url == _url("assessments:detail", assessment)
    assert item.count == 2 and item.urgency == Urgency.INFO
    IndividualScore.objects.filter(seat__in=seats[1:]).delete()
    _score(seats[1], 28)
    _score(seats[2], 28)
    (item,) = leader_items(world.alice)
    assert item.title == "Self-assessment 2026: every member has finished"
    assert item.urgency == Urgency.WAITING  # the leader's move: open consensus


def test_group_leader_counts_only_their_group(
    world: World, running: tuple[SelfAssessment, list[Seat]], caf_framework: FrameworkVersion
) -> None:
    assessment, _seats = running
    group_leader = UserFactory()
    membership = add_member(world.alice_org, group_leader, Role.ASSESSOR)
    with transaction.atomic():
        group = services.create_group(actor=world.alice, assessment=assessment, name="SAG 2", leader=membership)
    add_assessors(assessment, world.alice, 1, group=group)
    (item,) = leader_items(group_leader)
    assert item.count == 1  # the three members of the first group are not theirs to follow
    (project,) = leader_items(world.alice)
    assert project.count == 4


def test_leader_sees_subcriteria_without_consensus(world: World, running: tuple[SelfAssessment, list[Seat]]) -> None:
    assessment, _seats = running
    with transaction.atomic():
        services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
        services.record_consensus(
            actor=world.alice,
            assessment=assessment,
            subcriterion=Subcriterion.objects.get(framework=assessment.framework, code="1.1"),
            expected_version=0,
            score=None,
            dimension_scores={},
            not_assessed_reason="Not assessed in tests",
            rationale="",
            entries={},
        )
    (item,) = leader_items(world.alice)
    assert item.title == "Self-assessment 2026: 27 of 28 subcriteria without consensus"
    assert item.url == _url("assessments:consensus", assessment)
    assert item.urgency == Urgency.WAITING


def test_others_see_nothing(world: World, running: tuple[SelfAssessment, list[Seat]]) -> None:
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    for person in (world.bob, world.charlie, world.carol, viewer, manager):
        assert assessor_items(person) == [] and leader_items(person) == [], person
    assert world.alice_org.name not in client_for(world.bob).get("/").content.decode()


def _home_queries(client: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_assessors(
    world: World, running: tuple[SelfAssessment, list[Seat]], django_assert_max_num_queries: Any
) -> None:
    """3 assessors, then 30: the leader's and an assessor's home page run the same number of queries."""
    assessment, seats = running
    for seat in seats:
        _score(seat, 5)
    leader, assessor = client_for(world.alice), client_for(seats[0].membership.user)
    small = (_home_queries(leader), _home_queries(assessor))
    more = add_assessors(assessment, world.alice, 27, group=seats[0].group)
    for seat in more:
        _score(seat, 5)
    with django_assert_max_num_queries(small[0]):
        response = leader.get("/")
    assert "30 members behind" in response.content.decode()
    assert (_home_queries(leader), _home_queries(assessor)) == small
    assert max(small) <= 15
