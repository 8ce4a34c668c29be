"""The pure rules of selection (panel.py, retention.py): examples, and properties with hypothesis."""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from opencaf.people import panel, retention

# --- panel: examples ---------------------------------------------------------------------------------


def test_a_members_score_is_the_mean_of_their_questions_in_the_competency() -> None:
    scores = {("ana", "c1", "q1"): 3, ("ana", "c1", "q2"): 4}
    assert panel.member_score(scores, "ana", "c1", ["q1", "q2"]) == Fraction(7, 2)
    assert panel.member_score(scores, "ana", "c1", ["q3"]) is None


def test_the_suggestion_is_the_median_rounded_half_up() -> None:
    assert panel.suggestion([2, 3]) == 3  # median 2.5, half up
    assert panel.suggestion([1, 2, 4]) == 2
    assert panel.suggestion([Fraction(3, 2), Fraction(3, 2)]) == 2
    assert panel.suggestion([Fraction(5, 4)]) == 1
    assert panel.suggestion([]) is None
    assert panel.round_half_up(Fraction(5, 2)) == 3 and round(2.5) == 2  # not Python's banker's rounding


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    ranks = panel.competition_ranks({"a": Fraction(3), "b": Fraction(4), "c": Fraction(3), "d": None, "e": 2})
    assert ranks == {"b": 1, "a": 2, "c": 2, "e": 4, "d": None}


def test_summary_of_a_small_panel() -> None:
    questions = {"q1": "K1", "q2": "K1", "q3": "K2"}
    scores = {
        **{("ana", "x", q): s for q, s in (("q1", 3), ("q2", 4), ("q3", 2))},
        **{("ben", "x", q): s for q, s in (("q1", 2), ("q2", 2), ("q3", 2))},
        ("ana", "y", "q1"): 1,
    }
    result = panel.summarise(
        members=["ana", "ben"],
        candidates=["x", "y"],
        questions=questions,
        scores=scores,
        agreed={("x", "K1"): 3, ("x", "K2"): 2},
    )
    x = result.of("x")
    k1 = x.competencies[0]
    assert k1.member_scores == {"ana": Fraction(7, 2), "ben": Fraction(2)}
    assert k1.spread == panel.Spread(Fraction(2), Fraction(7, 2)) and k1.spread.width == Fraction(3, 2)
    assert k1.suggestion == 3  # median 2.75
    assert x.total == Fraction(5, 2) and x.rank == 1
    assert result.of("y").total is None and result.of("y").rank is None
    assert result.unscored == [("ana", "y"), ("ben", "y")]
    assert result.unagreed == [("y", "K1"), ("y", "K2")]
    assert [r.candidate for r in result.ranking] == ["x", "y"]


def test_the_guide_order_of_competencies_is_kept_even_without_questions() -> None:
    result = panel.summarise(members=["m"], candidates=["c"], questions={"q": "B"}, scores={}, competencies=["A", "B"])
    assert [row.competency for row in result.of("c").competencies] == ["A", "B"]
    assert result.of("c").missing_agreement == ["A", "B"]


# --- panel: properties -------------------------------------------------------------------------------

levels = st.integers(min_value=1, max_value=5)
fractions = st.builds(Fraction, st.integers(min_value=4, max_value=20), st.just(4))  # 1 to 5 in quarters


@given(st.lists(fractions, min_size=1, max_size=9))
def test_the_suggestion_lies_within_the_rounded_spread(values: list[Fraction]) -> None:
    suggested = panel.suggestion(values)
    assert suggested is not None
    assert panel.round_half_up(min(values)) <= suggested <= panel.round_half_up(max(values))


@given(levels, st.integers(min_value=1, max_value=7))
def test_a_unanimous_panel_is_suggested_its_score(level: int, count: int) -> None:
    assert panel.suggestion([level] * count) == level


@given(st.lists(fractions, min_size=1, max_size=9), st.randoms())
def test_the_suggestion_does_not_depend_on_the_order_of_members(values: list[Fraction], rnd: object) -> None:
    shuffled = list(values)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert panel.suggestion(shuffled) == panel.suggestion(values)


@given(st.fractions(min_value=-50, max_value=50))
def test_rounding_half_up_is_within_a_half(value: Fraction) -> None:
    rounded = panel.round_half_up(value)
    assert value - Fraction(1, 2) < rounded <= value + Fraction(1, 2)


