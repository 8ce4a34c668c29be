"""The states of a case and the only moves between them (lifecycle.py), against the diagram written out
once more here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.feedback.lifecycle import (
    EDITABLE,
    FINAL,
    IN_HANDS_OF_ACTORS,
    MOVES,
    OPEN,
    Move,
    MoveError,
    State,
    after,
    allowed,
)

EXPECTED = {
    (State.DRAFT, Move.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Move.RETURN): State.DRAFT,
    (State.SUBMITTED, Move.ACCEPT): State.IN_FEEDBACK,
    (State.IN_FEEDBACK, Move.REPORT): State.REPORTED,
    (State.REPORTED, Move.AWARD): State.AWARDED,
    (State.REPORTED, Move.REFUSE): State.NOT_AWARDED,
    (State.DRAFT, Move.WITHDRAW): State.WITHDRAWN,
    (State.SUBMITTED, Move.WITHDRAW): State.WITHDRAWN,
    (State.IN_FEEDBACK, Move.WITHDRAW): State.WITHDRAWN,
}

states = st.sampled_from(list(State))
moves = st.sampled_from(list(Move))


def test_the_moves_are_the_diagrams() -> None:
    assert MOVES == EXPECTED


@given(states, moves)
def test_after_follows_the_moves_and_refuses_the_rest(state: State, move: Move) -> None:
    if (state, move) in MOVES:
        assert after(state, move) == MOVES[(state, move)]
    else:
        with pytest.raises(MoveError) as refused:
            after(state, move)
        assert (refused.value.state, refused.value.move) == (state, move)
        assert state.value in str(refused.value) and move.value in str(refused.value)


@given(st.sampled_from(sorted(FINAL)), moves)
def test_nothing_moves_a_final_case(state: State, move: Move) -> None:
    assert allowed(state) == []
    with pytest.raises(MoveError):
        after(state, move)


def test_open_and_final_partition_the_states() -> None:
    assert frozenset(State) == OPEN | FINAL
    assert not OPEN & FINAL
    assert {State.AWARDED, State.NOT_AWARDED, State.WITHDRAWN} == FINAL
    assert EDITABLE <= OPEN and IN_HANDS_OF_ACTORS <= OPEN


@given(states)
def test_allowed_lists_exactly_the_moves_from_a_state(state: State) -> None:
    listed = allowed(state)
    assert len(listed) == len(set(listed))
    assert set(listed) == {move for (source, move) in EXPECTED if source == state}
    for move in listed:
        assert after(state, move) == EXPECTED[(state, move)]


@given(st.lists(moves, max_size=30))
def test_random_walks_end_in_a_state_and_stop_at_a_final_one(steps: list[Move]) -> None:
    state = State.DRAFT
    for move in steps:
        if move in allowed(state):
            state = after(state, move)
        else:
            with pytest.raises(MoveError):
                after(state, move)
        if state in FINAL:
            assert allowed(state) == []
    assert state in State


def test_every_open_state_but_reported_may_be_withdrawn() -> None:
    assert {state for state in State if Move.WITHDRAW in allowed(state)} == OPEN - {State.REPORTED}
