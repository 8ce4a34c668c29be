"""Measured results shown beside a subcriterion: survey results and indicators.

Assessors score results criteria (6.1, 7.1, 8.1, …) on perception measurements and indicators; the
scoring and consensus pages of a subcriterion show the figures the organisation has for it. Apps
above this one register a provider from their `AppConfig.ready()` (the surveys app:
`register_figures("surveys", figures.for_subcriterion)`); this module imports none of them.

A provider is `(assessment, codes) -> Mapping[code, list[SubcriterionFigures]]` for the subcriterion
codes asked (one on a scoring page, all of them in the report), returns texts in the active language,
may only show what every reader of the page may see (published results through the anonymity gate),
and runs a fixed number of queries whatever the number of codes (cache what is expensive).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment


@dataclass(frozen=True)
class FigureLine:
    label: str  # "I know what is expected of me in my work"
    value: str  # "4.2 (mean, 1-5)"
    previous: str = ""  # the same figure in the previous wave or period, if any


@dataclass(frozen=True)
class SubcriterionFigures:
    title: str  # "Employee survey 2025"
    source: str  # "Survey", "Indicator"
    url: str
    lines: tuple[FigureLine, ...]
    note: str = ""  # e.g. "120 responses, published 3 March 2025"
    # The table's column headings for (label, value, previous) when they are not a survey's
    # ("Measured", "Now", "Before"): an indicator shows ("Year", "Latest value", "Target and status").
    headings: tuple[str, str, str] | None = None


Provider = Callable[["SelfAssessment", Sequence[str]], Mapping[str, list[SubcriterionFigures]]]
_providers: dict[str, Provider] = {}


def register_figures(key: str, provider: Provider) -> None:
    """Add (or replace) the provider registered under `key`."""
    _providers[key] = provider


def figures_by_code(assessment: SelfAssessment, codes: Sequence[str]) -> dict[str, list[SubcriterionFigures]]:
    found: dict[str, list[SubcriterionFigures]] = {code: [] for code in codes}
    for provider in _providers.values():
        for code, blocks in provider(assessment, codes).items():
            found.setdefault(code, []).extend(blocks)
    return found


def figures_for(assessment: SelfAssessment, code: str) -> list[SubcriterionFigures]:
    return figures_by_code(assessment, [code])[code]
