"""What the organiser (the coordinators of the case's network) does with an application for external
feedback: accept it or return it with reasons; assign the network's external feedback actors (EFACs),
one of them leading; remove one who has not scored yet; schedule the visit.

Each function locks the case (`case_moves.locked`), checks again that the person may organise it
(`access.can_organise`) and the state it is in, writes, records an audit event and queues its
e-mails for after the commit: nothing half-written, nothing sent for a change rolled back.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.feedback import lifecycle
from opencaf.feedback.access import access_for
from opencaf.feedback.models import ActorScore, CaseActor, Declaration, ExternalActor, FeedbackCase
from opencaf.feedback.services import organiser_mail
from opencaf.feedback.services.case_moves import locked, move
from opencaf.organisations.models import Membership

if TYPE_CHECKING:
    from opencaf.accounts.models import User

REASON_MAX = 5000
PLACE_MAX = 300
AGENDA_MAX = 10000


def _organising(actor: User, case: FeedbackCase, expected_version: int | None = None) -> FeedbackCase:
    """The case locked, for a coordinator who may organise it; PermissionDenied for anyone else."""
    current = locked(case, expected_version)
    access = access_for(actor, current)
    if access is None or not access.can_organise:
        raise PermissionDenied
    return current


def _in_feedback(case: FeedbackCase) -> None:
    if case.lifecycle_state not in lifecycle.IN_HANDS_OF_ACTORS:
        raise ValidationError(
            _(
                "External feedback actors are assigned and the visit scheduled while the external feedback "
                "is under way: accept the application first. This case is “%(state)s”."
            )
            % {"state": case.get_state_display()},
            code="state",
        )


# --- accepting or returning the application ----------------------------------------------------------


@transaction.atomic
def accept_case(*, actor: User, case: FeedbackCase, expected_version: int | None = None) -> FeedbackCase:
    current = _organising(actor, case, expected_version)
    return move(actor, current, lifecycle.Move.ACCEPT)


@transaction.atomic
def return_case(*, actor: User, case: FeedbackCase, reason: str, expected_version: int | None = None) -> FeedbackCase:
    """Back to the organisation as a draft, with the reasons (required); its writers are told."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the organisation should add or change.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reasons to %(max)d characters.") % {"max": REASON_MAX}})
    current = _organising(actor, case, expected_version)
    current = move(actor, current, lifecycle.Move.RETURN, note=reason)
    current.return_reason = reason
    current.save(update_fields=["return_reason"])
    organiser_mail.case_returned(current, actor=actor)
    return current


# --- the external feedback actors of the case ------------------------------------------------------


@transaction.atomic
def assign_actor(*, actor: User, case: FeedbackCase, external_actor: ExternalActor, lead: bool = False) -> CaseActor:
    """Assign one of the network's active EFACs to the case; they are asked to declare their interests."""
    current = _organising(actor, case)
    _in_feedback(current)
    chosen = (
        ExternalActor.objects.select_related("user").filter(pk=external_actor.pk, network_id=current.network_id).first()
    )
    if chosen is None or not chosen.active or not chosen.user.is_active:
        raise ValidationError({"external_actor": _("Choose an active external feedback actor of the network.")})
    name = {"name": chosen.user.display_name}
    existing = CaseActor.objects.filter(case=current, actor=chosen).first()
    if existing is not None:
        if existing.declaration == Declaration.CONFLICT:
            message = _("%(name)s declared a conflict of interest with this organisation and cannot be assigned.")
        else:
            message = _("%(name)s is already assigned to this case.")
        raise ValidationError({"external_actor": message % name})
    if Membership.objects.filter(organisation=current.organisation, user=chosen.user).exists():
        raise ValidationError(
            {
                "external_actor": _("%(name)s is a member of the organisation and cannot give it external feedback.")
                % name
            }
        )
    lead_taken = _("Another external feedback actor already leads this case. Assign this one without leading it.")
    if lead and CaseActor.objects.filter(case=current, lead=True).exists():
        raise ValidationError({"lead": lead_taken})
    try:
        with transaction.atomic():
            assignment = CaseActor.objects.create(case=current, actor=chosen, lead=lead, assigned_by=actor)
    except IntegrityError:  # another coordinator assigned a lead, or this actor, in the meantime
        raise ValidationError(
            {"lead": lead_taken} if lead else {"external_actor": _("%(name)s is already assigned to this case.") % name}
        ) from None
    # On the network's log: the organisation learns who its actors are once they have declared.
    record_event(
        "feedback.actor_assigned",
        actor=actor,
        obj=current,
        network=current.network,
        changes={"external_actor": chosen.user.display_name, "lead": lead},
    )
    assignment.case = current
    organiser_mail.actor_assigned(assignment)
    return assignment


