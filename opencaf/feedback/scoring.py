"""The arithmetic of external feedback scores, free of Django so it can be property-tested on its own.

A procedure's definition (procedure_schema.py) has a scale (`min`..`max`), pillars with questions (a
question may have a `minimum` score) and thresholds: the sum of the scores of the listed pillars'
questions must reach `minimum_total`; a threshold whose `minimum_total` is null has no fixed value
(the organiser decides) and neither passes nor fails.

`evaluate(definition, scores)` weighs one set of scores (the EFACs' agreed ones, or anyone's) against
those rules; `compare(definition, own, agreed)` sets the organisation's own scores beside the agreed
ones; `spread(values)` summarises the actors' individual scores of one question.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class ScoreError(ValueError):
    """A score that is not a whole number on the procedure's scale."""


@dataclass(frozen=True)
class Question:
    code: str
    pillar: int
    minimum: int | None


@dataclass(frozen=True)
class Rules:
    """What the scores are weighed against, read once from a procedure's definition."""

    low: int
    high: int
    questions: tuple[Question, ...]
    thresholds: tuple[tuple[tuple[int, ...], int | None], ...]  # (pillars, minimum_total or None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(question.code for question in self.questions)

    @property
    def pillars(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(question.pillar for question in self.questions))


def rules(definition: Mapping[str, Any]) -> Rules:
    """The scale, the questions (in the procedure's order) and the thresholds of a definition."""
    scale = definition["scale"]
    questions = tuple(
        Question(
            code=str(question["code"]),
            pillar=int(pillar["number"]),
            minimum=int(question["minimum"]) if question.get("minimum") is not None else None,
        )
        for pillar in definition.get("pillars") or []
        for question in pillar.get("questions") or []
    )
    thresholds = tuple(
        (
            tuple(int(number) for number in threshold.get("pillars") or []),
            int(threshold["minimum_total"]) if threshold.get("minimum_total") is not None else None,
        )
        for threshold in definition.get("thresholds") or []
    )
    return Rules(low=int(scale["min"]), high=int(scale["max"]), questions=questions, thresholds=thresholds)


