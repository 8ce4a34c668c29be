"""Every change to the process register (CAF criterion 5), checked and audited in the same transaction.

The organisation's managers keep the register, as they keep its indicators. A process may be linked
to any of the organisation's indicators that are in use; an indicator archived later stays linked
until someone unticks it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.indicators.models import Indicator, Process, ProcessKind
from opencaf.indicators.permissions import can_manage_indicators
from opencaf.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

NAME_LENGTH = Process._meta.get_field("name").max_length or 200


@dataclass(frozen=True)
class ProcessInput:
    name: str
    kind: str = ProcessKind.KEY
    purpose: str = ""
    customers: str = ""
    owner: Membership | None = None
    indicators: tuple[Indicator, ...] = ()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _name_taken(organisation: Organisation, name: str, process: Process | None) -> ValidationError | None:
    """The refusal for a name the organisation already uses (in any letter case, archived or not)."""
    others = Process.objects.filter(organisation=organisation, name__iexact=name)
    if process is not None:
        others = others.exclude(pk=process.pk)
    clash = others.only("archived").first()
    if clash is None:
        return None
    if clash.archived:
        message = _("An archived process is already called “%(name)s”: restore it, or choose another name.")
    else:
        message = _("The organisation already has a process called “%(name)s”.")
    return ValidationError({"name": message % {"name": name}})


def _check(organisation: Organisation, data: ProcessInput, process: Process | None = None) -> str:
    """Refuse what the register cannot keep; return the name as it will be kept."""
    name = data.name.strip()
    if not name:
        raise ValidationError({"name": _("Give the process a name.")})
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": _("Keep the name to %(count)d characters.") % {"count": NAME_LENGTH}})
    if data.kind not in ProcessKind.values:
        raise ValidationError({"kind": _("Choose a kind of process.")})
    if data.owner is not None and data.owner.organisation_id != organisation.pk:
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})
    linked = set(process.indicators.values_list("pk", flat=True)) if process is not None else set()
    for indicator in data.indicators:
        if indicator.organisation_id != organisation.pk:
            raise ValidationError(
                {"indicators": _("Only the organisation's own indicators can measure its processes.")}
            )
        if indicator.archived and indicator.pk not in linked:
            raise ValidationError(
                {"indicators": _("An archived indicator cannot be linked to a process: restore it first.")}
            )
    taken = _name_taken(organisation, name, process)
    if taken is not None:
        raise taken
    return name


def _shown(value: object) -> object:
    """A field's value as the audit log keeps it (JSON): a person by name."""
    if isinstance(value, Membership):
        return str(value.user.display_name)
    return value


def _names(indicators: Iterable[Indicator], language: str) -> list[str]:
    """Indicators as the audit log keeps them: by name in the organisation's language, sorted."""
    return sorted(indicator.name_in(language) for indicator in indicators)


def _save(process: Process, name: str) -> None:
    """Save, turning a name taken by a concurrent request (the unique constraint) into a message."""
    try:
        with transaction.atomic():
            process.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("The organisation already has a process called “%(name)s”.") % {"name": name}}
        ) from None


@transaction.atomic
def create_process(*, actor: User, organisation: Organisation, data: ProcessInput) -> Process:
    _require(can_manage_indicators(actor, organisation))
    name = _check(organisation, data)
    process = Process(
        organisation=organisation,
        name=name,
        kind=data.kind,
        purpose=data.purpose.strip(),
        customers=data.customers.strip(),
        owner=data.owner,
        created_by=actor,
    )
    _save(process, name)
    process.indicators.set(data.indicators)
    changes: dict[str, object] = {"name": name, "kind": process.kind}
    if data.indicators:
        changes["indicators"] = _names(data.indicators, organisation.default_language)
    record_event("indicators.process_created", actor=actor, obj=process, organisation=organisation, changes=changes)
    return process


@transaction.atomic
def update_process(*, actor: User, process: Process, data: ProcessInput) -> Process:
    """Change a process; the audit event records only the fields that changed, before and after."""
    organisation = process.organisation
    _require(can_manage_indicators(actor, organisation))
    if process.archived:
        raise ValidationError(_("Restore the process before changing it."))
    name = _check(organisation, data, process)
    new: dict[str, object] = {
        "name": name,
        "kind": data.kind,
        "purpose": data.purpose.strip(),
        "customers": data.customers.strip(),
        "owner": data.owner,
    }
    changes: dict[str, object] = {}
    for field in ("name", "kind", "purpose", "customers", "owner"):  # literal: the audit test reads the keys
        before, after = getattr(process, field), new[field]
        if before != after:
            changes[field] = {"before": _shown(before), "after": _shown(after)}
            setattr(process, field, after)
    language = organisation.default_language
    before_links = list(process.indicators.all())
    if {indicator.pk for indicator in before_links} != {indicator.pk for indicator in data.indicators}:
        changes["indicators"] = {"before": _names(before_links, language), "after": _names(data.indicators, language)}
        process.indicators.set(data.indicators)
    if changes:
        _save(process, name)
        record_event("indicators.process_changed", actor=actor, obj=process, organisation=organisation, changes=changes)
    return process


@transaction.atomic
def archive_process(*, actor: User, process: Process) -> Process:
    """Take a process out of the register; its links and history stay. Archiving twice changes nothing."""
    return _set_archived(actor, process, archived=True)


@transaction.atomic
def restore_process(*, actor: User, process: Process) -> Process:
    return _set_archived(actor, process, archived=False)


def _set_archived(actor: User, process: Process, *, archived: bool) -> Process:
    _require(can_manage_indicators(actor, process.organisation))
    if process.archived == archived:
        return process
    process.archived = archived
    process.save(update_fields=["archived"])
    if archived:
        record_event("indicators.process_archived", actor=actor, obj=process, organisation=process.organisation)
    else:
        record_event("indicators.process_restored", actor=actor, obj=process, organisation=process.organisation)
    return process
