"""Answering: a respondent's submission becomes an anonymous response. Never audited: an audit
event would say when someone answered, which is exactly what the response must not tell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opencaf.surveys.lifecycle import accepts_answers
from opencaf.surveys.models import Answer, Invitation, Response, Survey, TextAnswer
from opencaf.surveys.rules import TEXT_KINDS, Cleaned, DontKnow, Kind
from opencaf.surveys.selectors import Structure


class NotAcceptingAnswersError(Exception):
    """The survey closed (or was never open) before the answers arrived."""


class AlreadyAnsweredError(Exception):
    """The invitation or paper code has been used already."""


def _rows(
    response: Response, structure: Structure, answers: dict[str, Cleaned]
) -> tuple[list[Answer], list[TextAnswer]]:
    values: list[Answer] = []
    texts: list[TextAnswer] = []
    for view in structure.questions:
        if view.code not in answers:
            continue
        answer = answers[view.code]
        question = view.question
        options = {option.code: option for option in view.options}
        items = {item.code: item for item in view.items}
        kind = view.kind
        if kind in TEXT_KINDS:
            if isinstance(answer, str) and answer:
                texts.append(TextAnswer(response=response, question=question, text=answer))
        elif kind == Kind.SINGLE and isinstance(answer, str):
            values.append(Answer(response=response, question=question, option=options[answer]))
        elif kind == Kind.MULTIPLE and isinstance(answer, tuple):
            values.extend(Answer(response=response, question=question, option=options[code]) for code in answer)
        elif kind == Kind.GRID and isinstance(answer, dict):
            values.extend(
                Answer(
                    response=response,
                    question=question,
                    item=items[code],
                    value=None if isinstance(value, DontKnow) else Decimal(value),
                    dont_know=isinstance(value, DontKnow),
                )
                for code, value in answer.items()
            )
        elif isinstance(answer, DontKnow):
            values.append(Answer(response=response, question=question, dont_know=True))
        elif isinstance(answer, (int, Decimal)):
            values.append(Answer(response=response, question=question, value=Decimal(answer)))
    return values, texts


@transaction.atomic
def submit_response(
    *,
    survey: Survey,
    structure: Structure,
    language: str,
    answers: dict[str, Cleaned],
    invitation: Invitation | None = None,
) -> None:
    """Store the answers as one anonymous response, all or nothing. With an invitation, mark it used
    and drop its draft in the same transaction; a second submission with it is refused."""
    # No lock on the survey while the answers are written, so respondents do not queue behind each
    # other: the count's UPDATE at the end locks the row only until commit, and re-checks the state,
    # so a survey closed meanwhile takes nothing (the whole transaction rolls back).
    current = Survey.objects.only("state", "opens_on", "closes_on").get(pk=survey.pk)
    if not accepts_answers(current.lifecycle_state, current.opens_on, current.closes_on, timezone.localdate()):
        raise NotAcceptingAnswersError
    if invitation is not None:
        claimed = Invitation.objects.filter(pk=invitation.pk, survey=current, used=False).update(used=True, draft={})
        if not claimed:
            raise AlreadyAnsweredError
    response = Response.objects.create(survey=current, language=language)
    values, texts = _rows(response, structure, answers)
    Answer.objects.bulk_create(values)
    TextAnswer.objects.bulk_create(texts)
    if not Survey.objects.filter(pk=current.pk, state=current.state).update(response_count=F("response_count") + 1):
        raise NotAcceptingAnswersError


@transaction.atomic
def save_draft(*, invitation: Invitation, raw: dict[str, Any], page: int) -> None:
    """Keep what an invited respondent has entered so far, with the page they were on."""
    updated = Invitation.objects.filter(pk=invitation.pk, used=False).update(draft={"answers": raw, "page": page})
    if not updated:
        raise AlreadyAnsweredError
