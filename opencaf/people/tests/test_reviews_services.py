"""The services of competency reviews: cycles (create, open with the reviews and the mails, close,
reopen, one open at a time), the self-assessment and the line manager's assessment (drafts, submitting,
every refusal), and the audited reading of a review. The log never holds a rating."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.organisations.tests.factories import OrganisationFactory
from opencaf.people.models import Employee, Rating, Review, ReviewCycle
from opencaf.people.services import reviews as services
from opencaf.people.tests import factories as f
from opencaf.people.tests.test_reviews_scene import CODES, Scene, build, open_review

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def scene(world: World) -> Scene:
    return build(world)


def _create(scene: Scene, **changes: Any) -> ReviewCycle:
    values: dict[str, Any] = {
        "organisation": scene.world.alice_org,
        "version": scene.version,
        "title": "Competency review 2026",
        "opens_on": timezone.localdate(),
        "closes_on": timezone.localdate() + dt.timedelta(days=14),
        **changes,
    }
    with transaction.atomic():
        return services.create_cycle(actor=scene.hr.user, **values)


# --- cycles --------------------------------------------------------------------------------------------


def test_hr_creates_a_cycle_being_prepared(scene: Scene) -> None:
    cycle = _create(scene)
    assert cycle.state == "draft" and cycle.created_by == scene.hr.user
    event = AuditEvent.objects.get(action="people.cycle_created")
    assert event.organisation == scene.world.alice_org and event.changes["review_cycle"] == "Competency review 2026"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"closes_on": timezone.localdate()}, "closes_on"),  # the same day it opens
        ({"closes_on": timezone.localdate() - dt.timedelta(days=1)}, "closes_on"),
    ],
)
def test_a_cycle_needs_a_title_and_to_close_after_it_opens(scene: Scene, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _create(scene, **changes)
    assert field in raised.value.error_dict
    assert not ReviewCycle.objects.exists()


def test_a_cycle_needs_a_published_version_of_the_organisations_or_networks_model(scene: Scene) -> None:
    draft = f.competency_model(scene.world.alice_org, published=False, number=2, model=scene.version.model)
    elsewhere = f.competency_model(OrganisationFactory())
    for version in (draft, elsewhere):
        with pytest.raises(ValidationError) as raised:
            _create(scene, version=version)
        assert "version" in raised.value.error_dict
    shared = f.competency_model(network=scene.world.network)
    assert _create(scene, version=shared).version == shared


def test_only_hr_creates_cycles(scene: Scene) -> None:
    for person in (scene.boss, scene.plain):
        with pytest.raises(PermissionDenied), transaction.atomic():
            services.create_cycle(
                actor=person.user,
                organisation=scene.world.alice_org,
                version=scene.version,
                title="Mine",
                opens_on=TODAY,
                closes_on=TODAY + dt.timedelta(days=3),
            )


def _open(scene: Scene, cycle: ReviewCycle) -> services.Opened:
    with transaction.atomic():
        return services.open_cycle(actor=scene.hr.user, cycle=cycle)


def test_opening_makes_a_review_per_employee_with_the_profiles_levels(scene: Scene) -> None:
    nobody = f.member(scene.world.alice_org, "nina@example.org", name="Nina New", department="Legal")
    f.employee(nobody)  # no job profile
    scene.profile.requirements.filter(competency__code="CORE-1").update(level=3)
    opened = _open(scene, _create(scene))
    assert opened.created == 5 and opened.without_profile == 1
    review = Review.objects.get(cycle=opened.cycle, membership=scene.staff)
    assert review.required == {"CORE-1": 3, "CORE-2": 2, "DIG-1": 2}
    assert review.manager == scene.boss and review.unit == "Finance" and review.profile == scene.profile
    assert Review.objects.get(cycle=opened.cycle, membership=nobody).required == {}
    assert not Review.objects.filter(membership=scene.plain).exists()  # a member who is no employee
    opened.cycle.refresh_from_db()
    assert opened.cycle.state == "open"
    event = AuditEvent.objects.get(action="people.cycle_opened")
    assert event.changes["review_created"] == 5 and event.changes["review_without_profile"] == 1


def test_a_later_change_of_the_profile_does_not_move_the_required_levels(scene: Scene) -> None:
    opened = _open(scene, _create(scene))
    scene.profile.requirements.update(level=4)
    assert Review.objects.get(cycle=opened.cycle, membership=scene.staff).required["CORE-1"] == 2


def test_opening_mails_each_person_and_line_manager_in_their_language(
    scene: Scene, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    scene.staff.user.language = "sl"
    scene.staff.user.save()
    scene.boss.user.language = "bg"
    scene.boss.user.save()
    cycle = _create(scene)
    with django_capture_on_commit_callbacks(execute=True):
        _open(scene, cycle)
    by_address: dict[str, list[Any]] = {}
    for message in mailoutbox:
        by_address.setdefault(message.to[0], []).append(message)
    person = by_address["sara@example.org"]
    assert len(person) == 1
    with translation.override("sl"):
        assert gettext("Hello %(name)s,") % {"name": "Sara Staff"} in person[0].body
    assert "/people/reviews/mine/" in person[0].body
    # Bruno is an employee (his own self-assessment) and Sara's line manager (his team).
    boss = by_address["bruno@example.org"]
    assert len(boss) == 2
    with translation.override("bg"):
        greeting = gettext("Hello %(name)s,") % {"name": "Bruno Boss"}
    assert all(greeting in message.body for message in boss)
    team = next(message for message in boss if "/people/reviews/team/" in message.body)
    assert "1" in team.body and "Sara" not in team.body  # how many, not who
    assert "hanna@example.org" not in by_address  # HR is no employee here


def test_nothing_is_mailed_when_opening_fails(
    scene: Scene, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = _open(scene, _create(scene)).cycle
    second = _create(scene, title="Second")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _open(scene, second)
    assert mailoutbox == [] and not Review.objects.filter(cycle=second).exists()
    assert first.state == "open"


def test_one_cycle_is_open_at_a_time(scene: Scene) -> None:
    first = _open(scene, _create(scene)).cycle
    second = _create(scene, title="Second")
    with pytest.raises(ValidationError) as raised:
        _open(scene, second)
    assert raised.value.code == "another_open"
    with transaction.atomic():
        services.close_cycle(actor=scene.hr.user, cycle=first)
    assert _open(scene, second).cycle.state == "open"
    with pytest.raises(ValidationError), transaction.atomic():
        services.reopen_cycle(actor=scene.hr.user, cycle=first)


def test_moves_follow_the_lifecycle(scene: Scene) -> None:
    cycle = _create(scene)
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        services.close_cycle(actor=scene.hr.user, cycle=cycle)
    assert raised.value.code == "state"
    _open(scene, cycle)
    with transaction.atomic():
        services.close_cycle(actor=scene.hr.user, cycle=cycle)
        services.reopen_cycle(actor=scene.hr.user, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.state == "open"
    assert list(
        AuditEvent.objects.filter(action__startswith="people.cycle_").values_list("action", flat=True).order_by("pk")
    ) == [
        "people.cycle_created",
        "people.cycle_opened",
        "people.cycle_closed",
        "people.cycle_reopened",
    ]
    with pytest.raises(PermissionDenied), transaction.atomic():
        services.close_cycle(actor=scene.boss.user, cycle=cycle)


# --- the self-assessment ------------------------------------------------------------------------------


def _self(scene: Scene, review: Review, levels: dict[str, int | None], submit: bool = False, **kw: Any) -> Review:
    with transaction.atomic():
        return services.save_self_assessment(
            actor=kw.pop("actor", scene.staff.user), review=review, levels=levels, submit=submit, **kw
        )


def test_a_draft_is_saved_then_submitted_and_final(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    _self(scene, review, {"CORE-1": 2}, comments={"CORE-1": "I lead the front desk."})
    assert Rating.objects.get(review=review, source="self").comment == "I lead the front desk."
    assert Review.objects.get(pk=review.pk).self_submitted_at is None
    _self(scene, review, {"CORE-1": 3, "CORE-2": None, "DIG-1": 1}, submit=True)
    assert dict(Rating.objects.filter(review=review, source="self").values_list("competency__code", "level")) == {
        "CORE-1": 3,
        "CORE-2": None,
        "DIG-1": 1,
    }
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {"CORE-1": 1, "CORE-2": 1, "DIG-1": 1}, submit=True)
    assert raised.value.code == "submitted"
    assert Rating.objects.get(review=review, source="self", competency__code="CORE-1").level == 3
    actions = list(
        AuditEvent.objects.filter(object_id=str(review.public_id)).order_by("pk").values_list("action", "changes")
    )
    assert [action for action, _ in actions] == ["people.self_assessment_saved", "people.self_assessment_submitted"]
    assert "front desk" not in json.dumps([changes for _, changes in actions])  # no rating, no comment in the log


def test_submitting_needs_every_competency_answered(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {"CORE-1": 2}, submit=True)
    assert raised.value.code == "incomplete" and "Collaboration" in raised.value.messages[0]
    assert not Rating.objects.filter(review=review).exists()


@pytest.mark.parametrize("level", [0, 5, 7, -1])
def test_a_level_out_of_range_is_refused(scene: Scene, level: int) -> None:
    _cycle, review = open_review(scene)
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {"CORE-1": level})
    assert raised.value.code == "level"
    assert not Rating.objects.exists()


def test_unknown_competencies_and_lonely_comments_are_refused(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {"NOPE-1": 2})
    assert raised.value.code == "unknown"
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {}, comments={"CORE-1": "A comment without a level"})
    assert raised.value.code == "comment_alone"


def test_nothing_can_be_changed_in_a_closed_cycle(scene: Scene) -> None:
    cycle, review = open_review(scene)
    cycle.state = "closed"
    cycle.save()
    with pytest.raises(ValidationError) as raised:
        _self(scene, review, {"CORE-1": 2})
    assert raised.value.code == "closed"


@pytest.mark.parametrize("who", ["boss", "hr", "colleague", "plain"])
def test_only_the_person_gives_their_self_assessment(scene: Scene, who: str) -> None:
    _cycle, review = open_review(scene)
    with pytest.raises(PermissionDenied):
        _self(scene, review, {"CORE-1": 2}, actor=getattr(scene, who).user)


# --- the line manager's assessment ------------------------------------------------------------------------


def _manager(scene: Scene, review: Review, levels: dict[str, int | None], submit: bool = False, **kw: Any) -> Review:
    with transaction.atomic():
        return services.save_manager_assessment(
            actor=kw.pop("actor", scene.boss.user), review=review, levels=levels, submit=submit, **kw
        )


FULL = {"CORE-1": 2, "CORE-2": 1, "DIG-1": None}


def test_the_manager_waits_for_the_self_assessment(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    with pytest.raises(ValidationError) as raised:
        _manager(scene, review, FULL)
    assert raised.value.code == "too_early" and "Sara Staff" in raised.value.messages[0]
    assert not Rating.objects.filter(source="manager").exists()


def test_after_the_closing_date_the_manager_assesses_without_it(scene: Scene) -> None:
    cycle, review = open_review(scene)
    cycle.opens_on, cycle.closes_on = TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=1)
    cycle.save()
    done = _manager(scene, review, FULL, performance=2, potential=3, submit=True)
    assert done.manager_submitted_at is not None and (done.performance, done.potential) == (2, 3)


def test_the_manager_submits_with_performance_and_potential_once(scene: Scene) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 2, "DIG-1": 2})
    _manager(scene, review, {"CORE-1": 1})  # a draft needs neither
    with pytest.raises(ValidationError) as raised:
        _manager(scene, review, FULL, submit=True)
    assert {"performance", "potential"} <= set(raised.value.error_dict)
    with pytest.raises(ValidationError) as raised:
        _manager(scene, review, FULL, performance=4, potential=2, submit=True)
    assert "performance" in raised.value.error_dict
    _manager(scene, review, FULL, performance=3, potential=1, submit=True)
    with pytest.raises(ValidationError) as raised:
        _manager(scene, review, FULL, performance=1, potential=1, submit=True)
    assert raised.value.code == "submitted"
    assert Review.objects.get(pk=review.pk).performance == 3
    event = AuditEvent.objects.get(action="people.manager_assessment_submitted")
    assert "performance" not in event.changes and event.changes["review_answered"] == 3


@pytest.mark.parametrize("who", ["staff", "other_boss", "hr", "plain"])
def test_only_the_manager_named_on_the_review_assesses(scene: Scene, who: str) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 2, "DIG-1": 2})
    with pytest.raises(PermissionDenied):
        _manager(scene, review, FULL, actor=getattr(scene, who).user)


def test_the_manager_named_on_the_review_keeps_it_when_the_line_manager_changes(scene: Scene) -> None:
    _cycle, review = open_review(scene, self_levels={"CORE-1": 2, "CORE-2": 2, "DIG-1": 2})
    Employee.objects.filter(pk=scene.staff_employee.pk).update(line_manager=scene.other_boss)
    assert _manager(scene, review, FULL).manager == scene.boss
    with pytest.raises(PermissionDenied):
        _manager(scene, review, FULL, actor=scene.other_boss.user)


def test_reading_a_review_is_recorded(scene: Scene) -> None:
    _cycle, review = open_review(scene)
    services.record_review_read(actor=scene.boss.user, review=review, shown=("self",))
    event = AuditEvent.objects.get(action="people.review_read")
    assert event.actor == scene.boss.user and event.object_id == str(review.public_id)
    assert event.changes["review_person"] == "Sara Staff" and event.changes["review_ratings_shown"] == ["self"]


def test_codes_used_by_the_scene(scene: Scene) -> None:
    assert sorted(scene.version.competencies.values_list("code", flat=True)) == CODES
