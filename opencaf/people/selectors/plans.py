"""Reads of development plans: a person's own plans and the cycles they may start one for, one plan for
the person or their current line manager (`readable_plan`), its actions. HR gets a 403 on a person's
plan, anyone else a 404 (see access.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.people.access import PeopleAccess
from opencaf.people.models import (
    ActionState,
    Competency,
    CycleState,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    Review,
    ReviewCycle,
)

OPEN_ACTION_STATES = (ActionState.PLANNED, ActionState.IN_PROGRESS)


def my_plans(access: PeopleAccess) -> list[DevelopmentPlan]:
    """The person's plans, newest cycle first, with how many actions each has and how many are open."""
    return list(
        DevelopmentPlan.objects.filter(membership=access.membership)
        .select_related("cycle")
        .annotate(
            action_count=Count("actions"),
            open_count=Count("actions", filter=Q(actions__state__in=OPEN_ACTION_STATES)),
        )
        .order_by("-cycle__opens_on", "-created_at")
    )


def my_employee(access: PeopleAccess) -> Employee | None:
    return Employee.objects.filter(membership=access.membership).first()


def cycles_without_plan(access: PeopleAccess, membership_id: int) -> list[ReviewCycle]:
    """The cycles that opened in which the person has a review and no development plan yet."""
    reviewed = Review.objects.filter(membership_id=membership_id).values("cycle_id")
    planned = DevelopmentPlan.objects.filter(membership_id=membership_id, cycle__isnull=False).values("cycle_id")
    return list(
        ReviewCycle.objects.filter(organisation=access.organisation, pk__in=reviewed)
        .exclude(state=CycleState.DRAFT)
        .exclude(pk__in=planned)
        .order_by("-opens_on")
    )


def line_manager_of(membership_id: int) -> int | None:
    return Employee.objects.filter(membership_id=membership_id).values_list("line_manager_id", flat=True).first()


def plan_in_cycle(
    access: PeopleAccess, membership_id: int, cycle: ReviewCycle
) -> tuple[DevelopmentPlan | None, Employee | None]:
    """The person's plan for the cycle and their employee record, when this reader may read and start
    their plan (the person, their line manager today); else (None, None), said nowhere."""
    employee = Employee.objects.filter(membership_id=membership_id).first()
    if employee is None or not access.can_read_plan_of(membership_id, employee.line_manager_id):
        return None, None
    return DevelopmentPlan.objects.filter(membership_id=membership_id, cycle=cycle).first(), employee


def _refuse(access: PeopleAccess) -> None:
    if access.is_hr:
        raise PermissionDenied
    raise Http404


def readable_plan(access: PeopleAccess, plan_id: object) -> DevelopmentPlan:
    """A plan of the organisation that the person may read: their own, or one of their team today."""
    plan = get_by_public_id(
        DevelopmentPlan.objects.filter(membership__organisation=access.organisation).select_related(
            "membership__user", "cycle__version"
        ),
        plan_id,
    )
    if not access.can_read_plan_of(plan.membership_id, line_manager_of(plan.membership_id)):
        _refuse(access)
    return plan


def plannable_employee(access: PeopleAccess, employee_id: object) -> Employee:
    """An employee whose plan this person may start: themselves, or one of their team today."""
    employee = get_by_public_id(
        Employee.objects.filter(organisation=access.organisation).select_related("membership__user"), employee_id
    )
    if not access.can_read_plan_of(employee.membership_id, employee.line_manager_id):
        _refuse(access)
    return employee


def actions_of(plan: DevelopmentPlan) -> list[DevelopmentAction]:
    """The plan's actions, each with `competency_name` in the reader's language (the table shows it)."""
    actions = list(DevelopmentAction.objects.filter(plan=plan).select_related("competency").order_by("due_on", "pk"))
    language = get_language() or "en"
    for action in actions:
        action.competency_name = text_in(action.competency.names, language, "en") if action.competency else ""  # type: ignore[attr-defined]
    return actions


def action_of(plan: DevelopmentPlan, action_id: object) -> DevelopmentAction:
    return get_by_public_id(DevelopmentAction.objects.filter(plan=plan).select_related("competency"), action_id)


def competencies_for(plan: DevelopmentPlan) -> QuerySet[Competency]:
    """The competencies an action may name: those of the model version of the plan's cycle."""
    if plan.cycle is None:
        return Competency.objects.none()
    return Competency.objects.filter(version_id=plan.cycle.version_id).order_by("cluster__position", "position", "id")
