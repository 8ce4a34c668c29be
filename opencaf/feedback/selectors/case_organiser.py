"""What the case page shows of the organiser part (see views/case.py): `context(access)` returns the
template variables of `feedback/case/_organiser.html`, in a fixed number of queries (one at most: the
case's assignments, once there can be any).

- the coordinators: the next steps (accept or return a submitted application; assign the external
  feedback actors and schedule the visit while the feedback is under way) and every actor assigned,
  with their declaration of interests;
- the organisation's members and the case's actors: the visit (date, place, agenda) once scheduled and
  who the actors are, once they have declared no conflict of interest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.models import CaseActor, Declaration

# Before acceptance nobody is assigned yet (actors are assigned only while the feedback is under way).
NO_ACTORS_YET = frozenset({lifecycle.State.DRAFT, lifecycle.State.SUBMITTED})


@dataclass(frozen=True)
class Visit:
    starts_at: datetime
    ends_at: datetime | None
    place: str
    agenda: str


@dataclass(frozen=True)
class OrganiserPart:
    coordinator: bool
    can_accept: bool = False  # and return
    can_assign: bool = False  # and schedule the visit
    assignments: list[CaseActor] = field(default_factory=list)  # every one for coordinators, else the declared
    pending: int = 0  # declarations still awaited (coordinators)
    counted: int = 0  # actors who count towards the usual number (not the conflicted)
    usual: int = 0  # the procedure's usual number of actors per case
    visit: Visit | None = None
    version: int = 0

    @property
    def shown(self) -> bool:
        """Whether the case page has anything of this part to show."""
        return self.coordinator or self.visit is not None or bool(self.assignments)


def context(access: CaseAccess) -> dict[str, Any]:
    if not (access.coordinator or access.member or access.actor):
        return {"organiser": None}
    case = access.case
    state = access.state
    assignments: list[CaseActor] = []
    if state not in NO_ACTORS_YET:
        assignments = list(
            CaseActor.objects.filter(case=case).select_related("actor__user").order_by("-lead", "assigned_at")
        )
    visit = (
        Visit(case.visit_starts_at, case.visit_ends_at, case.visit_place, case.visit_agenda)
        if case.visit_starts_at is not None
        else None
    )
    if access.coordinator:
        part = OrganiserPart(
            coordinator=True,
            can_accept=access.can_organise and state == lifecycle.State.SUBMITTED,
            can_assign=access.can_organise and state in lifecycle.IN_HANDS_OF_ACTORS,
            assignments=assignments,
            pending=sum(1 for item in assignments if item.declaration == Declaration.PENDING),
            counted=sum(1 for item in assignments if item.declaration != Declaration.CONFLICT),
            usual=case.procedure.actors_per_case,
            visit=visit,
            version=case.version,
        )
    else:
        declared = [item for item in assignments if item.declaration == Declaration.NO_CONFLICT]
        part = OrganiserPart(coordinator=False, assignments=declared, visit=visit, version=case.version)
    return {"organiser": part}
