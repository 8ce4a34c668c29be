"""Reading the audit trail, scoped to one organisation or one network, without the events of apps the
reader may not read (`registry.unreadable_actions`: an app's vocabulary may name its readers' roles)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import registry

if TYPE_CHECKING:
    from opencaf.organisations.models import Network, Organisation


def _readable(events: QuerySet[AuditEvent], roles: Iterable[str] | None) -> QuerySet[AuditEvent]:
    unreadable = registry.unreadable_actions(roles)
    return events.exclude(action__in=unreadable) if unreadable else events


def events_for_organisation(organisation: Organisation, roles: Iterable[str] = ()) -> QuerySet[AuditEvent]:
    """The organisation's events that a reader holding `roles` in it may read."""
    return _readable(AuditEvent.objects.filter(organisation=organisation), roles).select_related("actor")


def events_for_network(network: Network) -> QuerySet[AuditEvent]:
    # Events about the network itself and about any of its member organisations, apart from the
    # restricted apps' (an organisation's people data is not the network's to read).
    events = AuditEvent.objects.filter(Q(network=network) | Q(organisation__network=network))
    return _readable(events, None).select_related("actor", "organisation")
