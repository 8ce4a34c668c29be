from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.surveys.lifecycle import (
    ANSWERED,
    Action,
    State,
    TransitionError,
    accepts_answers,
    allowed_actions,
    transition,
)

# The diagram in lifecycle.py, written out once more: the tests compare the module against it.
EXPECTED_MOVES = {
    (State.DRAFT, Action.OPEN): State.OPEN,
    (State.OPEN, Action.CLOSE): State.CLOSED,
    (State.CLOSED, Action.REOPEN): State.OPEN,
    (State.CLOSED, Action.PUBLISH): State.PUBLISHED,
    (State.PUBLISHED, Action.WITHDRAW): State.CLOSED,
}

actions = st.lists(st.sampled_from(list(Action)), max_size=30)
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31))


@given(actions)
def test_random_walks_only_take_allowed_steps(steps: list[Action]) -> None:
    state = State.DRAFT
    for action in steps:
        if action in allowed_actions(state):
            new = transition(state, action)
            assert new == EXPECTED_MOVES[(state, action)]
            state = new
        else:
            assert (state, action) not in EXPECTED_MOVES
            with pytest.raises(TransitionError) as refused:
                transition(state, action)
            assert (refused.value.state, refused.value.action) == (state, action)
    assert state in State


@pytest.mark.parametrize("state", list(State))
def test_allowed_actions_are_exactly_the_diagrams(state: State) -> None:
    assert set(allowed_actions(state)) == {action for (origin, action) in EXPECTED_MOVES if origin == state}


def test_the_happy_path() -> None:
    state = State.DRAFT
    for action in (Action.OPEN, Action.CLOSE, Action.PUBLISH):
        state = transition(state, action)
    assert state == State.PUBLISHED
    assert transition(State.PUBLISHED, Action.WITHDRAW) == State.CLOSED
    assert transition(State.CLOSED, Action.REOPEN) == State.OPEN


def test_forbidden_moves() -> None:
    with pytest.raises(TransitionError, match="cannot publish a survey that is draft"):
        transition(State.DRAFT, Action.PUBLISH)
    with pytest.raises(TransitionError):
        transition(State.OPEN, Action.OPEN)
    with pytest.raises(TransitionError):
        transition(State.PUBLISHED, Action.REOPEN)
    # Nothing leads back to a draft: once opened, the questions may have answers.
    assert all(target != State.DRAFT for target in EXPECTED_MOVES.values())
    assert State.DRAFT not in ANSWERED
    assert {State.OPEN, State.CLOSED, State.PUBLISHED} == ANSWERED


@given(st.sampled_from(list(State)), st.none() | dates, st.none() | dates, dates)
def test_accepts_answers_only_when_open_and_within_the_dates(
    state: State, opens_on: datetime.date | None, closes_on: datetime.date | None, today: datetime.date
) -> None:
    expected = (
        state == State.OPEN and (opens_on is None or opens_on <= today) and (closes_on is None or today <= closes_on)
    )
    assert accepts_answers(state, opens_on, closes_on, today) is expected


@pytest.mark.parametrize("state", [State.DRAFT, State.CLOSED, State.PUBLISHED])
def test_only_an_open_survey_accepts_answers(state: State) -> None:
    today = datetime.date(2025, 5, 10)
    assert not accepts_answers(state, None, None, today)
    assert not accepts_answers(state, today, today, today)


@given(dates, st.integers(min_value=0, max_value=400))
def test_both_dates_are_inclusive(opens_on: datetime.date, days: int) -> None:
    closes_on = opens_on + datetime.timedelta(days=days)
    one_day = datetime.timedelta(days=1)
    assert accepts_answers(State.OPEN, opens_on, closes_on, opens_on)
    assert accepts_answers(State.OPEN, opens_on, closes_on, closes_on)
    assert not accepts_answers(State.OPEN, opens_on, closes_on, opens_on - one_day)
    assert not accepts_answers(State.OPEN, opens_on, closes_on, closes_on + one_day)
    # Left open past its closing date: no more answers, whatever the state says.
    assert not accepts_answers(State.OPEN, None, closes_on, closes_on + one_day)
    assert accepts_answers(State.OPEN, opens_on, None, opens_on + one_day * 10_000)
