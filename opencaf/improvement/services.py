"""Every change to an improvement plan, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.assessments.lifecycle import is_finished
from opencaf.assessments.models import ConsensusEntry, EntryKind, SelfAssessment
from opencaf.assessments.permissions import can_manage as can_manage_assessment
from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement import links, permissions
from opencaf.improvement.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Audience,
    ImprovementPlan,
    Milestone,
    PlanStatus,
    new_public_token,
)
from opencaf.improvement.prioritisation import check_level
from opencaf.organisations.models import Membership

if TYPE_CHECKING:
    from opencaf.accounts.models import User


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@transaction.atomic
def create_plan(*, actor: User, assessment: SelfAssessment) -> ImprovementPlan:
    """The improvement plan of a finalised self-assessment (one per self-assessment)."""
    _require(can_manage_assessment(actor, assessment))
    if not is_finished(assessment.lifecycle_state):
        raise ValidationError(_("The improvement plan is drawn up once the self-assessment has been finalised."))
    if ImprovementPlan.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("This self-assessment already has an improvement plan."))
    # No stored title: ImprovementPlan.display_title composes it in each reader's language.
    plan = ImprovementPlan.objects.create(organisation=assessment.organisation, assessment=assessment)
    carried = _carry_open_actions(plan)
    record_event(
        "improvement.plan_created", actor=actor, obj=plan, organisation=plan.organisation, changes={"count": carried}
    )
    return plan


def _carry_open_actions(plan: ImprovementPlan) -> int:
    """Unfinished actions of the previous cycle's plan come along, marked for review."""
    previous = plan.assessment.previous
    old_plan = ImprovementPlan.objects.filter(assessment=previous).first() if previous else None
    if old_plan is None:
        return 0
    carried = 0
    for old in old_plan.actions.filter(progress__lt=100).prefetch_related("subcriteria"):
        action = Action.objects.create(
            plan=plan,
            title=old.title,
            description=old.description,
            expected_effect=old.expected_effect,
            owner=old.owner,
            start_date=old.start_date,
            due_date=old.due_date,
            budget_eur=old.budget_eur,
            person_days=old.person_days,
            impact=old.impact,
            feasibility=old.feasibility,
            status=old.status,
            progress=old.progress,
            carried_from=old,
            needs_review=True,
        )
        action.subcriteria.set(old.subcriteria.all())
        carried += 1
    return carried


@dataclass(frozen=True)
class ActionData:
    title: str
    description: str
    expected_effect: str
    owner: Membership | None
    start_date: date | None
    due_date: date | None
    budget_eur: Decimal | None
    person_days: Decimal | None
    impact: int
    feasibility: int
    subcriteria: Sequence[Subcriterion]


def _check(plan: ImprovementPlan, data: ActionData) -> None:
    if data.owner is not None and data.owner.organisation_id != plan.organisation_id:
        raise ValidationError({"owner": _("Choose a member of the organisation.")})
    if data.start_date and data.due_date and data.due_date < data.start_date:
        raise ValidationError({"due_date": _("The due date cannot be before the start.")})
    try:
        check_level(data.impact)
        check_level(data.feasibility)
    except ValueError as error:
        raise ValidationError(_("Impact and feasibility are rated low, medium or high.")) from error
    if any(sub.framework_id != plan.assessment.framework_id for sub in data.subcriteria):
        raise ValidationError({"subcriteria": _("Choose subcriteria of the self-assessment's framework.")})


def findings_of(plan: ImprovementPlan) -> list[ConsensusEntry]:
    """The group's areas for improvement and ideas: where actions come from."""
    return findings_of_assessment(plan.assessment)


def findings_of_assessment(assessment: SelfAssessment) -> list[ConsensusEntry]:
    return list(
        ConsensusEntry.objects.filter(consensus__assessment=assessment, kind__in=[EntryKind.AREA, EntryKind.IDEA])
        .select_related("consensus__subcriterion")
        .order_by("consensus__subcriterion__criterion__number", "consensus__subcriterion__position", "kind", "position")
    )


