"""The project: creating it, moving it between states, its settings and its plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.lifecycle import Action, State, TransitionError, transition
from opencaf.assessments.models import PlanItem, PlanItemKind, Seat, SelfAssessment
from opencaf.assessments.selectors import undecided_subcriteria
from opencaf.assessments.services._common import require
from opencaf.audit.services import record_event
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def create_assessment(
    *,
    actor: User,
    organisation: Organisation,
    framework: FrameworkVersion,
    title: str,
    scoring_method: str,
    scope: str,
    scope_unit: str = "",
    individual_deadline: date | None = None,
    show_names_in_consensus: bool = True,
) -> SelfAssessment:
    """A new self-assessment project, its plan pre-filled with the framework's ten steps."""
    require(permissions.can_create(actor, organisation))
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        scoring_method=scoring_method,
        scope=scope,
        scope_unit=scope_unit,
        individual_deadline=individual_deadline,
        show_names_in_consensus=show_names_in_consensus,
        created_by=actor,
    )
    steps = [step for phase in framework.phases.prefetch_related("steps") for step in phase.steps.all()]
    PlanItem.objects.bulk_create(PlanItem(assessment=assessment, kind=PlanItemKind.STEP, step=step) for step in steps)
    record_event(
        "assessment.created",
        actor=actor,
        obj=assessment,
        organisation=organisation,
        changes={"method": scoring_method, "framework": framework.code},
    )
    return assessment


@transaction.atomic
def change_state(*, actor: User, assessment: SelfAssessment, action: Action) -> SelfAssessment:
    require(permissions.can_manage(actor, assessment))
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    current = assessment.lifecycle_state
    paused_from = State(assessment.paused_from) if assessment.paused_from else None
    try:
        target = transition(current, action, paused_from=paused_from)
    except TransitionError as error:
        raise ValidationError(_("This step is not possible in the current state of the self-assessment.")) from error
    if action == Action.START and not Seat.objects.filter(group__assessment=assessment).exists():
        raise ValidationError(_("Add at least one member to a self-assessment group before starting."))
    if action == Action.FINALISE:
        missing = undecided_subcriteria(assessment)
        if missing:
            raise ValidationError(
                _("Every subcriterion needs a consensus score or a reason for not assessing it. Missing: %(codes)s.")
                % {"codes": ", ".join(sub.code for sub in missing)}
            )
        assessment.finalised_at = timezone.now()
    if action == Action.REOPEN:
        assessment.finalised_at = None
    assessment.paused_from = current.value if target == State.PAUSED else ""
    # Checked and changed in one statement, guarded by the state this request read: a change another
    # request committed meanwhile is never overwritten, whatever the database's locking.
    changed = SelfAssessment.objects.filter(pk=assessment.pk, state=current.value).update(
        state=target.value, paused_from=assessment.paused_from, finalised_at=assessment.finalised_at
    )
    if not changed:
        raise ValidationError(
            _("The state of this self-assessment was changed meanwhile by someone else. Reload the page and try again.")
        )
    assessment.state = target.value
    record_event(
        f"assessment.{action.value}",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"state": {"before": current.value, "after": target.value}},
    )
    return assessment


@transaction.atomic
def update_settings(
    *, actor: User, assessment: SelfAssessment, individual_deadline: date | None, show_names_in_consensus: bool
) -> None:
    require(permissions.can_manage(actor, assessment))
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    changes: dict[str, Any] = {}
    if assessment.individual_deadline != individual_deadline:
        changes["deadline"] = {
            "before": str(assessment.individual_deadline or ""),
            "after": str(individual_deadline or ""),
        }
    if assessment.show_names_in_consensus != show_names_in_consensus:
        changes["show_names"] = {"before": assessment.show_names_in_consensus, "after": show_names_in_consensus}
    assessment.individual_deadline = individual_deadline
    assessment.show_names_in_consensus = show_names_in_consensus
    assessment.save(update_fields=["individual_deadline", "show_names_in_consensus"])
    if changes:
        record_event(
            "assessment.updated", actor=actor, obj=assessment, organisation=assessment.organisation, changes=changes
        )


@transaction.atomic
def save_plan_item(
    *,
    actor: User,
    assessment: SelfAssessment,
    item: PlanItem | None,
    kind: str,
    title: str,
    start_date: date | None,
    end_date: date | None,
    responsible: Membership | None,
    status: str,
    notes: str,
) -> PlanItem:
    """Add a training or communication to the plan, or update any line of it."""
    require(permissions.can_manage(actor, assessment))
    if responsible is not None and responsible.organisation_id != assessment.organisation_id:
        raise ValidationError({"responsible": _("Choose a member of the organisation.")})
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end cannot be before the start.")})
    if item is None:
        if kind == PlanItemKind.STEP:
            raise ValidationError(_("The CAF steps are already in the plan."))
        item = PlanItem(assessment=assessment, kind=kind)
    if item.kind != PlanItemKind.STEP:
        if not title.strip():
            raise ValidationError({"title": _("Give the plan item a title.")})
        item.title = title.strip()
    item.start_date, item.end_date, item.responsible = start_date, end_date, responsible
    item.status, item.notes = status, notes
    item.save()
    record_event(
        "assessment.plan_changed",
        actor=actor,
        obj=item,
        organisation=assessment.organisation,
        changes={"status": status, "start": str(start_date or ""), "end": str(end_date or "")},
    )
    return item
