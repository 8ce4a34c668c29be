"""The states of a survey and the only moves between them. Free of Django.

    draft ──open──▶ open ──close──▶ closed ──publish──▶ published
                     ▲                │  ▲                 │
                     └────reopen──────┘  └───withdraw──────┘

A survey takes answers only while it is open and today lies within its dates; a survey left open past
its closing date takes no more answers, whatever its state says (`accepts_answers`).
"""

from __future__ import annotations

import datetime
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


class Action(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    REOPEN = "reopen"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


class TransitionError(ValueError):
    def __init__(self, state: State, action: Action) -> None:
        super().__init__(f"cannot {action.value} a survey that is {state.value}")
        self.state = state
        self.action = action


_MOVES: dict[tuple[State, Action], State] = {
    (State.DRAFT, Action.OPEN): State.OPEN,
    (State.OPEN, Action.CLOSE): State.CLOSED,
    (State.CLOSED, Action.REOPEN): State.OPEN,
    (State.CLOSED, Action.PUBLISH): State.PUBLISHED,
    (State.PUBLISHED, Action.WITHDRAW): State.CLOSED,
}
# Steps the interface asks about first: opening fixes the questions' scales and options, publishing
# shows the results to the whole organisation and attaches them to the self-assessment.
ASKS_FIRST = frozenset({Action.OPEN, Action.PUBLISH})
# The states in which the questions have (or may have) answers: edits that would change the meaning
# of an answer are refused from here on.
ANSWERED = frozenset({State.OPEN, State.CLOSED, State.PUBLISHED})


def allowed_actions(state: State) -> list[Action]:
    return [action for (origin, action) in _MOVES if origin == state]


def transition(state: State, action: Action) -> State:
    try:
        return _MOVES[(state, action)]
    except KeyError:
        raise TransitionError(state, action) from None


def accepts_answers(
    state: State, opens_on: datetime.date | None, closes_on: datetime.date | None, today: datetime.date
) -> bool:
    """Whether a respondent may answer today: open, and within the dates (both inclusive)."""
    if state != State.OPEN:
        return False
    if opens_on is not None and today < opens_on:
        return False
    return closes_on is None or today <= closes_on
