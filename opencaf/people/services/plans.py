"""Individual development plans: the person or their current line manager starts the plan for a
review cycle (one per person and cycle), adds and edits actions (trainings with their training days,
learning on the job, mentoring), moves them on (in progress, done on a date, cancelled), and either of
the two marks the plan agreed. Changing the actions of an agreed plan asks for agreement again.

Every function is atomic, locks the plan, checks again that the actor is the person or their current
line manager (access.py), records an audit event and raises ValidationError with a translated message
for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.lib.texts import one_line
from opencaf.people.access import access_in
from opencaf.people.models import (
    ActionKind,
    ActionState,
    Competency,
    CycleState,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    ReviewCycle,
)

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Organisation

TITLE_MAX = 300
DAYS_MAX = Decimal("999.9")


def current_line_manager(membership_id: int) -> int | None:
    """The membership id of the person's line manager today (None: no employee record or no manager)."""
    return Employee.objects.filter(membership_id=membership_id).values_list("line_manager_id", flat=True).first()


def _may_plan(actor: User, organisation: Organisation, membership_id: int) -> None:
    access = access_in(actor, organisation)
    if access is None or not access.can_read_plan_of(membership_id, current_line_manager(membership_id)):
        raise PermissionDenied


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


@transaction.atomic
def create_plan(*, actor: User, employee: Employee, cycle: ReviewCycle) -> DevelopmentPlan:
    """Start the person's development plan for a cycle that has opened."""
    person = Employee.objects.select_related("membership__user", "organisation").get(pk=employee.pk)
    _may_plan(actor, person.organisation, person.membership_id)
    if cycle.organisation_id != person.organisation_id:
        raise ValidationError({"cycle": _("Choose a competency review of the organisation.")})
    if cycle.state == CycleState.DRAFT:
        raise ValidationError(
            {"cycle": _("The competency review “%(cycle)s” has not opened yet.") % {"cycle": cycle.title}}
        )
    name = person.membership.user.display_name
    taken = _("%(name)s already has a development plan for “%(cycle)s”.") % {"name": name, "cycle": cycle.title}
    if DevelopmentPlan.objects.filter(membership_id=person.membership_id, cycle=cycle).exists():
        raise ValidationError(taken, code="exists")
    try:
        with transaction.atomic():
            plan = DevelopmentPlan.objects.create(membership=person.membership, cycle=cycle)
    except IntegrityError:  # the other of the two started it in the meantime
        raise ValidationError(taken, code="exists") from None
    record_event(
        "people.plan_created",
        actor=actor,
        obj=plan,
        organisation=person.organisation,
        changes={"plan_person": name, "review_cycle": cycle.title},
    )
    return plan


def _locked_plan(actor: User, plan: DevelopmentPlan) -> DevelopmentPlan:
    current = (
        DevelopmentPlan.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__organisation__network", "cycle")
        .get(pk=plan.pk)
    )
    _may_plan(actor, current.membership.organisation, current.membership_id)
    return current


@dataclass(frozen=True)
class ActionInput:
    title: str
    kind: str
    due_on: date | None
    competency: Competency | None = None
    days: Decimal | None = None


