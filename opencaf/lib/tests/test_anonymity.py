"""Tests of the anonymity gate: examples to read, then properties that must hold for any input.

The properties are checked by `assert_line_protected`, written from the rule in DESIGN §5 and not
from the implementation, so a gate that leaks a figure by subtraction fails here.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from opencaf.lib.anonymity import (
    DEFAULT_MINIMUM,
    Suppression,
    gate_values,
    pseudonyms,
    suppress,
    suppress_table,
)


def assert_line_protected[K: Hashable](
    counts: Mapping[K, int], hidden: frozenset[K] | set[K], total_shown: bool, minimum: int
) -> None:
    """Nothing in a line whose groups add up to a published total can be recovered by subtraction."""
    if not total_shown:
        assert set(counts) <= hidden, "a withheld total takes its whole line with it"
        return
    assert not 0 < sum(counts.values()) < minimum, "a published total is not itself a small group"
    shown = {key: count for key, count in counts.items() if key not in hidden}
    assert all(not 0 < count < minimum for count in shown.values()), "a small group is shown"
    hidden_counts = [count for key, count in counts.items() if key in hidden]
    assert len(hidden_counts) != 1, "a single hidden group is the total minus the rest"
    assert not 0 < sum(hidden_counts) < minimum, "the hidden groups together are a small group"


def check_result[K: Hashable](counts: Mapping[K, int], result: Suppression[K], minimum: int) -> None:
    assert set(result.shown) | result.hidden == set(counts)
    assert not set(result.shown) & result.hidden
    assert list(result.shown) == [key for key in counts if key in result.shown], "shown keeps the order given"
    assert all(result.shown[key] == counts[key] for key in result.shown), "shown counts are the input"
    assert result.total in (None, sum(counts.values()))
    assert_line_protected(counts, result.hidden, result.total is not None, minimum)


# --- one line -------------------------------------------------------------------------------------


def test_a_small_group_is_hidden_with_the_next_smallest() -> None:
    result = suppress({"a": 12, "b": 3, "c": 7}, minimum=5)
    assert result.hidden == {"b", "c"}
    assert result.shown == {"a": 12}
    assert result.total == 22
    assert result.is_shown("a") and not result.is_shown("b")
    assert result.count("a") == 12 and result.count("c") is None


def test_two_small_groups_that_are_together_still_small_need_a_third() -> None:
    # b + c = 4 would be "total minus a minus d": a small group, so a (the smaller of a, d) goes too.
    result = suppress({"a": 12, "b": 3, "c": 1, "d": 20}, minimum=5)
    assert result.hidden == {"a", "b", "c"}
    assert result.shown == {"d": 20}


def test_two_small_groups_that_are_together_large_enough_protect_each_other() -> None:
    result = suppress({"a": 10, "b": 2, "c": 3}, minimum=5)
    assert result.hidden == {"b", "c"}


def test_zeros_are_shown_and_never_used_as_complements() -> None:
    result = suppress({"a": 10, "b": 3, "c": 0, "d": 8}, minimum=5)
    assert result.hidden == {"b", "d"}
    assert result.shown == {"a": 10, "c": 0}


def test_nothing_is_hidden_when_no_group_is_small() -> None:
    result = suppress({"a": 5, "b": 0, "c": 40})
    assert result.hidden == frozenset()
    assert result.total == 45


def test_a_small_total_withholds_the_whole_line_and_the_total() -> None:
    result = suppress({"a": 3, "b": 1, "c": 0}, minimum=5)
    assert result.shown == {}
    assert result.hidden == {"a", "b", "c"}
    assert result.total is None


def test_equal_complements_are_taken_in_the_order_given() -> None:
    assert suppress({"a": 3, "b": 8, "c": 8}).hidden == {"a", "b"}
    assert suppress({"a": 3, "c": 8, "b": 8}).hidden == {"a", "c"}


def test_a_withheld_group_is_protected_like_a_small_one() -> None:
    assert suppress({"a": 10, "b": 20, "c": 30}, withhold={"a"}).hidden == {"a", "b"}
    # A lone withheld group cannot be protected except by withholding the total too.
    assert suppress({"a": 10}, withhold={"a"}).total is None


def test_the_default_minimum_is_five() -> None:
    assert DEFAULT_MINIMUM == 5
    assert suppress({"a": 4, "b": 5, "c": 6}).hidden == {"a", "b"}


def test_a_minimum_of_one_hides_nothing() -> None:
    assert suppress({"a": 1, "b": 2}, minimum=1).hidden == frozenset()


def test_an_empty_line_is_empty() -> None:
    assert suppress({}) == Suppression(shown={}, hidden=frozenset(), total=0)


@pytest.mark.parametrize(
    ("counts", "minimum", "withhold"),
    [({"a": -1}, 5, ()), ({"a": 3}, 0, ()), ({"a": 3}, 5, ("b",))],
)
def test_bad_input_is_refused(counts: dict[str, int], minimum: int, withhold: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        suppress(counts, minimum, withhold=withhold)


def test_asking_about_an_unknown_group_is_an_error() -> None:
    with pytest.raises(KeyError):
        suppress({"a": 10}).is_shown("b")


counts_strategy = st.lists(st.integers(min_value=0, max_value=30), max_size=10).map(
    lambda values: {f"g{index}": value for index, value in enumerate(values)}
)
minimums = st.integers(min_value=1, max_value=8)


@given(counts_strategy, minimums)
def test_any_line_is_protected(counts: dict[str, int], minimum: int) -> None:
    check_result(counts, suppress(counts, minimum), minimum)


@given(counts_strategy, minimums, st.data())
def test_any_line_with_withheld_groups_is_protected(counts: dict[str, int], minimum: int, data: st.DataObject) -> None:
    withhold = data.draw(st.sets(st.sampled_from(sorted(counts)))) if counts else set()
    result = suppress(counts, minimum, withhold=withhold)
    assert withhold <= result.hidden
    check_result(counts, result, minimum)


@given(counts_strategy, minimums)
def test_complements_are_the_smallest_and_no_more_than_needed(counts: dict[str, int], minimum: int) -> None:
    result = suppress(counts, minimum)
    assume(result.total is not None)
    complements = [key for key in counts if key in result.hidden and counts[key] >= minimum]
    shown_nonzero = [count for count in result.shown.values() if count > 0]
    assert all(counts[key] <= min(shown_nonzero, default=counts[key]) for key in complements)
    if complements:
        # Without the last complement taken (the largest, later in order among equals) the line leaks.
        last = max(reversed(complements), key=counts.__getitem__)
        with pytest.raises(AssertionError):
            assert_line_protected(counts, result.hidden - {last}, True, minimum)
    if not any(0 < count < minimum for count in counts.values()):
        assert result.hidden == frozenset()


@given(counts_strategy, minimums)
def test_suppressing_the_result_again_hides_nothing_more(counts: dict[str, int], minimum: int) -> None:
    result = suppress(counts, minimum)
    assert suppress(counts, minimum, withhold=result.hidden) == result


distinct_counts = st.lists(st.integers(min_value=0, max_value=30), unique=True, max_size=10).map(
    lambda values: {f"g{index}": value for index, value in enumerate(values)}
)


@given(distinct_counts, minimums, st.randoms(use_true_random=False))
def test_key_order_matters_only_for_ties(counts: dict[str, int], minimum: int, rng: random.Random) -> None:
    keys = list(counts)
    rng.shuffle(keys)
    reordered = {key: counts[key] for key in keys}
    first, second = suppress(counts, minimum), suppress(reordered, minimum)
    assert first.hidden == second.hidden and first.total == second.total
    assert suppress(counts, minimum) == first, "deterministic"


# --- values gated by their group's count ---------------------------------------------------------


def test_figures_follow_their_group() -> None:
    means = {"a": (12, 61.5), "b": (3, 90.0), "c": (7, 40.0)}
    assert gate_values(means) == {"a": 61.5, "b": None, "c": None}


@given(counts_strategy, minimums)
def test_a_figure_is_shown_exactly_when_its_count_is(counts: dict[str, int], minimum: int) -> None:
    figures = gate_values({key: (count, f"figure {key}") for key, count in counts.items()}, minimum)
    result = suppress(counts, minimum)
    assert figures == {key: (f"figure {key}" if result.is_shown(key) else None) for key in counts}


# --- tables --------------------------------------------------------------------------------------

BANDS = ["<30", "30-50", ">50"]


def department_table(finance: list[int]) -> dict[tuple[str, str], int]:
    rows = {"Finance": finance, "Legal": [8, 10, 7], "IT": [6, 11, 15]}
    return {(row, band): count for row, counts in rows.items() for band, count in zip(BANDS, counts, strict=True)}


def test_a_small_cell_is_protected_by_a_rectangle_of_complements() -> None:
    result = suppress_table(department_table([12, 3, 9]))
    assert result.cells.hidden == {
        ("Finance", "30-50"),
        ("Finance", ">50"),
        ("Legal", "30-50"),
        ("Legal", ">50"),
    }
    assert result.rows.shown == {"Finance": 24, "Legal": 25, "IT": 32}
    assert result.columns.shown == {"<30": 26, "30-50": 24, ">50": 31}
    assert result.total == 81


def test_a_small_row_is_withheld_with_the_next_smallest_row() -> None:
    result = suppress_table(department_table([1, 3, 0]))
    assert result.rows.hidden == {"Finance", "Legal"}
    assert result.rows.shown == {"IT": 32}
    assert result.cells.hidden == {(row, band) for row in ("Finance", "Legal") for band in BANDS}
    assert result.columns.shown == {"<30": 15, "30-50": 24, ">50": 22}


def test_missing_cells_count_as_zero() -> None:
    result = suppress_table({("a", "x"): 10, ("b", "y"): 10})
    assert result.cells.shown == {("a", "x"): 10, ("a", "y"): 0, ("b", "x"): 0, ("b", "y"): 10}


def test_a_table_with_a_small_grand_total_shows_nothing() -> None:
    result = suppress_table({("a", "x"): 2, ("b", "y"): 1})
    assert result.cells.shown == {} and result.rows.shown == {} and result.columns.shown == {}
    assert result.total is None


def table_strategy(*, unique: bool) -> st.SearchStrategy[dict[tuple[str, str], int]]:
    """Tables of 1–5 rows by 1–5 columns; with ``unique`` no two cells are equal."""

    def cells(rows: int, columns: int) -> st.SearchStrategy[dict[tuple[str, str], int]]:
        size = rows * columns
        counts = st.lists(
            st.integers(min_value=0, max_value=60 if unique else 25), min_size=size, max_size=size, unique=unique
        )
        return counts.map(
            lambda values: {(f"r{i // columns}", f"c{i % columns}"): value for i, value in enumerate(values)}
        )

    return st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(lambda shape: cells(*shape))


tables = table_strategy(unique=False)


def check_table(cells: dict[tuple[str, str], int], minimum: int, withhold: frozenset[tuple[str, str]]) -> None:
    result = suppress_table(cells, minimum, withhold=withhold)
    rows = list(dict.fromkeys(row for row, _ in cells))
    columns = list(dict.fromkeys(column for _, column in cells))
    assert withhold <= result.cells.hidden
    check_result(cells, result.cells, minimum)
    row_totals = {row: sum(cells[row, column] for column in columns) for row in rows}
    column_totals = {column: sum(cells[row, column] for row in rows) for column in columns}
    check_result(row_totals, result.rows, minimum)
    check_result(column_totals, result.columns, minimum)
    assert result.total == result.rows.total == result.columns.total
    for row in rows:
        line = {(row, column): cells[row, column] for column in columns}
        assert_line_protected(line, result.cells.hidden, result.rows.is_shown(row), minimum)
    for column in columns:
        line = {(row, column): cells[row, column] for row in rows}
        assert_line_protected(line, result.cells.hidden, result.columns.is_shown(column), minimum)


@given(tables, minimums)
def test_every_row_and_column_of_any_table_is_protected(cells: dict[tuple[str, str], int], minimum: int) -> None:
    check_table(cells, minimum, frozenset())


@given(tables, minimums, st.data())
def test_withheld_cells_are_protected_too(cells: dict[tuple[str, str], int], minimum: int, data: st.DataObject) -> None:
    withhold = frozenset(data.draw(st.sets(st.sampled_from(sorted(cells)))))
    check_table(cells, minimum, withhold)


@given(tables, minimums)
def test_suppressing_a_table_again_hides_nothing_more(cells: dict[tuple[str, str], int], minimum: int) -> None:
    result = suppress_table(cells, minimum)
    again = suppress_table(cells, minimum, withhold=result.cells.hidden)
    assert again.cells.hidden == result.cells.hidden


@given(table_strategy(unique=True), minimums, st.randoms(use_true_random=False))
def test_table_key_order_matters_only_for_ties(
    cells: dict[tuple[str, str], int], minimum: int, rng: random.Random
) -> None:
    # Cells are all different, so only equal row or column totals could tie.
    rows = sorted({row for row, _ in cells})
    columns = sorted({column for _, column in cells})
    for totals in (
        [sum(cells[row, column] for column in columns) for row in rows],
        [sum(cells[row, column] for row in rows) for column in columns],
    ):
        assume(len(set(totals)) == len(totals))
    keys = list(cells)
    rng.shuffle(keys)
    first, second = suppress_table(cells, minimum), suppress_table({key: cells[key] for key in keys}, minimum)
    assert first.cells.hidden == second.cells.hidden
    assert first.rows.hidden == second.rows.hidden and first.columns.hidden == second.columns.hidden


# --- pseudonyms ----------------------------------------------------------------------------------


def test_pseudonyms_number_people_in_the_order_given() -> None:
    names = pseudonyms(["u7", "u2", "u9"], "Assessor {}".format)
    assert names == {"u7": "Assessor 1", "u2": "Assessor 2", "u9": "Assessor 3"}


def test_pseudonyms_need_unique_keys_and_distinct_labels() -> None:
    with pytest.raises(ValueError):
        pseudonyms(["u1", "u2", "u1"], "Assessor {}".format)
    with pytest.raises(ValueError):
        pseudonyms(["u1", "u2"], lambda number: "Assessor")


@given(st.lists(st.uuids(), unique=True, max_size=30))
def test_pseudonyms_are_one_to_one(keys: list[object]) -> None:
    names = pseudonyms(keys, lambda number: f"#{number}")
    assert list(names) == keys
    assert list(names.values()) == [f"#{number}" for number in range(1, len(keys) + 1)]
