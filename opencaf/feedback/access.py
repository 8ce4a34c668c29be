"""Who may do what with an external feedback case: one frozen access object per request.

Three kinds of people reach a case, each by another road:
- the organisation: its writers (administrators and CAF leaders) prepare and submit the application;
  its managers and every other member read it;
- the organiser: the coordinators of the case's network accept or return it, assign external feedback
  actors, schedule the visit and decide;
- external feedback actors (EFACs): only those assigned to this case who declared no conflict of
  interest, and only this case: the dossier as submitted, the documents attached, the self-assessment's
  report and plan. An EFAC has no membership of the organisation and reaches nothing else of it. An
  actor assigned but not yet declared sees only the page where they declare.

Anyone else gets a 404, so a case's existence is not revealed. Views ask `case_access` once and use
its flags; services check the same flags again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from opencaf.core.ids import get_by_public_id
from opencaf.feedback import lifecycle
from opencaf.feedback.models import CaseActor, Declaration, FeedbackCase
from opencaf.organisations.choices import Role
from opencaf.organisations.permissions import is_coordinator, roles_in

WRITERS = frozenset({Role.ORG_ADMIN, Role.CAF_LEADER})


@dataclass(frozen=True)
class CaseAccess:
    case: FeedbackCase
    roles: frozenset[str]  # the person's roles in the organisation (empty for organisers and EFACs)
    coordinator: bool
    assignment: CaseActor | None  # the person's assignment as an EFAC, declared or not

    @property
    def state(self) -> lifecycle.State:
        return self.case.lifecycle_state

    @property
    def writer(self) -> bool:
        return bool(self.roles & WRITERS)

    @property
    def member(self) -> bool:
        return bool(self.roles)

    @property
    def actor(self) -> bool:
        """An EFAC of this case who may work on it (declared no conflict of interest)."""
        return self.assignment is not None and self.assignment.declaration == Declaration.NO_CONFLICT

    @property
    def lead(self) -> bool:
        return self.actor and self.assignment is not None and self.assignment.lead

    @property
    def must_declare(self) -> bool:
        return self.assignment is not None and self.assignment.declaration == Declaration.PENDING

    # --- the organisation ---

    @property
    def can_edit_application(self) -> bool:
        return self.writer and self.state in lifecycle.EDITABLE

    @property
    def can_withdraw(self) -> bool:
        return self.writer and lifecycle.Move.WITHDRAW in lifecycle.allowed(self.state)

    @property
    def can_read_case(self) -> bool:
        """The application, the dossier and the documents attached."""
        return self.member or self.coordinator or self.actor

    # --- the organiser ---

    @property
    def can_organise(self) -> bool:
        """Accept or return the application, assign actors, schedule the visit."""
        return self.coordinator and self.state not in lifecycle.FINAL

    @property
    def can_decide(self) -> bool:
        return self.coordinator and self.state == lifecycle.State.REPORTED

    # --- the external feedback actors ---

    @property
    def can_score(self) -> bool:
        return self.actor and self.state in lifecycle.IN_HANDS_OF_ACTORS

    @property
    def can_write_report(self) -> bool:
        """Every actor of the case may record agreed scores and write the report; the lead finalises."""
        return self.can_score

    @property
    def can_finalise_report(self) -> bool:
        return self.lead and self.state in lifecycle.IN_HANDS_OF_ACTORS

    @property
    def can_see_scores(self) -> bool:
        """The agreed scores and the report: the actors and the organiser; the organisation once decided."""
        return self.actor or self.coordinator or (self.member and self.state in lifecycle.FINAL)


def access_for(user: Any, case: FeedbackCase) -> CaseAccess | None:
    """The person's access to the case, or None when they have none."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = roles_in(user, case.organisation)
    coordinator = is_coordinator(user, case.network)
    assignment = (
        CaseActor.objects.select_related("actor").filter(case=case, actor__user=user, actor__active=True).first()
    )
    if not roles and not coordinator and assignment is None:
        return None
    if assignment is not None and assignment.declaration == Declaration.CONFLICT and not roles and not coordinator:
        return None  # declared a conflict: out of the case
    return CaseAccess(case=case, roles=roles, coordinator=coordinator, assignment=assignment)


def case_access(user: Any, case_id: object) -> CaseAccess:
    """The case by its public id with the person's access; 404 when they have none."""
    case = get_by_public_id(
        FeedbackCase.objects.select_related("organisation", "network", "assessment", "procedure"), case_id
    )
    access = access_for(user, case)
    if access is None:
        raise Http404
    return access
