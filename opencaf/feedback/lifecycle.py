"""The states of an external feedback case and the only moves between them. Free of Django.

    draft ──submit──▶ submitted ──accept──▶ in_feedback ──report──▶ reported ──award──▶ awarded
      │                  │                      │                      │
      │               return (to draft,        │                      └──refuse──▶ not_awarded
      │               with the organiser's      │
      │               reasons)                  │
      └──withdraw──▶ withdrawn ◀──withdraw──────┘ (the organisation, until the report is written)

draft: the organisation prepares its application (its answers per pillar, its own scores, documents).
submitted: the organiser has it; may return it for more, or accept it and assign the external feedback
actors (EFACs). in_feedback: the EFACs study the dossier, visit, score alone, agree, write the report.
reported: the feedback report is final; the organiser decides. awarded / not_awarded / withdrawn are
final.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_FEEDBACK = "in_feedback"
    REPORTED = "reported"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"


class Move(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    REPORT = "report"
    AWARD = "award"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


class MoveError(ValueError):
    def __init__(self, state: State, move: Move) -> None:
        super().__init__(f"cannot {move.value} a case that is {state.value}")
        self.state = state
        self.move = move


MOVES: dict[tuple[State, Move], State] = {
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

FINAL = frozenset({State.AWARDED, State.NOT_AWARDED, State.WITHDRAWN})
OPEN = frozenset(State) - FINAL  # an organisation has at most one open case
# The organisation edits its application only while it is a draft.
EDITABLE = frozenset({State.DRAFT})
# The EFACs work on the case (dossier, visit, scores, report) only while it is in feedback.
IN_HANDS_OF_ACTORS = frozenset({State.IN_FEEDBACK})


def after(state: State, move: Move) -> State:
    """The state a move leads to; MoveError when the move is not allowed from `state`."""
    try:
        return MOVES[(state, move)]
    except KeyError:
        raise MoveError(state, move) from None


def allowed(state: State) -> list[Move]:
    return [move for (source, move) in MOVES if source == state]
