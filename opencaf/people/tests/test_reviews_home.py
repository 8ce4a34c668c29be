"""The reviews part on the People page (the open self-assessment, the plan's next actions, the team's
assessments to give, HR's cycles) and on the home page's "what needs you" list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.core.todo import Urgency
from opencaf.people import todo_reviews
from opencaf.people.models import Employee
from opencaf.people.tests import factories as f
from opencaf.people.tests.test_reviews_scene import Scene, build, open_review, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world: World) -> Scene:
    return build(world)


def _home(scene: Scene, person: Any) -> str:
    response = client_for(person.user).get(reverse("people:home", kwargs={"org_id": scene.world.alice_org.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_person_sees_their_open_self_assessment_and_next_actions(scene: Scene) -> None:
    cycle, review = open_review(scene)
    f.development_plan(scene.staff, cycle, {"title": "Shadow the data team", "due_on": timezone.localdate()})
    body = _home(scene, scene.staff)
    assert url(scene, "review", review_id=review.public_id) in body
    assert "Shadow the data team" in body
    assert 'id="home-cycles"' not in body and 'id="home-my-team"' not in body


def test_the_line_manager_sees_the_assessments_to_give(scene: Scene) -> None:
    open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 2, "DIG-1": 2})
    body = _home(scene, scene.boss)
    assert 'id="home-my-team"' in body and url(scene, "my_team") in body
    assert "1 assessment to give (1 ready now)" in body


def test_hr_sees_the_cycles(scene: Scene) -> None:
    open_review(scene)
    body = _home(scene, scene.hr)
    assert 'id="home-cycles"' in body and url(scene, "review_cycles") in body


def test_the_to_do_list_asks_for_the_self_assessment_until_it_is_submitted(scene: Scene) -> None:
    cycle, review = open_review(scene)
    (item,) = list(todo_reviews.review_items(scene.staff.user))
    assert item.due == cycle.closes_on and item.urgency == Urgency.WAITING
    assert str(review.public_id) in item.url
    assert list(todo_reviews.review_items(scene.boss.user)) == []  # nothing to assess yet
    review.self_submitted_at = timezone.now()
    review.save()
    assert list(todo_reviews.review_items(scene.staff.user)) == []
    (task,) = list(todo_reviews.review_items(scene.boss.user))
    assert task.count == 1 and url(scene, "my_team") in task.url
    assert list(todo_reviews.review_items(scene.other_boss.user)) == []


def test_after_the_closing_date_the_manager_is_asked_all_the_same(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    cycle.opens_on = timezone.localdate() - dt.timedelta(days=30)
    cycle.closes_on = timezone.localdate() - dt.timedelta(days=2)
    cycle.save()
    (item,) = list(todo_reviews.review_items(scene.staff.user))
    assert item.urgency == Urgency.OVERDUE
    (task,) = list(todo_reviews.review_items(scene.boss.user))
    assert task.count == 1


def test_the_to_do_provider_runs_one_query(scene: Scene, django_assert_max_num_queries: Any) -> None:
    cycle, _review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 2, "DIG-1": 2})
    for number in range(8):
        member = f.member(scene.world.alice_org, f"x{number}@example.org", department="Finance")
        f.review(cycle, f.employee(member, scene.profile, line_manager=scene.boss), self_levels={"CORE-1": 1})
    with django_assert_max_num_queries(1):
        items = list(todo_reviews.review_items(scene.boss.user))
    assert [item.count for item in items if item.count] == [9]


def test_a_line_manager_with_a_review_of_their_own_is_asked_for_both(
    scene: Scene, django_assert_max_num_queries: Any
) -> None:
    cycle, review = open_review(scene)
    review.self_submitted_at = timezone.now()
    review.save()
    own = f.review(cycle, Employee.objects.get(membership=scene.boss))
    with django_assert_max_num_queries(1):
        items = list(todo_reviews.review_items(scene.boss.user))
    assert [(item.count, str(own.public_id) in item.url) for item in items] == [(None, True), (1, False)]
