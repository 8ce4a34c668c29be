"""A vacancy's moves (lifecycle.py), taken by HR, each refused with a message naming what is missing:

- start the interviews: the panel has at least two members and a chair, every key competency of the
  profile has a question in the guide, and there is a candidate;
- open the agreement: every panel member has submitted their scores of every candidate;
- decide: every candidate has an agreed score in every competency of the guide; records the ranking
  (panel.py), the chosen candidate (or none) and the decision with its reasons;
- cancel, with a reason.

Deciding and cancelling finish the vacancy: from that day the retention period of the candidates' data
runs (`decided_at`), after which `purge_expired_candidates` deletes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.lib.texts import paragraphs
from opencaf.people import lifecycle, panel
from opencaf.people.lifecycle import VacancyMove
from opencaf.people.models import AgreedScore, Candidate, PanelScore, Vacancy
from opencaf.people.names import MemberNames
from opencaf.people.selectors import selection as selectors
from opencaf.people.services.vacancies import state_error, working

if TYPE_CHECKING:
    from opencaf.accounts.models import User

DECISION_MAX = 8000


def _moving(actor: User, vacancy: Vacancy, move: VacancyMove) -> Vacancy:
    """The vacancy locked for HR, with the move possible from its state."""
    vacancy, access = working(actor, vacancy)
    if not access.is_hr:
        raise PermissionDenied
    try:
        lifecycle.vacancy_after(vacancy.state, move)
    except lifecycle.TransitionError:
        raise state_error(vacancy) from None
    return vacancy


def _refuse(lead: str, blockers: list[str]) -> ValidationError:
    return ValidationError([lead, *blockers], code="incomplete")


def _apply(vacancy: Vacancy, move: VacancyMove, fields: list[str]) -> dict[str, str]:
    """Move and save the vacancy; its state before and after, for the audit event."""
    before = vacancy.state
    vacancy.state = lifecycle.vacancy_after(vacancy.state, move).value
    vacancy.save(update_fields=["state", *fields])
    return {"before": before, "after": vacancy.state}


@transaction.atomic
def start_interviews(*, actor: User, vacancy: Vacancy) -> Vacancy:
    vacancy = _moving(actor, vacancy, VacancyMove.START_INTERVIEWS)
    blockers = selectors.start_blockers(vacancy)
    if blockers:
        raise _refuse(_("The interviews cannot start yet."), blockers)
    vacancy.candidates_count = vacancy.candidates.count()
    state = _apply(vacancy, VacancyMove.START_INTERVIEWS, ["candidates_count"])
    record_event(
        "people.vacancy_interviews_started",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"vacancy_state": state, "candidates": vacancy.candidates_count},
    )
    return vacancy


@transaction.atomic
def open_agreement(*, actor: User, vacancy: Vacancy) -> Vacancy:
    """From here on the panel sees every member's scores; nobody changes their own any more."""
    vacancy = _moving(actor, vacancy, VacancyMove.OPEN_AGREEMENT)
    blockers = selectors.agreement_blockers(vacancy)
    if blockers:
        raise _refuse(_("The panel agreement cannot open yet."), blockers)
    state = _apply(vacancy, VacancyMove.OPEN_AGREEMENT, [])
    record_event(
        "people.vacancy_agreement_opened",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"vacancy_state": state},
    )
    return vacancy


def ranking(vacancy: Vacancy) -> panel.PanelResult:
    """The panel's figures of every candidate from the scores and agreed scores (five queries)."""
    seats = [seat.pk for seat in selectors.panel_of(vacancy)]
    candidates = [candidate.pk for candidate in selectors.candidates_of(vacancy)]
    competencies = [competency.pk for competency in selectors.guide_competencies(vacancy)]
    questions = dict(vacancy.guide.values_list("pk", "competency_id"))
    scores = {
        (member, candidate, question): score
        for member, candidate, question, score in PanelScore.objects.filter(candidate__vacancy=vacancy).values_list(
            "member_id", "candidate_id", "question_id", "score"
        )
    }
    agreed = {
        (candidate, competency): score
        for candidate, competency, score in AgreedScore.objects.filter(candidate__vacancy=vacancy).values_list(
            "candidate_id", "competency_id", "score"
        )
    }
    return panel.summarise(
        members=seats,
        candidates=candidates,
        questions=questions,
        scores=scores,
        agreed=agreed,
        competencies=competencies,
    )