@given(st.dictionaries(st.integers(0, 20), st.one_of(st.none(), fractions), max_size=12))
def test_a_rank_is_one_more_than_the_number_of_higher_totals(totals: dict[int, Fraction | None]) -> None:
    ranks = panel.competition_ranks(totals)
    for key, total in totals.items():
        if total is None:
            assert ranks[key] is None
        else:
            assert ranks[key] == 1 + sum(1 for other in totals.values() if other is not None and other > total)


@st.composite
def panels(draw: st.DrawFn) -> dict[str, object]:
    members = [f"m{i}" for i in range(draw(st.integers(1, 4)))]
    candidates = [f"c{i}" for i in range(draw(st.integers(1, 4)))]
    competencies = [f"k{i}" for i in range(draw(st.integers(1, 3)))]
    questions = {f"q{i}": draw(st.sampled_from(competencies)) for i in range(draw(st.integers(1, 5)))}
    scores = {(m, c, q): draw(st.one_of(st.none(), levels)) for m in members for c in candidates for q in questions}
    agreed = {
        (c, k): value
        for c in candidates
        for k in competencies
        if (value := draw(st.one_of(st.none(), levels))) is not None
    }
    return {
        "members": members,
        "candidates": candidates,
        "questions": questions,
        "scores": scores,
        "agreed": agreed,
        "competencies": competencies,
    }


@given(panels())
def test_summary_properties(data: dict[str, object]) -> None:
    result = panel.summarise(**data)  # type: ignore[arg-type]
    scores: dict[tuple[str, str, str], int | None] = data["scores"]  # type: ignore[assignment]
    agreed: dict[tuple[str, str], int] = data["agreed"]  # type: ignore[assignment]
    questions: dict[str, str] = data["questions"]  # type: ignore[assignment]
    # Incomplete scoring is exactly a missing score of some question.
    assert set(result.unscored) == {(m, c) for (m, c, q), value in scores.items() if value is None and q in questions}
    for candidate in result.candidates:
        values = [row.agreed for row in candidate.competencies]
        if None in values:
            assert candidate.total is None and candidate.rank is None
            assert {(candidate.candidate, k) for k in candidate.missing_agreement} <= set(result.unagreed)
        else:
            numbers = [v for v in values if v is not None]
            assert candidate.total is not None
            assert min(numbers) <= candidate.total <= max(numbers)
        for row in candidate.competencies:
            assert row.agreed == agreed.get((candidate.candidate, row.competency))
            if row.scored:
                assert row.spread is not None and row.suggestion is not None
                assert row.spread.low <= row.spread.high
                assert 1 <= row.suggestion <= 5
            else:
                assert row.spread is None and row.suggestion is None
    ranked = [c for c in result.ranking if c.total is not None]
    assert [c.total for c in ranked] == sorted((c.total for c in ranked), reverse=True)  # type: ignore[type-var]


# --- retention: examples -----------------------------------------------------------------------------


def test_month_arithmetic_clamps_to_the_end_of_a_shorter_month() -> None:
    assert retention.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert retention.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert retention.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert retention.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert retention.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_data_is_due_on_the_day_the_period_ends() -> None:
    assert not retention.is_due(date(2025, 1, 31), 1, date(2025, 2, 27))
    assert retention.is_due(date(2025, 1, 31), 1, date(2025, 2, 28))
    finished = [
        retention.Finished("old", date(2024, 1, 10), 6),
        retention.Finished("young", date(2025, 1, 10), 6),
        retention.Finished("today", date(2024, 12, 10), 6),
    ]
    assert retention.due(finished, date(2025, 6, 10)) == ["old", "today"]


# --- retention: properties ---------------------------------------------------------------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
months = st.integers(min_value=0, max_value=120)


@given(days, months)
def test_adding_months_moves_the_month_and_keeps_or_clamps_the_day(day: date, count: int) -> None:
    later = retention.add_months(day, count)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == count
    last = calendar.monthrange(later.year, later.month)[1]
    assert later.day == min(day.day, last)


@given(days, months, months)
def test_adding_more_months_is_never_earlier(day: date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert retention.add_months(day, low) <= retention.add_months(day, high)


@given(days, st.integers(min_value=1, max_value=36), days)
def test_once_due_a_vacancy_stays_due(finished: date, count: int, today: date) -> None:
    if retention.is_due(finished, count, today):
        assert retention.is_due(finished, count, date.fromordinal(today.toordinal() + 1)) or today == date.max
    assert retention.is_due(finished, count, today) == (today >= retention.deletion_due_on(finished, count))
    assert not retention.is_due(finished, count, finished)  # never on the day it finished
