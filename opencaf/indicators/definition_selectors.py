"""Reads of shared indicator definitions, scoped to who may see them: a network's whole set for its
coordinators; the published set (and what it adopted) for an organisation of the network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from opencaf.core.ids import get_by_public_id
from opencaf.indicators.models import DefinitionStatus, Indicator, SharedDefinition
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import get_network_for_coordinator


def definitions_of(network: Network) -> QuerySet[SharedDefinition]:
    """The network's whole set, oldest first, each with how many organisations adopted it (one query)."""
    return (
        SharedDefinition.objects.filter(network=network)
        .annotate(adoption_count=Count("adoptions"))
        .order_by("created_at", "id")
    )


def get_definition_for_coordinator(user: Any, network_id: object, definition_id: object) -> SharedDefinition:
    """A definition of the network, for one of its coordinators; 404 for anyone else."""
    network = get_network_for_coordinator(user, network_id)
    definition = get_by_public_id(SharedDefinition.objects.filter(network=network), definition_id)
    definition.network = network
    return definition


def get_published_definition(organisation: Organisation, definition_id: object) -> SharedDefinition:
    """A published definition of the organisation's network (what it may adopt); else 404."""
    if organisation.network_id is None:
        raise Http404
    published = SharedDefinition.objects.filter(network_id=organisation.network_id, status=DefinitionStatus.PUBLISHED)
    return get_by_public_id(published, definition_id)


@dataclass(frozen=True)
class SharedLine:
    """One definition as an organisation sees it, with its own indicator if it adopted it."""

    definition: SharedDefinition
    indicator: Indicator | None


def shared_set_for(organisation: Organisation) -> list[SharedLine]:
    """The network's published definitions and any other the organisation adopted (since
    withdrawn), with the organisation's indicator for each adopted one: two queries."""
    if organisation.network_id is None:
        return []
    adopted = {
        indicator.definition_id: indicator
        for indicator in Indicator.objects.filter(organisation=organisation, definition__isnull=False)
    }
    definitions = SharedDefinition.objects.filter(
        Q(status=DefinitionStatus.PUBLISHED) | Q(pk__in=list(adopted)), network_id=organisation.network_id
    ).order_by("created_at", "id")
    lines = []
    for definition in definitions:
        indicator = adopted.get(definition.pk)
        if indicator is not None:
            indicator.organisation = organisation
        lines.append(SharedLine(definition, indicator))
    return lines
