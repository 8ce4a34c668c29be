"""Competency gaps: how far a person's assessed level falls short of what their job profile requires,
per competency, and the same per unit for HR, through the anonymity gate. Pure Python, free of Django
(an import-linter contract), so the arithmetic is property-tested on its own.

A rating is a level (1..N) or "not observed" (None); a competency missing from a mapping was not
rated at all. The *assessed* level is the line manager's once they have submitted, else the person's
own: the manager's view is the one the organisation acts on, and until it exists the self-assessment
is the best there is (so a gap can be "provisional"). A *gap* needs both a required level (above 0)
and an assessed level: required − assessed when positive, else 0. Where the two ratings differ by
`TALK_ABOUT_DIFFERENCE` levels or more, the person and the manager should talk about it.

The *mean gap* is taken over the competencies (or, per unit, the people) with a gap worked out,
zeros included: "on average half a level short", read beside the share of people short at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from opencaf.lib.anonymity import DEFAULT_MINIMUM, Suppression, suppress

LevelMap = Mapping[str, int | None]  # competency code -> level, None: not observed

TALK_ABOUT_DIFFERENCE = 2

SELF = "self"
MANAGER = "manager"


@dataclass(frozen=True)
class Gap:
    """One competency of one person."""

    code: str
    required: int | None  # None: the profile does not require it
    self_rated: bool
    self_level: int | None
    manager_rated: bool
    manager_level: int | None
    assessed_by: str  # MANAGER, SELF, or "" when nobody's rating counts yet
    assessed: int | None
    gap: int | None  # None: nothing required, or no level assessed

    @property
    def has_gap(self) -> bool:
        return bool(self.gap)

    @property
    def to_talk_about(self) -> bool:
        """Self and manager see it two levels or more apart."""
        if self.self_level is None or self.manager_level is None:
            return False
        return abs(self.self_level - self.manager_level) >= TALK_ABOUT_DIFFERENCE


@dataclass(frozen=True)
class PersonGaps:
    rows: tuple[Gap, ...]
    provisional: bool  # worked out from the self-assessment: the manager has not submitted yet

    @property
    def with_gap(self) -> tuple[Gap, ...]:
        return tuple(row for row in self.rows if row.has_gap)

    @property
    def measured(self) -> tuple[Gap, ...]:
        """The competencies whose gap could be worked out (required and assessed)."""
        return tuple(row for row in self.rows if row.gap is not None)

    @property
    def mean_gap(self) -> float | None:
        measured = self.measured
        if not measured:
            return None
        return sum(row.gap or 0 for row in measured) / len(measured)

    @property
    def to_talk_about(self) -> tuple[Gap, ...]:
        return tuple(row for row in self.rows if row.to_talk_about)


def _required(required: Mapping[str, int], code: str) -> int | None:
    level = required.get(code)
    return level if level is not None and level > 0 else None


def competency_gap(required: Mapping[str, int], code: str, assessed: int | None) -> int | None:
    """Levels below the required one (0 when met); None when the competency is not required or no
    level is assessed. The one rule for a person's page, the unit figures and criterion 3's figures."""
    wanted = _required(required, code)
    return None if wanted is None or assessed is None else max(wanted - assessed, 0)


def person_gaps(
    codes: Sequence[str],
    required: Mapping[str, int],
    self_levels: LevelMap | None,
    manager_levels: LevelMap | None,
) -> PersonGaps:
    """A person's gaps, one row per competency in `codes` (the version's order).

    `self_levels` and `manager_levels` are the *submitted* ratings, or None while that side has not
    submitted (a draft counts for nothing). Required levels of codes not in `codes` are ignored: they
    belong to another version of the model.
    """
    rows = []
    for code in codes:
        wanted = _required(required, code)
        own = self_levels or {}
        boss = manager_levels or {}
        if manager_levels is not None:
            by, assessed = MANAGER, boss.get(code)
        elif self_levels is not None:
            by, assessed = SELF, own.get(code)
        else:
            by, assessed = "", None
        gap = competency_gap(required, code, assessed)
        rows.append(
            Gap(
                code=code,
                required=wanted,
                self_rated=code in own,
                self_level=own.get(code),
                manager_rated=code in boss,
                manager_level=boss.get(code),
                assessed_by=by,
                assessed=assessed,
                gap=gap,
            )
        )
    return PersonGaps(tuple(rows), provisional=manager_levels is None and self_levels is not None)


# --- per unit, for HR -------------------------------------------------------------------------------

Row = tuple[str, str, int | None, int | None]  # (unit, competency code, required level, assessed level)


def person_rows(unit: str, gaps: PersonGaps) -> Iterator[Row]:
    """A person's gaps as the plain tuples `unit_figures` counts."""
    for row in gaps.rows:
        yield (unit, row.code, row.required, row.assessed)