def counted_actors(case: FeedbackCase) -> int:
    """The actors of the case who count towards the procedure's usual number (all but the conflicted)."""
    return CaseActor.objects.filter(case=case).exclude(declaration=Declaration.CONFLICT).count()


@transaction.atomic
def unassign_actor(*, actor: User, case: FeedbackCase, assignment: CaseActor) -> None:
    """Remove an actor from the case while they have not scored; a declared conflict stays on record."""
    current = _organising(actor, case)
    _in_feedback(current)
    row = (
        CaseActor.objects.select_for_update(of=("self",))
        .select_related("actor__user")
        .filter(pk=assignment.pk, case=current)
        .first()
    )
    if row is None:
        raise ValidationError(_("This external feedback actor is no longer assigned to the case."), code="gone")
    name = {"name": row.actor.user.display_name}
    if row.declaration == Declaration.CONFLICT:
        raise ValidationError(
            _("%(name)s declared a conflict of interest: the declaration stays on the case's record.") % name,
            code="conflict",
        )
    if row.scores_done_at is not None or ActorScore.objects.filter(case_actor=row).exists():
        raise ValidationError(
            _("%(name)s has already scored this case and cannot be removed from it.") % name, code="scored"
        )
    row.delete()
    record_event(
        "feedback.actor_unassigned",
        actor=actor,
        obj=current,
        network=current.network,
        changes={"external_actor": name["name"], "lead": row.lead},
    )


# --- the visit ------------------------------------------------------------------------------------


def _text(value: object) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


@transaction.atomic
def schedule_visit(
    *,
    actor: User,
    case: FeedbackCase,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    agenda: str = "",
    expected_version: int | None = None,
) -> bool:
    """Set (or change) the visit; the case's actors and the organisation's writers are told. Returns
    whether anything changed (nothing is recorded or sent otherwise)."""
    place, agenda = place.strip(), agenda.strip()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The visit must end after it starts.")})
    if not place:
        raise ValidationError({"place": _("Say where the visit takes place (an address, or “online”).")})
    if len(place) > PLACE_MAX or len(agenda) > AGENDA_MAX:
        raise ValidationError(_("The place or the agenda is too long."), code="too_long")
    current = _organising(actor, case, expected_version)
    _in_feedback(current)
    already_scheduled = current.visit_starts_at is not None
    values = {"visit_starts_at": starts_at, "visit_ends_at": ends_at, "visit_place": place, "visit_agenda": agenda}
    changes = {}
    for field in ("visit_starts_at", "visit_ends_at", "visit_place", "visit_agenda"):
        before, after = getattr(current, field), values[field]
        if before != after:
            changes[field] = {"before": _text(before), "after": _text(after)}
            setattr(current, field, after)
    if not changes:
        return False
    current.version += 1
    current.save(update_fields=[*changes, "version"])
    record_event(
        "feedback.visit_scheduled", actor=actor, obj=current, organisation=current.organisation, changes=changes
    )
    organiser_mail.visit_scheduled(current, changed=already_scheduled, actor=actor)
    return True
