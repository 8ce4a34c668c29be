"""Fixtures the survey tests share."""

from __future__ import annotations

import random
from typing import Any

import pytest

from opencaf.surveys.models import Survey
from opencaf.surveys.rules import DONT_KNOW_ANSWER
from opencaf.surveys.tests.factories import answer, sample_survey


@pytest.fixture
def answered_survey(world: Any) -> Survey:
    """The sample survey answered by 22 people: 13 in person (one "don't know"), 7 on the website and
    2 by phone (a group below the minimum, with a comment naming someone)."""
    survey = sample_survey(world.alice_org, world.alice)
    random.seed(4)
    for _ in range(12):
        answer(survey, "o1", random.choice([3, 4, 5]))
    for _ in range(7):
        answer(survey, "o2", 2)
    for _ in range(2):  # a small group: two people who phoned
        answer(survey, "o3", 1, comment="Nobody answers the phone, ask for Mr Novak")
    answer(survey, "o1", DONT_KNOW_ANSWER)
    return survey
