"""Audit actions and changed fields of the benchmarking app's sharing (merged by audit_vocabulary.py):
an organisation's consent to share a self-assessment's scores, and the coordinators' peer groups."""

from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opencaf.audit.registry import Field

ACTIONS: dict[str, Promise] = {
    "benchmarking.scores_shared": _("Consent to share a self-assessment's scores given"),
    "benchmarking.sharing_changed": _("Consent to share a self-assessment's scores changed"),
    "benchmarking.sharing_withdrawn": _("Consent to share a self-assessment's scores withdrawn"),
    "benchmarking.peer_group_created": _("Peer group created"),
    "benchmarking.peer_group_changed": _("Peer group renamed or described"),
    "benchmarking.peer_group_deleted": _("Peer group deleted"),
    "benchmarking.peer_group_members_added": _("Organisations added to a peer group"),
    "benchmarking.peer_group_members_removed": _("Organisations removed from a peer group"),
}


def local_date(value: Any) -> str:
    """A date recorded as "2026-09-01", in the reader's format; "at once" when there is none."""
    parsed = parse_date(str(value)) if value else None
    if parsed is None:
        return str(value) if value else str(_("at once"))
    return date_format(parsed, "SHORT_DATE_FORMAT")


FIELDS: dict[str, Field] = {
    "assessment": Field(_("Self-assessment")),
    "shared_from": Field(_("Shared from"), local_date),
    "open_to_partners": Field(_("May be suggested as a bench-learning partner")),
    "peer_group_name": Field(_("Name")),
    "peer_group_description": Field(_("Description")),
    "peer_group_members": Field(_("Organisations")),
}
