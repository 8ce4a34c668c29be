"""The arithmetic of a selection panel, free of Django: from the members' scores of each candidate on
each question of the interview guide, per candidate and competency

- each member's score: the mean of their scores on the competency's questions;
- the spread: the lowest and highest member score, and their distance;
- the suggested agreed score: the median of the member scores, rounded half up to a whole level
  (a suggestion for the panel's agreement, never recorded without a person and a rationale);

and per candidate the total (the mean of the agreed scores over every competency of the guide, once
each is agreed) and the ranking by total, ties sharing a rank ("1, 2, 2, 4"); with what is incomplete:
which member has not scored which candidate on every question, which candidate lacks an agreed score
in which competency.

Means and medians are exact fractions, so rounding half up never depends on a float's last digit.
Members, candidates, competencies and questions are any hashable keys (primary keys in the services);
their order in the input is the order of the output.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# Any hashable key: a member, candidate, question or competency as the caller names it. (Not Hashable:
# mapping keys are invariant, so dict[int, int] would not pass for Mapping[Hashable, Hashable].)
Key = Any
ScoreKey = tuple[Key, Key, Key]  # (member, candidate, question)


def mean(values: Iterable[int | Fraction]) -> Fraction | None:
    """The exact mean, or None of nothing."""
    items = [Fraction(value) for value in values]
    if not items:
        return None
    return sum(items, Fraction(0)) / len(items)


def median(values: Iterable[int | Fraction]) -> Fraction | None:
    """The exact median (the mean of the two middle values of an even count), or None of nothing."""
    items = sorted(Fraction(value) for value in values)
    if not items:
        return None
    middle = len(items) // 2
    if len(items) % 2:
        return items[middle]
    return (items[middle - 1] + items[middle]) / 2


def round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves going up (2.5 → 3), unlike Python's round (2.5 → 2)."""
    return math.floor(value + Fraction(1, 2))


def suggestion(member_scores: Iterable[Fraction | int]) -> int | None:
    """The suggested agreed score: the median of the member scores rounded half up; None when no
    member has scored."""
    middle = median(member_scores)
    return None if middle is None else round_half_up(middle)


@dataclass(frozen=True)
class Spread:
    low: Fraction
    high: Fraction

    @property
    def width(self) -> Fraction:
        return self.high - self.low


def spread(values: Iterable[Fraction | int]) -> Spread | None:
    items = [Fraction(value) for value in values]
    if not items:
        return None
    return Spread(min(items), max(items))


def competition_ranks(totals: Mapping[Key, Fraction | None]) -> dict[Key, int | None]:
    """Rank by total, highest first; equal totals share a rank and the next rank skips (1, 2, 2, 4).
    A key without a total has no rank."""
    ranked = sorted((total for total in totals.values() if total is not None), reverse=True)
    first_place: dict[Fraction, int] = {}
    for place, total in enumerate(ranked, start=1):
        first_place.setdefault(total, place)
    return {key: None if total is None else first_place[total] for key, total in totals.items()}


@dataclass(frozen=True)
class CompetencyResult:
    competency: Key
    member_scores: dict[Key, Fraction | None]  # every member, None when they scored none of its questions
    spread: Spread | None
    suggestion: int | None
    agreed: int | None

    @property
    def scored(self) -> list[Fraction]:
        return [score for score in self.member_scores.values() if score is not None]


@dataclass(frozen=True)
class CandidateResult:
    candidate: Key
    competencies: list[CompetencyResult]
    total: Fraction | None  # the mean of the agreed scores, once every competency is agreed
    rank: int | None = None

    @property
    def missing_agreement(self) -> list[Key]:
        return [result.competency for result in self.competencies if result.agreed is None]


@dataclass(frozen=True)
class PanelResult:
    candidates: list[CandidateResult]
    unscored: list[tuple[Key, Key]] = field(default_factory=list)  # (member, candidate), in input order
    unagreed: list[tuple[Key, Key]] = field(default_factory=list)  # (candidate, competency)

    @property
    def ranking(self) -> list[CandidateResult]:
        """The candidates by rank (the unranked last), in input order within a rank."""
        order = {result.candidate: index for index, result in enumerate(self.candidates)}
        return sorted(
            self.candidates,
            key=lambda result: (result.rank is None, result.rank or 0, order[result.candidate]),
        )

    def of(self, candidate: Key) -> CandidateResult:
        return next(result for result in self.candidates if result.candidate == candidate)


def member_score(
    scores: Mapping[ScoreKey, int | None], member: Key, candidate: Key, questions: Sequence[Key]
) -> Fraction | None:
    """A member's score of a candidate in one competency: the mean of their scores on its questions
    (those they have scored)."""
    return mean(value for question in questions if (value := scores.get((member, candidate, question))) is not None)


def summarise(
    *,
    members: Sequence[Key],
    candidates: Sequence[Key],
    questions: Mapping[Key, Key],
    scores: Mapping[ScoreKey, int | None],
    agreed: Mapping[tuple[Key, Key], int] | None = None,
    competencies: Sequence[Key] | None = None,
) -> PanelResult:
    """The panel's figures. `questions` maps each question of the guide to its competency;
    `competencies` orders the guide's competencies (default: as their questions first appear);
    `scores` maps (member, candidate, question) to a score; `agreed` (candidate, competency) to the
    agreed score."""
    agreed = agreed or {}
    by_competency: dict[Key, list[Key]] = {}
    for question, competency in questions.items():
        by_competency.setdefault(competency, []).append(question)
    order = list(competencies) if competencies is not None else list(by_competency)
    order += [competency for competency in by_competency if competency not in order]

    results: list[CandidateResult] = []
    unagreed: list[tuple[Key, Key]] = []
    for candidate in candidates:
        rows = []
        for competency in order:
            asked = by_competency.get(competency, [])
            own = {member: member_score(scores, member, candidate, asked) for member in members}
            given = [score for score in own.values() if score is not None]
            rows.append(
                CompetencyResult(
                    competency=competency,
                    member_scores=own,
                    spread=spread(given),
                    suggestion=suggestion(given),
                    agreed=agreed.get((candidate, competency)),
                )
            )
        missing = [row.competency for row in rows if row.agreed is None]
        unagreed.extend((candidate, competency) for competency in missing)
        total = None if missing or not rows else mean(row.agreed for row in rows if row.agreed is not None)
        results.append(CandidateResult(candidate=candidate, competencies=rows, total=total))

    ranks = competition_ranks({result.candidate: result.total for result in results})
    ranked = [
        CandidateResult(result.candidate, result.competencies, result.total, ranks[result.candidate])
        for result in results
    ]
    unscored = [
        (member, candidate)
        for member in members
        for candidate in candidates
        if any(scores.get((member, candidate, question)) is None for question in questions)
    ]
    return PanelResult(candidates=ranked, unscored=unscored, unagreed=unagreed)
