from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.assessments.lifecycle import Action, State, TransitionError, allowed_actions, transition

actions = st.lists(st.sampled_from(list(Action)), max_size=30)


@given(actions)
def test_random_walks_only_take_allowed_steps(steps: list[Action]) -> None:
    state, paused_from = State.PLANNED, None
    for action in steps:
        if action in allowed_actions(state):
            new = transition(state, action, paused_from=paused_from)
            paused_from = state if new == State.PAUSED else paused_from
            state = new
        else:
            with pytest.raises(TransitionError):
                transition(state, action, paused_from=paused_from)
    assert state in State


def test_the_happy_path() -> None:
    state = State.PLANNED
    for action in (Action.START, Action.OPEN_CONSENSUS, Action.FINALISE, Action.CLOSE):
        state = transition(state, action)
    assert state == State.CLOSED
    assert transition(State.CLOSED, Action.REOPEN) == State.CONSENSUS


@pytest.mark.parametrize("origin", [State.INDIVIDUAL, State.CONSENSUS])
def test_pause_resumes_where_it_was(origin: State) -> None:
    assert transition(State.PAUSED, Action.RESUME, paused_from=origin) == origin
    assert transition(origin, Action.PAUSE) == State.PAUSED


def test_forbidden_moves() -> None:
    with pytest.raises(TransitionError):
        transition(State.PLANNED, Action.FINALISE)
    with pytest.raises(TransitionError):
        transition(State.CONSENSUS, Action.START)
    with pytest.raises(TransitionError):
        transition(State.PAUSED, Action.RESUME, paused_from=State.CLOSED)
