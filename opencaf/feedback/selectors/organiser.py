"""Reads of the organiser's part of external feedback, each in a fixed number of queries whatever the
number of cases or actors: the network's cases by state (submitted ones, waiting for the organiser,
first) and its labels about to expire; the network's external feedback actors (EFACs); a case's
assignments; and the cases of the signed-in person as an EFAC, across networks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from opencaf.core.ids import get_by_public_id
from opencaf.feedback import lifecycle
from opencaf.feedback.models import ActorScore, CaseActor, CaseState, Declaration, ExternalActor, FeedbackCase, Label
from opencaf.organisations.models import Network

PAGE_SIZE = 50
EXPIRY_DAYS = 90

# The order of the groups on the network's list: what waits for the organiser first, the finished last.
STATE_ORDER = [
    CaseState.SUBMITTED,
    CaseState.IN_FEEDBACK,
    CaseState.REPORTED,
    CaseState.DRAFT,
    CaseState.AWARDED,
    CaseState.NOT_AWARDED,
    CaseState.WITHDRAWN,
]
OPEN_FILTER = "open"


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


def _assignments() -> Prefetch[Any]:
    return Prefetch("actors", queryset=CaseActor.objects.select_related("actor__user").order_by("-lead", "assigned_at"))


def state_counts(network: Network) -> list[StateCount]:
    counts = dict(FeedbackCase.objects.filter(network=network).values_list("state").annotate(count=Count("pk")))
    labels = dict(CaseState.choices)
    return [StateCount(state.value, str(labels[state.value]), counts.get(state.value, 0)) for state in STATE_ORDER]


def network_cases(network: Network, state: str, page_number: Any) -> Page[Any]:
    """A page of the network's cases in `state` (a CaseState value, or "open" for every state not
    final), ordered by state (STATE_ORDER), then oldest submission first."""
    cases = FeedbackCase.objects.filter(network=network)
    if state == OPEN_FILTER:
        cases = cases.exclude(state__in=[item.value for item in lifecycle.FINAL])
    elif state:
        cases = cases.filter(state=state)
    order = Case(
        *(When(state=item.value, then=Value(position)) for position, item in enumerate(STATE_ORDER)),
        output_field=IntegerField(),
    )
    cases = (
        cases.annotate(state_order=order)
        .select_related("organisation", "assessment")
        .prefetch_related(_assignments())
        .order_by("state_order", "submitted_at", "created_at", "pk")
    )
    return Paginator(cases, PAGE_SIZE).get_page(page_number)


def expiring_labels(network: Network, today: date | None = None, days: int = EXPIRY_DAYS) -> list[Label]:
    """The network's labels that end within `days`, unless the organisation already holds a later one."""
    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    renewed = Label.objects.filter(organisation=OuterRef("organisation"), valid_until__gt=until)
    return list(
        Label.objects.filter(network=network, valid_until__gte=today, valid_until__lte=until)
        .exclude(Exists(renewed))
        .select_related("organisation")
        .order_by("valid_until", "pk")
    )


# --- the network's external feedback actors -----------------------------------------------------------


def network_actors(network: Network) -> list[ExternalActor]:
    """Every EFAC of the network (active first), with how many open cases each is assigned to."""
    open_states = [state.value for state in lifecycle.OPEN]
    return list(
        ExternalActor.objects.filter(network=network)
        .select_related("user")
        .annotate(
            open_cases=Count(
                "cases",
                filter=Q(cases__case__state__in=open_states) & ~Q(cases__declaration=Declaration.CONFLICT),
            )
        )
        .order_by("-active", "user__full_name", "user__email")
    )


def active_actors(network: Network) -> list[ExternalActor]:
    return list(
        ExternalActor.objects.filter(network=network, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def get_actor_in(network: Network, actor_id: object) -> ExternalActor:
    return get_by_public_id(
        ExternalActor.objects.filter(network=network).select_related("user", "network", "added_by"), actor_id
    )


def actor_assignments(external_actor: ExternalActor) -> list[CaseActor]:
    return list(
        CaseActor.objects.filter(actor=external_actor)
        .select_related("case__organisation", "case__assessment")
        .order_by("-assigned_at")
    )


# --- a case's assignments --------------------------------------------------------------------------


def case_assignments(case: FeedbackCase) -> list[CaseActor]:
    """The case's assignments (lead first) with `has_scores`: whether the actor scored anything yet."""
    scored = ActorScore.objects.filter(case_actor=OuterRef("pk"))
    return list(
        CaseActor.objects.filter(case=case)
        .select_related("actor__user")
        .annotate(has_scores=Exists(scored))
        .order_by("-lead", "assigned_at")
    )


def get_assignment_in(case: FeedbackCase, assignment_id: object) -> CaseActor:
    return get_by_public_id(CaseActor.objects.filter(case=case).select_related("actor__user"), assignment_id)


# --- the signed-in person's cases as an actor ------------------------------------------------------


class MyStatus:
    DECLARE = "declare"
    IN_FEEDBACK = "in_feedback"
    DONE = "done"


@dataclass(frozen=True)
class MyCase:
    assignment: CaseActor
    status: str  # MyStatus

    @property
    def case(self) -> FeedbackCase:
        return self.assignment.case

    @property
    def visit_starts_at(self) -> datetime | None:
        return self.case.visit_starts_at


def my_cases(user: Any) -> list[MyCase]:
    """The person's assignments as an active EFAC, without those where they declared a conflict: first
    those waiting for their declaration, then those under way (by visit date), then the finished."""
    if not getattr(user, "is_authenticated", False):
        return []
    assignments = (
        CaseActor.objects.filter(actor__user=user, actor__active=True)
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("case__organisation", "case__assessment", "case__procedure", "case__network")
        .order_by("-assigned_at")
    )
    rows = []
    for assignment in assignments:
        state = assignment.case.lifecycle_state
        if state not in lifecycle.IN_HANDS_OF_ACTORS:
            status = MyStatus.DONE
        elif assignment.declaration == Declaration.PENDING:
            status = MyStatus.DECLARE
        else:
            status = MyStatus.IN_FEEDBACK
        rows.append(MyCase(assignment, status))
    rank = {MyStatus.DECLARE: 0, MyStatus.IN_FEEDBACK: 1, MyStatus.DONE: 2}
    never = datetime.max.replace(tzinfo=UTC)

    def order(row: MyCase) -> tuple[int, datetime]:
        visit = row.visit_starts_at if row.status == MyStatus.IN_FEEDBACK else None
        return rank[row.status], visit or never

    rows.sort(key=order)  # stable: the finished stay newest first
    return rows
