"""access.py: who reaches a case and what each may do in each state. The organisation's writers
(administrators, CAF leaders) and readers (its other members), the coordinators of the case's network,
the case's external feedback actors (not declared yet, no conflict, conflict, deactivated), and
everyone else: another organisation, another network's coordinator, an actor of another case, an
anonymous visitor."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conftest import World
from opencaf.feedback.access import CaseAccess, access_for, case_access
from opencaf.feedback.models import ExternalActor
from opencaf.feedback.tests.builders_organiser import CONFLICT, NO_CONFLICT, PENDING, Scene, scene
from opencaf.feedback.tests.factories import accepted_assessment, assign, feedback_case
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import add_member

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "in_feedback", "reported", "awarded", "not_awarded", "withdrawn"]
FINAL = {"awarded", "not_awarded", "withdrawn"}


def _scene(world: World, framework: Any, state: str) -> Scene:
    return scene(world, framework, state=state)


def _access(user: Any, s: Scene) -> CaseAccess:
    access = access_for(user, s.case)
    assert access is not None
    return access


@pytest.mark.parametrize("state", STATES)
def test_a_writer_edits_only_a_draft_and_withdraws_until_the_report(
    world: World, caf_framework: Any, state: str
) -> None:
    s = _scene(world, caf_framework, state)
    for user in (world.alice, s.leader):  # administrator, CAF leader
        access = _access(user, s)
        assert access.writer and access.member and not access.coordinator and access.assignment is None
        assert access.can_edit_application == (state == "draft")
        assert access.can_withdraw == (state in {"draft", "submitted", "in_feedback"})
        assert access.can_read_case
        assert not access.can_organise and not access.can_decide
        assert not access.can_score and not access.can_write_report and not access.can_finalise_report
        assert access.can_see_scores == (state in FINAL)
        assert not access.actor and not access.lead and not access.must_declare


@pytest.mark.parametrize("state", STATES)
def test_a_reader_reads_and_changes_nothing(world: World, caf_framework: Any, state: str) -> None:
    s = _scene(world, caf_framework, state)
    access = _access(s.viewer, s)
    assert access.member and not access.writer
    assert access.can_read_case
    assert not access.can_edit_application and not access.can_withdraw
    assert not access.can_organise and not access.can_score
    assert access.can_see_scores == (state in FINAL)


@pytest.mark.parametrize("state", STATES)
def test_the_coordinator_organises_until_the_case_is_closed_and_decides_a_reported_one(
    world: World, caf_framework: Any, state: str
) -> None:
    s = _scene(world, caf_framework, state)
    access = _access(world.carol, s)
    assert access.coordinator and not access.member and not access.writer
    assert access.can_read_case and access.can_see_scores
    assert access.can_organise == (state not in FINAL)
    assert access.can_decide == (state == "reported")
    assert not access.can_edit_application and not access.can_withdraw
    assert not access.can_score and not access.can_write_report


@pytest.mark.parametrize("state", ["in_feedback", "reported", "awarded"])
def test_an_actor_who_has_not_declared_only_declares(world: World, caf_framework: Any, state: str) -> None:
    s = _scene(world, caf_framework, state)
    s.assign(lead=True, declaration=PENDING)
    access = _access(s.efac, s)
    assert access.must_declare and access.assignment is not None
    assert not access.actor and not access.lead
    assert not access.can_read_case and not access.can_score and not access.can_see_scores
    assert not access.can_finalise_report and not access.member and not access.coordinator


@pytest.mark.parametrize("state", STATES)
def test_an_actor_without_conflict_works_on_the_case_while_it_is_in_feedback(
    world: World, caf_framework: Any, state: str
) -> None:
    s = _scene(world, caf_framework, state)
    s.assign(lead=True, declaration=NO_CONFLICT)
    s.assign(s.actor2, declaration=NO_CONFLICT)
    lead, other = _access(s.efac, s), _access(s.efac2, s)
    for access in (lead, other):
        assert access.actor and not access.must_declare and not access.member and not access.coordinator
        assert access.can_read_case and access.can_see_scores
        assert access.can_score == (state == "in_feedback")
        assert access.can_write_report == (state == "in_feedback")
        assert not access.can_organise and not access.can_decide
        assert not access.can_edit_application and not access.can_withdraw
    assert lead.lead and not other.lead
    assert lead.can_finalise_report == (state == "in_feedback")
    assert not other.can_finalise_report


def test_an_actor_who_declared_a_conflict_is_out_of_the_case(world: World, caf_framework: Any) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    s.assign(declaration=CONFLICT)
    assert access_for(s.efac, s.case) is None
    with pytest.raises(Http404):
        case_access(s.efac, s.case.public_id)


def test_a_member_who_declared_a_conflict_keeps_their_membership_access(world: World, caf_framework: Any) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    add_member(world.alice_org, s.efac, Role.VIEWER)
    s.assign(declaration=CONFLICT)
    access = _access(s.efac, s)
    assert access.member and not access.actor and not access.must_declare
    assert not access.can_score


def test_a_deactivated_actor_loses_access(world: World, caf_framework: Any) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    s.assign(lead=True, declaration=NO_CONFLICT)
    ExternalActor.objects.filter(pk=s.actor.pk).update(active=False)
    assert access_for(s.efac, s.case) is None


def test_an_actor_of_another_case_reaches_nothing_of_this_one(world: World, caf_framework: Any) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    other_org_case = feedback_case(
        world.bob_org, accepted_assessment(world.bob_org, caf_framework), state="in_feedback"
    )
    assign(other_org_case, s.stranger_actor, declaration=NO_CONFLICT)
    assert access_for(s.stranger_efac, s.case) is None
    assert access_for(s.stranger_efac, other_org_case) is not None


@pytest.mark.parametrize("who", ["bob", "dave", "charlie"])
def test_people_outside_the_case_get_nothing(world: World, caf_framework: Any, who: str) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    user = getattr(world, who)
    assert access_for(user, s.case) is None
    with pytest.raises(Http404):
        case_access(user, s.case.public_id)


def test_an_anonymous_visitor_gets_nothing(world: World, caf_framework: Any) -> None:
    s = _scene(world, caf_framework, "submitted")
    assert access_for(AnonymousUser(), s.case) is None
    with pytest.raises(Http404):
        case_access(AnonymousUser(), s.case.public_id)


def test_an_unknown_or_malformed_case_id_is_not_found(world: World) -> None:
    for case_id in (uuid.uuid4(), "not-a-uuid"):
        with pytest.raises(Http404):
            case_access(world.alice, case_id)


def test_case_access_loads_the_case_with_its_organisation_network_and_procedure(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    s = _scene(world, caf_framework, "in_feedback")
    s.assign(declaration=NO_CONFLICT)
    with django_assert_max_num_queries(4):  # the case, the roles, the coordinators, the assignment
        access = case_access(s.efac, s.case.public_id)
    with django_assert_max_num_queries(0):
        assert access.case.organisation.name and access.case.network.name and access.case.procedure.code
