"""Development plans: the person or their line manager today starts the plan of a cycle (once), adds and
edits actions (a due date not in the past, training days for trainings only, a competency of the
cycle's model), moves them on and marks the plan agreed; the pages and who reaches them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.tests.factories import OrganisationFactory
from opencaf.people.models import DevelopmentAction, DevelopmentPlan, Employee
from opencaf.people.services import plans as services
from opencaf.people.tests import factories as f
from opencaf.people.tests.test_reviews_scene import Scene, build, open_review, url

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def scene(world: World) -> Scene:
    return build(world)


def _start(scene: Scene, actor: Any, cycle: Any) -> DevelopmentPlan:
    with transaction.atomic():
        return services.create_plan(actor=actor, employee=scene.staff_employee, cycle=cycle)


def _add(scene: Scene, plan: DevelopmentPlan, actor: Any = None, **values: Any) -> DevelopmentAction:
    data = services.ActionInput(
        **{"title": "Course on data literacy", "kind": "training", "due_on": TODAY + dt.timedelta(days=30), **values}
    )
    with transaction.atomic():
        return services.add_action(actor=actor or scene.staff.user, plan=plan, data=data)


# --- services ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "boss"])
def test_the_person_or_their_line_manager_starts_the_plan_once(scene: Scene, who: str) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, getattr(scene, who).user, cycle)
    assert plan.membership == scene.staff and plan.cycle == cycle
    with pytest.raises(ValidationError) as raised:
        _start(scene, scene.staff.user, cycle)
    assert raised.value.code == "exists"
    assert AuditEvent.objects.get(action="people.plan_created").changes["plan_person"] == "Sara Staff"


@pytest.mark.parametrize("who", ["other_boss", "hr", "plain", "colleague"])
def test_nobody_else_starts_a_persons_plan(scene: Scene, who: str) -> None:
    cycle, _review = open_review(scene)
    with pytest.raises(PermissionDenied):
        _start(scene, getattr(scene, who).user, cycle)
    assert not DevelopmentPlan.objects.exists()


def test_the_former_line_manager_no_longer_reaches_the_plan(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, scene.boss.user, cycle)
    Employee.objects.filter(pk=scene.staff_employee.pk).update(line_manager=scene.other_boss)
    with pytest.raises(PermissionDenied):
        _add(scene, plan, actor=scene.boss.user)
    assert _add(scene, plan, actor=scene.other_boss.user).plan == plan


def test_a_plan_needs_an_opened_cycle_of_the_organisation(scene: Scene) -> None:
    draft = f.review_cycle(scene.world.alice_org, scene.version, state="draft")
    with pytest.raises(ValidationError):
        _start(scene, scene.staff.user, draft)
    other = OrganisationFactory()
    elsewhere = f.review_cycle(other, f.competency_model(other))
    with pytest.raises(ValidationError):
        _start(scene, scene.staff.user, elsewhere)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": " "}, "title"),
        ({"due_on": TODAY - dt.timedelta(days=1)}, "due_on"),
        ({"due_on": None}, "due_on"),
        ({"kind": "mentoring", "days": Decimal("2")}, "days"),
        ({"days": Decimal("0")}, "days"),
        ({"days": Decimal("1000")}, "days"),
        ({"kind": "nonsense"}, "kind"),
    ],
)
def test_bad_actions_are_refused(scene: Scene, values: dict[str, Any], field: str) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, scene.staff.user, cycle)
    with pytest.raises(ValidationError) as raised:
        _add(scene, plan, **values)
    assert field in raised.value.error_dict
    assert not DevelopmentAction.objects.exists()


def test_an_action_names_a_competency_of_the_cycles_model_only(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, scene.staff.user, cycle)
    other_version = f.competency_model(scene.world.alice_org, number=2, model=scene.version.model)
    with pytest.raises(ValidationError) as raised:
        _add(scene, plan, competency=other_version.competencies.first())
    assert "competency" in raised.value.error_dict
    action = _add(scene, plan, competency=scene.version.competencies.get(code="DIG-1"), days=Decimal("1.5"))
    assert action.days == Decimal("1.5") and action.competency.code == "DIG-1"


def test_actions_move_on_and_changes_withdraw_the_agreement(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, scene.staff.user, cycle)
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        services.agree_plan(actor=scene.staff.user, plan=plan)
    assert raised.value.code == "empty"
    action = _add(scene, plan)
    with transaction.atomic():
        services.agree_plan(actor=scene.boss.user, plan=plan)
    with pytest.raises(ValidationError), transaction.atomic():
        services.agree_plan(actor=scene.staff.user, plan=plan)
    # Progress does not touch the agreement …
    with transaction.atomic():
        services.set_action_state(actor=scene.staff.user, plan=plan, action=action, state="done")
    action.refresh_from_db()
    assert action.state == "done" and action.done_on == TODAY
    plan.refresh_from_db()
    assert plan.agreed_at is not None
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        services.set_action_state(
            actor=scene.staff.user, plan=plan, action=action, state="done", done_on=TODAY + dt.timedelta(days=1)
        )
    assert "done_on" in raised.value.error_dict
    with transaction.atomic():
        services.set_action_state(actor=scene.staff.user, plan=plan, action=action, state="cancelled")
    action.refresh_from_db()
    assert action.done_on is None
    # … changing what was agreed does.
    data = services.ActionInput(title="Course on open data", kind="training", due_on=action.due_on)
    with transaction.atomic():
        assert services.edit_action(actor=scene.boss.user, plan=plan, action=action, data=data)
        assert not services.edit_action(actor=scene.boss.user, plan=plan, action=action, data=data)
    plan.refresh_from_db()
    assert plan.agreed_at is None
    event = AuditEvent.objects.filter(action="people.plan_action_changed").order_by("-pk").first()
    assert event is not None and event.changes["plan_action"]["after"] == "Course on open data"
    assert event.changes["plan_agreement_withdrawn"] is True


def test_an_overdue_action_keeps_its_date_when_edited(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = _start(scene, scene.staff.user, cycle)
    action = _add(scene, plan)
    DevelopmentAction.objects.filter(pk=action.pk).update(due_on=TODAY - dt.timedelta(days=3))
    action.refresh_from_db()
    data = services.ActionInput(title="Renamed", kind="training", due_on=action.due_on)
    with transaction.atomic():
        assert services.edit_action(actor=scene.staff.user, plan=plan, action=action, data=data)


# --- pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("person", 200), ("manager", 200), ("other manager", 404), ("hr", 403), ("plain member", 404)],
)
def test_only_the_person_and_their_line_manager_see_the_plan(scene: Scene, who: str, status: int) -> None:
    cycle, _review = open_review(scene)
    plan = f.development_plan(scene.staff, cycle, {"title": "Mentoring by the head of unit", "kind": "mentoring"})
    response = client_for(scene.users()[who]).get(url(scene, "plan", plan_id=plan.public_id))
    assert response.status_code == status
    assert ("Mentoring by the head of unit" in response.content.decode()) == (status == 200)


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_other_organisations_get_a_404_on_plans(scene: Scene, who: str) -> None:
    cycle, _review = open_review(scene)
    plan = f.development_plan(scene.staff, cycle)
    client = client_for(getattr(scene.world, who))
    assert client.get(url(scene, "plan", plan_id=plan.public_id)).status_code == 404
    assert client.get(url(scene, "my_plan")).status_code == 404


def test_the_manager_starts_the_plan_from_the_team_page(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    client = client_for(scene.boss.user)
    assert (
        url(scene, "plan_start", employee_id=scene.staff_employee.public_id)
        in client.get(url(scene, "my_team")).content.decode()
    )
    response = client.post(
        url(scene, "plan_start", employee_id=scene.staff_employee.public_id), {"cycle": cycle.public_id}
    )
    plan = DevelopmentPlan.objects.get()
    assert response.status_code == 302 and str(plan.public_id) in response["Location"]
    # The other manager does not even learn the employee exists.
    response = client_for(scene.other_boss.user).post(
        url(scene, "plan_start", employee_id=scene.staff_employee.public_id), {"cycle": cycle.public_id}
    )
    assert response.status_code == 404


def test_my_development_plan_offers_to_start_one(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    client = client_for(scene.staff.user)
    body = client.get(url(scene, "my_plan")).content.decode()
    assert url(scene, "plan_start", employee_id=scene.staff_employee.public_id) in body and cycle.title in body
    client.post(url(scene, "plan_start", employee_id=scene.staff_employee.public_id), {"cycle": cycle.public_id})
    body = client.get(url(scene, "my_plan")).content.decode()
    assert url(scene, "plan", plan_id=DevelopmentPlan.objects.get().public_id) in body


def test_a_bad_action_gets_a_422_and_nothing_is_written(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = f.development_plan(scene.staff, cycle)
    client = client_for(scene.staff.user)
    data = {"title": "Coaching", "kind": "mentoring", "days": "2", "due_on": (TODAY - dt.timedelta(days=2)).isoformat()}
    response = client.post(url(scene, "plan_action_new", plan_id=plan.public_id), data)
    assert response.status_code == 422 and not DevelopmentAction.objects.exists()
    with translation.override("en"):
        body = response.content.decode()
        assert escape(gettext("The due date cannot be in the past.")) in body
        assert escape(gettext("Training days are counted for trainings only: leave the field empty.")) in body
    data.update(days="", due_on=(TODAY + dt.timedelta(days=20)).isoformat())
    assert client.post(url(scene, "plan_action_new", plan_id=plan.public_id), data).status_code == 302
    assert DevelopmentAction.objects.get().title == "Coaching"


def test_actions_are_edited_moved_on_and_the_plan_agreed_on_its_pages(scene: Scene) -> None:
    cycle, _review = open_review(scene)
    plan = f.development_plan(scene.staff, cycle, {"title": "Course", "due_on": TODAY + dt.timedelta(days=5)})
    action = plan.actions.get()
    client = client_for(scene.boss.user)
    edit = url(scene, "plan_action_edit", plan_id=plan.public_id, action_id=action.public_id)
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {"title": "Course on GDPR", "kind": "training", "days": "1", "due_on": action.due_on.isoformat()}
    )
    assert response.status_code == 302
    state = url(scene, "plan_action_state", plan_id=plan.public_id, action_id=action.public_id)
    client.post(state, {"state": "in_progress"})
    action.refresh_from_db()
    assert (action.title, action.days, action.state) == ("Course on GDPR", Decimal("1.0"), "in_progress")
    client.post(url(scene, "plan_agree", plan_id=plan.public_id))
    plan.refresh_from_db()
    assert plan.agreed_at is not None
    assert client.get(state).status_code == 405
