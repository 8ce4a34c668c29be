"""Measured results shown beside a subcriterion: survey results now, indicators later.

Assessors score results criteria (6.1, 7.1, 8.1, …) on perception measurements and indicators; the
scoring and consensus pages of a subcriterion show the figures the organisation has for it. Apps
above this one register a provider from their `AppConfig.ready()` (the surveys app:
`register_figures("surveys", figures.for_subcriterion)`); this module imports none of them.

A provider is `(assessment, subcriterion_code) -> Iterable[SubcriterionFigures]`, returns texts in the
active language, may only show what every reader of the page may see (published results through
the anonymity gate), and runs a fixed number of queries (cache what is expensive).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


Provider = Callable[["SelfAssessment", str], Iterable[SubcriterionFigures]]
_providers: dict[str, Provider] = {}


def register_figures(key: str, provider: Provider) -> None:
    """Add (or replace) the provider registered under `key`."""
    _providers[key] = provider


def figures_for(assessment: SelfAssessment, code: str) -> list[SubcriterionFigures]:
    return [figures for provider in _providers.values() for figures in provider(assessment, code)]
