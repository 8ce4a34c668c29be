"""Reading the audit trail, scoped to one organisation or one network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from opencaf.audit.models import AuditEvent

if TYPE_CHECKING:
    from opencaf.organisations.models import Network, Organisation


def events_for_organisation(organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")


def events_for_network(network: Network) -> QuerySet[AuditEvent]:
    # Events about the network itself and about any of its member organisations.
    return AuditEvent.objects.filter(Q(network=network) | Q(organisation__network=network)).select_related(
        "actor", "organisation"
    )
