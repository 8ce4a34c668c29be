"""The arithmetic of CAF scoring, free of Django so it can be property-tested on its own.

Scores are whole numbers from 0 to 100 per subcriterion. Fine-tuned scoring rates several
dimensions (Plan/Do/Check/Act for enablers, trends/targets for results) and combines them by a
rule kept in the framework data, because the CAF 2020 rule is not yet verified.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SCORE_MIN = 0
SCORE_MAX = 100
RULES = ("mean",)


class ScoreError(ValueError):
    """A score outside 0–100, or dimension scores that do not match the panel."""


def check_score(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ScoreError(f"a score must be a whole number from {SCORE_MIN} to {SCORE_MAX}, got {value!r}")
    return value


def combine_dimensions(scores: Mapping[str, int], dimensions: Sequence[str], rule: str = "mean") -> float:
    """One subcriterion score from its dimension scores (every dimension must be scored)."""
    if set(scores) != set(dimensions):
        raise ScoreError(f"expected scores for {sorted(dimensions)}, got {sorted(scores)}")
    values = [check_score(scores[name]) for name in dimensions]
    if rule == "mean":
        return sum(values) / len(values)
    raise ScoreError(f"unknown aggregation rule {rule!r}")


@dataclass(frozen=True)
class ScoreSpread:
    """How individual scores for one subcriterion are spread."""

    count: int
    mean: float
    median: float
    minimum: float
    maximum: float
    stdev: float  # population standard deviation: the group is the whole population here

    @property
    def range(self) -> float:
        return self.maximum - self.minimum


def spread(scores: Iterable[float]) -> ScoreSpread | None:
    values = sorted(scores)
    if not values:
        return None
    return ScoreSpread(
        count=len(values),
        mean=statistics.fmean(values),
        median=statistics.median(values),
        minimum=values[0],
        maximum=values[-1],
        stdev=statistics.pstdev(values),
    )


def divergence_key(item: ScoreSpread | None) -> tuple[float, float, int]:
    """Sort key putting the most divergent subcriteria first (use with reverse=True).

    Standard deviation first, then range, then the number of scores; subcriteria nobody
    scored come last.
    """
    if item is None:
        return (-1.0, -1.0, 0)
    return (item.stdev, item.range, item.count)


def suggested_consensus(item: ScoreSpread | None) -> int | None:
    """The median, rounded half up, as the starting point for the group's score."""
    if item is None:
        return None
    return min(SCORE_MAX, math.floor(item.median + 0.5))


def dimension_medians(rows: Iterable[Mapping[str, int]], dimensions: Sequence[str]) -> dict[str, int]:
    """The suggested fine-tuned consensus: each dimension's median over the rows that scored it,
    rounded half up. Dimensions nobody scored are left out."""
    materialised = list(rows)
    medians: dict[str, int] = {}
    for name in dimensions:
        values = [row[name] for row in materialised if row.get(name) is not None]
        if values:
            medians[name] = min(SCORE_MAX, math.floor(statistics.median(values) + 0.5))
    return medians


def average(scores: Iterable[float | None]) -> float | None:
    """Mean of the scores that exist; None when there are none (everything 'not assessed')."""
    values = [score for score in scores if score is not None]
    return statistics.fmean(values) if values else None


@dataclass(frozen=True)
class Totals:
    criteria: dict[int, float | None]
    enablers: float | None
    results: float | None
    overall: float | None
    sum_of_subcriteria: float
    assessed_subcriteria: int


def totals(subcriterion_scores: Mapping[str, float | None], criterion_kinds: Mapping[int, str]) -> Totals:
    """Criterion scores (mean of their subcriteria), enabler and result averages, and the overall
    average of the criteria. Subcriterion codes are "criterion.position", e.g. "4.3"."""
    by_criterion: dict[int, list[float | None]] = {number: [] for number in criterion_kinds}
    for code, score in subcriterion_scores.items():
        criterion = int(code.split(".")[0])
        by_criterion.setdefault(criterion, []).append(score)
    criteria = {number: average(scores) for number, scores in sorted(by_criterion.items())}
    enablers = average(score for number, score in criteria.items() if criterion_kinds.get(number) == "enabler")
    results = average(score for number, score in criteria.items() if criterion_kinds.get(number) == "result")
    assessed = [score for score in subcriterion_scores.values() if score is not None]
    return Totals(
        criteria=criteria,
        enablers=enablers,
        results=results,
        overall=average(criteria.values()),
        sum_of_subcriteria=sum(assessed),
        assessed_subcriteria=len(assessed),
    )
