"""The access object: built once per request, asks the database at most a fixed number of times,
and gives templates flags instead of states to compare."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from conftest import World
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.permissions import access_for, get_assessment_access
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.permissions import forget_cached_roles

PACKAGE = Path(__file__).resolve().parents[2]


def test_flags_cost_a_fixed_number_of_queries(
    world: World, caf_framework: FrameworkVersion, django_assert_num_queries, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seat = add_assessors(assessment, world.alice, 3)[0]
    forget_cached_roles(world.alice)
    access = access_for(world.alice, assessment)
    with django_assert_max_num_queries(3):  # roles, seats, group leadership (if not already a leader)
        flags = access.flags
    with django_assert_num_queries(0):  # asked again: already known
        assert access.flags == flags
        assert access.can_manage and access.can_view_consensus
    member = access_for(seat.membership.user, assessment)
    assert member.flags["has_seat"] and not member.flags["can_manage"]


def test_seat_holders_read_by_the_page_answer_has_seat_without_a_query(
    world: World, caf_framework: FrameworkVersion, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from opencaf.assessments import selectors
    from opencaf.frameworks.selectors import structure_of

    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seat = add_assessors(assessment, world.alice, 2)[0]
    item = selectors.consensus_item(assessment, structure_of(caf_framework).subcriterion("1.1"), [])
    seated, leader = access_for(seat.membership.user, assessment), access_for(world.alice, assessment)
    with django_assert_num_queries(0):
        seated.learn_seat_holders(item.seat_holders)
        leader.learn_seat_holders(item.seat_holders)
        assert seated.has_seat and not leader.has_seat
    # What was asked of the database before stays as it was answered.
    asked = access_for(seat.membership.user, assessment)
    assert asked.has_seat
    asked.learn_seat_holders(frozenset())
    assert asked.has_seat


def test_a_paused_project_counts_as_the_phase_it_was_paused_in(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seat = add_assessors(assessment, world.alice, 1)[0]
    start(assessment, world.alice)
    with transaction.atomic():
        services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
        paused = services.change_state(actor=world.alice, assessment=assessment, action=Action.PAUSE)
    member = access_for(seat.membership.user, paused)
    assert member.consensus_opened and member.can_view_consensus
    assert not member.can_edit_consensus and not member.is_finished


def test_the_access_helper_turns_outsiders_away_with_404(world: World, caf_framework: FrameworkVersion) -> None:
    from django.http import Http404

    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    assert get_assessment_access(world.alice, world.alice_org.public_id, assessment.public_id).assessment == assessment
    for outsider in (world.bob, world.carol, world.charlie):
        with pytest.raises(Http404):
            get_assessment_access(outsider, world.alice_org.public_id, assessment.public_id)
    with pytest.raises(Http404):  # right id, wrong organisation in the URL
        get_assessment_access(world.bob, world.bob_org.public_id, assessment.public_id)


STATE_COMPARISON = re.compile(r"\b(?:assessment|plan|document)\.(?:state|status)\s*(?:==|!=)")


def test_templates_ask_flags_instead_of_comparing_states() -> None:
    """Which states allow what lives in lifecycle.py and the access objects, not in templates."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STATE_COMPARISON.search(line)
    ]
    assert not offenders
