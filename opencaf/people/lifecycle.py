"""The states of a competency review cycle and of a vacancy, and the moves between them. Pure Python:
services check a move here before they write it, templates read the allowed moves from access flags."""

from __future__ import annotations

from enum import StrEnum


class TransitionError(ValueError):
    def __init__(self, state: str, move: str) -> None:
        super().__init__(f"{move!r} is not possible from {state!r}")
        self.state = state
        self.move = move


class CycleState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CycleMove(StrEnum):
    OPEN = "open"  # the reviews are created for every employee and the people are told
    CLOSE = "close"
    REOPEN = "reopen"


CYCLE_MOVES: dict[tuple[CycleState, CycleMove], CycleState] = {
    (CycleState.DRAFT, CycleMove.OPEN): CycleState.OPEN,
    (CycleState.OPEN, CycleMove.CLOSE): CycleState.CLOSED,
    (CycleState.CLOSED, CycleMove.REOPEN): CycleState.OPEN,
}


def cycle_after(state: str, move: str) -> CycleState:
    try:
        return CYCLE_MOVES[(CycleState(state), CycleMove(move))]
    except (KeyError, ValueError):
        raise TransitionError(state, move) from None


class VacancyState(StrEnum):
    PREPARING = "preparing"  # profile, guide, panel and candidates being set up
    INTERVIEWING = "interviewing"  # panel members score independently
    AGREEING = "agreeing"  # scores visible to the whole panel; agreed scores with rationale
    DECIDED = "decided"  # ranked, chosen, documented; candidate data kept for the retention period
    CANCELLED = "cancelled"


class VacancyMove(StrEnum):
    START_INTERVIEWS = "start_interviews"
    OPEN_AGREEMENT = "open_agreement"
    DECIDE = "decide"
    CANCEL = "cancel"


VACANCY_MOVES: dict[tuple[VacancyState, VacancyMove], VacancyState] = {
    (VacancyState.PREPARING, VacancyMove.START_INTERVIEWS): VacancyState.INTERVIEWING,
    (VacancyState.INTERVIEWING, VacancyMove.OPEN_AGREEMENT): VacancyState.AGREEING,
    (VacancyState.AGREEING, VacancyMove.DECIDE): VacancyState.DECIDED,
    (VacancyState.PREPARING, VacancyMove.CANCEL): VacancyState.CANCELLED,
    (VacancyState.INTERVIEWING, VacancyMove.CANCEL): VacancyState.CANCELLED,
    (VacancyState.AGREEING, VacancyMove.CANCEL): VacancyState.CANCELLED,
}

# A vacancy whose candidates' data is only kept, no longer worked on: the retention clock runs.
FINISHED_VACANCY = frozenset({VacancyState.DECIDED, VacancyState.CANCELLED})


def vacancy_after(state: str, move: str) -> VacancyState:
    try:
        return VACANCY_MOVES[(VacancyState(state), VacancyMove(move))]
    except (KeyError, ValueError):
        raise TransitionError(state, move) from None


def vacancy_moves(state: str) -> list[VacancyMove]:
    return [move for (source, move) in VACANCY_MOVES if source == state]
