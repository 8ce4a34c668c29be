"""The external feedback actors' scores (the consensus pattern: each alone, then agreed with a rationale).

Each actor of a case scores every question of the procedure on its scale, alone, saving as often as
they like; they say when they have finished (every question scored) and may take that back while the
case is in feedback. Once every actor of the case has finished, they see each other's scores and
record the agreed score of each question with its rationale, one question at a time, each agreed
score carrying a version (optimistic locking).

Every service locks the case row first (so that finishing and agreeing do not cross), checks the
person's access as the pages do (`access.access_for`), and records an audit event for the network
only: the organisation's own audit log does not show the actors' work before the decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from opencaf.audit.services import record_event
from opencaf.feedback import lifecycle, scoring
from opencaf.feedback.access import CaseAccess, access_for
from opencaf.feedback.models import ActorScore, AgreedScore, CaseActor, FeedbackCase
from opencaf.feedback.selectors.scoring import progress
from opencaf.feedback.services.case_moves import locked

if TYPE_CHECKING:
    from opencaf.accounts.models import User

NOTE_MAX = 2000
RATIONALE_MAX = 4000


class StaleAgreementError(ValidationError):
    """Someone recorded this question's agreed score since the person opened it; nothing was saved.
    `current` is the agreed score as it is now."""

    def __init__(self, current: AgreedScore) -> None:
        super().__init__(
            _(
                "Someone else recorded the agreed score of this question while you were editing. Your text is "
                "kept below; compare it with the saved one and save again."
            ),
            code="stale",
        )
        self.current = current


def _working(actor: User, case: FeedbackCase) -> tuple[FeedbackCase, CaseAccess]:
    """The case locked, with the person's access; PermissionDenied unless they are an actor of the
    case who declared no conflict; ValidationError when the case is not in external feedback now."""
    case = locked(case)
    access = access_for(actor, case)
    if access is None or not access.actor or access.assignment is None:
        raise PermissionDenied
    access.assignment.case = case  # read already (the audit names the assignment by its case)
    if case.lifecycle_state not in lifecycle.IN_HANDS_OF_ACTORS:
        raise ValidationError(
            _("The scores cannot be changed now: the case is “%(state)s”.") % {"state": case.get_state_display()},
            code="state",
        )
    return case, access


def _missing_message(missing: list[str]) -> str:
    codes = str(get_text_list(missing, pgettext("list of numbers", "and")))
    return _("Every question needs a score before you finish. Not scored yet: %(codes)s.") % {"codes": codes}


def _scale_message(low: int, high: int) -> str:
    return _("A score must be a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}


@transaction.atomic
def save_scores(
    *,
    actor: User,
    case: FeedbackCase,
    scores: Mapping[str, int | None],
    notes: Mapping[str, str] | None = None,
    finish: bool = False,
) -> CaseActor:
    """Save the actor's own scores ({question code: score, or None for none}) and notes; with `finish`,
    also say they have finished. Questions not named keep what they had. Once finished, every question
    must keep a score; finishing needs every question scored. All or nothing."""
    case, access = _working(actor, case)
    assignment = access.assignment
    assert assignment is not None
    rules = scoring.rules(case.procedure.definition)
    notes = notes or {}
    unknown = sorted((set(scores) | set(notes)) - set(rules.codes))
    if unknown:
        raise ValidationError(
            _("The procedure has no question %(codes)s.") % {"codes": ", ".join(unknown)}, code="question"
        )
    for code, value in scores.items():
        if value is not None and not scoring.on_scale(value, rules.low, rules.high):
            raise ValidationError({code: _scale_message(rules.low, rules.high)}, code="scale")
    cleaned_notes = {code: text.strip() for code, text in notes.items()}
    if any(len(text) > NOTE_MAX for text in cleaned_notes.values()):
        raise ValidationError(_("Keep each note under %(count)s characters.") % {"count": NOTE_MAX}, code="note")

    existing = {score.question: score for score in ActorScore.objects.filter(case_actor=assignment)}
    now = timezone.now()
    created, updated, removed = [], [], []
    for code in rules.codes:
        if code not in scores and code not in cleaned_notes:
            continue
        current = existing.get(code)
        value = scores.get(code, current.score if current else None)
        note = cleaned_notes.get(code, current.note if current else "")
        if value is None:
            if current is not None:
                removed.append(current)
            continue
        if current is None:
            created.append(ActorScore(case_actor=assignment, question=code, score=value, note=note, updated_at=now))
        elif (current.score, current.note) != (value, note):
            current.score, current.note, current.updated_at = value, note, now
            updated.append(current)
    ActorScore.objects.bulk_create(created)
    ActorScore.objects.bulk_update(updated, ["score", "note", "updated_at"])
    ActorScore.objects.filter(pk__in=[score.pk for score in removed]).delete()

    if finish or assignment.scores_done_at is not None:
        scored = (set(existing) | {score.question for score in created}) - {score.question for score in removed}
        missing = [code for code in rules.codes if code not in scored]
        if missing:
            raise ValidationError(_missing_message(missing), code="missing")
    changed = sorted({score.question for score in (*created, *updated, *removed)})
    if changed:
        record_event(
            "feedback.scores_saved",
            actor=actor,
            obj=assignment,
            network=case.network,
            changes={"scored_questions": ", ".join(changed)},
        )
    if finish and assignment.scores_done_at is None:
        assignment.scores_done_at = now
        assignment.save(update_fields=["scores_done_at"])
        record_event("feedback.scores_finished", actor=actor, obj=assignment, network=case.network)
    return assignment


@transaction.atomic
def reopen_scores(*, actor: User, case: FeedbackCase) -> CaseActor:
    """Take back "I have finished my scores": the agreement waits until the actor finishes again."""
    case, access = _working(actor, case)
    assignment = access.assignment
    assert assignment is not None
    if assignment.scores_done_at is None:
        raise ValidationError(_("You have not finished your scores yet."), code="not_finished")
    assignment.scores_done_at = None
    assignment.save(update_fields=["scores_done_at"])
    record_event("feedback.scores_reopened", actor=actor, obj=assignment, network=case.network)
    return assignment


@transaction.atomic
def record_agreement(
    *,
    actor: User,
    case: FeedbackCase,
    question: str,
    score: int | None,
    rationale: str,
    expected_version: int,
) -> AgreedScore:
    """Record the score the actors agree on for one question, with why. Only once every actor of the
    case has finished scoring alone; `expected_version` is the version of the agreed score the person
    saw (0 when there was none): if it changed since, StaleAgreementError and nothing is saved."""
    case, _access = _working(actor, case)
    rules = scoring.rules(case.procedure.definition)
    if question not in rules.codes:
        raise ValidationError(_("The procedure has no question %(codes)s.") % {"codes": question}, code="question")
    done = progress(case)
    if not done.all_finished:
        raise ValidationError(
            _("The agreed scores can be recorded once every actor has finished scoring. Not finished yet: %(names)s.")
            % {"names": done.waiting_names},
            code="not_finished",
        )
    errors: dict[str, str] = {}
    if score is None or not scoring.on_scale(score, rules.low, rules.high):
        errors["score"] = _scale_message(rules.low, rules.high)
    rationale = rationale.strip()
    if not rationale:
        errors["rationale"] = _("Say why the actors agree on this score.")
    elif len(rationale) > RATIONALE_MAX:
        errors["rationale"] = _("Keep the rationale under %(count)s characters.") % {"count": RATIONALE_MAX}
    if errors:
        raise ValidationError(errors)
    assert score is not None
    record = AgreedScore.objects.select_for_update().filter(case=case, question=question).first()
    if record is not None:
        record.case = case
    if record is not None and record.version != expected_version:
        raise StaleAgreementError(record)
    before = record.score if record else None
    if record is not None and (record.score, record.rationale) == (score, rationale):
        return record  # nothing changed
    if record is None:
        record = AgreedScore(case=case, question=question)
    record.score, record.rationale = score, rationale
    record.recorded_by, record.recorded_at = actor, timezone.now()
    record.version += 1
    record.save()
    record_event(
        "feedback.score_agreed",
        actor=actor,
        obj=record,
        network=case.network,
        changes={
            "agreed_question": question,
            "agreed_score": {"before": before, "after": score},
            "agreed_rationale": rationale,
        },
    )
    return record
