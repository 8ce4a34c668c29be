"""An attacker's audit of `suppress_views`: everything published about one population, solved exactly.

The promise (DESIGN §5): no set of published numbers – the total, every breakdown's shown counts,
every pair table's shown cells and shown row and column totals – lets anyone compute the count of a
group (one breakdown's group, or a cell of a pair table) that is between 1 and ``minimum - 1``.

The auditor here plays the attacker on small populations. The unknowns are the counts of every full
combination of groups (one group per breakdown); the published numbers are linear equations over
them; the counts are non-negative integers. A small group is safe when two assignments consistent
with everything published give it different counts, and revealed when every consistent assignment
gives it its true count. Listing every consistent assignment grows combinatorially with the
population, so for each small group the auditor decides that question directly, exactly, in steps:

- if the published sums add up to the group (no change that keeps them all changes it), it is
  revealed;
- if one or two steps from the true counts along such changes stay non-negative and move it, it is
  safe (that is a consistent assignment);
- otherwise it looks for a consistent assignment in which the group is smaller than it is, then for
  one in which it is larger: first in real numbers (the simplex method, in exact fractions; none
  there means none in whole numbers), then by backtracking over whole numbers, narrowing each
  combination's bounds by every equation as it goes.

On tiny populations, listing every consistent assignment is checked to agree with these steps.

What it found: with two breakdowns, and with three when no combination is empty, no leak in tens of
thousands of random populations. With three breakdowns and empty combinations, shown zeros in one
pair table can pin cells that another hides; the two tests marked xfail show how.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from opencaf.lib.anonymity import Suppression, TableSuppression, ViewsSuppression, suppress, suppress_views

type Combination = tuple[str, ...]

_UNBOUNDED = 10**9


# --- the attacker ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Equation:
    """A published number: the combinations in ``cells`` add up to between ``low`` and ``high``."""

    cells: tuple[int, ...]  # indexes into the list of combinations
    low: int
    high: int
    source: str  # where it was published, for the report of a leak


@dataclass(frozen=True)
class Leak:
    group: str
    count: int
    published: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.group} = {self.count} follows from: " + "; ".join(self.published)


class Published:
    """What a reader sees of ``suppress_views`` over one population, as equations over its combinations."""

    def __init__(
        self, counts: Mapping[Combination, int], breakdowns: Sequence[str], result: ViewsSuppression | None = None
    ) -> None:
        """What ``result`` publishes; without it, nothing yet: the caller adds each published number
        (`add`, `add_total`) and then calls `seal` (the survey results' audit does)."""
        self.breakdowns = list(breakdowns)
        self.groups = [list(dict.fromkeys(key[index] for key in counts)) for index in range(len(breakdowns))]
        self.combinations: list[Combination] = list(itertools.product(*self.groups))
        self.true = [counts.get(key, 0) for key in self.combinations]
        self.equations: list[Equation] = []
        if result is not None:
            self._publish(result)
            self.seal()

    def add_total(self, source: str, total: int) -> None:
        self.equations.append(Equation(tuple(range(len(self.combinations))), total, total, f"{source} {total}"))

    def seal(self) -> None:
        """Once everything published is added: the bound on each combination and the moves that keep
        every published sum."""
        # Each combination is at most the published total. When no total is published the attacker
        # is granted the true one: a stronger attacker than the real one, so no leak is missed.
        everyone = tuple(range(len(self.combinations)))
        published = [equation.low for equation in self.equations if equation.cells == everyone]
        self.bound = published[0] if published else sum(self.true)
        self.moves = _null_space([equation.cells for equation in self.equations], len(self.combinations))

    def _publish(self, result: ViewsSuppression) -> None:
        everyone = tuple(range(len(self.combinations)))
        totals = [("total", result.total)]
        totals += [(f"{name} total", line.total) for name, line in result.single.items()]
        totals += [(f"{first}×{second} total", table.total) for (first, second), table in result.pairs.items()]
        for source, total in totals:
            if total is not None:
                self.equations.append(Equation(everyone, total, total, f"{source} {total}"))
        for index, name in enumerate(self.breakdowns):
            for group, count in result.single[name].shown.items():
                self.add(f"{name}={group} {count}", count, {index: group})
        for (first, second), table in result.pairs.items():
            i, j = self.breakdowns.index(first), self.breakdowns.index(second)
            for (row, column), count in table.cells.shown.items():
                self.add(f"{first}×{second} cell ({row}, {column}) {count}", count, {i: row, j: column})
            for row, count in table.rows.shown.items():
                self.add(f"{first}×{second} row {row} {count}", count, {i: row})
            for column, count in table.columns.shown.items():
                self.add(f"{first}×{second} column {column} {count}", count, {j: column})

    def cells(self, groups: Mapping[int, str]) -> tuple[int, ...]:
        """The combinations that fall in the given group of each given breakdown."""
        return tuple(
            position
            for position, key in enumerate(self.combinations)
            if all(key[index] == group for index, group in groups.items())
        )

    def add(self, source: str, count: int, groups: Mapping[int, str]) -> None:
        self.equations.append(Equation(self.cells(groups), count, count, source))

    def targets(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        """Every group the promise covers: each breakdown's groups, and each pair table's cells."""
        for index, name in enumerate(self.breakdowns):
            for group in self.groups[index]:
                yield f"{name}={group}", self.cells({index: group})
        for i, j in itertools.combinations(range(len(self.breakdowns)), 2):
            for row, column in itertools.product(self.groups[i], self.groups[j]):
                yield (
                    f"{self.breakdowns[i]}×{self.breakdowns[j]} cell ({row}, {column})",
                    self.cells({i: row, j: column}),
                )

    def assignments(self, extra: Sequence[Equation] = ()) -> Iterator[list[int]]:
        """Every non-negative integer assignment of the combinations consistent with what is published
        (and with the ``extra`` bounds), values nearest the true counts first."""
        size = len(self.combinations)
        equations = _with_differences([*self.equations, *extra])
        yield from _search([0] * size, [self.bound] * size, equations, self.true)

    def undetermined(self, cells: tuple[int, ...], count: int) -> bool:
        """Whether some consistent assignment gives these combinations together another count than ``count``."""
        moves = [move for move in self.moves if sum(move[cell] for cell in cells)]
        if not moves:
            return False  # the published sums add up to it: every assignment that fits gives ``count``
        # Shortcuts: one or two steps along the moves often reach another consistent assignment.
        for move, other, sign in itertools.product(moves, [[0] * len(self.true), *self.moves], (1, -1)):
            changed = [value + sign * step + extra for value, step, extra in zip(self.true, move, other, strict=True)]
            if sum(changed[cell] for cell in cells) != count and all(0 <= value <= self.bound for value in changed):
                return True
        # Otherwise search, once it is known that not even fractional counts could move it that way.
        for other in (Equation(cells, 0, count - 1, ""), Equation(cells, count + 1, self.bound, "")):
            if _feasible_in_reals(len(self.true), [*self.equations, other]) and next(self.assignments([other]), None):
                return True
        return False

    def leaks(self, minimum: int) -> list[Leak]:
        assert next(self.assignments(), None) is not None, "the true counts are consistent with what is published"
        found = []
        for name, cells in self.targets():
            count = sum(self.true[cell] for cell in cells)
            if 0 < count < minimum and not self.undetermined(cells, count):
                found.append(Leak(name, count, tuple(equation.source for equation in self.equations)))
        return found


def _null_space(rows: Sequence[tuple[int, ...]], size: int) -> list[list[int]]:
    """Integer vectors spanning the changes to the combinations that leave every published sum as it is.

    Gauss–Jordan elimination over the rationals of the 0/1 rows (each the combinations in one sum).
    """
    matrix = [[Fraction(int(cell in row)) for cell in range(size)] for row in map(set, rows)]
    pivots: list[int] = []
    for column in range(size):
        found = next((index for index in range(len(pivots), len(matrix)) if matrix[index][column]), None)
        if found is None:
            continue
        top = len(pivots)
        matrix[top], matrix[found] = matrix[found], matrix[top]
        matrix[top] = [value / matrix[top][column] for value in matrix[top]]
        for index, row in enumerate(matrix):
            if index != top and row[column]:
                factor = row[column]
                matrix[index] = [value - factor * pivot for value, pivot in zip(row, matrix[top], strict=True)]
        pivots.append(column)
    moves = []
    for free in (column for column in range(size) if column not in pivots):
        move = [Fraction(0)] * size
        move[free] = Fraction(1)
        for row, pivot in enumerate(pivots):
            move[pivot] = -matrix[row][free]
        scale = math.lcm(*(value.denominator for value in move))
        moves.append([int(value * scale) for value in move])
    return moves


def _with_differences(equations: Sequence[Equation]) -> list[Equation]:
    """The equations, merged where they sum the same combinations, and the difference of every two
    whose combinations nest (a department's total minus its shown cells is what its hidden cells add
    up to).

    The differences follow from the equations, so they change no answer; they let bound propagation
    see what a reader sees by one subtraction, which keeps the backtracking short.
    """
    given: dict[frozenset[int], tuple[int, int]] = {}
    for equation in equations:
        low, high = given.get(frozenset(equation.cells), (0, _UNBOUNDED))
        given[frozenset(equation.cells)] = (max(low, equation.low), min(high, equation.high))
    bounds = dict(given)
    for (inner, (low, high)), (outer, (outer_low, outer_high)) in itertools.product(given.items(), repeat=2):
        if inner < outer:
            old_low, old_high = bounds.get(outer - inner, (0, _UNBOUNDED))
            bounds[outer - inner] = (max(old_low, outer_low - high), min(old_high, outer_high - low))
    return [Equation(tuple(sorted(cells)), low, high, "") for cells, (low, high) in bounds.items()]


def _feasible_in_reals(size: int, equations: Sequence[Equation]) -> bool:
    """Whether some real, non-negative counts satisfy the equations: phase one of the simplex method,
    in exact fractions, with Bland's rule so that it ends.

    Whole counts are real counts, so False settles that there are no whole ones either; this proves
    in a few pivots what bound propagation alone can take minutes of backtracking to exhaust.
    """
    rows: list[tuple[dict[int, int], int]] = []
    for equation in equations:
        sums = dict.fromkeys(equation.cells, 1)
        if equation.low == equation.high:
            rows.append((sums, equation.low))
            continue
        if equation.low > 0:
            size += 1  # a surplus variable: the sum minus it is ``low``
            rows.append(({**sums, size - 1: -1}, equation.low))
        size += 1  # a slack variable: the sum plus it is ``high``
        rows.append(({**sums, size - 1: 1}, equation.high))
    width = size + len(rows)  # one artificial variable per row, then the right-hand side
    tableau = []
    for index, (coefficients, value) in enumerate(rows):
        row = [Fraction(0)] * (width + 1)
        for column, coefficient in coefficients.items():
            row[column] = Fraction(coefficient)
        row[size + index], row[width] = Fraction(1), Fraction(value)
        tableau.append(row)
    basis = [size + index for index in range(len(rows))]
    # Minimise the sum of the artificial variables; this row holds the reduced costs.
    costs = [Fraction(int(column >= size)) for column in range(width)] + [Fraction(0)]
    for row in tableau:
        costs = [cost - value for cost, value in zip(costs, row, strict=True)]
    while (entering := next((column for column in range(width) if costs[column] < 0), None)) is not None:
        candidates = [
            (row[width] / row[entering], basis[index], index) for index, row in enumerate(tableau) if row[entering] > 0
        ]
        _, _, leaving = min(candidates)
        pivot = tableau[leaving][entering]
        tableau[leaving] = [value / pivot for value in tableau[leaving]]
        for index, row in enumerate(tableau):
            if index != leaving and row[entering]:
                factor = row[entering]
                tableau[index] = [value - factor * top for value, top in zip(row, tableau[leaving], strict=True)]
        factor = costs[entering]
        costs = [cost - factor * top for cost, top in zip(costs, tableau[leaving], strict=True)]
        basis[leaving] = entering
    return costs[width] == 0


def _propagate(low: list[int], high: list[int], equations: Sequence[Equation]) -> bool:
    """Narrow each combination's bounds by every equation until nothing changes; False if none fits."""
    changed = True
    while changed:
        changed = False
        for equation in equations:
            least = sum(low[cell] for cell in equation.cells)
            most = sum(high[cell] for cell in equation.cells)
            if least > equation.high or most < equation.low:
                return False
            for cell in equation.cells:
                top = min(high[cell], equation.high - (least - low[cell]))
                bottom = max(low[cell], equation.low - (most - high[cell]))
                if top < bottom:
                    return False
                if (bottom, top) != (low[cell], high[cell]):
                    least += bottom - low[cell]
                    most += top - high[cell]
                    low[cell], high[cell] = bottom, top
                    changed = True
    return True


def _search(low: list[int], high: list[int], equations: Sequence[Equation], near: Sequence[int]) -> Iterator[list[int]]:
    """Every integer point within the bounds that satisfies the equations, by backtracking, values
    nearest to ``near`` first."""
    low, high = list(low), list(high)
    if not _propagate(low, high, equations):
        return
    open_cells = [cell for cell in range(len(low)) if low[cell] < high[cell]]
    if not open_cells:
        yield low
        return
    cell = min(open_cells, key=lambda cell: high[cell] - low[cell])
    for value in sorted(range(low[cell], high[cell] + 1), key=lambda value: abs(value - near[cell])):
        low[cell] = high[cell] = value
        yield from _search(low, high, equations, near)


# --- populations ----------------------------------------------------------------------------------

BREAKDOWNS = ("department", "age", "site")
GROUPS = {
    "department": ("Finance", "Legal", "IT"),
    "age": ("<30", "30-50", ">50"),
    "site": ("Ljubljana", "Maribor", "Koper"),
}


def breakdowns_of(counts: Mapping[Combination, int]) -> list[str]:
    return list(BREAKDOWNS[: len(next(iter(counts)))])


@st.composite
def populations(
    draw: st.DrawFn, breakdowns: int, sizes: tuple[int, int] = (2, 3), largest: int = 12, *, empty: bool = True
) -> dict[Combination, int]:
    """Counts for every combination of 2–3 groups in each of ``breakdowns`` breakdowns, many of
    them small (and, unless ``empty`` is False, many empty) so that suppression has work to do."""
    names = BREAKDOWNS[:breakdowns]
    groups = [GROUPS[name][: draw(st.integers(*sizes))] for name in names]
    combinations = list(itertools.product(*groups))
    smallest = 0 if empty else 1
    count = st.one_of(st.just(smallest), st.integers(1, 4), st.integers(smallest, largest))
    values = draw(st.lists(count, min_size=len(combinations), max_size=len(combinations)))
    return dict(zip(combinations, values, strict=True))


minimums = st.integers(min_value=3, max_value=5)


def table(rows: Sequence[Sequence[int]], columns: Sequence[str] | None = None) -> dict[Combination, int]:
    """Department × age band counts, one list per department (the first age bands unless named)."""
    columns = GROUPS["age"][: len(rows[0])] if columns is None else columns
    return {
        (department, band): count
        for department, counts in zip(GROUPS["department"], rows, strict=False)
        for band, count in zip(columns, counts, strict=True)
    }


def cube(slices: Mapping[str, Sequence[Sequence[int]]]) -> dict[Combination, int]:
    """Department × age band × site counts, one department × age table per site."""
    return {
        (department, band, site): count
        for site, rows in slices.items()
        for (department, band), count in table(rows).items()
    }


def audit(counts: Mapping[Combination, int], minimum: int) -> list[Leak]:
    breakdowns = breakdowns_of(counts)
    return Published(counts, breakdowns, suppress_views(counts, breakdowns, minimum)).leaks(minimum)


# --- the auditor is exact ------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(st.one_of(populations(2, sizes=(2, 2), largest=6), populations(2, sizes=(2, 3), largest=2)), minimums)
def test_the_search_agrees_with_listing_every_consistent_assignment(
    counts: dict[Combination, int], minimum: int
) -> None:
    breakdowns = breakdowns_of(counts)
    published = Published(counts, breakdowns, suppress_views(counts, breakdowns, minimum))
    everything = list(published.assignments())
    assert published.true in everything
    for _, cells in published.targets():
        count = sum(published.true[cell] for cell in cells)
        values = {sum(assignment[cell] for cell in cells) for assignment in everything}
        assert published.undetermined(cells, count) == (len(values) > 1)


def test_the_auditor_finds_a_figure_given_away_by_subtraction() -> None:
    # A gate that hid only the small cell: Finance's row total minus its other cell gives it back.
    counts = table([[2, 10], [8, 9]], columns=("<30", "30+"))
    shown_cells = {key: count for key, count in counts.items() if count >= 5}
    naive = ViewsSuppression(
        single={
            "department": suppress({"Finance": 12, "Legal": 17}, 5),
            "age": suppress({"<30": 10, "30+": 19}, 5),
        },
        pairs={
            ("department", "age"): TableSuppression(
                cells=Suppression(shown=shown_cells, hidden=frozenset({("Finance", "<30")}), total=29),
                rows=suppress({"Finance": 12, "Legal": 17}, 5),
                columns=suppress({"<30": 10, "30+": 19}, 5),
            )
        },
        total=29,
    )
    leaks = Published(counts, ["department", "age"], naive).leaks(5)
    assert [(leak.group, leak.count) for leak in leaks] == [("department×age cell (Finance, <30)", 2)]
    assert "department×age row Finance 12" in leaks[0].published


def test_the_auditor_counts_in_whole_non_negative_people() -> None:
    # A gate that took an empty cell as the complement (which the module's zeros rule forbids): the
    # equations alone leave Finance <30 free, but a published column of 0 makes its partner 0 too.
    counts = table([[2, 0, 10], [6, 0, 5]])
    hidden = frozenset({("Finance", "<30"), ("Finance", "30-50"), ("Legal", "<30"), ("Legal", "30-50")})
    rows = suppress({"Finance": 12, "Legal": 11}, 5)
    columns = suppress({"<30": 8, "30-50": 0, ">50": 15}, 5)
    zero_complement = ViewsSuppression(
        single={"department": rows, "age": columns},
        pairs={
            ("department", "age"): TableSuppression(
                cells=Suppression(
                    shown={key: count for key, count in counts.items() if key not in hidden}, hidden=hidden, total=23
                ),
                rows=rows,
                columns=columns,
            )
        },
        total=23,
    )
    published = Published(counts, ["department", "age"], zero_complement)
    finance_young = published.cells({0: "Finance", 1: "<30"})
    assert any(sum(move[cell] for cell in finance_young) for move in published.moves), "not fixed by the sums alone"
    assert [(leak.group, leak.count) for leak in published.leaks(5)] == [("department×age cell (Finance, <30)", 2)]


# --- no small group can be computed from what is published ----------------------------------------


@settings(deadline=None, max_examples=300)
@given(populations(2), minimums)
# The rectangle of complements around a small cell (the example table of test_anonymity).
@example(table([[12, 3, 9], [8, 10, 7], [6, 11, 15]]), 5)
# A small department: its row goes with the next smallest, zeros and all.
@example(table([[1, 3, 0], [8, 10, 7], [6, 11, 15]]), 5)
# Both departments and the first two age bands are shown in the single views (11 each), yet the
# table hides all four of their crossings: the 2s, and the 9s that protect them.
@example(table([[2, 9, 0], [9, 2, 0]]), 5)
# Empty cells shown as 0 next to hidden ones: the shown zeros are equations the attacker uses.
@example(table([[0, 4, 9], [0, 0, 12], [7, 5, 0]]), 5)
# A small total withholds everything.
@example(table([[1, 0], [2, 0]], columns=("<30", "30+")), 5)
def test_no_small_group_of_two_breakdowns_can_be_computed(counts: dict[Combination, int], minimum: int) -> None:
    leaks = audit(counts, minimum)
    assert not leaks, "\n".join(map(str, leaks))


@settings(deadline=None, max_examples=100)
@given(populations(3, empty=False), minimums)
# Finance <30 (2) is small only in department x age; department x site and age x site show
# every cell, and their sums must not give it back.
@example(cube({"Ljubljana": [[1, 8], [9, 7]], "Maribor": [[1, 9], [8, 6]]}), 5)
# A small cell (2) in each of the three pair tables at once, all around Finance <30 in Ljubljana.
@example(cube({"Ljubljana": [[1, 1], [1, 8]], "Maribor": [[1, 9], [8, 7]]}), 5)
def test_no_small_group_of_three_breakdowns_without_empty_combinations_can_be_computed(
    counts: dict[Combination, int], minimum: int
) -> None:
    leaks = audit(counts, minimum)
    assert not leaks, "\n".join(map(str, leaks))


# With empty combinations the promise does not hold for three breakdowns (the two tests marked
# xfail below); random populations like these reveal a small group about once in 600, so a random
# search of 100 would fail about one run in seven. The examples are fixed (derandomize) to keep the suite
# stable while still covering the patterns that work; to hunt for leaks, drop derandomize and raise
# max_examples.
@settings(deadline=None, max_examples=100, derandomize=True)
@given(populations(3), minimums)
# Site follows department (everyone in Finance works in Ljubljana): the shown zeros of department x
# site make age x site department x age in disguise, and its small cell is hidden there too.
@example(cube({"Ljubljana": [[2, 7], [0, 0]], "Maribor": [[0, 0], [6, 8]]}), 5)
# Finance is shown in every single view while its <30 cell is hidden in department x age.
@example(cube({"Ljubljana": [[1, 6], [5, 4]], "Maribor": [[0, 5], [7, 6]]}), 3)
def test_no_small_group_of_three_breakdowns_can_be_computed(counts: dict[Combination, int], minimum: int) -> None:
    leaks = audit(counts, minimum)
    assert not leaks, "\n".join(map(str, leaks))


@pytest.mark.xfail(
    strict=True,
    reason="suppress_views: a hidden complement that the other pair tables show to be empty protects no one",
)
def test_an_empty_complement_shown_empty_by_the_other_tables() -> None:
    # Published (minimum 3, total 14): every single view and every row and column total; department x
    # site and age x site in full; department x age shows only (Finance, 30-50) = 0 and
    # (Legal, 30-50) = 6. Department x site shows (Finance, Maribor) = 0: all of Finance is in
    # Ljubljana. Age x site shows (<30, Ljubljana) = 0: all under 30 are in Maribor. So nobody is in
    # Finance and under 30: the hidden (Finance, <30) is 0 (the gate hid it only to fill the <30
    # column), (Finance, >50) = Finance 3 - 0 - 0 = 3, and (Legal, >50) = >50 4 - 3 = 1.
    counts = cube({"Ljubljana": [[0, 0, 3], [0, 6, 1]], "Maribor": [[0, 0, 0], [4, 0, 0]]})
    assert audit(counts, 3) == []


@pytest.mark.xfail(
    strict=True, reason="suppress_views: shown zeros make one breakdown's group another's, and its table shows it"
)
def test_a_group_that_the_shown_zeros_make_the_same_as_another() -> None:
    # Published (minimum 3, total 19): every single view and every row and column total; department x
    # age and age x site in full; department x site shows only (Finance, Ljubljana) = 0 and
    # (Finance, Maribor) = 5. Department x age shows <30 has only Legal, and Legal only <30, so
    # the <30 row of age x site is Legal's row: (Legal, Ljubljana) = 4, (Legal, Maribor) = 3. Then
    # (IT, Maribor) = Maribor 9 - Finance 5 - Legal 3 = 1.
    counts = cube({"Ljubljana": [[0, 0], [4, 0], [0, 6]], "Maribor": [[0, 5], [3, 0], [0, 1]]})
    assert audit(counts, 3) == []


# --- what the survey results publish: every single breakdown, one pair table ----------------------


def audit_one_pair(counts: Mapping[Combination, int], minimum: int) -> list[Leak]:
    breakdowns = breakdowns_of(counts)
    views = suppress_views(counts, breakdowns, minimum, pairs=[(breakdowns[0], breakdowns[1])])
    return Published(counts, breakdowns, views).leaks(minimum)


@settings(deadline=None, max_examples=150)
@given(populations(3), minimums)
@example(cube({"Ljubljana": [[0, 0, 3], [0, 6, 1]], "Maribor": [[0, 0, 0], [4, 0, 0]]}), 3)
@example(cube({"Ljubljana": [[0, 0], [4, 0], [0, 6]], "Maribor": [[0, 5], [3, 0], [0, 1]]}), 3)
@example(cube({"Ljubljana": [[2, 7], [0, 0]], "Maribor": [[0, 0], [6, 8]]}), 5)
def test_three_breakdowns_with_one_pair_table_give_nothing_away(counts: dict[Combination, int], minimum: int) -> None:
    """The two leaks above need two pair tables of the same people; the results pages publish one."""
    leaks = audit_one_pair(counts, minimum)
    assert not leaks, "\n".join(map(str, leaks))


# --- simple properties ---------------------------------------------------------------------------


def margin(counts: Mapping[Combination, int], index: int) -> dict[str, int]:
    totals: dict[str, int] = {}
    for key, count in counts.items():
        totals[key[index]] = totals.get(key[index], 0) + count
    return totals


@given(populations(1, sizes=(1, 3)), st.integers(min_value=1, max_value=8))
def test_one_breakdown_is_suppressed_like_one_line(counts: dict[Combination, int], minimum: int) -> None:
    result = suppress_views(counts, ["department"], minimum)
    alone = suppress(margin(counts, 0), minimum)
    assert result.single["department"].hidden == alone.hidden
    assert result.single["department"] == alone
    assert result.pairs == {}


@given(st.integers(2, 3).flatmap(populations), st.integers(min_value=1, max_value=8))
def test_a_group_is_hidden_in_every_view_or_in_none(counts: dict[Combination, int], minimum: int) -> None:
    breakdowns = breakdowns_of(counts)
    result = suppress_views(counts, breakdowns, minimum)
    for (first, second), pair in result.pairs.items():
        assert pair.rows.hidden == result.single[first].hidden
        assert pair.columns.hidden == result.single[second].hidden
    for index, name in enumerate(breakdowns):
        line = result.single[name]
        assert set(line.shown) | line.hidden == set(margin(counts, index))
        assert all(count == margin(counts, index)[group] for group, count in line.shown.items())


@given(st.integers(1, 3).flatmap(populations), st.integers(min_value=1, max_value=8))
def test_the_total_is_withheld_exactly_when_it_is_a_small_group(counts: dict[Combination, int], minimum: int) -> None:
    result = suppress_views(counts, breakdowns_of(counts), minimum)
    total = sum(counts.values())
    assert (result.total is None) == (0 < total < minimum)
    assert result.total in (None, total)
    assert all(line.total == result.total for line in result.single.values())
    assert all(pair.total == result.total for pair in result.pairs.values())