def on_scale(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def check_score(value: object, low: int, high: int) -> int:
    if not on_scale(value, low, high):
        raise ScoreError(f"a score must be a whole number from {low} to {high}, got {value!r}")
    assert isinstance(value, int)
    return value


# --- weighing one set of scores ----------------------------------------------------------------------


@dataclass(frozen=True)
class PillarTotal:
    number: int
    total: int  # of the questions scored
    maximum: int  # every question at the top of the scale
    scored: int
    questions: int

    @property
    def complete(self) -> bool:
        return self.scored == self.questions


@dataclass(frozen=True)
class ThresholdResult:
    pillars: tuple[int, ...]
    total: int  # of the questions scored
    maximum: int
    minimum: int | None  # None: no fixed threshold, the organiser decides
    missing: tuple[str, ...]  # questions of these pillars not scored yet
    met: bool | None  # None when there is no fixed threshold

    @property
    def fixed(self) -> bool:
        return self.minimum is not None

    @property
    def short_by(self) -> int:
        """How many points the total lacks (0 when met or without a fixed threshold)."""
        return max(0, self.minimum - self.total) if self.minimum is not None else 0


@dataclass(frozen=True)
class BelowMinimum:
    code: str
    score: int
    minimum: int


@dataclass(frozen=True)
class Evaluation:
    pillars: tuple[PillarTotal, ...]
    thresholds: tuple[ThresholdResult, ...]
    below_minimum: tuple[BelowMinimum, ...]
    missing: tuple[str, ...]  # in the procedure's order
    passed: bool  # every question scored, every fixed threshold met, every minimum reached

    @property
    def complete(self) -> bool:
        return not self.missing


def evaluate(definition: Mapping[str, Any] | Rules, scores: Mapping[str, int]) -> Evaluation:
    """Weigh `scores` ({question code: score}) against the procedure's thresholds and minimums.

    Scores of codes the procedure does not have are ignored; a score off the scale raises ScoreError.
    A fixed threshold is met as soon as the scores given reach it (more scores can only add to the
    total); until then it is not met, and `missing` says whether scores are still to come."""
    given = definition if isinstance(definition, Rules) else rules(definition)
    known = {code: check_score(scores[code], given.low, given.high) for code in given.codes if code in scores}
    missing = tuple(code for code in given.codes if code not in known)
    pillars = []
    for number in given.pillars:
        of_pillar = [question.code for question in given.questions if question.pillar == number]
        pillars.append(
            PillarTotal(
                number=number,
                total=sum(known.get(code, 0) for code in of_pillar),
                maximum=given.high * len(of_pillar),
                scored=sum(1 for code in of_pillar if code in known),
                questions=len(of_pillar),
            )
        )
    by_number = {pillar.number: pillar for pillar in pillars}
    pillar_of = {question.code: question.pillar for question in given.questions}
    thresholds = []
    for numbers, minimum in given.thresholds:
        total = sum(by_number[number].total for number in numbers if number in by_number)
        thresholds.append(
            ThresholdResult(
                pillars=numbers,
                total=total,
                maximum=sum(by_number[number].maximum for number in numbers if number in by_number),
                minimum=minimum,
                missing=tuple(code for code in missing if pillar_of[code] in numbers),
                met=None if minimum is None else total >= minimum,
            )
        )
    below = tuple(
        BelowMinimum(question.code, known[question.code], question.minimum)
        for question in given.questions
        if question.minimum is not None and question.code in known and known[question.code] < question.minimum
    )
    passed = not missing and not below and all(result.met is not False for result in thresholds)
    return Evaluation(
        pillars=tuple(pillars), thresholds=tuple(thresholds), below_minimum=below, missing=missing, passed=passed
    )


# --- the organisation's own scores beside the agreed ones ----------------------------------------------


@dataclass(frozen=True)
class Difference:
    code: str
    pillar: int
    own: int | None
    agreed: int | None

    @property
    def difference(self) -> int | None:
        """Own minus agreed: above zero, the organisation scored itself higher than the EFACs did."""
        return self.own - self.agreed if self.own is not None and self.agreed is not None else None


@dataclass(frozen=True)
class PillarDifference:
    number: int
    own: int  # the total of the questions the organisation scored
    agreed: int  # the total of the questions agreed
    maximum: int
    complete: bool  # both scored every question of the pillar

    @property
    def difference(self) -> int | None:
        return self.own - self.agreed if self.complete else None


@dataclass(frozen=True)
class Comparison:
    questions: tuple[Difference, ...]
    pillars: tuple[PillarDifference, ...]


def compare(
    definition: Mapping[str, Any] | Rules, own: Mapping[str, object], agreed: Mapping[str, object]
) -> Comparison:
    """Per question and per pillar, the organisation's own score beside the agreed one. Values that are
    not scores on the procedure's scale (an answer left empty) count as not given."""
    given = definition if isinstance(definition, Rules) else rules(definition)

    def valid(scores: Mapping[str, object]) -> dict[str, int]:
        return {
            code: value
            for code in given.codes
            if on_scale(value := scores.get(code), given.low, given.high) and isinstance(value, int)
        }

    mine, theirs = valid(own), valid(agreed)
    questions = tuple(
        Difference(question.code, question.pillar, mine.get(question.code), theirs.get(question.code))
        for question in given.questions
    )
    pillars = []
    for number in given.pillars:
        rows = [row for row in questions if row.pillar == number]
        pillars.append(
            PillarDifference(
                number=number,
                own=sum(row.own or 0 for row in rows),
                agreed=sum(row.agreed or 0 for row in rows),
                maximum=given.high * len(rows),
                complete=all(row.own is not None and row.agreed is not None for row in rows),
            )
        )
    return Comparison(questions=questions, pillars=tuple(pillars))


# --- the actors' individual scores of one question --------------------------------------------------


@dataclass(frozen=True)
class Spread:
    count: int
    median: float
    minimum: int
    maximum: int

    @property
    def range(self) -> int:
        return self.maximum - self.minimum


def spread(values: Iterable[int]) -> Spread | None:
    """How the individual scores of one question lie; None when nobody scored it."""
    ordered = sorted(values)
    if not ordered:
        return None
    return Spread(count=len(ordered), median=float(statistics.median(ordered)), minimum=ordered[0], maximum=ordered[-1])
