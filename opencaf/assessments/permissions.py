"""Who may see and do what in a self-assessment.

Outside the organisation everything is 404 (the organisation access helper decides that);
network coordinators do not see an organisation's self-assessments. Inside, the role decides.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from opencaf.assessments.lifecycle import State, individual_input_open
from opencaf.assessments.models import AssessmentGroup, PlanItem, Seat, SelfAssessment
from opencaf.core.ids import parse_public_id
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import roles_in

LEADING_ROLES = {Role.ORG_ADMIN, Role.CAF_LEADER}
AFTER_CONSENSUS_OPENED = {State.CONSENSUS, State.FINALISED, State.CLOSED}


def _state(assessment: SelfAssessment) -> State:
    state = assessment.lifecycle_state
    if state == State.PAUSED and assessment.paused_from:
        return State(assessment.paused_from)
    return state


def can_view_assessments(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation))


def can_manage(user: Any, assessment: SelfAssessment) -> bool:
    """Plan the project, compose groups, move it between states: the CAF leader and org admins."""
    return bool(roles_in(user, assessment.organisation) & LEADING_ROLES)


def can_create(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & LEADING_ROLES)


def seats_of(user: Any, assessment: SelfAssessment) -> list[Seat]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Seat.objects.filter(group__assessment=assessment, membership__user=user).select_related("group", "membership")
    )


def leads_a_group(user: Any, assessment: SelfAssessment) -> bool:
    return AssessmentGroup.objects.filter(assessment=assessment, leader__user=user).exists()


def input_is_open(assessment: SelfAssessment) -> bool:
    if not individual_input_open(assessment.lifecycle_state):
        return False
    deadline = assessment.individual_deadline
    return deadline is None or timezone.localdate() <= deadline


def can_score(user: Any, seat: Seat) -> bool:
    return seat.membership.user_id == getattr(user, "pk", None) and input_is_open(seat.group.assessment)


def can_view_consensus(user: Any, assessment: SelfAssessment) -> bool:
    """Leaders always; group members and managers once consensus has been opened."""
    if can_manage(user, assessment) or leads_a_group(user, assessment):
        return True
    if _state(assessment) not in AFTER_CONSENSUS_OPENED:
        return False
    return Role.MANAGER in roles_in(user, assessment.organisation) or bool(seats_of(user, assessment))


def can_edit_consensus(user: Any, assessment: SelfAssessment) -> bool:
    if assessment.lifecycle_state != State.CONSENSUS:
        return False
    return can_manage(user, assessment) or leads_a_group(user, assessment)


def can_attach_evidence(user: Any, assessment: SelfAssessment) -> bool:
    """Group members while they assess; leaders until the project is closed."""
    if can_manage(user, assessment) or leads_a_group(user, assessment):
        return _state(assessment) != State.CLOSED
    return bool(seats_of(user, assessment)) and input_is_open(assessment)


def can_view_results(user: Any, assessment: SelfAssessment) -> bool:
    if _state(assessment) in (State.FINALISED, State.CLOSED):
        return can_view_assessments(user, assessment.organisation)
    return can_view_consensus(user, assessment)


# --- access helpers -------------------------------------------------------------------------------


def get_assessment(organisation: Organisation, public_id: object) -> SelfAssessment:
    """The self-assessment of this organisation (the caller has checked the organisation)."""
    assessment = (
        SelfAssessment.objects.select_related("organisation", "framework")
        .filter(organisation=organisation, public_id=parse_public_id(public_id))
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def get_group(assessment: SelfAssessment, public_id: object) -> AssessmentGroup:
    group = AssessmentGroup.objects.filter(assessment=assessment, public_id=parse_public_id(public_id)).first()
    if group is None:
        raise Http404
    return group


def get_seat(assessment: SelfAssessment, public_id: object) -> Seat:
    seat = (
        Seat.objects.select_related("group", "group__assessment", "membership", "membership__user")
        .filter(group__assessment=assessment, public_id=parse_public_id(public_id))
        .first()
    )
    if seat is None:
        raise Http404
    return seat


def get_plan_item(assessment: SelfAssessment, public_id: object) -> PlanItem:
    item = (
        PlanItem.objects.select_related("step")
        .filter(assessment=assessment, public_id=parse_public_id(public_id))
        .first()
    )
    if item is None:
        raise Http404
    return item
