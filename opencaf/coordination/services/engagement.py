"""The engagement log: the quality unit records its contacts with an organisation of its network."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.accounts.models import User
from opencaf.audit.services import record_event
from opencaf.coordination.models import ContactKind, EngagementEntry
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator, require

SUMMARY_MAX_LENGTH = 5000


@transaction.atomic
def record_contact(
    *, actor: User, network: Network, organisation: Organisation, kind: str, happened_on: date, summary: str
) -> EngagementEntry:
    """Add a call, visit, e-mail, meeting or note to the organisation's log. The summary is the
    network's own record: the audit names the kind and the day, not what was said."""
    require(is_coordinator(actor, network))
    if organisation.network_id != network.pk:
        raise ValidationError(_("This organisation is not part of the network."))
    errors: dict[str, str] = {}
    if kind not in ContactKind.values:
        errors["kind"] = _("Choose one of the kinds of contact in the list.")
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future: record a contact once it has happened.")
    summary = summary.strip()
    if not summary:
        errors["summary"] = _("Write a short summary of the contact.")
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = _("Keep the summary under %(limit)s characters.") % {"limit": SUMMARY_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    entry = EngagementEntry.objects.create(
        network=network, organisation=organisation, kind=kind, happened_on=happened_on, summary=summary, author=actor
    )
    record_event(
        "coordination.contact_recorded",
        actor=actor,
        obj=entry,
        network=network,
        changes={"kind": kind, "date": happened_on.isoformat()},
    )
    return entry
