from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.improvement import links, services
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import finalised_assessment, make_plan
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _data(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": "Measure citizen satisfaction",
        "description": "",
        "expected_effect": "Decisions based on what citizens say",
        "owner": None,
        "start_date": date(2026, 12, 1),
        "due_date": date(2027, 6, 30),
        "budget_eur": None,
        "person_days": None,
        "impact": 3,
        "feasibility": 3,
        "subcriteria": [],
    }
    values.update(overrides)
    return services.ActionData(**values)


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    return make_plan(world.alice_org, world.alice, caf_framework)


def test_plan_needs_a_finalised_assessment(world: World, caf_framework: FrameworkVersion) -> None:
    from opencaf.assessments.tests.factories import make_assessment

    draft = make_assessment(world.alice_org, world.alice, caf_framework)
    with pytest.raises(ValidationError):
        services.create_plan(actor=world.alice, assessment=draft)
    plan = make_plan(world.alice_org, world.alice, caf_framework)
    with pytest.raises(ValidationError):
        services.create_plan(actor=world.alice, assessment=plan.assessment)


def test_action_from_merged_findings(world: World, plan: ImprovementPlan) -> None:
    findings = services.findings_of(plan)
    assert [f.text for f in findings] == [
        "Area 1.1 A",
        "Area 1.1 B",
        "Idea 1.1",
        "Area 6.1 A",
        "Area 6.1 B",
        "Idea 6.1",
    ]
    action = services.add_action(actor=world.alice, plan=plan, data=_data(), findings=[findings[0], findings[3]])
    assert sorted(s.code for s in action.subcriteria.all()) == ["1.1", "6.1"]
    assert "Area 1.1 A" in action.description and "Area 6.1 A" in action.description
    assert action.quadrant == "quick_win" and action.priority == 9
    assert AuditEvent.objects.filter(action="improvement.action_added").exists()


def test_bad_action_data_is_refused(world: World, plan: ImprovementPlan) -> None:
    with pytest.raises(ValidationError):
        services.add_action(actor=world.alice, plan=plan, data=_data(due_date=date(2026, 1, 1)))
    foreign = add_member(world.bob_org, UserFactory(), Role.ACTION_OWNER)
    with pytest.raises(ValidationError):
        services.add_action(actor=world.alice, plan=plan, data=_data(owner=foreign))
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.add_action(actor=viewer, plan=plan, data=_data())
    assert not Action.objects.exists()


def test_owner_reports_progress_and_history_is_kept(world: World, plan: ImprovementPlan) -> None:
    owner = add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)
    action = services.add_action(actor=world.alice, plan=plan, data=_data(owner=owner))
    url = reverse(
        "improvement:action",
        kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id, "action_id": action.public_id},
    )
    client = client_for(owner.user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"form": "progress", "status": "do", "progress": "40", "note": "Questionnaire ready"})
    assert response.status_code == 302
    done = client.post(url, {"form": "progress", "status": "done", "progress": "90", "note": ""})
    assert done.status_code == 200 and "progress" in done.context["progress_form"].errors
    action.refresh_from_db()
    assert (action.status, action.progress) == ("do", 40)
    assert action.updates.count() == 1
    other = UserFactory()
    add_member(world.alice_org, other, Role.ACTION_OWNER)
    assert client_for(other).post(url, {"form": "progress", "status": "do", "progress": "90"}).status_code == 403


def test_management_approves_and_publishes(world: World, plan: ImprovementPlan) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    with pytest.raises(ValidationError):  # nothing to approve yet
        services.approve_plan(actor=manager, plan=plan)
    services.add_action(actor=world.alice, plan=plan, data=_data())
    with pytest.raises(PermissionDenied):
        services.approve_plan(actor=world.alice, plan=plan)  # the leader drafts, management approves
    with pytest.raises(ValidationError):
        services.publish_plan(actor=world.alice, plan=plan, audience="public")
    services.approve_plan(actor=manager, plan=plan)
    services.publish_plan(actor=world.alice, plan=plan, audience="public")
    public = client_for(None).get(reverse("improvement:public", kwargs={"token": plan.public_token}))
    assert public.status_code == 200 and b"Measure citizen satisfaction" in public.content
    old_token = plan.public_token
    services.publish_plan(actor=world.alice, plan=plan, audience="staff")
    assert client_for(None).get(reverse("improvement:public", kwargs={"token": old_token})).status_code == 404
    staff = UserFactory()
    add_member(world.alice_org, staff, Role.VIEWER)
    detail = reverse("improvement:detail", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id})
    assert client_for(staff).get(detail).status_code == 200