@transaction.atomic
def add_action(
    *, actor: User, plan: ImprovementPlan, data: ActionData, findings: Sequence[ConsensusEntry] = ()
) -> Action:
    """A new action; chosen findings (possibly several, merged into one action) link its subcriteria
    and, when no description is given, become its description."""
    _require(permissions.can_manage_plan(actor, plan))
    _check(plan, data)
    if any(finding.consensus.assessment_id != plan.assessment_id for finding in findings):
        raise PermissionDenied
    description = data.description.strip() or "\n".join(f"– {finding.text}" for finding in findings)
    action = Action.objects.create(
        plan=plan,
        title=data.title.strip(),
        description=description,
        expected_effect=data.expected_effect.strip(),
        owner=data.owner,
        start_date=data.start_date,
        due_date=data.due_date,
        budget_eur=data.budget_eur,
        person_days=data.person_days,
        impact=data.impact,
        feasibility=data.feasibility,
    )
    action.subcriteria.set({*data.subcriteria, *(finding.consensus.subcriterion for finding in findings)})
    record_event(
        "improvement.action_added",
        actor=actor,
        obj=action,
        organisation=plan.organisation,
        changes={"findings": len(findings), "subcriteria": sorted(s.code for s in action.subcriteria.all())},
    )
    return action


@transaction.atomic
def update_action(*, actor: User, action: Action, data: ActionData) -> Action:
    plan = action.plan
    _require(permissions.can_manage_plan(actor, plan))
    _check(plan, data)
    action = Action.objects.select_for_update().get(pk=action.pk)
    changes: dict[str, object] = {}
    for field in ("title", "owner", "start_date", "due_date", "budget_eur", "person_days", "impact", "feasibility"):
        before, after = getattr(action, field), getattr(data, field)
        if before != after:
            changes[field] = {"before": str(before or ""), "after": str(after or "")}
    if data.owner != action.owner:
        action.link_version += 1  # the previous owner's e-mailed links stop working
    for field in ("title", "description", "expected_effect"):
        setattr(action, field, getattr(data, field).strip())
    action.needs_review = False  # a planner has looked at it
    for field in ("owner", "start_date", "due_date", "budget_eur", "person_days", "impact", "feasibility"):
        setattr(action, field, getattr(data, field))
    action.save()
    action.subcriteria.set(data.subcriteria)
    if changes:
        record_event(
            "improvement.action_changed", actor=actor, obj=action, organisation=plan.organisation, changes=changes
        )
    return action


@transaction.atomic
def report_progress(
    *, actor: User | None, action: Action, status: str, progress: int, note: str, via_link: bool = False
) -> ActionUpdate:
    """The owner (signed in, or through the e-mailed link) reports where the action stands."""
    if not via_link:
        _require(actor is not None and permissions.can_update_action(actor, action))
    if status not in ActionStatus.values or not 0 <= progress <= 100:
        raise ValidationError(_("Choose a status and a progress between 0 and 100 %."))
    if status == ActionStatus.DONE and progress != 100:
        raise ValidationError({"progress": _("Set the progress to 100 when the action is done.")})
    action = Action.objects.select_for_update().get(pk=action.pk)
    now = timezone.now()
    update = ActionUpdate.objects.create(
        action=action, author=actor, via_link=via_link, status=status, progress=progress, note=note.strip()
    )
    before = (action.status, action.progress)
    action.status, action.progress, action.last_update_at = status, progress, now
    action.completed_at = now if progress == 100 else None
    action.save(update_fields=["status", "progress", "last_update_at", "completed_at"])
    record_event(
        "improvement.progress_reported",
        actor=actor,
        obj=action,
        organisation=action.plan.organisation,
        changes={
            "status": {"before": before[0], "after": status},
            "progress": {"before": before[1], "after": progress},
            "via_link": via_link,
        },
    )
    return update


@transaction.atomic
def add_milestone(*, actor: User, action: Action, title: str, due_date: date | None) -> Milestone:
    _require(permissions.can_update_action(actor, action))
    milestone = Milestone.objects.create(action=action, title=title.strip(), due_date=due_date)
    record_event("improvement.milestone_added", actor=actor, obj=milestone, organisation=action.plan.organisation)
    return milestone


@transaction.atomic
def reach_milestone(*, actor: User, milestone: Milestone) -> None:
    _require(permissions.can_update_action(actor, milestone.action))
    milestone.done_at = timezone.now()
    milestone.save(update_fields=["done_at"])
    record_event(
        "improvement.milestone_reached", actor=actor, obj=milestone, organisation=milestone.action.plan.organisation
    )


