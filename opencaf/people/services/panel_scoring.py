"""The selection panel's scores (the consensus pattern: each member alone, then agreed with a rationale).

While the interviews run, each panel member scores each candidate on every question of the interview
guide (a whole number from 1 to the model version's number of levels, and a note per question), saves
as often as they like and submits; once submitted, their scores of that candidate no longer change.
When every member has submitted every candidate, HR opens the agreement (vacancy_moves.py): the chair
(or HR) then records, per candidate and competency, the agreed score with its rationale; the median of
the members' scores is only a suggestion (panel.py).

Every function locks the vacancy row first, so that a submission and the opening of the agreement do
not cross, and writes its audit event in the same transaction (candidates by public id only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.lib.texts import paragraphs
from opencaf.people.models import AgreedScore, Candidate, Competency, PanelScore, VacancyState
from opencaf.people.selectors import selection as selectors
from opencaf.people.services.vacancies import state_error, working

if TYPE_CHECKING:
    from opencaf.accounts.models import User

NOTE_MAX = 2000
RATIONALE_MAX = 4000


def scale_message(levels: int) -> str:
    return _("A score must be a whole number from 1 to %(levels)s.") % {"levels": levels}


@transaction.atomic
def save_scores(
    *,
    actor: User,
    candidate: Candidate,
    scores: Mapping[int, int | None],
    notes: Mapping[int, str] | None = None,
    submit: bool = False,
) -> list[PanelScore]:
    """Save the member's own scores of the candidate ({guide question pk: score or None}) and notes;
    with `submit`, also submit them, which needs every question scored. Refused once submitted.
    All or nothing. Returns the member's scores of the candidate."""
    vacancy, access = working(actor, candidate.vacancy)
    seat = access.seat
    if seat is None:
        raise PermissionDenied
    if candidate.vacancy_id != vacancy.pk:
        raise PermissionDenied
    if vacancy.state != VacancyState.INTERVIEWING:
        raise state_error(vacancy)
    levels = vacancy.profile.version.levels
    items = selectors.guide_items(vacancy)
    by_pk = {item.question.pk: item for item in items}
    notes = notes or {}
    if set(scores) - set(by_pk) or set(notes) - set(by_pk):
        raise ValidationError(_("The interview guide has no such question."), code="question")
    errors: dict[str, str] = {}
    for pk, value in scores.items():
        if value is not None and not 1 <= value <= levels:
            errors[f"score_{by_pk[pk].number}"] = scale_message(levels)
    cleaned_notes = {pk: paragraphs(text) for pk, text in notes.items()}
    for pk, text in cleaned_notes.items():
        if len(text) > NOTE_MAX:
            errors[f"note_{by_pk[pk].number}"] = _("Keep each note under %(count)s characters.") % {"count": NOTE_MAX}
    if errors:
        raise ValidationError(errors, code="invalid")

    existing = {score.question_id: score for score in PanelScore.objects.filter(candidate=candidate, member=seat)}
    if any(score.submitted_at is not None for score in existing.values()):
        raise ValidationError(
            _("You have submitted your scores of %(name)s; they can no longer be changed.") % {"name": candidate.name},
            code="submitted",
        )
    created, updated = [], []
    for pk in by_pk:
        if pk not in scores and pk not in cleaned_notes:
            continue
        current = existing.get(pk)
        value = scores.get(pk, current.score if current else None)
        note = cleaned_notes.get(pk, current.note if current else "")
        if current is None:
            made = PanelScore(candidate=candidate, member=seat, question_id=pk, score=value, note=note)
            created.append(made)
            existing[pk] = made
        elif (current.score, current.note) != (value, note):
            current.score, current.note = value, note
            updated.append(current)
    PanelScore.objects.bulk_create(created)
    PanelScore.objects.bulk_update(updated, ["score", "note"])
    if created or updated:
        record_event(
            "people.panel_scores_saved",
            actor=actor,
            obj=vacancy,
            organisation=vacancy.organisation,
            changes={
                "candidate": str(candidate.public_id),
                "questions_scored": sum(1 for score in existing.values() if score.score is not None),
            },
        )
    if submit:
        missing = [
            str(item.number)
            for item in items
            if existing.get(item.question.pk) is None or existing[item.question.pk].score is None
        ]
        if missing:
            raise ValidationError(
                _("Score every question before you submit. Not scored yet: question %(numbers)s.")
                % {"numbers": selectors.names_list(missing)},
                code="missing",
            )
        now = timezone.now()
        PanelScore.objects.filter(candidate=candidate, member=seat).update(submitted_at=now)
        for score in existing.values():
            score.submitted_at = now
        record_event(
            "people.panel_scores_submitted",
            actor=actor,
            obj=vacancy,
            organisation=vacancy.organisation,
            changes={"candidate": str(candidate.public_id), "questions_scored": len(items)},
        )
    return list(existing.values())


@transaction.atomic
def record_agreed_score(
    *, actor: User, candidate: Candidate, competency: Competency, score: int | None, rationale: str
) -> AgreedScore:
    """The panel's agreed score of the candidate in one competency of the guide, with its rationale
    (the chair or HR, during the agreement); recording it again replaces it."""
    vacancy, access = working(actor, candidate.vacancy)
    if not (access.is_chair or access.is_hr):
        raise PermissionDenied
    if candidate.vacancy_id != vacancy.pk:
        raise PermissionDenied
    if vacancy.state != VacancyState.AGREEING:
        raise state_error(vacancy)
    if not vacancy.guide.filter(competency=competency).exists():
        raise ValidationError(_("The interview guide asks nothing about this competency."), code="competency")
    levels = vacancy.profile.version.levels
    errors: dict[str, str] = {}
    if score is None or not 1 <= score <= levels:
        errors["score"] = scale_message(levels)
    text = paragraphs(rationale)
    if not text:
        errors["rationale"] = _("Give the rationale: why the panel agreed on this score.")
    elif len(text) > RATIONALE_MAX:
        errors["rationale"] = _("Keep the rationale under %(count)s characters.") % {"count": RATIONALE_MAX}
    if errors:
        raise ValidationError(errors, code="invalid")
    assert score is not None
    agreed, created = AgreedScore.objects.get_or_create(
        candidate=candidate,
        competency=competency,
        defaults={"score": score, "rationale": text, "recorded_by": actor},
    )
    before = None if created else agreed.score
    if not created:
        if (agreed.score, agreed.rationale) == (score, text):
            return agreed
        agreed.score, agreed.rationale = score, text
        agreed.recorded_by, agreed.recorded_at = actor, timezone.now()
        agreed.save(update_fields=["score", "rationale", "recorded_by", "recorded_at"])
    record_event(
        "people.agreed_score_recorded",
        actor=actor,
        obj=vacancy,
        organisation=vacancy.organisation,
        changes={
            "candidate": str(candidate.public_id),
            "competency": competency.code,
            "agreed_score": {"before": before, "after": score},
        },
    )
    return agreed
