"""What the case page shows of the scoring part (see views/case.py): `context(access)` returns the
template variables of `feedback/case/_scoring.html`, in a fixed number of queries (at most three).

- an actor of the case: how far they have scored ("12 of 17 scored"), whether they finished, the link
  to their scores; until every actor finished, who has not (by name only those who declared no
  conflict of interest, the others counted); then the link to the agreement with how many are agreed;
- the organiser: each actor's progress (every name), how many questions are agreed and, once all
  are, whether the thresholds are met;
- the organisation's members: the link to the comparison of their own scores with the agreed ones,
  once the case is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import pgettext

from opencaf.feedback import lifecycle, scoring
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.selectors.procedures import procedure_view
from opencaf.feedback.selectors.scoring import Participant, Progress, Verdict, progress, verdict

# The states in which the case has (or had) actors scoring it.
SCORED = frozenset({lifecycle.State.IN_FEEDBACK, lifecycle.State.REPORTED, lifecycle.State.AWARDED,
                    lifecycle.State.NOT_AWARDED})  # fmt: skip


@dataclass(frozen=True)
class ScoringSection:
    progress: Progress | None  # for the actors and the organiser
    own: Participant | None  # the person's own progress, when they are an actor of the case
    can_score: bool
    organiser: bool
    comparison: bool  # the person may open the comparison
    verdict: Verdict | None  # the agreed scores against the thresholds, once every question is agreed
    waiting_names: str = ""  # the actors not finished yet whom the person may know of, by name
    waiting_unnamed: int = 0  # and how many others have not finished yet


def _shown(access: CaseAccess) -> bool:
    case = access.case
    return access.state in SCORED or (access.state == lifecycle.State.WITHDRAWN and case.accepted_at is not None)


def context(access: CaseAccess) -> dict[str, Any]:
    if not _shown(access) or not (access.actor or access.coordinator or access.can_see_scores):
        return {"scoring": None}
    case = access.case
    done = progress(case) if (access.actor or access.coordinator) else None
    result = None
    if access.coordinator and done is not None and done.all_agreed:
        agreed = {record.question: record.score for record in case.agreed_scores.all()}
        result = verdict(procedure_view(case.procedure), scoring.evaluate(case.procedure.definition, agreed))
    names, unnamed = _waiting(done, coordinator=access.coordinator) if done is not None else ("", 0)
    section = ScoringSection(
        progress=done,
        own=done.of(access.assignment) if done is not None and access.actor else None,
        can_score=access.can_score,
        organiser=access.coordinator,
        comparison=access.can_see_scores,
        verdict=result,
        waiting_names=names,
        waiting_unnamed=unnamed,
    )
    return {"scoring": section}


def _waiting(done: Progress, *, coordinator: bool) -> tuple[str, int]:
    """Who has not finished scoring yet: every name for the organiser (its actors list shows them all);
    for an actor only those who declared no conflict of interest (an actor does not learn who else was
    asked before they declared), the others counted."""
    waiting = done.waiting
    named = waiting if coordinator else [person for person in waiting if person.declared]
    names = str(get_text_list([person.name for person in named], pgettext("list of names", "and")))
    return names, len(waiting) - len(named)
