"""The talent grid (performance × potential) and the succession cover of key positions. Pure Python, free
of Django (import-linter contract): codes only, the app gives them their translated words.

The grid: the line manager rates each person's performance (1 below expectations, 2 meets, 3 exceeds)
and potential (1 limited, 2 moderate, 3 high) in the competency review; the nine pairs are nine boxes,
each with a stable code. A person without both ratings is not placed (listed apart by the pages).

Succession: a key position is *covered* when one of its successors is ready now or in 1–2 years. A
position is *at risk* when losing its holder is both likely and harmful (high risk of loss, high impact)
and nobody is ready to take over now: a successor still 1–2 years away covers the plan, not a departure
next month, which is exactly what a high risk of loss warns of.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

LEVELS = (1, 2, 3)  # both scales: 1 low, 2 middle, 3 high


class BoxCode(StrEnum):
    # potential 3 (high)
    UNTAPPED_POTENTIAL = "untapped_potential"  # performance 1
    HIGH_POTENTIAL = "high_potential"  # performance 2
    FUTURE_LEADER = "future_leader"  # performance 3
    # potential 2 (moderate)
    INCONSISTENT = "inconsistent"
    CORE_PLAYER = "core_player"
    HIGH_PERFORMER = "high_performer"
    # potential 1 (limited)
    NEEDS_ATTENTION = "needs_attention"
    SOLID_CONTRIBUTOR = "solid_contributor"
    TRUSTED_EXPERT = "trusted_expert"


@dataclass(frozen=True)
class Box:
    code: BoxCode
    performance: int
    potential: int


# (performance, potential) -> code. Stored nowhere, but the pages and their translations key on the codes.
_CODES: dict[tuple[int, int], BoxCode] = {
    (1, 3): BoxCode.UNTAPPED_POTENTIAL,
    (2, 3): BoxCode.HIGH_POTENTIAL,
    (3, 3): BoxCode.FUTURE_LEADER,
    (1, 2): BoxCode.INCONSISTENT,
    (2, 2): BoxCode.CORE_PLAYER,
    (3, 2): BoxCode.HIGH_PERFORMER,
    (1, 1): BoxCode.NEEDS_ATTENTION,
    (2, 1): BoxCode.SOLID_CONTRIBUTOR,
    (3, 1): BoxCode.TRUSTED_EXPERT,
}

BOXES: dict[BoxCode, Box] = {code: Box(code, perf, pot) for (perf, pot), code in _CODES.items()}


def is_rating(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in LEVELS


def box_for(performance: int, potential: int) -> Box:
    """The box of a pair of ratings; ValueError for a value off the 1–3 scales."""
    if not (is_rating(performance) and is_rating(potential)):
        raise ValueError(f"ratings must be 1, 2 or 3: performance={performance!r}, potential={potential!r}")
    return BOXES[_CODES[(performance, potential)]]


def rows() -> list[list[Box]]:
    """The boxes as the grid is drawn: potential from high to low (rows), performance from low to high
    (columns), so the future leaders sit top right."""
    return [[box_for(perf, pot) for perf in LEVELS] for pot in reversed(LEVELS)]


@dataclass(frozen=True)
class Placement[K]:
    """Who sits in which box (in the order given), and who has no complete rating."""

    boxes: dict[BoxCode, list[K]]
    unrated: list[K] = field(default_factory=list)

    def count(self, code: BoxCode) -> int:
        return len(self.boxes[code])

    @property
    def counts(self) -> dict[BoxCode, int]:
        return {code: len(people) for code, people in self.boxes.items()}

    @property
    def placed(self) -> int:
        return sum(len(people) for people in self.boxes.values())


def place[K](people: Iterable[tuple[K, int | None, int | None]]) -> Placement[K]:
    """Place each (person, performance, potential) in its box; a person missing either rating, or with a
    value off the scales, is unrated. Every box is present, empty or not."""
    boxes: dict[BoxCode, list[K]] = {code: [] for code in BOXES}
    unrated: list[K] = []
    for person, performance, potential in people:
        if is_rating(performance) and is_rating(potential):
            assert performance is not None and potential is not None  # for the type checker
            boxes[box_for(performance, potential).code].append(person)
        else:
            unrated.append(person)
    return Placement(boxes=boxes, unrated=unrated)


# --- succession --------------------------------------------------------------------------------------


class Degree(StrEnum):
    """Risk of loss and impact of loss (the values the models store)."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Readiness(StrEnum):
    NOW = "now"
    ONE_TWO = "1-2"
    THREE_PLUS = "3+"


READINESS_ORDER = (Readiness.NOW, Readiness.ONE_TWO, Readiness.THREE_PLUS)  # the nearest first
COVERING = frozenset({Readiness.NOW, Readiness.ONE_TWO})


def soonest(readinesses: Iterable[str]) -> Readiness | None:
    """The nearest readiness among a position's successors (unknown values ignored); None without any."""
    known = {Readiness(value) for value in readinesses if value in Readiness._value2member_map_}
    return next((readiness for readiness in READINESS_ORDER if readiness in known), None)


def is_covered(readinesses: Iterable[str]) -> bool:
    """A successor ready now or in 1–2 years."""
    return any(value in COVERING for value in readinesses)


def is_at_risk(risk_of_loss: str, impact: str, readinesses: Iterable[str]) -> bool:
    """High risk of loss, high impact, and no successor ready now."""
    return risk_of_loss == Degree.HIGH and impact == Degree.HIGH and Readiness.NOW not in set(readinesses)


@dataclass(frozen=True)
class Position[K]:
    """What the arithmetic needs of a key position: anything to name it by, its risk of loss and impact,
    and the readiness of each of its successors."""

    key: K
    risk_of_loss: str
    impact: str
    readinesses: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return is_covered(self.readinesses)

    @property
    def at_risk(self) -> bool:
        return is_at_risk(self.risk_of_loss, self.impact, self.readinesses)

    @property
    def soonest(self) -> Readiness | None:
        return soonest(self.readinesses)


@dataclass(frozen=True)
class Coverage:
    covered: int
    total: int
    at_risk: int

    @property
    def share(self) -> Fraction | None:
        """The covered share of the key positions; None when there are none (not 0: nothing to cover)."""
        return Fraction(self.covered, self.total) if self.total else None


def coverage(positions: Iterable[Position[Hashable]]) -> Coverage:
    listed = list(positions)
    return Coverage(
        covered=sum(1 for position in listed if position.covered),
        total=len(listed),
        at_risk=sum(1 for position in listed if position.at_risk),
    )


def ordered[P: Position[Hashable]](positions: Sequence[P]) -> list[P]:
    """The positions at risk first, each group in the order given (the pages give them by title)."""
    return sorted(positions, key=_risk_first)


def _risk_first(position: Position[Hashable]) -> int:
    return 0 if position.at_risk else 1
