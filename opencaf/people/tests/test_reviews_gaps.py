"""Competency gaps (gaps.py, pure): a person's gaps from the manager's rating or, until the manager
submits, the self-rating; "not observed" has no level; summaries; figures per unit; and the anonymity
gate over units, which never lets a small unit be worked out from the totals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from opencaf.people import gaps

CODES = ["A", "B", "C", "D"]
LEVEL = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
LEVELS = st.dictionaries(st.sampled_from(CODES), LEVEL)
REQUIRED = st.dictionaries(st.sampled_from(CODES), st.integers(min_value=0, max_value=5))


def test_the_managers_rating_counts_once_submitted() -> None:
    result = gaps.person_gaps(CODES, {"A": 3, "B": 2, "C": 4}, {"A": 3, "B": 1, "C": 4}, {"A": 2, "B": 3, "C": None})
    a, b, c, d = result.rows
    assert (a.assessed_by, a.assessed, a.gap) == (gaps.MANAGER, 2, 1)
    assert (b.assessed, b.gap) == (3, 0)  # above the requirement: no gap, never a negative one
    assert c.assessed is None and c.gap is None  # "not observed" by the manager: no level, no gap
    assert d.required is None and d.gap is None  # not required by the profile
    assert [row.code for row in result.with_gap] == ["A"]
    assert result.mean_gap == 0.5  # over A and B, the two competencies measured
    assert not result.provisional


def test_until_the_manager_submits_the_self_rating_counts() -> None:
    result = gaps.person_gaps(CODES, {"A": 3}, {"A": 1}, None)
    assert result.provisional
    assert (result.rows[0].assessed_by, result.rows[0].gap) == (gaps.SELF, 2)
    nothing = gaps.person_gaps(CODES, {"A": 3}, None, None)
    assert nothing.rows[0].assessed_by == "" and nothing.mean_gap is None and not nothing.provisional


def test_two_levels_apart_is_to_talk_about() -> None:
    result = gaps.person_gaps(CODES, {}, {"A": 4, "B": 3, "C": None}, {"A": 2, "B": 2, "C": 1})
    assert [row.code for row in result.to_talk_about] == ["A"]


def test_a_requirement_of_another_version_is_ignored() -> None:
    result = gaps.person_gaps(["A"], {"A": 2, "OLD-1": 5}, {"A": 1}, {"A": 1})
    assert [row.code for row in result.rows] == ["A"]


@given(REQUIRED, LEVELS, st.one_of(st.none(), LEVELS))
def test_gaps_are_required_minus_assessed_never_negative(
    required: dict[str, int], own: dict[str, int | None], boss: dict[str, int | None] | None
) -> None:
    result = gaps.person_gaps(CODES, required, own, boss)
    source = boss if boss is not None else own
    for row in result.rows:
        wanted = required.get(row.code) or None
        level = source.get(row.code)
        if wanted is None or level is None:
            assert row.gap is None
        else:
            assert row.gap == max(wanted - level, 0) >= 0
        assert row.to_talk_about == (
            boss is not None
            and own.get(row.code) is not None
            and boss.get(row.code) is not None
            and abs(own[row.code] - boss[row.code]) >= 2  # type: ignore[operator]
        )
    measured = result.measured
    if measured:
        assert result.mean_gap == sum(row.gap or 0 for row in measured) / len(measured)
        assert 0 <= result.mean_gap <= 4
    assert len(result.with_gap) <= len(measured)


def test_unit_figures_count_people_assessed_against_a_requirement() -> None:
    figures = gaps.unit_figures(
        [
            ("Finance", "A", 3, 1),
            ("Finance", "A", 3, 3),
            ("Finance", "A", 3, None),  # not observed: not assessed
            ("Finance", "A", None, 1),  # not required: not assessed
            ("Legal", "A", 2, 1),
        ]
    )
    finance = figures[("Finance", "A")]
    assert (finance.assessed, finance.with_gap, finance.gap_total) == (2, 1, 2)
    assert finance.share_with_gap == 0.5 and finance.mean_gap == 1.0
    assert figures[("Legal", "A")].assessed == 1
    assert gaps.UnitFigure().share_with_gap is None


def _population(
    units: dict[str, int], code: str = "A"
) -> tuple[dict[tuple[str, str], gaps.UnitFigure], dict[str, int]]:
    rows = [(unit, code, 3, 2) for unit, size in units.items() for _ in range(size)]
    return gaps.unit_figures(rows), units


def test_a_unit_of_three_is_hidden_and_cannot_be_worked_out_from_the_total() -> None:
    figures, people = _population({"Finance": 6, "Legal": 9, "Tiny": 3})
    gated = gaps.gate_units(figures, people, ["A"], minimum=5)
    assert gated.cell("Tiny", "A") is None
    # The complement: with only Tiny hidden, total minus Legal minus Finance would be Tiny.
    hidden = [unit for unit in gated.units if gated.cell(unit, "A") is None]
    assert len(hidden) >= 2 and sum(people[unit] for unit in hidden) >= 5
    assert gated.people.count("Tiny") is None
    assert gated.totals["A"] is not None and gated.totals["A"].assessed == 18


def test_everything_is_withheld_when_the_whole_organisation_is_small() -> None:
    figures, people = _population({"Finance": 2, "Legal": 2})
    gated = gaps.gate_units(figures, people, ["A"], minimum=5)
    assert gated.totals["A"] is None
    assert all(gated.cell(unit, "A") is None for unit in gated.units)


@st.composite
def _units(draw: st.DrawFn) -> tuple[dict[str, int], list[tuple[str, str, int | None, int | None]]]:
    names = draw(st.lists(st.sampled_from(["U1", "U2", "U3", "U4", "U5", ""]), min_size=1, max_size=6, unique=True))
    people = {name: draw(st.integers(min_value=0, max_value=12)) for name in names}
    rows = []
    for name, size in people.items():
        for _ in range(size):
            for code in ("A", "B"):
                rows.append((name, code, draw(st.sampled_from([None, 2, 3])), draw(st.sampled_from([None, 1, 2, 3]))))
    return people, rows


@settings(max_examples=200)
@given(_units(), st.integers(min_value=2, max_value=6))
def test_no_hidden_unit_can_be_recovered_by_subtraction(
    population: tuple[dict[str, int], list[tuple[str, str, int | None, int | None]]], minimum: int
) -> None:
    people, rows = population
    gated = gaps.gate_units(gaps.unit_figures(rows), people, ["A", "B"], minimum)
    for unit in gated.units:
        if people[unit] < minimum:
            assert gated.people.count(unit) is None  # a small unit is hidden …
            assert all(gated.cell(unit, code) is None for code in gated.codes)  # … in every competency
    for code in gated.codes:
        assessed = {unit: gaps.unit_figures(rows).get((unit, code), gaps.UnitFigure()).assessed for unit in gated.units}
        shown = [unit for unit in gated.units if gated.cell(unit, code) is not None]
        for unit in shown:
            assert assessed[unit] == 0 or assessed[unit] >= minimum  # nothing about a small group
        if gated.totals[code] is None:
            continue
        assert sum(figure.assessed for figure in [gated.totals[code]] if figure) == sum(assessed.values())
        hidden = [unit for unit in gated.units if gated.cell(unit, code) is None and assessed[unit] > 0]
        # The total minus what is shown is the hidden units together: never one of them alone, never
        # a small group.
        assert len(hidden) != 1
        assert not 0 < sum(assessed[unit] for unit in hidden) < minimum
    hidden_sizes = [people[unit] for unit in gated.units if gated.people.count(unit) is None]
    if gated.people.total is not None:
        assert len([size for size in hidden_sizes if size > 0]) != 1
        assert not 0 < sum(hidden_sizes) < minimum
