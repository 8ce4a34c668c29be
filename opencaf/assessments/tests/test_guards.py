"""Irreversible steps ask first (opening consensus, finalising, reopening individual scoring), and the
overview suggests the step that matches the state: build a group first, "Start" before "Continue",
several group members added at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action, State
from opencaf.assessments.models import Seat, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _url(name: str, assessment: SelfAssessment, **extra: str) -> str:
    kwargs = {"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, **extra}
    return reverse(name, kwargs=kwargs)


def _confirm(assessment: SelfAssessment, action: Action) -> str:
    return _url("assessments:confirm_step", assessment, action=action.value)


def _state(assessment: SelfAssessment) -> str:
    return SelfAssessment.objects.get(pk=assessment.pk).state


@pytest.fixture
def project(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seats = add_assessors(assessment, world.alice, 2)
    seats[0].membership.user.full_name = "Petra Horvat"
    seats[0].membership.user.save()
    assessment = start(assessment, world.alice)
    for sub in Subcriterion.objects.filter(framework=caf_framework).order_by("criterion__number", "position")[:4]:
        services.save_individual(
            actor=seats[0].membership.user,
            seat=seats[0],
            subcriterion=sub,
            score=60,
            dimension_scores={},
            cannot_judge=False,
            entries={},
        )
    return assessment


def _open_consensus(assessment: SelfAssessment, leader: User) -> SelfAssessment:
    return services.change_state(actor=leader, assessment=assessment, action=Action.OPEN_CONSENSUS)


# --- opening consensus asks first -----------------------------------------------------------------


def test_get_of_the_confirm_page_changes_nothing_and_lists_unfinished_assessors(
    world: World, project: SelfAssessment
) -> None:
    response = client_for(world.alice).get(_confirm(project, Action.OPEN_CONSENSUS))
    assert response.status_code == 200
    assert _state(project) == State.INDIVIDUAL
    page = response.content.decode()
    total = Subcriterion.objects.filter(framework=project.framework).count()
    assert f"Petra Horvat {round(100 * 4 / total)} %" in page
    assert page.count("<li>") >= 2  # both assessors are below 100 %
    assert "Open consensus now" in page


def test_post_of_the_confirm_page_opens_consensus(world: World, project: SelfAssessment) -> None:
    response = client_for(world.alice).post(_confirm(project, Action.OPEN_CONSENSUS))
    assert response.status_code == 302
    assert _state(project) == State.CONSENSUS


def test_the_one_click_form_no_longer_opens_consensus(world: World, project: SelfAssessment) -> None:
    response = client_for(world.alice).post(_url("assessments:state", project), {"action": "open_consensus"})
    assert response.status_code == 302
    assert response["Location"] == _confirm(project, Action.OPEN_CONSENSUS)
    assert _state(project) == State.INDIVIDUAL


def test_the_overview_links_to_the_confirm_page(world: World, project: SelfAssessment) -> None:
    page = client_for(world.alice).get(_url("assessments:detail", project)).content.decode()
    assert f'href="{_confirm(project, Action.OPEN_CONSENSUS)}"' in page


def test_finalising_asks_first_and_lists_undecided_subcriteria(world: World, project: SelfAssessment) -> None:
    _open_consensus(project, world.alice)
    client = client_for(world.alice)
    response = client.get(_confirm(project, Action.FINALISE))
    assert response.status_code == 200
    assert "1.1 " in response.content.decode()
    assert response.context["undecided"]
    assert _state(project) == State.CONSENSUS
    client.post(_confirm(project, Action.FINALISE))  # refused by the service: subcriteria undecided
    assert _state(project) == State.CONSENSUS


def test_a_step_that_is_not_possible_now_is_not_offered(world: World, project: SelfAssessment) -> None:
    response = client_for(world.alice).get(_confirm(project, Action.FINALISE))
    assert response.status_code == 302
    assert client_for(world.alice).get(_confirm(project, Action.PAUSE)).status_code == 404
    assert client_for(world.alice).get(_url("assessments:confirm_step", project, action="nonsense")).status_code == 404


# --- reopening individual scoring -----------------------------------------------------------------


def test_reopen_works_before_any_consensus_and_is_audited(world: World, project: SelfAssessment) -> None:
    _open_consensus(project, world.alice)
    client = client_for(world.alice)
    assert client.get(_confirm(project, Action.REOPEN_INDIVIDUAL)).status_code == 200
    assert _state(project) == State.CONSENSUS
    client.post(_confirm(project, Action.REOPEN_INDIVIDUAL))
    assert _state(project) == State.INDIVIDUAL
    event = AuditEvent.objects.get(action="assessment.reopen_individual")
    assert event.actor == world.alice
    assert event.changes["state"] == {"before": "consensus", "after": "individual"}


def test_reopen_is_refused_once_consensus_is_recorded(world: World, project: SelfAssessment) -> None:
    project = _open_consensus(project, world.alice)
    services.record_consensus(
        actor=world.alice,
        assessment=project,
        subcriterion=Subcriterion.objects.get(framework=project.framework, code="1.1"),
        expected_version=0,
        score=60,
        dimension_scores={},
        not_assessed_reason="",
        rationale="",
        entries={},
    )
    with pytest.raises(ValidationError):
        services.reopen_individual_scoring(actor=world.alice, assessment=project)
    client = client_for(world.alice)
    assert "Reopen individual scoring" not in client.get(_url("assessments:detail", project)).content.decode()
    client.post(_confirm(project, Action.REOPEN_INDIVIDUAL))
    assert _state(project) == State.CONSENSUS
    assert not AuditEvent.objects.filter(action="assessment.reopen_individual").exists()


def test_reopen_is_refused_outside_consensus(world: World, project: SelfAssessment) -> None:
    with pytest.raises(ValidationError):
        services.reopen_individual_scoring(actor=world.alice, assessment=project)


def test_the_generic_state_form_cannot_reopen_individual_scoring(world: World, project: SelfAssessment) -> None:
    project = _open_consensus(project, world.alice)
    with pytest.raises(ValidationError):
        services.change_state(actor=world.alice, assessment=project, action=Action.REOPEN_INDIVIDUAL)


# --- permissions of the confirm page --------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_confirm_page_permissions(world: World, project: SelfAssessment, method: str) -> None:
    url = _confirm(project, Action.OPEN_CONSENSUS)
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    assessor = Seat.objects.filter(group__assessment=project).first().membership.user
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert getattr(client_for(assessor), method)(url).status_code == 403
    assert getattr(client_for(viewer), method)(url).status_code == 403
    assert getattr(client_for(world.bob), method)(url).status_code == 404
    assert getattr(client_for(world.carol), method)(url).status_code == 404
    anonymous = getattr(client_for(None), method)(url)
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert _state(project) == State.INDIVIDUAL
    assert getattr(client_for(leader), method)(url).status_code in (200, 302)


# --- next steps that match the state ----------------------------------------------------------------


def test_a_new_self_assessment_suggests_building_a_group(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    page = client_for(world.alice).get(_url("assessments:detail", assessment)).content.decode()
    hint = page.index('id="next-step-hint"')
    assert page.index("Build a group") < page.index("Start individual assessment")
    assert hint < page.index("Build a group")


def test_creating_a_group_confirms(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    response = client_for(world.alice).post(
        _url("assessments:group_new", assessment), {"name": "SAG 1", "leader": ""}, follow=True
    )
    assert "The group “SAG 1” has been created" in response.content.decode()


def test_an_assessor_with_nothing_scored_sees_start(world: World, project: SelfAssessment) -> None:
    seats = list(Seat.objects.filter(group__assessment=project).select_related("membership__user"))
    fresh, started = (seats[1], seats[0]) if seats[0].membership.user.full_name == "Petra Horvat" else seats
    fresh_page = client_for(fresh.membership.user).get(_url("assessments:detail", project)).content.decode()
    assert "Start assessing" in fresh_page
    assert "Continue assessing" not in fresh_page
    started_page = client_for(started.membership.user).get(_url("assessments:detail", project)).content.decode()
    assert "Continue assessing" in started_page
    assert "Start assessing" not in started_page


def test_several_members_are_added_at_once(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    group = services.create_group(actor=world.alice, assessment=assessment, name="SAG 1", leader=None)
    people = [add_member(world.alice_org, UserFactory(), Role.ASSESSOR) for _ in range(3)]
    url = _url("assessments:seat_new", assessment, group_id=str(group.public_id))
    client = client_for(world.alice)
    page = client.get(url).content.decode()
    assert page.count('type="checkbox" name="membership"') == 4  # three assessors and Alice
    response = client.post(
        url,
        {"membership": [people[0].pk, people[2].pk], "functional_area": "Finance", "staff_level": "front_line"},
    )
    assert response.status_code == 302
    seats = Seat.objects.filter(group=group)
    assert {seat.membership_id for seat in seats} == {people[0].pk, people[2].pk}
    assert {(seat.functional_area, seat.staff_level) for seat in seats} == {("Finance", "front_line")}
    assert AuditEvent.objects.filter(action="assessment.member_added").count() == 2
    # Those already seated are no longer offered.
    assert client.get(url).content.decode().count('type="checkbox" name="membership"') == 2


def test_the_consensus_form_warns_before_unsaved_changes_are_lost(world: World, project: SelfAssessment) -> None:
    project = _open_consensus(project, world.alice)
    page = client_for(world.alice).get(_url("assessments:consensus_item", project, code="1.1")).content.decode()
    assert "data-warn-unsaved" in page
    assert "opencaf/unsaved.js" in page
