"""Answering: a respondent's submission becomes an anonymous response. Never audited: an audit
event would say when someone answered, which is exactly what the response must not tell."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from opencaf.surveys.models import Answer, Invitation, Option, Response, Survey, TextAnswer
from opencaf.surveys.rules import TEXT_KINDS, Cleaned, DontKnow, Kind
from opencaf.surveys.selectors import Structure
from opencaf.surveys.services.counting import Table, store_counted


class NotAcceptingAnswersError(Exception):
    """The survey closed (or was never open) before the answers arrived."""


class AlreadyAnsweredError(Exception):
    """The invitation or paper code has been used already."""


Row = dict[str, Any]


def _rows(structure: Structure, answers: dict[str, Cleaned]) -> tuple[list[Row], list[Row]]:
    """The answer and free-text rows of one response, without the response's key (the same in
    every row: counting.store_counted sends it once)."""
    values: list[Row] = []
    texts: list[Row] = []
    for view in structure.questions:
        if view.code not in answers:
            continue
        answer = answers[view.code]
        row = {"question_id": view.question.pk}
        kind = view.kind
        if kind in TEXT_KINDS:
            if isinstance(answer, str) and answer:
                texts.append({**row, "text": answer})
        elif kind == Kind.SINGLE and isinstance(answer, str):
            values.append(_value(row, option_id=_pk_of(view.options, answer)))
        elif kind == Kind.MULTIPLE and isinstance(answer, tuple):
            values.extend(_value(row, option_id=_pk_of(view.options, code)) for code in answer)
        elif kind == Kind.GRID and isinstance(answer, dict):
            values.extend(
                _value(
                    row,
                    item_id=_pk_of(view.items, code),
                    value=None if isinstance(value, DontKnow) else Decimal(value),
                    dont_know=isinstance(value, DontKnow),
                )
                for code, value in answer.items()
            )
        elif isinstance(answer, DontKnow):
            values.append(_value(row, dont_know=True))
        elif isinstance(answer, (int, Decimal)):
            values.append(_value(row, value=Decimal(answer)))
    return values, texts


def _value(
    row: Row,
    *,
    option_id: int | None = None,
    item_id: int | None = None,
    value: Decimal | None = None,
    dont_know: bool = False,
) -> Row:
    """One answer row: every insert in a batch names the same columns."""
    return {**row, "option_id": option_id, "item_id": item_id, "value": value, "dont_know": dont_know}


def _pk_of(choices: list[Option], code: str) -> int:
    """The option (or grid item) with this code; the answers were checked against these codes."""
    return next(choice.pk for choice in choices if choice.code == code)


def submit_response(
    *,
    survey: Survey,
    structure: Structure,
    language: str,
    answers: dict[str, Cleaned],
    invitation: Invitation | None = None,
    through_link: str | None = None,
) -> None:
    """Store the answers as one anonymous response, all or nothing. With an invitation, mark it used
    and drop its draft in the same transaction; a second submission with it is refused.

    `through_link`: answers sent through the public link with this key, checked against a survey
    read a moment ago (selectors.survey_for_visit): refused unless the link is still on and the
    survey's questions are still the version the answers were checked against."""
    response_id = uuid.uuid4()  # random: the key's order says nothing of who answered when
    values, texts = _rows(structure, answers)
    of_response = {"response_id": response_id}
    tables = [
        Table(Response, [{"id": response_id, "survey_id": survey.pk, "language": language}]),
        Table(Answer, values, shared=of_response),
        Table(TextAnswer, texts, shared=of_response),
    ]
    # Whether the survey takes answers is decided by the UPDATE of its count, in the same statement
    # (or transaction) that writes the answers, not by a read before: a survey closed meanwhile (or
    # past its closing date) takes nothing. See counting.store_counted.
    today = timezone.localdate()
    if invitation is None:
        stored = store_counted(survey, today, tables, through_link=through_link)
    else:
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, survey_id=survey.pk, used=False).update(
                used=True, draft={}
            )
            if not claimed:
                raise AlreadyAnsweredError
            stored = store_counted(survey, today, tables, through_link=through_link)
            if not stored:
                raise NotAcceptingAnswersError  # and the invitation stays unused
    if not stored:
        raise NotAcceptingAnswersError


@transaction.atomic
def save_draft(*, invitation: Invitation, raw: dict[str, Any], page: int) -> None:
    """Keep what an invited respondent has entered so far, with the page they were on."""
    updated = Invitation.objects.filter(pk=invitation.pk, used=False).update(draft={"answers": raw, "page": page})
    if not updated:
        raise AlreadyAnsweredError
