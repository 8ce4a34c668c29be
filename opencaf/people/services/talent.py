"""Every change to the organisation's succession plan: key positions and their successors, checked and
audited in the same transaction. HR and top management keep it (`PeopleAccess.sees_talent`), the same
people who read it; the service checks that again.

- a key position: a title, the unit, its holder (a member of the organisation, or nobody yet), the risk
  of losing the holder and the impact of that loss (low / medium / high), a note;
- a successor: a member of the organisation who is not the position's holder and not already one of its
  successors, with their readiness (now, in 1–2 years, in 3 years or more) and the development actions
  that prepare them.

The audit events name the people and the readiness; of the free texts (the note, the development
actions) they record only that they changed (vocabulary_talent.py says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.organisations.models import Membership
from opencaf.people.access import PeopleAccess
from opencaf.people.models import Degree, KeyPosition, Readiness, Successor

if TYPE_CHECKING:
    from opencaf.accounts.models import User

TITLE_LENGTH = KeyPosition._meta.get_field("title").max_length or 200
UNIT_LENGTH = KeyPosition._meta.get_field("unit").max_length or 120
TEXT_LENGTH = 4000  # the note and the development actions: a few paragraphs, not a file


@dataclass(frozen=True)
class PositionInput:
    title: str
    risk_of_loss: str
    impact: str
    unit: str = ""
    holder: Membership | None = None
    note: str = ""


def _require(actor: User, access: PeopleAccess) -> None:
    if not access.sees_talent or access.user.pk != actor.pk:
        raise PermissionDenied


def _own(access: PeopleAccess, position: KeyPosition) -> None:
    if position.organisation_id != access.organisation.pk:
        raise PermissionDenied


def _name(membership: Membership | None) -> str | None:
    return str(membership.user.display_name) if membership is not None else None


def _check_text(field: str, value: str) -> str:
    value = value.strip()
    if len(value) > TEXT_LENGTH:
        raise ValidationError({field: _("Keep this text to %(count)d characters.") % {"count": TEXT_LENGTH}})
    return value


def _check_position(access: PeopleAccess, data: PositionInput) -> dict[str, Any]:
    """The position's fields as they will be kept; ValidationError for what cannot be kept."""
    title = data.title.strip()
    if not title:
        raise ValidationError({"title": _("Give the key position a title.")})
    if len(title) > TITLE_LENGTH:
        raise ValidationError({"title": _("Keep the title to %(count)d characters.") % {"count": TITLE_LENGTH}})
    unit = data.unit.strip()
    if len(unit) > UNIT_LENGTH:
        raise ValidationError({"unit": _("Keep the unit to %(count)d characters.") % {"count": UNIT_LENGTH}})
    if data.risk_of_loss not in Degree.values:
        raise ValidationError({"risk_of_loss": _("Choose how likely the holder is to leave: low, medium or high.")})
    if data.impact not in Degree.values:
        raise ValidationError({"impact": _("Choose how much losing the holder would harm: low, medium or high.")})
    if data.holder is not None and data.holder.organisation_id != access.organisation.pk:
        raise ValidationError({"holder": _("The holder must be a member of the organisation.")})
    return {
        "title": title,
        "unit": unit,
        "holder": data.holder,
        "risk_of_loss": data.risk_of_loss,
        "impact": data.impact,
        "note": _check_text("note", data.note),
    }


# --- key positions -----------------------------------------------------------------------------------


@transaction.atomic
def create_key_position(*, actor: User, access: PeopleAccess, data: PositionInput) -> KeyPosition:
    _require(actor, access)
    fields = _check_position(access, data)
    position = KeyPosition.objects.create(organisation=access.organisation, **fields)
    changes: dict[str, Any] = {
        "position_title": position.title,
        "position_unit": position.unit,
        "holder": _name(position.holder),
        "risk_of_loss": position.risk_of_loss,
        "impact": position.impact,
    }
    if position.note:
        changes["note_changed"] = True
    record_event(
        "people.key_position_created", actor=actor, obj=position, organisation=access.organisation, changes=changes
    )
    return position


