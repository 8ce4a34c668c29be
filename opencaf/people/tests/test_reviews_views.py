"""The pages of competency reviews: who reaches each (the person, their line manager, another manager,
HR, a plain member, another organisation, an anonymous visitor), the audited reading of a review, the
self-assessment and the manager's forms with their bad input, and HR's cycle pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.people.models import Rating, Review, ReviewCycle
from opencaf.people.tests.test_reviews_scene import Scene, build, open_review, url

pytestmark = pytest.mark.django_db

ALL_LEVELS = {"level_0": "2", "level_1": "none", "level_2": "1"}


@pytest.fixture
def scene(world: World) -> Scene:
    return build(world)


def _reads() -> int:
    return AuditEvent.objects.filter(action="people.review_read").count()


# --- who reaches a person's review ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("person", 200), ("manager", 200), ("other manager", 404), ("hr", 403), ("plain member", 404)],
)
def test_only_the_person_and_their_manager_read_a_review(scene: Scene, who: str, status: int) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 3, "DIG-1": 1})
    response = client_for(scene.users()[who]).get(url(scene, "review", review_id=review.public_id))
    assert response.status_code == status
    if status != 200:
        assert "Sara Staff" not in response.content.decode()  # not even whom it concerns
        assert _reads() == 0


@pytest.mark.parametrize("who", ["bob", "charlie", "dave", "carol"])
def test_outsiders_get_a_404(scene: Scene, who: str) -> None:
    _cycle, review = open_review(scene)
    for name, kwargs in (("review", {"review_id": review.public_id}), ("my_review", {}), ("my_team", {})):
        assert client_for(getattr(scene.world, who)).get(url(scene, name, **kwargs)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(None).get(url(scene, "review", review_id=review.public_id))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_page_showing_a_review_records_one_reading(scene: Scene) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 3, "DIG-1": 1})
    client_for(scene.staff.user).get(url(scene, "review", review_id=review.public_id))
    client_for(scene.boss.user).get(url(scene, "review", review_id=review.public_id))
    client_for(scene.boss.user).get(url(scene, "review_assess", review_id=review.public_id))
    readers = list(
        AuditEvent.objects.filter(action="people.review_read").order_by("pk").values_list("actor__email", flat=True)
    )
    assert readers == ["sara@example.org", "bruno@example.org", "bruno@example.org"]


def test_my_review_leads_to_the_open_review_or_says_there_is_none(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(scene.staff.user).get(url(scene, "my_review"))
    assert response.status_code == 302 and str(review.public_id) in response["Location"]
    response = client_for(scene.plain.user).get(url(scene, "my_review"))
    assert response.status_code == 200
    with translation.override("en"):
        assert escape(gettext("My competency review")) in response.content.decode()


# --- the self-assessment form ------------------------------------------------------------------------


def test_the_form_shows_each_level_with_its_indicators(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    body = client_for(scene.staff.user).get(url(scene, "review", review_id=review.public_id)).content.decode()
    assert "Service orientation at level 3." in body and "What service orientation means." in body
    assert 'name="level_0"' in body and 'value="none"' in body and "Advanced" in body


def test_the_person_saves_a_draft_then_submits(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    client = client_for(scene.staff.user)
    target = url(scene, "review", review_id=review.public_id)
    response = client.post(target, {"level_0": "3", "comment_0": "Front desk lead", "action": "save"})
    assert response.status_code == 302
    assert Rating.objects.get(review=review, source="self").level == 3
    assert 'value="3" checked' in client.get(target).content.decode()  # the draft comes back
    response = client.post(target, {**ALL_LEVELS, "action": "submit"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.self_submitted_at is not None
    body = client.get(target).content.decode()
    assert 'name="level_0"' not in body  # read-only now
    assert "2 – Intermediate" in body and 'id="gap-list"' not in body  # no gaps before the manager's


def test_submitting_an_incomplete_self_assessment_is_refused_with_422(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(scene.staff.user).post(
        url(scene, "review", review_id=review.public_id), {"level_0": "2", "action": "submit"}
    )
    assert response.status_code == 422
    with translation.override("en"):
        assert escape(gettext("Choose a level, or “not observed”.")) in response.content.decode()
    assert not Rating.objects.exists()


def test_a_level_out_of_range_is_refused_with_422(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(scene.staff.user).post(
        url(scene, "review", review_id=review.public_id), {**ALL_LEVELS, "level_0": "9", "action": "submit"}
    )
    assert response.status_code == 422
    assert not Rating.objects.exists() and Review.objects.get(pk=review.pk).self_submitted_at is None


def test_submitting_twice_is_refused_with_a_clear_message(scene: Scene) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 3, "DIG-1": 1})
    client = client_for(scene.staff.user)
    response = client.post(
        url(scene, "review", review_id=review.public_id), {**ALL_LEVELS, "action": "submit"}, follow=True
    )
    body = response.content.decode()
    assert "a submitted self-assessment is final and cannot be changed." in body
    assert Rating.objects.get(review=review, source="self", competency__code="CORE-1").level == 2


def test_a_closed_cycle_takes_no_self_assessment(scene: Scene) -> None:
    cycle, review = open_review(scene)
    cycle.state = "closed"
    cycle.save()
    response = client_for(scene.staff.user).post(
        url(scene, "review", review_id=review.public_id), {**ALL_LEVELS, "action": "submit"}, follow=True
    )
    with translation.override("en"):
        message = gettext(
            "The competency review “%(cycle)s” is not open: assessments can no longer be given or changed."
        )
    assert escape(message % {"cycle": cycle.title}) in response.content.decode()
    assert not Rating.objects.exists()


def test_the_manager_cannot_post_to_the_persons_form(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(scene.boss.user).post(url(scene, "review", review_id=review.public_id), ALL_LEVELS)
    assert response.status_code == 403 and not Rating.objects.exists()


# --- the manager's assessment ------------------------------------------------------------------------------


def test_the_manager_waits_for_the_self_assessment_and_is_told_so(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    response = client_for(scene.boss.user).get(url(scene, "review_assess", review_id=review.public_id), follow=True)
    body = response.content.decode()
    assert "Sara Staff has not submitted their self-assessment yet" in body
    assert 'name="performance"' not in body


@pytest.mark.parametrize(
    ("who", "status"), [("person", 403), ("hr", 403), ("other manager", 404), ("plain member", 404)]
)
def test_only_the_manager_named_opens_the_assessment_form(scene: Scene, who: str, status: int) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 3, "DIG-1": 1})
    assert (
        client_for(scene.users()[who]).get(url(scene, "review_assess", review_id=review.public_id)).status_code
        == status
    )


def test_the_manager_sees_the_self_ratings_beside_and_submits(scene: Scene) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 4, "CORE-2": 3, "DIG-1": 1})
    client = client_for(scene.boss.user)
    target = url(scene, "review_assess", review_id=review.public_id)
    body = client.get(target).content.decode()
    assert "4 – Expert" in body and 'name="performance"' in body
    response = client.post(target, {**ALL_LEVELS, "performance": "9", "potential": "2", "action": "submit"})
    assert response.status_code == 422 and Review.objects.get(pk=review.pk).manager_submitted_at is None
    response = client.post(target, {**ALL_LEVELS, "performance": "2", "potential": "3", "action": "submit"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.manager_submitted_at is not None and (review.performance, review.potential) == (2, 3)
    # The person now sees the manager's ratings and the gaps: CORE-1 required 2, assessed 2 …
    body = client_for(scene.staff.user).get(url(scene, "review", review_id=review.public_id)).content.decode()
    assert 'id="gap-list"' in body and "Information and data literacy" in body  # DIG-1: 1 below 2
    with translation.override("en"):
        assert escape(gettext("to talk about")) in body  # CORE-1: self 4, manager 2
    # … but not performance and potential, which are for the talent grid.
    assert "Exceeds" not in body and "Moderate" not in body


# --- "My team" ------------------------------------------------------------------------------------------


def test_my_team_lists_only_my_team(scene: Scene, django_assert_max_num_queries: Any) -> None:
    cycle, _review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 3, "DIG-1": 1})
    from opencaf.people.tests import factories as f

    for number in range(12):
        member = f.member(scene.world.alice_org, f"t{number}@example.org", name=f"Team {number}", department="Finance")
        f.review(cycle, f.employee(member, scene.profile, line_manager=scene.boss))
    f.review(cycle, scene.colleague_employee)
    client = client_for(scene.boss.user)
    with django_assert_max_num_queries(14):
        response = client.get(url(scene, "my_team"))
    body = response.content.decode()
    assert "Sara Staff" in body and "Team 11" in body and "Carl Colleague" not in body
    assert url(scene, "review_assess", review_id=_review.public_id) in body


# --- HR's cycle pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("manager", 403), ("person", 403), ("plain member", 403)])
def test_only_hr_reaches_the_cycles(scene: Scene, who: str, status: int) -> None:
    cycle, _review = open_review(scene)
    client = client_for(scene.users()[who])
    for name, kwargs in (
        ("review_cycles", {}),
        ("review_cycle_new", {}),
        ("review_cycle", {"cycle_id": cycle.public_id}),
        ("review_cycle_move", {"cycle_id": cycle.public_id, "move": "close"}),
    ):
        assert client.get(url(scene, name, **kwargs)).status_code == status, name


def test_hr_creates_a_cycle_and_bad_dates_get_a_422(scene: Scene) -> None:
    client = client_for(scene.hr.user)
    today = timezone.localdate()
    data = {
        "title": "Review 2026",
        "version": scene.version.pk,
        "opens_on": today.isoformat(),
        "closes_on": today.isoformat(),
    }
    response = client.post(url(scene, "review_cycle_new"), data)
    assert response.status_code == 422 and not ReviewCycle.objects.exists()
    with translation.override("en"):
        assert escape(gettext("The competency review must close after it opens.")) in response.content.decode()
    data["closes_on"] = (today + dt.timedelta(days=10)).isoformat()
    response = client.post(url(scene, "review_cycle_new"), data)
    cycle = ReviewCycle.objects.get()
    assert response.status_code == 302 and str(cycle.public_id) in response["Location"]


def test_hr_is_asked_before_opening_and_then_opens(scene: Scene) -> None:
    from opencaf.people.tests import factories as f

    cycle = f.review_cycle(scene.world.alice_org, scene.version, state="draft")
    client = client_for(scene.hr.user)
    target = url(scene, "review_cycle_move", cycle_id=cycle.public_id, move="open")
    response = client.get(target)
    assert response.status_code == 200 and not Review.objects.exists()
    response = client.post(target, follow=True)
    assert Review.objects.filter(cycle=cycle).count() == 4
    cycle.refresh_from_db()
    assert cycle.state == "open"
    assert client.get(url(scene, "review_cycle_move", cycle_id=cycle.public_id, move="nonsense")).status_code == 404
    response = client.post(url(scene, "review_cycle_move", cycle_id=cycle.public_id, move="reopen"), follow=True)
    with translation.override("en"):
        message = gettext("This is not possible while the competency review is “%(state)s”.")
        assert escape(message % {"state": pgettext("competency review", "Open")}) in response.content.decode()


def _people(scene: Scene, cycle: ReviewCycle, unit: str, count: int, level: int = 1) -> None:
    from opencaf.people.tests import factories as f

    for number in range(count):
        member = f.member(
            scene.world.alice_org, f"{unit.lower()}{number}@example.org", name=f"{unit} {number}", department=unit
        )
        f.review(cycle, f.employee(member, scene.profile), self_levels={"CORE-1": level, "CORE-2": 2, "DIG-1": 2})


def test_the_cycle_page_gates_the_unit_figures(scene: Scene, django_assert_max_num_queries: Any) -> None:
    cycle = ReviewCycle.objects.create(
        organisation=scene.world.alice_org,
        version=scene.version,
        title="Gated",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + dt.timedelta(days=5),
        state="open",
    )
    _people(scene, cycle, "Finance", 6)
    _people(scene, cycle, "Legal", 9, level=2)
    _people(scene, cycle, "Tiny", 3)
    Rating.objects.filter(review__membership__department="Tiny").update(comment="Tiny secret comment")
    client = client_for(scene.hr.user)
    with django_assert_max_num_queries(12):
        response = client.get(url(scene, "review_cycle", cycle_id=cycle.public_id))
    assert response.status_code == 200
    gated = response.context["table"].gated
    assert gated.cell("Tiny", "CORE-1") is None
    hidden = [unit for unit in gated.units if gated.cell(unit, "CORE-1") is None]
    assert len(hidden) >= 2 and sum({"Finance": 6, "Legal": 9, "Tiny": 3}[unit] for unit in hidden) >= 5
    assert gated.totals["CORE-1"] is not None  # the total is shown: the hidden units only together
    body = response.content.decode()
    with translation.override("en"):
        assert escape(pgettext("anonymity", "not shown")) in body
    assert "(3 people)" not in body and "(9 people)" in body
    assert "Tiny secret comment" not in body  # never a rating or a comment, only names and states
    assert "Tiny 0" in body  # who has not finished: names and states


def test_the_cycle_page_runs_a_bounded_number_of_queries(scene: Scene, django_assert_max_num_queries: Any) -> None:
    cycle, _review = open_review(scene)
    _people(scene, cycle, "Finance", 40)
    _people(scene, cycle, "Legal", 30)
    client = client_for(scene.hr.user)
    with django_assert_max_num_queries(12):
        assert client.get(url(scene, "review_cycle", cycle_id=cycle.public_id)).status_code == 200
