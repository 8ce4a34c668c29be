"""Moving a case through its lifecycle, for every part's services: lock the row, check the version the
person saw, apply the move (lifecycle.py), stamp its date, audit it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.feedback import lifecycle
from opencaf.feedback.models import FeedbackCase

if TYPE_CHECKING:
    from opencaf.accounts.models import User

# The date each move stamps on the case.
STAMPS = {
    lifecycle.Move.SUBMIT: "submitted_at",
    lifecycle.Move.ACCEPT: "accepted_at",
    lifecycle.Move.REPORT: "reported_at",
    lifecycle.Move.AWARD: "decided_at",
    lifecycle.Move.REFUSE: "decided_at",
}


def locked(case: FeedbackCase, expected_version: int | None = None) -> FeedbackCase:
    """The case re-read under a row lock (call inside a transaction); ValidationError when someone
    changed it since the person read version `expected_version`."""
    current = (
        FeedbackCase.objects.select_for_update(of=("self",))
        .select_related("organisation", "network", "assessment", "procedure")
        .get(pk=case.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ValidationError(
            _("Someone else changed this application in the meantime. Reload the page to see what changed."),
            code="stale",
        )
    return current


def move(actor: User, case: FeedbackCase, step: lifecycle.Move, *, note: str = "") -> FeedbackCase:
    """Apply `step` to a case already locked; saves, audits ("feedback.case_<step>", with the reasons
    given in `note` if any) and returns it."""
    try:
        case.state = lifecycle.after(case.lifecycle_state, step).value
    except lifecycle.MoveError as error:
        raise ValidationError(
            _("This cannot be done now: the case is “%(state)s”.") % {"state": case.get_state_display()},
            code="state",
        ) from error
    fields = ["state", "version"]
    if step in STAMPS:
        setattr(case, STAMPS[step], timezone.now())
        fields.append(STAMPS[step])
    if step in (lifecycle.Move.AWARD, lifecycle.Move.REFUSE):
        case.decided_by = actor
        fields.append("decided_by")
    case.version += 1
    case.save(update_fields=fields)
    changes: dict[str, Any] = {"state": [None, case.state]}
    if note:
        changes["note"] = note
    record_event(f"feedback.case_{step.value}", actor=actor, obj=case, organisation=case.organisation, changes=changes)
    return case
