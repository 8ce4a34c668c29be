"""Who may see and do what in a self-assessment.

Outside the organisation everything is 404 (the organisation access helper decides that); network
coordinators do not see an organisation's self-assessments. Inside, the role decides.

One access object per request: `get_assessment_access()` finds the self-assessment for the person and
returns an `AssessmentAccess` that knows their roles, their seats and whether they lead a group, and
answers every permission question from those facts. Views use it and hand its `flags` to templates,
so templates never compare state strings; services re-check through `access_for()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from opencaf.assessments.lifecycle import (
    State,
    consensus_opened,
    effective_state,
    individual_input_open,
    is_finished,
)
from opencaf.assessments.models import AssessmentGroup, EvidenceLink, PlanItem, Seat, SelfAssessment
from opencaf.core.ids import get_by_public_id
from opencaf.frameworks.models import Subcriterion
from opencaf.frameworks.selectors import structure_of
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, roles_in

LEADING_ROLES = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER})


def input_is_open(assessment: SelfAssessment) -> bool:
    """Assessors may change their input while the individual phase runs and the deadline has not passed."""
    if not individual_input_open(assessment.lifecycle_state):
        return False
    deadline = assessment.individual_deadline
    return deadline is None or timezone.localdate() <= deadline


@dataclass(frozen=True)
class AssessmentAccess:
    """What one person may see and do in one self-assessment, worked out once per request.

    Facts are loaded lazily and at most once: the roles (one query, cached on the user), the
    person's seats and whether they lead a group (one query each, only if a question needs them).
    """

    user: Any
    assessment: SelfAssessment

    # --- facts ---

    @property
    def organisation(self) -> Organisation:
        return self.assessment.organisation

    @cached_property
    def roles(self) -> frozenset[str]:
        return roles_in(self.user, self.assessment.organisation)

    @cached_property
    def seats(self) -> tuple[Seat, ...]:
        if not getattr(self.user, "is_authenticated", False):
            return ()
        return tuple(
            Seat.objects.filter(group__assessment=self.assessment, membership__user=self.user).select_related(
                "group", "membership"
            )
        )

    @cached_property
    def leads_a_group(self) -> bool:
        if not getattr(self.user, "is_authenticated", False):
            return False
        return AssessmentGroup.objects.filter(assessment=self.assessment, leader__user=self.user).exists()

    @cached_property
    def has_seat(self) -> bool:
        """Asked on every page (the tabs): an exists() costs a third of reading the seats, which
        only the person's own scoring pages need."""
        if not getattr(self.user, "is_authenticated", False):
            return False
        if "seats" in self.__dict__:
            return bool(self.seats)
        return Seat.objects.filter(group__assessment=self.assessment, membership__user=self.user).exists()

    def learn_seat_holders(self, user_ids: frozenset[int]) -> None:
        """A page that has read every seat's person anyway (the consensus pages) answers `has_seat`
        from them instead of asking the database once more."""
        self.__dict__.setdefault("has_seat", getattr(self.user, "pk", None) in user_ids)

    @property
    def state(self) -> State:
        """The phase that decides visibility: a paused project counts as the phase it was paused in."""
        paused_from = State(self.assessment.paused_from) if self.assessment.paused_from else None
        return effective_state(self.assessment.lifecycle_state, paused_from)

    # --- questions ---

    @cached_property
    def can_manage(self) -> bool:
        """Plan the project, compose groups, move it between states: the CAF leader and org admins."""
        return bool(self.roles & LEADING_ROLES)

    @property
    def leads(self) -> bool:
        """Manages the project or leads one of its groups: may follow progress and run consensus."""
        return self.can_manage or self.leads_a_group

    @property
    def input_open(self) -> bool:
        return input_is_open(self.assessment)

    @property
    def is_finished(self) -> bool:
        return is_finished(self.assessment.lifecycle_state)

    @property
    def consensus_opened(self) -> bool:
        return consensus_opened(self.state)

    @cached_property
    def can_view_consensus(self) -> bool:
        """Leaders always; group members and managers once consensus has been opened."""
        if self.leads:
            return True
        return self.consensus_opened and (Role.MANAGER in self.roles or self.has_seat)

    @property
    def can_edit_consensus(self) -> bool:
        return self.assessment.lifecycle_state == State.CONSENSUS and self.leads

    @property
    def can_attach_evidence(self) -> bool:
        """Group members while they assess; leaders until the project is closed."""
        if self.leads:
            return self.state != State.CLOSED
        return self.has_seat and self.input_open

    # Evidence attached during individual assessment belongs to its author until consensus opens:
    # assessors score independently. Leaders see it all; what they attach is shared at once.

    @property
    def sees_all_evidence(self) -> bool:
        return self.leads or self.consensus_opened

    @property
    def attaches_individually(self) -> bool:
        """What this person attaches now stays theirs until consensus: assessors while they score."""
        return not self.sees_all_evidence

    def can_see_evidence(self, link: EvidenceLink) -> bool:
        return self.sees_all_evidence or not link.individual or self._is_author(link)

    def can_remove_evidence(self, link: EvidenceLink) -> bool:
        """The author while they may attach; leaders shared evidence, and an assessor's once consensus opens."""
        if not self.can_attach_evidence or not self.can_see_evidence(link):
            return False
        if self._is_author(link):
            return True
        return self.leads and (not link.individual or self.consensus_opened)

    def _is_author(self, link: EvidenceLink) -> bool:
        return link.added_by_id is not None and link.added_by_id == getattr(self.user, "pk", None)

    @property
    def can_view_results(self) -> bool:
        if is_finished(self.state):
            return bool(self.roles)
        return self.can_view_consensus

    @property
    def can_read_report(self) -> bool:
        return self.is_finished and self.can_view_results

    @property
    def can_send_reminders(self) -> bool:
        return self.leads

    @property
    def can_start_next_cycle(self) -> bool:
        return self.can_manage and self.is_finished

    def can_score(self, seat: Seat) -> bool:
        return seat.membership.user_id == getattr(self.user, "pk", None) and self.input_open

    @property
    def flags(self) -> dict[str, bool]:
        """What the templates may offer; they read these instead of deciding permissions or states."""
        return {
            "can_manage": self.can_manage,
            "can_view_consensus": self.can_view_consensus,
            "can_edit_consensus": self.can_edit_consensus,
            "can_view_results": self.can_view_results,
            "can_read_report": self.can_read_report,
            "can_send_reminders": self.can_send_reminders,
            "can_start_next_cycle": self.can_start_next_cycle,
            "input_open": self.input_open,
            "is_finished": self.is_finished,
            "consensus_opened": self.consensus_opened,
            "has_seat": self.has_seat,
        }


