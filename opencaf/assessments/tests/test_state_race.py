"""A state change checks and changes the state in one guarded update: a change made by someone else
between reading and writing is never overwritten."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action, State, transition
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion


def test_a_state_change_made_meanwhile_is_not_overwritten(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 2)
    assessment = start(assessment, world.alice)

    def someone_pauses_meanwhile(*args, **kwargs):  # type: ignore[no-untyped-def]
        # Another leader's request changes the state after this one has read it.
        SelfAssessment.objects.filter(pk=assessment.pk).update(state=State.PAUSED.value, paused_from=assessment.state)
        return transition(*args, **kwargs)

    before = AuditEvent.objects.count()
    with (
        mock.patch("opencaf.assessments.services.project.transition", side_effect=someone_pauses_meanwhile),
        pytest.raises(ValidationError, match="changed meanwhile"),
    ):
        services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    # (The simulated concurrent change rolled back with this request's transaction in the test.)
    assert AuditEvent.objects.count() == before


def test_the_same_step_twice_is_refused(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 2)
    assessment = start(assessment, world.alice)
    stale = SelfAssessment.objects.get(pk=assessment.pk)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    with pytest.raises(ValidationError):
        services.change_state(actor=world.alice, assessment=stale, action=Action.OPEN_CONSENSUS)
    assert AuditEvent.objects.filter(action="assessment.open_consensus").count() == 1
