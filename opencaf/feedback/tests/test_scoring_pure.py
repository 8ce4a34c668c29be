"""The arithmetic of external feedback scores (scoring.py), on the shipped European procedure and on
procedures made up by Hypothesis: totals, thresholds, minimums, the verdict, the comparison."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from opencaf.feedback import scoring
from opencaf.feedback.services.procedures import read_procedures


@cache
def european() -> dict[str, Any]:
    return read_procedures()["pef-eu"]


def codes(definition: dict[str, Any]) -> list[str]:
    return list(scoring.rules(definition).codes)


@st.composite
def procedures(draw: st.DrawFn) -> dict[str, Any]:
    """A procedure's scoring part: a scale, pillars of questions (some with a minimum), thresholds over
    some pillars with a fixed minimum total or none."""
    low = draw(st.integers(0, 3))
    high = draw(st.integers(low + 1, low + 6))
    pillars = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        questions = []
        for index in range(1, draw(st.integers(1, 5)) + 1):
            question: dict[str, Any] = {"code": f"{number}.{index}"}
            if draw(st.booleans()):
                question["minimum"] = draw(st.integers(low, high))
            questions.append(question)
        pillars.append({"number": number, "questions": questions})
    thresholds = []
    for _ in range(draw(st.integers(0, 3))):
        chosen = draw(st.lists(st.sampled_from([p["number"] for p in pillars]), min_size=1, unique=True))
        most = sum(len(p["questions"]) for p in pillars if p["number"] in chosen) * high
        minimum = draw(st.none() | st.integers(0, most))
        thresholds.append({"pillars": sorted(chosen), "minimum_total": minimum})
    return {"scale": {"min": low, "max": high}, "pillars": pillars, "thresholds": thresholds}


@st.composite
def scored(draw: st.DrawFn, complete: bool = False) -> tuple[dict[str, Any], dict[str, int]]:
    """A procedure and scores on its scale, of every question or of some."""
    definition = draw(st.one_of(st.just(european()), procedures()))
    rules = scoring.rules(definition)
    value = st.integers(rules.low, rules.high)
    scores = {}
    for code in rules.codes:
        if complete or draw(st.booleans()):
            scores[code] = draw(value)
    return definition, scores


@given(scored())
def test_totals_never_exceed_their_maximum(case: tuple[dict[str, Any], dict[str, int]]) -> None:
    definition, scores = case
    result = scoring.evaluate(definition, scores)
    low = scoring.rules(definition).low
    for pillar in result.pillars:
        assert low * pillar.scored <= pillar.total <= pillar.maximum
    for threshold in result.thresholds:
        assert 0 <= threshold.total <= threshold.maximum
    assert sum(pillar.scored for pillar in result.pillars) + len(result.missing) == len(codes(definition))


@given(scored(), st.data())
def test_raising_a_score_never_turns_a_pass_into_a_failure(
    case: tuple[dict[str, Any], dict[str, int]], data: st.DataObject
) -> None:
    definition, scores = case
    assume(scores)
    high = scoring.rules(definition).high
    code = data.draw(st.sampled_from(sorted(scores)))
    raised = {**scores, code: data.draw(st.integers(scores[code], high))}
    before, after = scoring.evaluate(definition, scores), scoring.evaluate(definition, raised)
    if before.passed:
        assert after.passed
    for old, new in zip(before.thresholds, after.thresholds, strict=True):
        assert new.total >= old.total
        if old.met:
            assert new.met


@given(scored(complete=True), st.data())
def test_a_missing_score_never_passes(case: tuple[dict[str, Any], dict[str, int]], data: st.DataObject) -> None:
    definition, scores = case
    left_out = data.draw(st.sampled_from(sorted(scores)))
    result = scoring.evaluate(definition, {code: value for code, value in scores.items() if code != left_out})
    assert not result.passed
    assert result.missing == (left_out,)


@given(scored(complete=True))
def test_passing_means_every_fixed_threshold_and_minimum_is_reached(
    case: tuple[dict[str, Any], dict[str, int]],
) -> None:
    definition, scores = case
    result = scoring.evaluate(definition, scores)
    rules = scoring.rules(definition)
    fixed_met = all(
        sum(scores[q.code] for q in rules.questions if q.pillar in pillars) >= minimum
        for pillars, minimum in rules.thresholds
        if minimum is not None
    )
    minimums = all(q.minimum is None or scores[q.code] >= q.minimum for q in rules.questions)
    assert result.passed == (fixed_met and minimums)
    # A threshold without a fixed value neither passes nor fails.
    assert all((t.met is None) == (t.minimum is None) for t in result.thresholds)


def test_the_european_procedure_weighs_pillars_1_and_2_together_and_leaves_pillar_3_to_the_organiser() -> None:
    scores = dict.fromkeys(codes(european()), 4)
    scores.update({"1.2": 3, "1.3": 3, "1.4": 2, "1.6": 3, "2.2": 4})  # 4+3+3+2+4+3 + 4+4+4 = 31
    result = scoring.evaluate(european(), scores)
    together, pillar_3 = result.thresholds
    assert (together.pillars, together.total, together.maximum, together.minimum, together.met) == (
        (1, 2),
        31,
        45,
        28,
        True,
    )
    assert (pillar_3.pillars, pillar_3.total, pillar_3.maximum, pillar_3.minimum, pillar_3.met) == (
        (3,),
        32,
        40,
        None,
        None,
    )
    assert [(p.number, p.total, p.maximum) for p in result.pillars] == [(1, 19, 30), (2, 12, 15), (3, 32, 40)]
    assert result.passed

    result = scoring.evaluate(european(), {**scores, "1.5": 3})  # step 5 has a minimum of 4
    assert result.below_minimum == (scoring.BelowMinimum("1.5", 3, 4),)
    assert not result.passed and result.thresholds[0].met

    low = dict.fromkeys(codes(european()), 2)  # 18 of 45
    result = scoring.evaluate(european(), low)
    assert result.thresholds[0].met is False and result.thresholds[0].short_by == 10
    assert not result.passed


def test_a_threshold_not_reached_with_scores_still_to_come_says_so() -> None:
    result = scoring.evaluate(european(), {"1.1": 5, "1.2": 5})
    together = result.thresholds[0]
    assert together.met is False and together.missing == ("1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3")
    assert len(result.missing) == 15 and not result.passed and not result.complete


@pytest.mark.parametrize("bad", [0, 6, True, "4", 3.0, None])
def test_a_score_off_the_scale_is_refused(bad: object) -> None:
    with pytest.raises(scoring.ScoreError):
        scoring.evaluate(european(), {"1.1": bad})  # type: ignore[dict-item]


def test_scores_of_questions_the_procedure_does_not_have_are_ignored() -> None:
    assert scoring.evaluate(european(), {"9.9": 99}).missing == tuple(codes(european()))


def test_the_comparison_sets_own_scores_beside_the_agreed_ones() -> None:
    own: dict[str, object] = dict.fromkeys(codes(european()), 3)
    own.update({"1.1": 5, "3.8": "", "3.7": 9})  # left empty, off the scale: not given
    agreed = {code: 4 for code in codes(european()) if code != "2.3"}
    result = scoring.compare(european(), own, agreed)
    lines = {line.code: line for line in result.questions}
    assert (lines["1.1"].own, lines["1.1"].agreed, lines["1.1"].difference) == (5, 4, 1)
    assert (lines["1.2"].difference, lines["2.3"].difference, lines["3.8"].difference) == (-1, None, None)
    pillar_1, pillar_2, pillar_3 = result.pillars
    assert (pillar_1.own, pillar_1.agreed, pillar_1.maximum, pillar_1.difference) == (20, 24, 30, -4)
    assert pillar_2.complete is False and pillar_2.difference is None and pillar_2.agreed == 8
    assert pillar_3.difference is None


@given(st.lists(st.integers(1, 5), max_size=6))
def test_the_spread_of_individual_scores(values: list[int]) -> None:
    result = scoring.spread(values)
    if not values:
        assert result is None
        return
    assert result is not None
    assert result.minimum <= result.median <= result.maximum
    assert result.range == max(values) - min(values) and result.count == len(values)


def test_the_median_of_two_scores_may_be_a_half() -> None:
    assert scoring.spread([3, 4]) == scoring.Spread(count=2, median=3.5, minimum=3, maximum=4)
