"""Employees' records (HR): every member of the organisation made an employee in one step, and per
employee their job profile, line manager and position title.

The line manager is another member of the same organisation, and the reporting lines never go round in
a circle (A reports to B who reports to A): reviews and development plans are read by the line manager,
so a circle would let two people read each other's. Each function checks again that the actor is the
organisation's HR, locks the organisation (one change of the reporting lines at a time), writes and
records an audit event in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.organisations.models import Membership, Organisation
from opencaf.people.access import access_in
from opencaf.people.models import Employee, JobProfile

if TYPE_CHECKING:
    from opencaf.accounts.models import User

POSITION_MAX = 200


def _hr_locking(actor: User, organisation: Organisation) -> None:
    access = access_in(actor, organisation)
    if access is None or not access.can_manage:
        raise PermissionDenied
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


@transaction.atomic
def add_all_members(*, actor: User, organisation: Organisation) -> int:
    """Every member who is not an employee yet becomes one (no profile, no line manager); returns how
    many were added."""
    _hr_locking(actor, organisation)
    newcomers = list(
        Membership.objects.filter(organisation=organisation, employee__isnull=True).values_list("pk", flat=True)
    )
    Employee.objects.bulk_create(
        Employee(membership_id=membership_id, organisation=organisation) for membership_id in newcomers
    )
    if newcomers:
        record_event(
            "people.employees_added",
            actor=actor,
            obj=organisation,
            organisation=organisation,
            changes={"count": len(newcomers)},
        )
    return len(newcomers)


def _reports_in_circle(organisation: Organisation, employee: Employee, manager: Membership) -> bool:
    """Whether the manager reports, directly or further up, to the employee (one query for the chain)."""
    reports_to = dict(
        Employee.objects.filter(organisation=organisation).values_list("membership_id", "line_manager_id")
    )
    seen: set[int] = set()
    current: int | None = manager.pk
    while current is not None and current not in seen:
        if current == employee.membership_id:
            return True
        seen.add(current)
        current = reports_to.get(current)
    return False


@transaction.atomic
def update_employee(
    *,
    actor: User,
    employee: Employee,
    profile: JobProfile | None,
    line_manager: Membership | None,
    position_title: str,
) -> Employee:
    organisation = employee.organisation
    _hr_locking(actor, organisation)
    current = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("membership__user", "profile", "line_manager__user")
        .get(pk=employee.pk, organisation=organisation)
    )
    errors: dict[str, str] = {}
    position_title = position_title.strip()
    if len(position_title) > POSITION_MAX:
        errors["position_title"] = _("Keep the position to %(max)d characters.") % {"max": POSITION_MAX}
    if profile is not None:
        chosen = JobProfile.objects.filter(pk=profile.pk, organisation=organisation).first()
        if chosen is None or (chosen.archived and chosen.pk != current.profile_id):
            errors["profile"] = _("Choose a current job profile of the organisation.")
    if line_manager is not None:
        if line_manager.organisation_id != organisation.pk:
            errors["line_manager"] = _("Choose a member of the organisation as the line manager.")
        elif line_manager.pk == current.membership_id:
            errors["line_manager"] = _("A person cannot be their own line manager.")
        elif _reports_in_circle(organisation, current, line_manager):
            errors["line_manager"] = _(
                "%(manager)s reports, directly or through others, to %(name)s: choosing them would make the "
                "reporting lines go round in a circle."
            ) % {"manager": line_manager.user.display_name, "name": current.membership.user.display_name}
    if errors:
        raise ValidationError(errors)
    # Who the record is of comes first; the fields follow only when they changed.
    changes: dict[str, object] = {"employee": current.membership.user.display_name}
    if current.profile_id != (profile.pk if profile else None):
        changes["profile"] = profile.title if profile else ""
    if current.line_manager_id != (line_manager.pk if line_manager else None):
        changes["line_manager"] = line_manager.user.display_name if line_manager else ""
    if current.position_title != position_title:
        changes["position_title"] = position_title
    if len(changes) == 1:  # only who it is of: nothing changed, nothing to record
        return current
    current.profile = profile
    current.line_manager = line_manager
    current.position_title = position_title
    current.save(update_fields=["profile", "line_manager", "position_title"])
    record_event(
        "people.employee_changed",
        actor=actor,
        obj=current,
        organisation=organisation,
        changes=changes,
    )
    return current
