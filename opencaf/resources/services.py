"""Every change to the money and time planned and spent, checked and audited in the same transaction.

An action's quarters are kept by its plan's managers, a process's by the indicator managers
(`permissions`). A quarter whose four figures are all empty is no line at all: setting it so
removes the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.improvement.models import Action
from opencaf.indicators.models import Process
from opencaf.organisations.models import Organisation
from opencaf.resources.models import DAYS_DIGITS, EUR_DIGITS, FIGURES, PLACES, ResourceLine
from opencaf.resources.permissions import can_change_action, can_change_process
from opencaf.resources.rules import parse_quarter

if TYPE_CHECKING:
    from opencaf.accounts.models import User

Target = Action | Process


@dataclass(frozen=True)
class Figures:
    """The four figures of a quarter; None is "not known"."""

    planned_eur: Decimal | None = None
    actual_eur: Decimal | None = None
    planned_days: Decimal | None = None
    actual_days: Decimal | None = None

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in FIGURES)

    def merged_into(self, before: Figures) -> Figures:
        """These figures where given, `before`'s where not (an import leaves empty cells alone)."""
        return Figures(
            **{
                name: getattr(self, name) if getattr(self, name) is not None else getattr(before, name)
                for name in FIGURES
            }
        )


def figures_of(line: ResourceLine | None) -> Figures:
    return Figures(**{name: getattr(line, name) for name in FIGURES}) if line is not None else Figures()


def check_amount(value: Decimal, *, days: bool) -> Decimal:
    """A figure the database keeps: a finite number, not negative, at most two decimal places and
    not larger than the column holds. The ValidationError says what is wrong in words."""
    if not value.is_finite():
        raise ValidationError(_("Enter a number."))
    if value < 0:
        raise ValidationError(_("The number cannot be negative."))
    largest = Decimal(10) ** ((DAYS_DIGITS if days else EUR_DIGITS) - PLACES)
    if value >= largest:  # first: quantizing a number of 30 digits would fail
        raise ValidationError(_("The number is too large."))
    if value != value.quantize(Decimal(1).scaleb(-PLACES)):
        raise ValidationError(_("Give at most two decimal places."))
    return value


def check_quarter(text: str) -> str:
    """The canonical key of the quarter `text` names ("Q1 2026" → "2026-Q1")."""
    quarter = parse_quarter(text)
    if quarter is None:
        raise ValidationError(
            _("%(text)s is not a quarter: write it as 2026-Q1.") % {"text": text.strip() or "—"}, code="quarter"
        )
    return quarter.key


def _check(figures: Figures) -> None:
    problems = {}
    for name in FIGURES:
        value = getattr(figures, name)
        if value is None:
            continue
        try:
            check_amount(value, days=name.endswith("_days"))
        except ValidationError as error:
            problems[name] = error.messages
    if problems:
        raise ValidationError(problems)


def _organisation_of(target: Target) -> Organisation:
    return target.plan.organisation if isinstance(target, Action) else target.organisation


def _may_change(actor: User, target: Target) -> bool:
    return can_change_action(actor, target) if isinstance(target, Action) else can_change_process(actor, target)


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _owner(target: Target) -> dict[str, Target]:
    return {"action": target} if isinstance(target, Action) else {"process": target}


def _write(
    actor: User, target: Target, quarter: str, after: Figures, line: ResourceLine | None, organisation: Organisation
) -> tuple[bool, ResourceLine | None]:
    """Save (or remove, when all four figures are empty) one quarter's line and audit the change.
    Returns whether anything changed, and the line as now kept."""
    before = figures_of(line)
    # The keys spelled out here, so the audit vocabulary test can read them.
    changes: dict[str, object] = {"quarter": quarter}
    for name in ("planned_eur", "actual_eur", "planned_days", "actual_days"):
        if getattr(before, name) != getattr(after, name):
            changes[name] = {"before": _text(getattr(before, name)), "after": _text(getattr(after, name))}
    if len(changes) == 1:  # only the quarter: nothing changed
        return False, line
    if after.empty:
        if line is not None:
            line.delete()
        line = None
    else:
        line = line or ResourceLine(organisation=organisation, quarter=quarter, **_owner(target))
        for name in FIGURES:
            setattr(line, name, getattr(after, name))
        line.updated_by = actor
        line.updated_at = timezone.now()
        line.save()
    record_event(
        "resources.figures_set",
        actor=actor,
        obj=target,
        organisation=organisation,
        changes=changes,
    )
    return True, line


@transaction.atomic
def set_quarter(*, actor: User, target: Target, quarter: str, figures: Figures) -> ResourceLine | None:
    """Set the planned and actual figures of one quarter of an action or a process; all four empty
    removes the quarter. Returns the line as kept (None when removed)."""
    if not _may_change(actor, target):
        raise PermissionDenied
    key = check_quarter(quarter)
    _check(figures)
    line = ResourceLine.objects.select_for_update().filter(quarter=key, **_owner(target)).first()
    return _write(actor, target, key, figures, line, _organisation_of(target))[1]


# --- import -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedLine:
    """One checked row of an actuals file: the figures given for one quarter of an action or process;
    the figures left empty in the file stay as they are."""

    target: Target
    quarter: str
    figures: Figures
    existing: bool = False  # the quarter is already kept (the preview counts it as a change)


@dataclass(frozen=True)
class ImportOutcome:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


@transaction.atomic
def import_lines(*, actor: User, organisation: Organisation, rows: Sequence[ImportedLine]) -> ImportOutcome:
    """Apply a checked file, all or nothing: every row's target must belong to the organisation and be
    the actor's to change; each changed quarter is audited, and the import once."""
    if any(_organisation_of(row.target).pk != organisation.pk or not _may_change(actor, row.target) for row in rows):
        raise PermissionDenied
    for row in rows:
        check_quarter(row.quarter)
        _check(row.figures)
    action_ids = {row.target.pk for row in rows if isinstance(row.target, Action)}
    process_ids = {row.target.pk for row in rows if isinstance(row.target, Process)}
    kept = ResourceLine.objects.select_for_update().filter(
        Q(action_id__in=action_ids) | Q(process_id__in=process_ids), organisation=organisation
    )
    existing: dict[tuple[int | None, bool, str], ResourceLine | None] = {
        (line.action_id or line.process_id, line.action_id is not None, line.quarter): line for line in kept
    }
    added = changed = unchanged = 0
    for row in rows:
        key = (row.target.pk, isinstance(row.target, Action), row.quarter)
        line = existing.get(key)
        after = row.figures.merged_into(figures_of(line))
        wrote, existing[key] = _write(actor, row.target, row.quarter, after, line, organisation)
        if not wrote:
            unchanged += 1
        elif line is None:
            added += 1
        else:
            changed += 1
    if added or changed:
        record_event(
            "resources.imported",
            actor=actor,
            organisation=organisation,
            changes={"lines": added + changed},
        )
    return ImportOutcome(added, changed, unchanged)