def _clean(plan: DevelopmentPlan, data: ActionInput, *, creating: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = one_line(data.title)
    if not title:
        errors["title"] = _("Say what the action is, e.g. “Course on data protection”.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the action to %(max)d characters.") % {"max": TITLE_MAX}
    if data.kind not in ActionKind.values:
        errors["kind"] = _("Choose the kind of action.")
    competency = data.competency
    if competency is not None and (plan.cycle is None or competency.version_id != plan.cycle.version_id):
        errors["competency"] = _("Choose a competency of the competency model of this review, or none.")
    days = data.days
    if days is not None:
        try:
            days = Decimal(days).quantize(Decimal("0.1"))
        except InvalidOperation:
            days = None
            errors["days"] = _("Give the training days as a number, e.g. 1.5.")
        else:
            if data.kind != ActionKind.TRAINING:
                errors["days"] = _("Training days are counted for trainings only: leave the field empty.")
            elif not Decimal("0") < days <= DAYS_MAX:
                errors["days"] = _("Give the training days as a number above 0 and up to %(max)s.") % {
                    "max": formats.number_format(DAYS_MAX)
                }
    if data.due_on is None:
        errors["due_on"] = _("Give the date by which the action should be done.")
    elif creating and data.due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    return {"title": title, "kind": data.kind, "competency": competency, "days": days, "due_on": data.due_on}


def _values(action: DevelopmentAction) -> dict[str, Any]:
    """An action's fields as the log records them. add_action and edit_action spell the keys out again
    in their loops (so that the audit registry's test can read what they record): keep the three in step,
    a key missing from a loop is not recorded."""
    return {
        "plan_action": action.title,
        "plan_action_kind": action.kind,
        "plan_competency": action.competency.code if action.competency_id and action.competency else "",
        "plan_training_days": str(action.days) if action.days is not None else "",
        "plan_due_on": action.due_on.isoformat(),
    }


def _withdraw_agreement(plan: DevelopmentPlan) -> bool:
    """An agreed plan whose actions change is no longer what the two agreed on."""
    if plan.agreed_at is None:
        return False
    plan.agreed_at = None
    plan.save(update_fields=["agreed_at"])
    return True


@transaction.atomic
def add_action(*, actor: User, plan: DevelopmentPlan, data: ActionInput) -> DevelopmentAction:
    current = _locked_plan(actor, plan)
    values = _clean(current, data, creating=True)
    action = DevelopmentAction.objects.create(plan=current, **values)
    withdrawn = _withdraw_agreement(current)
    values_now = _values(action)
    changes: dict[str, Any] = {"plan_person": current.membership.user.display_name}
    for key in ("plan_action", "plan_action_kind", "plan_competency", "plan_training_days", "plan_due_on"):
        changes[key] = values_now[key]
    if withdrawn:
        changes["plan_agreement_withdrawn"] = True
    record_event(
        "people.plan_action_added",
        actor=actor,
        obj=action,
        organisation=current.membership.organisation,
        changes=changes,
    )
    return action


def _locked_action(plan: DevelopmentPlan, action: DevelopmentAction) -> DevelopmentAction:
    found = (
        DevelopmentAction.objects.select_for_update(of=("self",))
        .select_related("competency")
        .filter(pk=action.pk, plan=plan)
        .first()
    )
    if found is None:
        raise ValidationError(_("This action is no longer in the development plan."), code="gone")
    return found


@transaction.atomic
def edit_action(*, actor: User, plan: DevelopmentPlan, action: DevelopmentAction, data: ActionInput) -> bool:
    """Change an action's title, kind, competency, training days or due date. Returns whether
    anything changed (nothing is recorded otherwise)."""
    current = _locked_plan(actor, plan)
    row = _locked_action(current, action)
    values = _clean(current, data, creating=False)
    before = _values(row)
    for field, value in values.items():
        setattr(row, field, value)
    after = _values(row)
    changes: dict[str, Any] = {}
    for key in ("plan_action", "plan_action_kind", "plan_competency", "plan_training_days", "plan_due_on"):
        if before[key] != after[key]:
            changes[key] = {"before": before[key], "after": after[key]}
    if not changes:
        return False
    row.save(update_fields=list(values))
    changes["plan_person"] = current.membership.user.display_name
    if _withdraw_agreement(current):
        changes["plan_agreement_withdrawn"] = True
    record_event(
        "people.plan_action_changed",
        actor=actor,
        obj=row,
        organisation=current.membership.organisation,
        changes=changes,
    )
    return True


@transaction.atomic
def set_action_state(
    *, actor: User, plan: DevelopmentPlan, action: DevelopmentAction, state: str, done_on: date | None = None
) -> DevelopmentAction:
    """Planned, in progress, done (on a date, today unless given; not in the future) or cancelled."""
    current = _locked_plan(actor, plan)
    row = _locked_action(current, action)
    if state not in ActionState.values:
        raise ValidationError({"state": _("Choose the state of the action.")})
    today = timezone.localdate()
    if state == ActionState.DONE:
        done_on = done_on or today
        if done_on > today:
            raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
    else:
        done_on = None
    if row.state == state and row.done_on == done_on:
        return row
    changes: dict[str, Any] = {
        "plan_person": current.membership.user.display_name,
        "plan_action": row.title,
        "plan_action_state": {"before": row.state, "after": state},
    }
    if row.done_on != done_on:
        changes["plan_done_on"] = {
            "before": row.done_on.isoformat() if row.done_on else None,
            "after": done_on.isoformat() if done_on else None,
        }
    row.state, row.done_on = state, done_on
    row.save(update_fields=["state", "done_on"])
    record_event(
        "people.plan_action_changed",
        actor=actor,
        obj=row,
        organisation=current.membership.organisation,
        changes=changes,
    )
    return row


@transaction.atomic
def agree_plan(*, actor: User, plan: DevelopmentPlan) -> DevelopmentPlan:
    """Mark the plan agreed between the person and their line manager (either of them does it)."""
    current = _locked_plan(actor, plan)
    if current.agreed_at is not None:
        raise ValidationError(
            _("The development plan was marked agreed on %(date)s.")
            % {"date": _day(timezone.localdate(current.agreed_at))},
            code="agreed",
        )
    if not current.actions.exists():
        raise ValidationError(_("Add at least one action before you mark the plan agreed."), code="empty")
    current.agreed_at = timezone.now()
    current.save(update_fields=["agreed_at"])
    record_event(
        "people.plan_agreed",
        actor=actor,
        obj=current,
        organisation=current.membership.organisation,
        changes={"plan_person": current.membership.user.display_name, "plan_agreed_by": actor.display_name},
    )
    return current
