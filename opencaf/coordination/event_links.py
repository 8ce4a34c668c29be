"""Links beside an event to pages of apps above this one (its thread in the network's forum, …).

The coordinator's event page and the events page of an organisation's members list, under each event,
what the providers return. Those apps register a provider from their `AppConfig.ready()` (the community
app: `register_links("community", event_links.for_events)`); this module imports none of them. Same
pattern as `assessments/subcriterion_links.py`.

A provider is `(user, events) -> Mapping[event pk, list[EventLink]]` for the events asked (one on the
coordinator's page, the upcoming ones on the members' page; each with its `network` loaded). It shows
only what that person may open, returns texts in the active language, and runs a fixed number of
queries whatever the number of events and links.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opencaf.coordination.models import Event


@dataclass(frozen=True)
class EventLink:
    title: str  # "Discussion in the forum: Round table on citizen surveys"
    url: str
    note: str = ""  # e.g. "3 replies"


Provider = Callable[[Any, Sequence["Event"]], Mapping[int, list[EventLink]]]
_providers: dict[str, Provider] = {}


def register_links(key: str, provider: Provider) -> None:
    """Add (or replace) the provider registered under `key`."""
    _providers[key] = provider


def links_by_event(user: Any, events: Sequence[Event]) -> dict[int, list[EventLink]]:
    """Every provider's links for each event, by the event's primary key (an empty list when none)."""
    found: dict[int, list[EventLink]] = {event.pk: [] for event in events}
    if not events:
        return found
    for provider in _providers.values():
        for event_pk, links in provider(user, events).items():
            found.setdefault(event_pk, []).extend(links)
    return found


def links_for(user: Any, event: Event) -> list[EventLink]:
    return links_by_event(user, [event])[event.pk]