@transaction.atomic
def change_key_position(
    *, actor: User, access: PeopleAccess, position: KeyPosition, data: PositionInput
) -> KeyPosition:
    """Change a key position; the event records the fields that changed. A successor cannot become the
    holder (remove them from the successors first: one person is not their own successor)."""
    _require(actor, access)
    _own(access, position)
    position = KeyPosition.objects.select_for_update(of=("self",)).select_related("holder__user").get(pk=position.pk)
    fields = _check_position(access, data)
    holder = fields["holder"]
    if holder is not None and position.successors.filter(membership=holder).exists():
        raise ValidationError(
            {
                "holder": _("%(name)s is a successor of this position: remove them from the successors first.")
                % {"name": holder.user.display_name}
            }
        )
    changes: dict[str, Any] = {}
    # (audit key, field): literal, so the audit log's test can read which keys the event writes.
    for key, field in (
        ("position_title", "title"),
        ("position_unit", "unit"),
        ("risk_of_loss", "risk_of_loss"),
        ("impact", "impact"),
    ):
        before, after = getattr(position, field), fields[field]
        if before != after:
            changes[key] = {"before": before, "after": after}
    if position.holder_id != (holder.pk if holder is not None else None):
        changes["holder"] = {"before": _name(position.holder), "after": _name(holder)}
    if position.note != fields["note"]:
        changes["note_changed"] = True
    if not changes:
        return position
    for field, value in fields.items():
        setattr(position, field, value)
    position.save()
    record_event(
        "people.key_position_changed", actor=actor, obj=position, organisation=access.organisation, changes=changes
    )
    return position


@transaction.atomic
def remove_key_position(*, actor: User, access: PeopleAccess, position: KeyPosition) -> None:
    """Remove a key position and its successors (the page asked first, saying how many)."""
    _require(actor, access)
    _own(access, position)
    successors = list(position.successors.select_related("membership__user"))
    record_event(
        "people.key_position_removed",
        actor=actor,
        obj=position,
        organisation=access.organisation,
        changes={
            "position_title": position.title,
            "holder": _name(position.holder),
            "successors_removed": sorted(_name(s.membership) or "" for s in successors),
        },
    )
    position.delete()


# --- successors --------------------------------------------------------------------------------------


def _check_readiness(readiness: str) -> str:
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": _("Choose when the successor will be ready.")})
    return readiness


@transaction.atomic
def add_successor(
    *,
    actor: User,
    access: PeopleAccess,
    position: KeyPosition,
    membership: Membership,
    readiness: str,
    development: str = "",
) -> Successor:
    _require(actor, access)
    _own(access, position)
    # Locked, so a holder changed at the same moment cannot slip past the check below.
    position = KeyPosition.objects.select_for_update().get(pk=position.pk)
    if membership.organisation_id != access.organisation.pk:
        raise ValidationError({"membership": _("A successor must be a member of the organisation.")})
    name = membership.user.display_name
    if position.holder_id == membership.pk:
        raise ValidationError(
            {"membership": _("%(name)s holds this position and cannot be their own successor.") % {"name": name}}
        )
    if position.successors.filter(membership=membership).exists():
        raise ValidationError({"membership": _("%(name)s is already a successor of this position.") % {"name": name}})
    readiness = _check_readiness(readiness)
    development = _check_text("development", development)
    try:
        with transaction.atomic():
            successor = Successor.objects.create(
                position=position, membership=membership, readiness=readiness, development=development
            )
    except IntegrityError:  # added by someone else in the meantime
        raise ValidationError(
            {"membership": _("%(name)s is already a successor of this position.") % {"name": name}}
        ) from None
    changes: dict[str, Any] = {"successor": str(name), "readiness": readiness}
    if development:
        changes["development_changed"] = True
    # The position is the event's object: a successor has no name of its own, and the position's page is
    # where the plan is read.
    record_event("people.successor_added", actor=actor, obj=position, organisation=access.organisation, changes=changes)
    return successor


def _position_of(access: PeopleAccess, successor: Successor) -> KeyPosition:
    position = successor.position
    _own(access, position)
    return position


@transaction.atomic
def change_successor(
    *, actor: User, access: PeopleAccess, successor: Successor, readiness: str, development: str = ""
) -> Successor:
    _require(actor, access)
    position = _position_of(access, successor)
    readiness = _check_readiness(readiness)
    development = _check_text("development", development)
    changes: dict[str, Any] = {"successor": str(successor.membership.user.display_name)}
    if successor.readiness != readiness:
        changes["readiness"] = {"before": successor.readiness, "after": readiness}
    if successor.development != development:
        changes["development_changed"] = True
    if len(changes) == 1:  # only the name: nothing changed
        return successor
    successor.readiness = readiness
    successor.development = development
    successor.save(update_fields=["readiness", "development"])
    record_event(
        "people.successor_changed", actor=actor, obj=position, organisation=access.organisation, changes=changes
    )
    return successor


@transaction.atomic
def remove_successor(*, actor: User, access: PeopleAccess, successor: Successor) -> None:
    _require(actor, access)
    position = _position_of(access, successor)
    record_event(
        "people.successor_removed",
        actor=actor,
        obj=position,
        organisation=access.organisation,
        changes={"successor": str(successor.membership.user.display_name), "readiness": successor.readiness},
    )
    successor.delete()