def _refuse_candidate_names(candidates: Iterable[Candidate], text: str, field: str) -> None:
    """The decision (or the reason for cancelling) outlives the candidates' data, in the vacancy and in
    the audit log: refuse it while it names a candidate."""
    named = MemberNames.of((candidate.name, candidate.email) for candidate in candidates).found_in(text)
    if named:
        message = _(
            "The text names a candidate (%(names)s). It is kept after the candidates' data is deleted, so "
            "refer to them by their rank (the first-ranked candidate), not by name."
        )
        raise ValidationError({field: message % {"names": ", ".join(named)}}, code="named")


@transaction.atomic
def decide(*, actor: User, vacancy: Vacancy, chosen: Candidate | None, decision: str) -> Vacancy:
    """Record the ranking, the chosen candidate (None: nobody is chosen) and the decision with its
    reasons; refused while an agreed score is missing (named)."""
    vacancy = _moving(actor, vacancy, VacancyMove.DECIDE)
    blockers = selectors.decision_blockers(vacancy)
    if blockers:
        raise _refuse(_("The selection cannot be decided yet."), blockers)
    text = paragraphs(decision)
    if not text:
        raise ValidationError({"decision": _("Write the decision and its reasons.")}, code="required")
    if len(text) > DECISION_MAX:
        raise ValidationError(
            {"decision": _("Keep the decision under %(count)s characters.") % {"count": DECISION_MAX}}, code="long"
        )
    if chosen is not None and chosen.vacancy_id != vacancy.pk:
        raise ValidationError({"chosen": _("Choose one of the vacancy's candidates.")}, code="unknown")
    candidates = {candidate.pk: candidate for candidate in vacancy.candidates.all()}
    _refuse_candidate_names(candidates.values(), text, "decision")
    result = ranking(vacancy)
    for row in result.candidates:
        candidate = candidates[row.candidate]
        candidate.rank = row.rank
        candidate.chosen = chosen is not None and candidate.pk == chosen.pk
    Candidate.objects.bulk_update(list(candidates.values()), ["rank", "chosen"])
    vacancy.decision = text
    vacancy.decided_at = timezone.now()
    vacancy.decided_by = actor
    vacancy.candidates_count = len(candidates)
    state = _apply(vacancy, VacancyMove.DECIDE, ["decision", "decided_at", "decided_by", "candidates_count"])
    record_event(
        "people.vacancy_decided",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={
            "vacancy_state": state,
            "chosen_candidate": str(chosen.public_id) if chosen is not None else "",
            "candidates": len(candidates),
        },
    )
    return vacancy


@transaction.atomic
def cancel(*, actor: User, vacancy: Vacancy, reason: str) -> Vacancy:
    """Stop the selection; the reason is kept as the vacancy's decision, and the retention period of
    the candidates' data runs from today."""
    vacancy = _moving(actor, vacancy, VacancyMove.CANCEL)
    text = paragraphs(reason)
    if not text:
        raise ValidationError({"reason": _("Say why the vacancy is cancelled.")}, code="required")
    if len(text) > DECISION_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(count)s characters.") % {"count": DECISION_MAX}}, code="long"
        )
    _refuse_candidate_names(vacancy.candidates.all(), text, "reason")
    vacancy.decision = text
    vacancy.decided_at = timezone.now()
    vacancy.decided_by = actor
    vacancy.candidates_count = vacancy.candidates.count()
    state = _apply(vacancy, VacancyMove.CANCEL, ["decision", "decided_at", "decided_by", "candidates_count"])
    record_event(
        "people.vacancy_cancelled",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={"vacancy_state": state, "reason": text},
    )
    return vacancy
