"""Further reading beside a subcriterion: what others did about it (good practices, and more later).

The individual scoring page and the consensus page of a subcriterion list, under a heading each
provider names, a few links to pages of apps above this one. Those apps register a provider from their
`AppConfig.ready()` (the community app: `register_links("community", links.for_subcriteria)`); this
module imports none of them.

A provider is `(user, assessment, codes) -> Mapping[code, list[SubcriterionLinks]]` for the
subcriterion codes asked (one on a scoring page). It shows only what that person may open (the reader
matters here, unlike `subcriterion_figures`), returns texts in the active language, and runs a fixed
number of queries whatever the number of links.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment


@dataclass(frozen=True)
class SubcriterionLink:
    title: str  # "Complaints answered within five days"
    url: str
    note: str = ""  # e.g. the organisation that wrote it
    language: str = ""  # the language of the title, when it may differ from the page's


@dataclass(frozen=True)
class SubcriterionLinks:
    """One provider's block: a heading, its links, and where to find all of them."""

    heading: str  # "Good practices for this subcriterion"
    links: tuple[SubcriterionLink, ...]
    more_url: str = ""
    more_label: str = ""  # "All good practices for 3.2"


Provider = Callable[[Any, "SelfAssessment", Sequence[str]], Mapping[str, list[SubcriterionLinks]]]
_providers: dict[str, Provider] = {}


def register_links(key: str, provider: Provider) -> None:
    """Add (or replace) the provider registered under `key`."""
    _providers[key] = provider


def links_by_code(user: Any, assessment: SelfAssessment, codes: Sequence[str]) -> dict[str, list[SubcriterionLinks]]:
    found: dict[str, list[SubcriterionLinks]] = {code: [] for code in codes}
    for provider in _providers.values():
        for code, blocks in provider(user, assessment, codes).items():
            found.setdefault(code, []).extend(blocks)
    return found


def links_for(user: Any, assessment: SelfAssessment, code: str) -> list[SubcriterionLinks]:
    return links_by_code(user, assessment, [code])[code]
