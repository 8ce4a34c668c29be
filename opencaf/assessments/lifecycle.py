"""The states of a self-assessment project and the only transitions allowed between them.

    planned ──start──▶ individual ──open_consensus──▶ consensus ──finalise──▶ finalised ──close──▶ closed
                          │  ▲                          │  ▲                    │                   │
                        pause resume                  pause resume             └──────reopen───────┘──▶ consensus
                          ▲                             │
                          └─────reopen_individual───────┘  (only while no consensus has been recorded)

A paused project remembers where it was and resumes there. Free of Django.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    PLANNED = "planned"
    INDIVIDUAL = "individual"
    CONSENSUS = "consensus"
    FINALISED = "finalised"
    CLOSED = "closed"
    PAUSED = "paused"


class Action(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    OPEN_CONSENSUS = "open_consensus"
    FINALISE = "finalise"
    CLOSE = "close"
    REOPEN = "reopen"
    REOPEN_INDIVIDUAL = "reopen_individual"


class TransitionError(ValueError):
    def __init__(self, state: State, action: Action) -> None:
        super().__init__(f"cannot {action.value} a self-assessment that is {state.value}")
        self.state = state
        self.action = action


_MOVES: dict[tuple[State, Action], State] = {
    (State.PLANNED, Action.START): State.INDIVIDUAL,
    (State.INDIVIDUAL, Action.OPEN_CONSENSUS): State.CONSENSUS,
    (State.CONSENSUS, Action.FINALISE): State.FINALISED,
    (State.FINALISED, Action.CLOSE): State.CLOSED,
    (State.FINALISED, Action.REOPEN): State.CONSENSUS,
    (State.CLOSED, Action.REOPEN): State.CONSENSUS,
}
# Reopening individual scoring is not in _MOVES: it depends on whether consensus has been recorded,
# which only reopen_individual() is told, so change_state() can never take it by accident.
PAUSABLE = (State.INDIVIDUAL, State.CONSENSUS)
# Steps that lock what others may still be working on; the interface asks before taking them.
ASKS_FIRST = frozenset({Action.OPEN_CONSENSUS, Action.FINALISE})
# The states in which the group's scores are final: the report, the improvement plan and the next
# cycle start from here. The only place that says which states these are.
FINISHED = frozenset({State.FINALISED, State.CLOSED})
# The states in which the group has seen each other's input.
CONSENSUS_OPENED = frozenset({State.CONSENSUS, *FINISHED})


def allowed_actions(state: State) -> list[Action]:
    actions = [action for (origin, action) in _MOVES if origin == state]
    if state in PAUSABLE:
        actions.append(Action.PAUSE)
    if state == State.PAUSED:
        actions.append(Action.RESUME)
    return actions


def transition(state: State, action: Action, *, paused_from: State | None = None) -> State:
    """The state after the action. `paused_from` is where a paused project resumes."""
    if action == Action.PAUSE and state in PAUSABLE:
        return State.PAUSED
    if action == Action.RESUME and state == State.PAUSED:
        if paused_from not in PAUSABLE:
            raise TransitionError(state, action)
        return paused_from
    target = _MOVES.get((state, action))
    if target is None:
        raise TransitionError(state, action)
    return target


def reopen_individual(state: State, *, consensus_recorded: bool) -> State:
    """Back from consensus to individual scoring, so late assessors can finish. Only before the group
    has recorded any consensus: after that, changed individual scores would contradict what was agreed."""
    if state != State.CONSENSUS or consensus_recorded:
        raise TransitionError(state, Action.REOPEN_INDIVIDUAL)
    return State.INDIVIDUAL


def individual_input_open(state: State) -> bool:
    """Assessors may change their own scores only while the individual phase runs."""
    return state == State.INDIVIDUAL


def effective_state(state: State, paused_from: State | None) -> State:
    """A paused project counts as the phase it was paused in (for who may see what)."""
    if state == State.PAUSED and paused_from is not None:
        return paused_from
    return state


def is_finished(state: State) -> bool:
    return state in FINISHED


def consensus_opened(state: State) -> bool:
    return state in CONSENSUS_OPENED