def test_unpublished_plan_is_hidden_from_staff(world: World, plan: ImprovementPlan) -> None:
    staff = UserFactory()
    add_member(world.alice_org, staff, Role.VIEWER)
    detail = reverse("improvement:detail", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id})
    assert client_for(staff).get(detail).status_code == 403
    assert client_for(world.carol).get(detail).status_code == 404


def test_signed_link_lets_the_owner_update_without_signing_in(world: World, plan: ImprovementPlan) -> None:
    owner = add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)
    action = services.add_action(actor=world.alice, plan=plan, data=_data(owner=owner))
    token = links.make_token(action)
    url = reverse("improvement:update_by_link", kwargs={"token": token})
    anonymous = client_for(None)
    assert anonymous.get(url).status_code == 200
    response = anonymous.post(url, {"status": "check", "progress": "70", "note": "Pilot done"})
    assert response.status_code == 200 and b"70" in response.content
    update = action.updates.get()
    assert update.via_link and update.author == owner.user
    # Tampered: one character changed.
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert anonymous.get(reverse("improvement:update_by_link", kwargs={"token": tampered})).status_code == 400
    # Expired.
    with time_machine.travel(timezone.now() + timedelta(days=22)):
        assert anonymous.get(url).status_code == 410
    # A new owner: the old link no longer works, for this or any other action.
    second = services.add_action(actor=world.alice, plan=plan, data=_data(title="Another", owner=owner))
    services.update_action(
        actor=world.alice,
        action=action,
        data=_data(owner=add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)),
    )
    assert anonymous.get(url).status_code == 410
    assert links.read_token(links.make_token(second)) == second


def test_reminders_are_sent_once_a_day(world: World, plan: ImprovementPlan) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    owner = add_member(world.alice_org, UserFactory(language="bg"), Role.ACTION_OWNER)
    soon = services.add_action(
        actor=world.alice,
        plan=plan,
        data=_data(owner=owner, start_date=None, due_date=date.today() + timedelta(days=3)),
    )
    services.add_action(
        actor=world.alice,
        plan=plan,
        data=_data(title="Far away", owner=owner, due_date=date.today() + timedelta(days=90)),
    )
    services.approve_plan(actor=manager, plan=plan)
    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    call_command("send_action_reminders", stdout=out)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.user.email]
    assert soon.title in message.body and "/actions/update/" in message.body
    # Stale: a month without news.
    with time_machine.travel(timezone.now() + timedelta(days=40)):
        mail.outbox.clear()
        call_command("send_action_reminders", stdout=out)
        assert len(mail.outbox) == 2


def test_plan_page_queries_do_not_grow(world: World, plan: ImprovementPlan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    subs = list(Subcriterion.objects.all()[:5])
    for index in range(25):
        owner = add_member(world.alice_org, UserFactory(), Role.ACTION_OWNER)
        services.add_action(
            actor=world.alice,
            plan=plan,
            data=_data(title=f"Action {index}", owner=owner, subcriteria=subs, impact=1 + index % 3),
        )
    url = reverse("improvement:detail", kwargs={"org_id": world.alice_org.public_id, "plan_id": plan.public_id})
    client = client_for(world.alice)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["dashboard"].rows) == 25


def test_start_page_creates_the_plan(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = finalised_assessment(world.alice_org, world.alice, caf_framework)
    url = reverse(
        "improvement:start", kwargs={"org_id": world.alice_org.public_id, "assessment_id": assessment.public_id}
    )
    assert client_for(world.alice).get(url).status_code == 200
    response = client_for(world.alice).post(url)
    assert response.status_code == 302
    assert ImprovementPlan.objects.filter(assessment=assessment).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        pass
