"""The figures of a peer group's scores: count, lowest, quartiles, median, highest, and where one
organisation's score stands among them.

Pure Python (an import-linter contract keeps Django out), so it is property-tested on its own.

The method, stated so that anyone can check a figure in a spreadsheet: quartiles are interpolated
linearly between the closest ranks (Hyndman & Fan's type 7). With the n scores sorted and numbered
0 … n-1, the quartile p (0.25, 0.5, 0.75) lies at rank h = (n-1)·p, and its value is the score at rank
⌊h⌋ plus (h-⌊h⌋) times the step to the next score. It is what spreadsheets' QUARTILE.INC, R's default
`quantile()`, NumPy's default `percentile()` and Python's `statistics.quantiles(method="inclusive")`
compute. The median is the second quartile (for an even count, the mean of the two middle scores).

Scores come in as a histogram (score → number of organisations), because the database counts the
organisations per score value: a few hundred rows per item instead of one per organisation.

Where a score stands is a *band* ("above the median"), never a rank: "second of six" would let an
organisation that knows a few of its peers work out who the others are.

Whether a group's figures may be shown is the anonymity gate's decision (`opencaf.lib.anonymity`, pure
too): a `Breakdown` holds a line of groups (the network by type, say) and the whole, and `figures_of`
passes a group's counts through the gate with the rest of its line.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import accumulate
from typing import Any

from opencaf.lib.anonymity import suppress

# Two scores closer than this are the same score (they have one decimal; quartiles two).
_SAME = 1e-9
ONE_DECIMAL = Decimal("0.1")


def one_decimal(value: float) -> Decimal:
    """A score as benchmarks keep it: rounded half up to one decimal (a criterion's mean of 62.25 is 62.3)."""
    return Decimal(repr(float(value))).quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass(frozen=True)
class Distribution:
    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float


def merge(histograms: Iterable[Mapping[float, int]]) -> dict[float, int]:
    """One histogram of several (the groups of a partition, back to the whole)."""
    merged: dict[float, int] = {}
    for histogram in histograms:
        for score, count in histogram.items():
            merged[score] = merged.get(score, 0) + count
    return merged


def distribution(histogram: Mapping[float, int]) -> Distribution | None:
    """The figures of the scores counted in `histogram`; None when there are none."""
    values = sorted((float(score), count) for score, count in histogram.items() if count > 0)
    if any(count < 0 for count in histogram.values()):
        raise ValueError("A histogram cannot count fewer than no organisations.")
    if not values:
        return None
    scores = [score for score, _count in values]
    # ends[i] is the rank after the last organisation with scores[i]: rank r has the first score
    # whose end is above r.
    ends = list(accumulate(count for _score, count in values))
    total = ends[-1]

    def at(rank: int) -> float:
        return scores[bisect.bisect_right(ends, rank)]

    def quartile(fraction: float) -> float:
        position = (total - 1) * fraction
        below = math.floor(position)
        low = at(below)
        if position == below:
            return low
        return low + (position - below) * (at(below + 1) - low)

    return Distribution(
        count=total,
        minimum=scores[0],
        lower_quartile=quartile(0.25),
        median=quartile(0.5),
        upper_quartile=quartile(0.75),
        maximum=scores[-1],
    )


class Position(StrEnum):
    """Where a score stands in its peer group's distribution."""

    LOWEST_QUARTER = "lowest_quarter"  # below the lower quartile
    BELOW_MEDIAN = "below_median"  # from the lower quartile up to the median
    AT_MEDIAN = "at_median"
    ABOVE_MEDIAN = "above_median"  # above the median up to the upper quartile
    HIGHEST_QUARTER = "highest_quarter"  # above the upper quartile


def position(score: float, figures: Distribution) -> Position:
    """The band the score falls in. At the median wins over the quartiles when they coincide."""
    if abs(score - figures.median) < _SAME:
        return Position.AT_MEDIAN
    if score < figures.lower_quartile - _SAME:
        return Position.LOWEST_QUARTER
    if score < figures.median:
        return Position.BELOW_MEDIAN
    if score <= figures.upper_quartile + _SAME:
        return Position.ABOVE_MEDIAN
    return Position.HIGHEST_QUARTER


@dataclass(frozen=True)
class BoxPlot:
    """A box plot's marks as percentages of its width (0 at the left end of the scale, 100 at the right)."""

    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float
    own: float | None  # the viewer's own score, if it has one

    @property
    def box_width(self) -> float:
        return round(self.upper_quartile - self.lower_quartile, 2)


def scale(value: float, low: float, high: float) -> float:
    """`value` on a scale from `low` (0) to `high` (100), kept within the scale."""
    if high - low < _SAME:
        return 50.0
    return round(min(100.0, max(0.0, (value - low) / (high - low) * 100)), 2)


def box_plot(figures: Distribution | None, own: float | None, low: float, high: float) -> BoxPlot | None:
    """The marks of a box plot on the scale `low` … `high` (0 … 100 for CAF scores; an indicator's
    own range otherwise). None when there is no distribution to draw."""
    if figures is None:
        return None
    return BoxPlot(
        minimum=scale(figures.minimum, low, high),
        lower_quartile=scale(figures.lower_quartile, low, high),
        median=scale(figures.median, low, high),
        upper_quartile=scale(figures.upper_quartile, low, high),
        maximum=scale(figures.maximum, low, high),
        own=scale(own, low, high) if own is not None else None,
    )


def plot_range(figures: Distribution | None, own: float | None) -> tuple[float, float]:
    """The scale of an indicator's box plot: from the lowest to the highest value shown, own included,
    with a little room at both ends so that the marks at the ends stay visible."""
    values = [own] if own is not None else []
    if figures is not None:
        values += [figures.minimum, figures.maximum]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    margin = (high - low) * 0.05 or max(abs(high), 1.0) * 0.05
    return low - margin, high + margin


# --- the gate ------------------------------------------------------------------------------------------


class Visibility(StrEnum):
    """What a page may say about a group's figures."""

    SHOWN = "shown"
    EMPTY = "empty"  # nobody shares anything here
    # Hidden, with the only possible reason: the group is its whole line (the network), and too small.
    TOO_SMALL = "too_small"
    # Hidden in a line of several groups: too small, or the complement of one. Which of the two is not
    # said, as the gate does not: it would tell which hidden groups are the small ones.
    HIDDEN = "hidden"


def visibility_of(counts: Mapping[Any, int], mine: Hashable, minimum: int) -> Visibility:
    """Whether the group `mine` of a line of groups (which partition what the page covers) may be shown."""
    line: dict[Any, int] = {**counts, mine: counts.get(mine, 0)}
    if not any(line.values()):
        return Visibility.EMPTY
    if suppress(line, minimum).is_shown(mine):
        return Visibility.SHOWN if line[mine] else Visibility.EMPTY
    return Visibility.TOO_SMALL if len(line) == 1 else Visibility.HIDDEN


WHOLE = "all"  # the key of the whole, a line of one group


@dataclass(frozen=True)
class Breakdown:
    """A line of groups (each organisation in one): per item, each group's distribution and the whole's,
    and the organisations in each group."""

    items: dict[Any, dict[Any, Distribution]]
    overall: dict[Any, Distribution]
    organisations: dict[Any, int]

    def line(self, item: Any) -> dict[Any, int]:
        return {key: figures.count for key, figures in self.items.get(item, {}).items()}


def figures_of(
    found: Breakdown, mine: Hashable | None, item: Any, minimum: int
) -> tuple[Visibility, Distribution | None]:
    """The figures of group `mine` of the line (None: of the whole) for one item, through the gate."""
    if mine is None:
        whole = found.overall.get(item)
        state = visibility_of({WHOLE: whole.count if whole else 0}, WHOLE, minimum)
        return state, whole if state == Visibility.SHOWN else None
    state = visibility_of(found.line(item), mine, minimum)
    return state, found.items.get(item, {}).get(mine) if state == Visibility.SHOWN else None


def organisations_of(found: Breakdown, mine: Hashable | None, minimum: int) -> tuple[Visibility, int | None]:
    """How many organisations group `mine` (None: the whole) counts, through the gate."""
    line: dict[Any, int] = {WHOLE: sum(found.organisations.values())} if mine is None else found.organisations
    key: Any = WHOLE if mine is None else mine
    state = visibility_of(line, key, minimum)
    return state, line.get(key) if state == Visibility.SHOWN else None