@dataclass(frozen=True)
class UnitFigure:
    """One unit and one competency: how many people were assessed against a requirement, how many of
    them fall short, and by how much in all."""

    assessed: int = 0
    with_gap: int = 0
    gap_total: int = 0

    @property
    def share_with_gap(self) -> float | None:
        return self.with_gap / self.assessed if self.assessed else None

    @property
    def mean_gap(self) -> float | None:
        return self.gap_total / self.assessed if self.assessed else None

    def add(self, other: UnitFigure) -> UnitFigure:
        return UnitFigure(
            self.assessed + other.assessed, self.with_gap + other.with_gap, self.gap_total + other.gap_total
        )


def unit_figures(rows: Iterable[Row]) -> dict[tuple[str, str], UnitFigure]:
    """Figures per (unit, competency code) from one row per person and competency. Every pair seen is
    in the result, with zero people assessed where nobody had both a requirement and a level."""
    figures: dict[tuple[str, str], UnitFigure] = {}
    for unit, code, required, assessed in rows:
        figure = figures.get((unit, code), UnitFigure())
        if required is not None and required > 0 and assessed is not None:
            gap = max(required - assessed, 0)
            figure = figure.add(UnitFigure(1, int(gap > 0), gap))
        figures[(unit, code)] = figure
    return figures


@dataclass(frozen=True)
class GatedUnits:
    """What may be published of the unit figures of one review cycle.

    `people` is the line of people per unit: a unit below the minimum is hidden, and more units with
    it (complementary suppression) so that the total does not give it away; a unit hidden there is
    hidden in every competency. Each competency is then a line of its own (the people assessed in
    it per unit, which may be fewer: "not observed"), protected the same way against its total.
    """

    units: tuple[str, ...]
    codes: tuple[str, ...]
    minimum: int
    people: Suppression[str]
    cells: Mapping[tuple[str, str], UnitFigure | None]  # None: not shown
    totals: Mapping[str, UnitFigure | None]  # all units together; None: withheld
    lines: Mapping[str, Suppression[str]] = field(default_factory=dict)

    def cell(self, unit: str, code: str) -> UnitFigure | None:
        return self.cells.get((unit, code))

    @property
    def hidden_units(self) -> frozenset[str]:
        return self.people.hidden


def gate_units(
    figures: Mapping[tuple[str, str], UnitFigure],
    people: Mapping[str, int],
    codes: Sequence[str],
    minimum: int = DEFAULT_MINIMUM,
) -> GatedUnits:
    """Gate the figures per unit and competency (`unit_figures`) with the number of people reviewed per
    unit (`people`, in the order the page lists the units). A unit without people is left out."""
    units = tuple(unit for unit, count in people.items() if count > 0)
    sizes = suppress({unit: people[unit] for unit in units}, minimum)
    hidden = set(sizes.hidden) if sizes.total is not None else set(units)
    cells: dict[tuple[str, str], UnitFigure | None] = {}
    totals: dict[str, UnitFigure | None] = {}
    lines: dict[str, Suppression[str]] = {}
    for code in codes:
        counts = {unit: figures.get((unit, code), UnitFigure()).assessed for unit in units}
        line, withheld = _protect_line(counts, hidden, minimum)
        lines[code] = line
        for unit in units:
            shown = unit not in hidden and line.is_shown(unit)
            cells[(unit, code)] = figures.get((unit, code), UnitFigure()) if shown else None
        total = UnitFigure()
        for unit in units:
            total = total.add(figures.get((unit, code), UnitFigure()))
        totals[code] = None if withheld else total
    return GatedUnits(
        units=units, codes=tuple(codes), minimum=minimum, people=sizes, cells=cells, totals=totals, lines=lines
    )


def _protect_line(counts: Mapping[str, int], hidden: set[str], minimum: int) -> tuple[Suppression[str], bool]:
    """One competency's line, the units hidden by their size withheld, and whether its total must go.

    A unit hidden by its size but with nobody assessed in this competency adds nothing to the hidden
    part of the line, so it cannot be what protects another: the gate is asked to withhold only the
    units that count here. Should one unit be left as the only hidden one with people in it (the
    gate lets a lone group of at least the minimum be worked out), another is hidden with it, the
    smallest first, and with none left the total goes: a unit hidden for a small one's sake must not
    be recoverable either, or it would tell how small the other is.
    """
    withhold = {unit for unit in hidden if counts[unit] > 0}
    while True:
        line = suppress(counts, minimum, withhold=withhold)
        if line.total is None:
            return line, True
        lonely = [unit for unit in counts if counts[unit] > 0 and not line.is_shown(unit)]
        if len(lonely) != 1:
            return line, False
        others = sorted((unit for unit in counts if counts[unit] > 0 and line.is_shown(unit)), key=counts.__getitem__)
        if not others:
            return line, True
        withhold.add(others[0])
