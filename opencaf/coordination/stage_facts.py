"""What apps above coordination tell of an organisation's path: the seam through which the portfolio and
the organisation's pages learn of the stages they record (`stages.FROM_ABOVE`: an application for
external feedback, a label), without coordination importing them.

An app registers a `Source` once, from its AppConfig.ready(). A source gives:

- `known(today)` and `dated(today)`: per stage it records, a database expression over the current
  self-assessment's row (`OuterRef("pk")` is the SelfAssessment): whether the stage is reached
  (`Exists`), and its moment or day (a `Subquery` giving a datetime or a date). The portfolio adds them
  to the one query that reads the organisations' current self-assessments, so the stages of thousands
  of organisations cost no query more (selectors/portfolio.py).
- `history(organisation, network, today)`: dated entries of the organisation's history in the
  reader's language (oldest first), with a link where there is a page to read them on; `network`
  given when a coordinator of that network reads them (only what happened in that network).
- `labels(organisation, today)`: the labels the organisation holds or held, shown beside the network's
  recognitions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from opencaf.coordination.stages import FROM_ABOVE, Stage

if TYPE_CHECKING:
    from django.db.models.expressions import BaseExpression as Expression

    from opencaf.organisations.models import Network, Organisation


@dataclass(frozen=True)
class HistoryEntry:
    on: date
    text: str  # in the reader's language
    link: str = ""  # a page the reader may open, or ""


@dataclass(frozen=True)
class HeldLabel:
    name: str  # in the reader's language
    number: str
    awarded_on: date
    valid_until: date
    valid: bool  # on the day it was read
    link: str = ""  # a page about it
    certificate: str = ""  # its certificate to download


def _nothing(*args: Any) -> list[Any]:
    return []


@dataclass(frozen=True)
class Source:
    stages: frozenset[Stage]  # of FROM_ABOVE
    known: Callable[[date], Mapping[Stage, Expression]]
    dated: Callable[[date], Mapping[Stage, Expression]]
    history: Callable[[Organisation, Network | None, date], list[HistoryEntry]] = field(default=_nothing)
    labels: Callable[[Organisation, date], list[HeldLabel]] = field(default=_nothing)


_sources: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Register (or replace: ready() may run more than once) the source of an app."""
    if not source.stages <= FROM_ABOVE:
        raise ValueError(f"{name} provides stages coordination records itself: {source.stages - FROM_ABOVE}")
    _sources[name] = source


def unrecorded() -> frozenset[Stage]:
    """The stages no registered app provides: no organisation can be at them."""
    provided = frozenset().union(*(source.stages for source in _sources.values()))
    return FROM_ABOVE - provided


def column(stage: Stage) -> str:
    """The name of the stage's column in the current self-assessments' query."""
    return f"above_{stage.value}"


def _columns(pick: Callable[[Source], Mapping[Stage, Expression]]) -> dict[str, Expression]:
    columns: dict[str, Expression] = {}
    for source in _sources.values():
        columns.update({column(stage): expression for stage, expression in pick(source).items()})
    return columns


def known(today: date) -> dict[str, Expression]:
    """column -> whether the current self-assessment reached the stage (a boolean expression)."""
    return _columns(lambda source: source.known(today))


def dated(today: date) -> dict[str, Expression]:
    """column -> the moment or day the current self-assessment reached the stage, or NULL."""
    return _columns(lambda source: source.dated(today))


def reached(row: Mapping[str, Any], stage: Stage) -> bool:
    """Whether a row read with `known` columns reached the stage."""
    return bool(row.get(column(stage)))


def day(row: Mapping[str, Any], stage: Stage, zone: tzinfo) -> date | None:
    """The day a row read with `dated` columns reached the stage, in the zone given."""
    value = row.get(column(stage))
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.astimezone(zone).date()
    return value if isinstance(value, date) else None


def history_of(organisation: Organisation, *, network: Network | None = None, today: date) -> list[HistoryEntry]:
    """The entries every registered app gives of the organisation's history, oldest first."""
    entries = [entry for source in _sources.values() for entry in source.history(organisation, network, today)]
    return sorted(entries, key=lambda entry: entry.on)


def labels_of(organisation: Organisation, *, today: date) -> list[HeldLabel]:
    """The labels the organisation holds or held, the latest awarded first."""
    labels = [label for source in _sources.values() for label in source.labels(organisation, today)]
    return sorted(labels, key=lambda label: label.awarded_on, reverse=True)
