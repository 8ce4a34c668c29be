"""The anonymity gate: which counts, figures and names from survey answers may be published.

Every results view, export, API and benchmark passes its group counts through this module
(DESIGN §5 "Anonymity"), so the rule is written once and a caller cannot get it subtly wrong.

The rule, for groups that partition a published total (answers by age band add up to all answers):

- *Primary suppression.* A group of 1 to ``minimum - 1`` people is hidden: a figure about so few
  people is a figure about someone.
- *Complementary suppression.* Hiding is pointless if the figure can be recovered by subtraction from
  the total. So a line never has exactly one hidden group, and its hidden groups together are never
  1 to ``minimum - 1`` people (that union would itself be a small group, revealed as "total minus
  what is shown"). More groups are hidden, smallest first, until both hold. If that is impossible
  (the total itself is a small group), the whole line and its total are withheld.
- *Zeros.* An empty group is about nobody, so it is shown as 0. It is never taken as a complement:
  hiding it adds nobody to the hidden union, so it would satisfy "two hidden groups" while protecting
  no one. Zeros are hidden only when their whole line is.

Results depend on the order of the keys only through ties: of two equally small groups the one
given first becomes the complement. Callers should pass keys in a fixed order (e.g. the order of the
bands or criteria) so that a page shows the same pattern on every load.

Known limits, deliberately out of scope here:

- Tables are protected by the standard row/column rule applied until nothing changes, not by a full
  linear-programming audit. Someone solving all row and column equations at once can narrow a hidden
  cell to an interval, and in rare patterns pin it down.
- The gate sees only what it is given. Two breakdowns of the same people published separately (by
  department, and by department and age band), or the same breakdown in successive waves, can be
  subtracted from each other; publish each population's figures from one call.
- A shown zero can reveal that a whole group answered alike (everyone in Finance chose "agree").
  This gate protects small groups from being singled out, not that kind of attribute disclosure.

Pure Python on purpose (an import-linter contract keeps Django out of ``opencaf.lib``): it is easy to
test exhaustively, and Django callers pass translated labels in as callables.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

DEFAULT_MINIMUM: Final = 5


@dataclass(frozen=True)
class Suppression[K: Hashable]:
    """What may be published of one line of groups.

    Which groups are hidden as primary and which as complement is deliberately not said: marking them
    differently would tell readers which hidden groups are the small ones.
    """

    shown: Mapping[K, int]  # the publishable counts, in the order given
    hidden: frozenset[K]
    total: int | None  # the line's total, or None when the total itself must be withheld

    def is_shown(self, key: K) -> bool:
        """Whether the group may be published; an unknown key is an error, never silently "shown"."""
        if key in self.shown:
            return True
        if key in self.hidden:
            return False
        raise KeyError(key)

    def count(self, key: K) -> int | None:
        return self.shown[key] if self.is_shown(key) else None

    def gate[V](self, values: Mapping[K, V]) -> dict[K, V | None]:
        """Figures computed per group (a mean, a distribution), with None where the group is hidden.

        A hidden group's figure must go too: with the overall figure and the others' published, a
        weighted average can be undone just like a count.
        """
        return {key: value if self.is_shown(key) else None for key, value in values.items()}


@dataclass(frozen=True)
class TableSuppression[R: Hashable, C: Hashable]:
    """What may be published of a two-way table together with its row, column and grand totals."""

    cells: Suppression[tuple[R, C]]  # every (row, column) pair, absent cells counted as 0
    rows: Suppression[R]  # the row totals, which partition the grand total
    columns: Suppression[C]  # the column totals, likewise

    @property
    def total(self) -> int | None:
        return self.cells.total


def suppress[K: Hashable](
    counts: Mapping[K, int], minimum: int = DEFAULT_MINIMUM, *, withhold: Collection[K] = ()
) -> Suppression[K]:
    """Protect one line of groups whose total is published.

    ``withhold`` names groups to hide for the caller's own reasons (a free-text group not yet
    reviewed, say); they are protected by complements like any small group.
    """
    _check(counts, minimum, withhold)
    grid: dict[Hashable, int] = dict(counts.items())
    grid[_ALL] = sum(counts.values())
    hidden: set[Hashable] = set(withhold)
    _settle([_Line(tuple(counts), _ALL)], grid, hidden, minimum)
    return _result(counts, lambda key: key, grid, hidden, _ALL)


def suppress_table[R: Hashable, C: Hashable](
    cells: Mapping[tuple[R, C], int],
    minimum: int = DEFAULT_MINIMUM,
    *,
    withhold: Collection[tuple[R, C]] = (),
    withhold_rows: Collection[R] = (),
    withhold_columns: Collection[C] = (),
) -> TableSuppression[R, C]:
    """Protect a two-way table (e.g. department × age band) whose row and column totals are published.

    Every row and every column is a line in the sense of the module rule, and so are the row totals
    and the column totals (each partitions the grand total). Lines are protected in turn until none
    needs more hiding, since a complement chosen for a row can leave a column with a single hidden
    cell. A withheld total takes its whole row or column with it, or its cells would add up to it.
    Rows and columns follow the order of first appearance in ``cells``. ``withhold_rows`` and
    ``withhold_columns`` name row or column totals to hide (with their cells): groups another view of
    the same people hides, so that this table does not publish what that view withholds.

    This is the standard row/column rule, not a linear-programming audit of the whole table (see
    the module's known limits).
    """
    rows = list(dict.fromkeys(row for row, _ in cells))
    columns = list(dict.fromkeys(column for _, column in cells))
    pairs = [(row, column) for row in rows for column in columns]
    _check(cells, minimum, withhold, known=pairs)

    grid: dict[Hashable, int] = {pair: cells.get(pair, 0) for pair in pairs}
    grid |= {(row, _ALL): sum(grid[row, column] for column in columns) for row in rows}
    grid |= {(_ALL, column): sum(grid[row, column] for row in rows) for column in columns}
    grid[_ALL, _ALL] = sum(grid[row, _ALL] for row in rows)
    lines = [
        # Totals first: a withheld total hides its whole row or column, which may already protect
        # the cells around it before any complement is chosen for them.
        _Line(tuple((row, _ALL) for row in rows), (_ALL, _ALL)),
        _Line(tuple((_ALL, column) for column in columns), (_ALL, _ALL)),
        *(_Line(tuple((row, column) for column in columns), (row, _ALL)) for row in rows),
        *(_Line(tuple((row, column) for row in rows), (_ALL, column)) for column in columns),
    ]
    hidden: set[Hashable] = set(withhold)
    hidden.update((row, _ALL) for row in withhold_rows if row in rows)
    hidden.update((_ALL, column) for column in withhold_columns if column in columns)
    _settle(lines, grid, hidden, minimum)
    return TableSuppression(
        cells=_result(pairs, lambda pair: pair, grid, hidden, (_ALL, _ALL)),
        rows=_result(rows, lambda row: (row, _ALL), grid, hidden, (_ALL, _ALL)),
        columns=_result(columns, lambda column: (_ALL, column), grid, hidden, (_ALL, _ALL)),
    )


@dataclass(frozen=True)
class ViewsSuppression[B: Hashable, K: Hashable]:
    """What may be published of one population seen through several breakdowns at once: each
    breakdown alone (``single``) and every pair of them as a table (``pairs``), hidden consistently."""

    single: Mapping[B, Suppression[K]]
    pairs: Mapping[tuple[B, B], TableSuppression[K, K]]
    total: int | None


def suppress_views[B: Hashable, K: Hashable](
    counts: Mapping[tuple[K, ...], int],
    breakdowns: Sequence[B],
    minimum: int = DEFAULT_MINIMUM,
    *,
    pairs: Collection[tuple[B, B]] | None = None,
) -> ViewsSuppression[B, K]:
    """Protect every breakdown of one population and the pairs of breakdowns published, together.

    ``counts`` gives the number of people per combination of groups, one group per breakdown in
    the order of ``breakdowns`` (e.g. (department, age band) -> people). The views a results page
    offers (by department; by age band; department × age band) are all published over time, so a
    group hidden in one view must be hidden in all of them: otherwise the view that shows it gives
    away what the other hides by subtraction. Hidden groups are collected across views, each view
    is protected again with them withheld, until no view hides anything new.

    ``pairs`` names the pairs of breakdowns published as tables (default: every pair). Publish at
    most one pair table of a population: with three or more breakdowns, the zeros shown in one
    table can fix cells another table hides (tests/test_anonymity_views.py keeps two such cases; an
    exhaustive audit found them in about 0.2 % of random populations). One table and any number of
    single breakdowns showed no such leak.
    """
    if any(len(key) != len(breakdowns) for key in counts):
        raise ValueError("Every combination must name one group per breakdown.")
    total = sum(counts.values())
    margins: list[dict[K, int]] = [{} for _ in breakdowns]
    for key, count in counts.items():
        for index, group in enumerate(key):
            margins[index][group] = margins[index].get(group, 0) + count
    tables: dict[tuple[int, int], dict[tuple[K, K], int]] = {}
    published = None if pairs is None else {frozenset(pair) for pair in pairs}
    for first in range(len(breakdowns)):
        for second in range(first + 1, len(breakdowns)):
            if published is not None and frozenset((breakdowns[first], breakdowns[second])) not in published:
                continue
            table: dict[tuple[K, K], int] = {}
            for key, count in counts.items():
                pair = (key[first], key[second])
                table[pair] = table.get(pair, 0) + count
            tables[first, second] = table
    hidden: list[set[K]] = [set() for _ in breakdowns]
    while True:
        before = sum(len(groups) for groups in hidden)
        singles = [suppress(margins[i], minimum, withhold=hidden[i]) for i in range(len(breakdowns))]
        for index, line in enumerate(singles):
            hidden[index] |= set(line.hidden) if line.total is not None else set(margins[index])
        results = {
            (first, second): suppress_table(
                table, minimum, withhold_rows=hidden[first], withhold_columns=hidden[second]
            )
            for (first, second), table in tables.items()
        }
        for (first, second), result in results.items():
            hidden[first] |= set(result.rows.hidden)
            hidden[second] |= set(result.columns.hidden)
        if sum(len(groups) for groups in hidden) == before:
            break
    withheld = total < minimum and total > 0
    return ViewsSuppression(
        single={breakdowns[i]: singles[i] for i in range(len(breakdowns))},
        pairs={(breakdowns[first], breakdowns[second]): result for (first, second), result in results.items()},
        total=None if withheld else total,
    )


def gate_values[K: Hashable, V](groups: Mapping[K, tuple[int, V]], minimum: int = DEFAULT_MINIMUM) -> dict[K, V | None]:
    """Per-group figures (count, figure) reduced to the figures of the groups that may be shown.

    The figure (a mean, a distribution) follows its group's count through the same primary and
    complementary suppression. For a table, use ``suppress_table(...).cells.gate(values)``.
    """
    counts = {key: count for key, (count, _) in groups.items()}
    return suppress(counts, minimum).gate({key: value for key, (_, value) in groups.items()})


def pseudonyms[K: Hashable](keys: Sequence[K], label: Callable[[int], str]) -> dict[K, str]:
    """Stable stand-in names ("Assessor 3") numbered 1..n in the order given.

    ``label`` builds the name from the number, so a Django caller can pass a translated template
    without this module importing Django. The order is the caller's choice and must itself reveal
    nothing (not alphabetical by name next to a member list; a random public id order will do).
    """
    if len(set(keys)) != len(keys):
        raise ValueError("Pseudonyms need unique keys: two entries would share one name.")
    names = {key: label(number) for number, key in enumerate(keys, start=1)}
    if len(set(names.values())) != len(names):
        raise ValueError("The label must give every number its own name.")
    return names


class _All:
    """Marks a total: the ``_ALL`` key is a line's total, ``(row, _ALL)`` a row total."""

    def __repr__(self) -> str:
        return "ALL"


_ALL: Final = _All()


@dataclass(frozen=True)
class _Line:
    """Cells (``parts``) that partition the published ``total`` cell."""

    parts: tuple[Hashable, ...]
    total: Hashable


def _settle(lines: Sequence[_Line], counts: Mapping[Hashable, int], hidden: set[Hashable], minimum: int) -> None:
    """Grow ``hidden`` (which starts with what the caller withholds) until every line is protected.

    Cells are only ever added, so this ends; it ends when a whole round adds nothing, so running it
    again on its own result hides nothing more.
    """
    hidden.update(cell for cell, count in counts.items() if 0 < count < minimum)
    while True:
        before = len(hidden)
        for line in lines:
            _protect(line, counts, hidden, minimum)
        if len(hidden) == before:
            return


def _protect(line: _Line, counts: Mapping[Hashable, int], hidden: set[Hashable], minimum: int) -> None:
    if line.total in hidden:
        hidden.update(line.parts)  # else the parts would add up to the withheld total
        return
    # sorted() is stable, so equally small groups are taken in the order given.
    shown = [part for part in line.parts if part not in hidden and counts[part] > 0]
    complements = sorted(shown, key=counts.__getitem__)
    for part in complements:
        if _is_protected(line, counts, hidden, minimum):
            return
        hidden.add(part)
    if not _is_protected(line, counts, hidden, minimum):
        hidden.update(line.parts)  # only zeros are left; hide them so the line is at least opaque
    if not _is_protected(line, counts, hidden, minimum):
        hidden.add(line.total)  # the total itself gives the hidden figures away


def _is_protected(line: _Line, counts: Mapping[Hashable, int], hidden: set[Hashable], minimum: int) -> bool:
    """Neither a single hidden part nor a small union of hidden parts can be had by subtraction."""
    hidden_counts = [counts[part] for part in line.parts if part in hidden]
    if not hidden_counts:
        return True
    return len(hidden_counts) > 1 and not 0 < sum(hidden_counts) < minimum


def _result[K: Hashable](
    keys: Iterable[K],
    cell: Callable[[K], Hashable],
    counts: Mapping[Hashable, int],
    hidden: set[Hashable],
    total: Hashable,
) -> Suppression[K]:
    keys = list(keys)
    return Suppression(
        shown={key: counts[cell(key)] for key in keys if cell(key) not in hidden},
        hidden=frozenset(key for key in keys if cell(key) in hidden),
        total=None if total in hidden else counts[total],
    )


def _check[K: Hashable](
    counts: Mapping[K, int], minimum: int, withhold: Collection[K], known: Collection[K] | None = None
) -> None:
    if minimum < 1:
        raise ValueError(f"The minimum group size must be at least 1, got {minimum}.")
    if any(count < 0 for count in counts.values()):
        raise ValueError("Group counts cannot be negative.")
    if not set(withhold) <= set(counts if known is None else known):
        raise ValueError("Only groups that are counted can be withheld.")