def access_for(user: Any, assessment: SelfAssessment) -> AssessmentAccess:
    """The access object for a self-assessment the caller already holds (services re-check with it)."""
    return AssessmentAccess(user=user, assessment=assessment)


def get_assessment_access(user: Any, org_id: object, assessment_id: object) -> AssessmentAccess:
    """The self-assessment with the person's access to it; 404 unless they hold a role in its organisation."""
    organisation = get_organisation_for_staff(user, org_id)
    return access_for(user, get_assessment(organisation, assessment_id))


# --- plain predicates, for callers that ask one question once --------------------------------------


def can_create(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & LEADING_ROLES)


def can_manage(user: Any, assessment: SelfAssessment) -> bool:
    return access_for(user, assessment).can_manage


def can_view_results(user: Any, assessment: SelfAssessment) -> bool:
    return access_for(user, assessment).can_view_results


# --- lookups inside a self-assessment the caller may already see ----------------------------------


def get_assessment(organisation: Organisation, public_id: object) -> SelfAssessment:
    """The self-assessment of this organisation (the caller has checked the organisation).

    The organisation is the caller's, not joined again: on every page of a self-assessment a join
    of its two dozen columns cost more to build than the whole lookup without it."""
    assessments = SelfAssessment.objects.select_related("framework").filter(organisation=organisation)
    assessment = get_by_public_id(assessments, public_id)
    assessment.organisation = organisation
    return assessment


def get_group(assessment: SelfAssessment, public_id: object) -> AssessmentGroup:
    return get_by_public_id(AssessmentGroup.objects.filter(assessment=assessment), public_id)


def get_seat(assessment: SelfAssessment, public_id: object) -> Seat:
    seats = Seat.objects.select_related("group", "group__assessment", "membership", "membership__user")
    return get_by_public_id(seats.filter(group__assessment=assessment), public_id)


def get_plan_item(assessment: SelfAssessment, public_id: object) -> PlanItem:
    items = PlanItem.objects.select_related("step").filter(assessment=assessment)
    return get_by_public_id(items, public_id)


def get_subcriterion(assessment: SelfAssessment, code: str) -> Subcriterion:
    """A subcriterion of the self-assessment's framework, by its code ("4.5"), else 404."""
    subcriterion = structure_of(assessment.framework).subcriterion(code)
    if subcriterion is None:
        raise Http404
    return subcriterion


def get_evidence_link(access: AssessmentAccess, subcriterion: Subcriterion, public_id: object) -> EvidenceLink:
    """A link the person can see (404 otherwise: another assessor's evidence is not even confirmed to exist)."""
    links = EvidenceLink.objects.select_related("subcriterion", "evidence").filter(
        assessment=access.assessment, subcriterion=subcriterion
    )
    if not access.sees_all_evidence:
        links = links.filter(Q(individual=False) | Q(added_by=access.user))
    return get_by_public_id(links, public_id)
