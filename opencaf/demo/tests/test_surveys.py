"""The demo surveys: last year's employee survey published as evidence, this year's wave, the open
citizen and business surveys, and the Bulgarian municipality's surveys in Bulgarian."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import client_for
from opencaf.accounts.models import User
from opencaf.assessments.models import EvidenceLink
from opencaf.audit.models import AuditEvent
from opencaf.demo.assessments import MUNICIPALITY, TITLE_CURRENT, seed_assessments
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import BG_MUNICIPALITY, BG_QUALITY, PEOPLE, seed_organisations
from opencaf.demo.survey_content import (
    BG_BUSINESSES,
    BG_CITIZENS,
    BUSINESSES,
    CITIZENS,
    DEPARTMENTS,
    EMPLOYEES_NEXT,
    EMPLOYEES_PAST,
    SMALL_DEPARTMENT,
)
from opencaf.demo.surveys import seed_surveys
from opencaf.evidence.models import EvidenceItem
from opencaf.surveys.models import Answer, Invitation, Response, Survey, TextAnswer, TextStatus
from opencaf.surveys.results import results_of
from opencaf.surveys.todo import survey_items

CYRILLIC = re.compile("[а-яА-Я]")


@pytest.fixture
def seeded(db: None) -> None:
    """The layers the surveys need (organisations, self-assessments), then the surveys: a few seconds."""
    call_command("load_frameworks", verbosity=0)
    seed_organisations()
    seed_assessments()
    assert seed_surveys()


def _survey(organisation: str, title: dict[str, str]) -> Survey:
    language = next(iter(title))
    return Survey.objects.get(organisation__name=organisation, **{f"title__{language}": title[language]})


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Survey, Response, Answer, TextAnswer, Invitation, EvidenceItem, EvidenceLink, AuditEvent)
    )


def _url(name: str, survey: Survey) -> str:
    return reverse(name, kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id})


def test_last_years_employee_survey_is_published_as_evidence(seeded: None) -> None:
    survey = _survey(MUNICIPALITY, EMPLOYEES_PAST)
    assert survey.state == "published" and survey.template_code == "employee_satisfaction"
    assert survey.languages == ["sl", "en"] and survey.response_count == Response.objects.filter(survey=survey).count()
    assert 110 <= survey.response_count <= 130
    assert survey.opens_on.year == survey.closes_on.year == survey.created_at.year == 2025

    # The department question lists the municipality's own departments, in Slovenian and English.
    department = survey.questions.get(code="q_department")
    options = list(department.options.order_by("position"))
    assert [option.text["sl"] for option in options] == [name for name, *_ in DEPARTMENTS]
    assert all(option.text.get("en") for option in options)
    assert {name for name, *_ in DEPARTMENTS} <= {person[4] for person in PEOPLE if person[2] == "municipality"}

    # Ratings mostly 3 to 5, a few lower, some "don't know"; some people left a grid or a breakdown out.
    ratings = Answer.objects.filter(question__survey=survey, question__kind__in=["grid", "rating"])
    values = [int(value) for value in ratings.filter(dont_know=False).values_list("value", flat=True)]
    assert set(values) == {1, 2, 3, 4, 5} and ratings.filter(dont_know=True).exists()
    assert 0.05 * len(values) < sum(1 for value in values if value <= 2) < 0.35 * len(values)
    overall = ratings.filter(question__code="q_overall_satisfaction", dont_know=False)
    assert overall.filter(value__lte=2).exists() and overall.filter(value=5).exists()
    assert department.answers.count() < survey.response_count
    grid = Answer.objects.filter(question__survey=survey, question__code="q_development")
    assert grid.values("response").distinct().count() < survey.response_count

    # Every written answer reviewed: most released, two with a name taken out, three withheld.
    texts = TextAnswer.objects.filter(question__survey=survey)
    assert 20 <= texts.count() <= 30 and not texts.filter(status=TextStatus.PENDING).exists()
    assert texts.filter(status=TextStatus.WITHHELD).count() == 3
    redacted = [text for text in texts.filter(status=TextStatus.RELEASED) if text.released_text != text.text]
    assert len(redacted) == 2 and all("[…]" in text.released_text for text in redacted)

    # Published: the results are evidence for 7.1 (and 3.1, 3.2, 3.3) in the 2026 self-assessment.
    links = EvidenceLink.objects.filter(evidence__url__endswith=_url("surveys:results", survey))
    assert {link.assessment.title for link in links} == {TITLE_CURRENT}
    assert {link.subcriterion.code for link in links} == {"3.1", "3.2", "3.3", "7.1"}

    # The gate hides the department of three people (and another group, so no subtraction finds them).
    small = department.options.get(text__sl=SMALL_DEPARTMENT)
    assert Answer.objects.filter(option=small).count() == 3
    results = results_of(survey, ["q_department"])
    people = {group.key: group.people for group in results.groups}
    assert people[(small.code,)] is None and results.figures["q_overall_satisfaction"][(small.code,)] is None
    assert sum(1 for count in people.values() if count is None) >= 2
    assert sum(1 for count in people.values() if count is not None) >= 6
    page = client_for(User.objects.get(email="viewer@example.org")).get(
        _url("surveys:results", survey) + "?by=q_department"
    )
    assert page.status_code == 200 and SMALL_DEPARTMENT in page.content.decode()

    # This year's wave: a draft with the same questions, compared with last year's once answered.
    wave = _survey(MUNICIPALITY, EMPLOYEES_NEXT)
    assert wave.state == "draft" and wave.previous_wave == survey
    assert set(wave.questions.values_list("code", flat=True)) == set(survey.questions.values_list("code", flat=True))
    assert wave.questions.get(code="q_department").options.count() == len(DEPARTMENTS)


def test_the_open_surveys_of_the_municipality_and_a_second_run(seeded: None) -> None:
    quality = User.objects.get(email="quality@example.org")
    citizens = _survey(MUNICIPALITY, CITIZENS)
    assert citizens.state == "open" and citizens.public_link and 35 <= citizens.response_count <= 45
    assert citizens.opens_on is not None and citizens.opens_on <= timezone.localdate()
    assert citizens.closes_on is not None and 14 <= (citizens.closes_on - timezone.localdate()).days <= 28
    response = Client().get(reverse("surveys:public", kwargs={"link_key": citizens.link_key}) + "?lang=sl")
    assert response.status_code == 200 and CITIZENS["sl"] in response.content.decode()
    codes = Invitation.objects.filter(survey=citizens, kind="paper")
    assert codes.count() == 20 and set(codes.values_list("language", "batch")) == {("sl", 1)}
    assert results_of(citizens).shown

    # Written answers waiting for review: the quality representative's home page says so.
    assert TextAnswer.objects.filter(question__survey=citizens, status=TextStatus.PENDING).count() >= 3
    assert TextAnswer.objects.filter(question__survey=citizens, status=TextStatus.RELEASED).exists()
    assert _url("surveys:moderation", citizens) in {item.url for item in survey_items(quality)}
    assert _url("surveys:moderation", citizens) in client_for(quality).get("/").content.decode()

    businesses = _survey(MUNICIPALITY, BUSINESSES)
    assert businesses.state == "open" and businesses.languages == ["sl"] and 0 < businesses.response_count < 5
    assert not results_of(businesses).shown
    page = client_for(quality).get(_url("surveys:results", businesses))
    with translation.override(quality.language):
        not_yet = gettext("Results appear once at least %(minimum)s people have answered.") % {"minimum": 5}
    assert page.status_code == 200 and not_yet in page.content.decode()

    # A second run changes nothing.
    before = _counts()
    assert not seed_organisations()
    assert not seed_surveys()
    assert _counts() == before
    assert Survey.objects.count() == 6


def test_the_bulgarian_surveys_are_in_bulgarian(seeded: None) -> None:
    quality = User.objects.get(email=BG_QUALITY)
    assert quality.language == "bg" and quality.full_name == "Мария Иванова"
    citizens = _survey(BG_MUNICIPALITY, BG_CITIZENS)
    businesses = _survey(BG_MUNICIPALITY, BG_BUSINESSES)
    assert citizens.organisation.default_language == "bg" and citizens.organisation.network.country == "BG"
    for survey, low, high in ((citizens, 25, 35), (businesses, 6, 10)):
        assert survey.state == "open" and survey.languages == ["bg"], survey
        assert low <= survey.response_count <= high
        assert set(Response.objects.filter(survey=survey).values_list("language", flat=True)) == {"bg"}
        assert CYRILLIC.search(survey.questions.get(code="q_overall_satisfaction").text["bg"])
        texts = TextAnswer.objects.filter(question__survey=survey)
        assert texts.exists() and all(CYRILLIC.search(text.text) for text in texts)
        assert {text.status for text in texts} == {TextStatus.PENDING}
    assert _url("surveys:moderation", citizens) in {item.url for item in survey_items(quality)}
    assert client_for(quality).get(_url("surveys:results", citizens)).status_code == 200
    public = Client().get(reverse("surveys:public", kwargs={"link_key": citizens.link_key}))
    assert public.status_code == 200 and BG_CITIZENS["bg"] in public.content.decode()


def test_needs_the_self_assessments(db: None) -> None:
    seed_organisations()
    with pytest.raises(DemoError, match="self-assessments"):
        seed_surveys()
    assert not Survey.objects.exists()


def test_refused_outside_development(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoError, match="DEBUG"):
        seed_surveys()