@transaction.atomic
def approve_plan(*, actor: User, plan: ImprovementPlan) -> ImprovementPlan:
    _require(permissions.can_approve_plan(actor, plan))
    if not plan.actions.exists():
        raise ValidationError(_("A plan without actions cannot be approved."))
    approved_at = timezone.now()
    # Checked and changed in one statement: of two managers approving at the same moment, only one
    # changes the row, whatever the database's locking, and approving twice is refused.
    changed = ImprovementPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.APPROVED, approved_by=actor, approved_at=approved_at
    )
    if not changed:
        raise ValidationError(_("The improvement plan has already been approved."))
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.APPROVED, actor, approved_at
    record_event("improvement.plan_approved", actor=actor, obj=plan, organisation=plan.organisation)
    return plan


@transaction.atomic
def publish_plan(*, actor: User, plan: ImprovementPlan, audience: str) -> ImprovementPlan:
    _require(permissions.can_manage_plan(actor, plan))
    if audience not in Audience.values:
        raise ValidationError(_("Choose who may read the plan."))
    if audience != Audience.NOBODY and plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Only an approved plan can be published."))
    before = plan.audience
    if audience != Audience.PUBLIC and before == Audience.PUBLIC:
        plan.public_token = new_public_token()  # the old public address stops working
    plan.audience = audience
    plan.save(update_fields=["audience", "public_token"])
    record_event(
        "improvement.plan_published",
        actor=actor,
        obj=plan,
        organisation=plan.organisation,
        changes={"audience": {"before": before, "after": audience}},
    )
    return plan


# --- reminders -----------------------------------------------------------------------------------


def update_url(action: Action) -> str:
    return settings.SITE_URL + reverse("improvement:update_by_link", kwargs={"token": links.make_token(action)})


def send_reminder(action: Action, reason: str, today: date) -> None:
    """E-mail the owner a link to report progress, in their language; at most once a day.

    The daily command calls this outside any transaction, so the mail is queued at once; a reminder
    that cannot be delivered is logged and audited (`record_reminder_not_delivered`), not retried tomorrow.
    """
    assert action.owner is not None
    user = action.owner.user
    context = {
        "action": action,
        "reason": reason,
        "url": update_url(action),
        "valid_days": settings.ACTION_LINK_VALID_DAYS,
    }
    language = user.language or action.plan.organisation.default_language
    subject, body = mail.render_mail("improvement/email/reminder", context, language)
    mail.send_in_background(
        to=user.email,
        subject=subject,
        body=body,
        kind="action reminder",
        reference=action.pk,
        on_not_delivered=record_reminder_not_delivered,
    )
    Action.objects.filter(pk=action.pk).update(last_reminded_on=today)


@transaction.atomic
def record_reminder_not_delivered(action_id: int, reason: str) -> None:
    """core.mail hook: every attempt to send an owner their update link failed."""
    action = Action.objects.select_related("plan__organisation__network", "owner__user").filter(pk=action_id).first()
    if action is None:
        return
    record_event(
        "improvement.mail_not_delivered",
        actor=None,
        obj=action,
        organisation=action.plan.organisation,
        changes={"email": action.owner.user.email if action.owner else ""},
    )


@transaction.atomic
def import_actions(*, actor: User, plan: ImprovementPlan, rows: Sequence[Any]) -> tuple[int, int]:
    """Apply a checked import: new rows become actions, rows with an id update theirs. All or nothing.
    Returns (added, changed)."""
    _require(permissions.can_manage_plan(actor, plan))
    added = changed = 0
    for row in rows:
        if row.existing is None:
            action = add_action(actor=actor, plan=plan, data=row.data)
            added += 1
        else:
            action = update_action(actor=actor, action=row.existing, data=row.data)
            changed += 1
        if (action.status, action.progress) != (row.status, row.progress):
            report_progress(actor=actor, action=action, status=row.status, progress=row.progress, note=_("Imported"))
    record_event(
        "improvement.actions_imported",
        actor=actor,
        obj=plan,
        organisation=plan.organisation,
        changes={"added": added, "changed": changed},
    )
    return added, changed
