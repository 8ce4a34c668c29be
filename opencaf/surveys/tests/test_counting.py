"""The counting statement (services/counting.py) is written out: these tests hold it to the lifecycle
rule it carries and to the link and version it checks, and hold `store_counted` to writing a
response's rows exactly when it counts it, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
import itertools
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from opencaf.surveys.lifecycle import State, accepts_answers
from opencaf.surveys.models import Answer, Response, Survey, TextAnswer
from opencaf.surveys.services.counting import Table, count_response, store_counted
from opencaf.surveys.tests.factories import sample_survey

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def survey(world: Any) -> Survey:
    return sample_survey(world.alice_org, world.alice)


def _count(survey: Survey) -> int:
    return Survey.objects.values_list("response_count", flat=True).get(pk=survey.pk)


def test_it_counts_exactly_when_the_lifecycle_rule_accepts_answers(survey: Survey) -> None:
    """Every state, and every opening and closing date before, on and after today, or none: counted
    (by one) exactly when lifecycle.accepts_answers() says the survey takes answers."""
    dates = [None, TODAY - DAY, TODAY, TODAY + DAY]
    for state, opens_on, closes_on in itertools.product(State, dates, dates):
        Survey.objects.filter(pk=survey.pk).update(state=state.value, opens_on=opens_on, closes_on=closes_on)
        before = _count(survey)
        counted = count_response(survey, TODAY)
        expected = accepts_answers(state, opens_on, closes_on, TODAY)
        assert counted == expected, (state, opens_on, closes_on)
        assert _count(survey) == before + expected, (state, opens_on, closes_on)


def test_through_the_link_it_counts_only_while_the_link_and_the_questions_are_as_read(survey: Survey) -> None:
    survey.refresh_from_db()
    link, version = survey.link_key, survey.version
    assert link
    assert count_response(survey, TODAY, through_link=link)
    assert not count_response(survey, TODAY, through_link=link + "x")  # a key renewed meanwhile

    Survey.objects.filter(pk=survey.pk).update(version=version + 1)  # questions changed meanwhile
    assert not count_response(survey, TODAY, through_link=link)
    survey.version = version + 1
    assert count_response(survey, TODAY, through_link=link)

    Survey.objects.filter(pk=survey.pk).update(public_link=False)  # link switched off meanwhile
    assert not count_response(survey, TODAY, through_link=link)
    assert count_response(survey, TODAY)  # an invited respondent is still counted
    assert _count(survey) == 3


def test_another_survey_is_left_alone(survey: Survey, world: Any) -> None:
    other = sample_survey(world.alice_org, world.alice)
    assert count_response(survey, TODAY)
    assert (_count(survey), _count(other)) == (1, 0)


# --- store_counted: the rows are written exactly when the response is counted ---------------------


def _rows_of_one_response(survey: Survey) -> list[Table]:
    """A response with a rating, a don't-know and a free text, as answering.submit_response builds it."""
    response_id = uuid.uuid4()
    rating = survey.questions.get(code="q2")
    comment = survey.questions.get(kind="long_text")
    answer = {"question_id": rating.pk, "option_id": None, "item_id": None}
    of_response = {"response_id": response_id}
    return [
        Table(Response, [{"id": response_id, "survey_id": survey.pk, "language": "en"}]),
        Table(
            Answer,
            [{**answer, "value": Decimal(4), "dont_know": False}, {**answer, "value": None, "dont_know": True}],
            shared=of_response,
        ),
        Table(TextAnswer, [{"question_id": comment.pk, "text": "Hvala, 'да' & <ok>"}], shared=of_response),
    ]


def _stored(survey: Survey) -> tuple[int, int, int]:
    return (
        Response.objects.filter(survey=survey).count(),
        Answer.objects.filter(question__survey=survey).count(),
        TextAnswer.objects.filter(question__survey=survey).count(),
    )


def test_a_response_is_stored_exactly_when_it_is_counted(survey: Survey) -> None:
    """Every state and every opening and closing date: all rows and the count, or nothing at all."""
    dates = [None, TODAY - DAY, TODAY + DAY]
    expected_rows = (0, 0, 0)
    for state, opens_on, closes_on in itertools.product(State, dates, dates):
        Survey.objects.filter(pk=survey.pk).update(state=state.value, opens_on=opens_on, closes_on=closes_on)
        before = _count(survey)
        with transaction.atomic():
            stored = store_counted(survey, TODAY, _rows_of_one_response(survey))
        accepted = accepts_answers(state, opens_on, closes_on, TODAY)
        assert stored == accepted, (state, opens_on, closes_on)
        if accepted:
            expected_rows = (expected_rows[0] + 1, expected_rows[1] + 2, expected_rows[2] + 1)
        assert _stored(survey) == expected_rows, (state, opens_on, closes_on)
        assert _count(survey) == before + accepted
    assert expected_rows[0] > 1  # both outcomes were tried


def test_answers_through_a_renewed_link_are_not_stored(survey: Survey) -> None:
    survey.refresh_from_db()
    link = survey.link_key
    assert link
    assert not store_counted(survey, TODAY, _rows_of_one_response(survey), through_link=link + "x")
    assert _stored(survey) == (0, 0, 0) and _count(survey) == 0
    assert store_counted(survey, TODAY, _rows_of_one_response(survey), through_link=link)
    assert _stored(survey) == (1, 2, 1) and _count(survey) == 1
    stored_text = TextAnswer.objects.get(question__survey=survey)
    assert (stored_text.text, stored_text.status, stored_text.released_text) == ("Hvala, 'да' & <ok>", "pending", "")


def test_a_response_without_free_text_stores_its_values(survey: Survey) -> None:
    tables = [table for table in _rows_of_one_response(survey) if table.model is not TextAnswer]
    assert store_counted(survey, TODAY, [*tables, Table(TextAnswer, [])])
    assert _stored(survey) == (1, 2, 0)
