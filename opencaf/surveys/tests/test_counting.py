"""The counting statement (services/counting.py) is written out: these tests hold it to the lifecycle
rule it carries and to the link and version it checks, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

from opencaf.surveys.lifecycle import State, accepts_answers
from opencaf.surveys.models import Survey
from opencaf.surveys.services.counting import count_response
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
