"""Designing a survey: from a template, the question form's checks, edits refused once answered,
who may design, and the list's bounded queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.surveys import services
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import Question, Survey
from opencaf.surveys.starter_templates import starter_templates
from opencaf.surveys.tests.factories import make_survey, sample_survey


def kwargs(survey: Survey, **extra: Any) -> dict[str, Any]:
    return {"org_id": survey.organisation.public_id, "survey_id": survey.public_id, **extra}


def test_every_shipped_template_loads_and_builds_a_survey_that_can_open(world: Any) -> None:
    assert set(starter_templates()) == {
        "business_survey",
        "citizen_satisfaction",
        "employee_satisfaction",
        "society_perception",
    }
    for code in starter_templates():
        survey = make_survey(world.alice_org, world.alice, languages=("sl", "bg", "en"), template_code=code)
        problems = services.readiness_problems(survey)
        # Only the department breakdown has no options: every organisation names its own units.
        assert all("needs at least two options" in problem for problem in problems), (code, problems)


def test_a_new_survey_from_the_form(world: Any) -> None:
    url = reverse("surveys:new", kwargs={"org_id": world.alice_org.public_id})
    response = client_for(world.alice).post(
        url,
        {
            "title": "Anketa 2027",
            "audience": "citizens",
            "languages": ["sl", "bg"],
            "start": "template:citizen_satisfaction",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert survey.title == {"sl": "Anketa 2027"} and survey.languages == ["sl", "bg"]
    assert survey.questions.count() >= 10
    assert AuditEvent.objects.filter(action="surveys.created").exists()


def test_the_question_form_says_what_is_wrong(world: Any) -> None:
    survey = make_survey(world.alice_org, world.alice)
    url = reverse("surveys:question_new", kwargs=kwargs(survey, position=1))
    response = client_for(world.alice).post(
        url,
        {
            "kind": "single",
            "text_en": "",
            "options_en": "Only one",
            "options_sl": "Samo ena\nDruga",
            "subcriteria": "7,1",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "data-error-summary" in body
    assert "Every language needs the same number of lines" in body
    assert "Write subcriterion codes such as 7.1" in body
    assert not Question.objects.exists()


def test_edits_that_would_change_answers_are_refused_once_open(world: Any) -> None:
    survey = sample_survey(world.alice_org, world.alice)
    question = survey.questions.get(code="q1")  # three options
    url = reverse("surveys:question_edit", kwargs=kwargs(survey, question_id=question.public_id))
    client = client_for(world.alice)
    fewer = {"kind": "single", "text_en": "Channel?", "text_sl": "Kanal?", "options_en": "A\nB", "options_sl": "A\nB"}
    response = client.post(url, fewer)
    assert response.status_code == 422
    assert "Options cannot be removed" in response.content.decode()
    assert question.options.count() == 3
    typo = {
        **fewer,
        "options_en": "In person\nWebsite\nTelephone",
        "options_sl": "Osebno\nSplet\nTelefon",
        "required": "on",
    }
    assert client.post(url, typo).status_code == 302
    assert [o.text["en"] for o in question.options.order_by("position")] == ["In person", "Website", "Telephone"]
    delete = reverse("surveys:question_delete", kwargs=kwargs(survey, question_id=question.public_id))
    client.post(delete)
    assert Question.objects.filter(pk=question.pk).exists()


def test_opening_asks_first_and_refuses_an_unready_survey(world: Any) -> None:
    survey = make_survey(world.alice_org, world.alice)
    url = reverse("surveys:state", kwargs=kwargs(survey, action="open"))
    client = client_for(world.alice)
    page = client.get(url)
    assert "Add at least one question." in page.content.decode()
    assert client.post(url).status_code == 422
    survey.refresh_from_db()
    assert survey.state == "draft"


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.MANAGER, Role.VIEWER])
def test_members_without_a_designing_role_cannot_change_surveys(world: Any, role: str) -> None:
    survey = sample_survey(world.alice_org, world.alice)
    member = UserFactory()
    add_member(world.alice_org, member, role)
    client = client_for(member)
    assert client.get(reverse("surveys:list", kwargs={"org_id": world.alice_org.public_id})).status_code == 200
    for name, extra in (("settings", {}), ("section_new", {}), ("question_new", {"position": 1}), ("invitations", {})):
        assert client.get(reverse(f"surveys:{name}", kwargs=kwargs(survey, **extra))).status_code == 403, name
    assert client.post(reverse("surveys:state", kwargs=kwargs(survey, action="close"))).status_code == 403
    survey.refresh_from_db()
    assert survey.state == "open"


def test_the_survey_list_runs_a_bounded_number_of_queries(world: Any) -> None:
    url = reverse("surveys:list", kwargs={"org_id": world.alice_org.public_id})
    client = client_for(world.alice)
    make_survey(world.alice_org, world.alice)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(5):
        make_survey(world.alice_org, world.alice)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_next_wave_copies_questions_and_conditions(world: Any) -> None:
    survey = sample_survey(world.alice_org, world.alice)
    with transaction.atomic():
        services.change_state(actor=world.alice, survey=survey, action=Action.CLOSE)
    wave = make_survey(world.alice_org, world.alice, copy_from=survey)
    assert wave.previous_wave == survey and wave.state == "draft"
    assert list(wave.questions.values_list("code", flat=True)) == list(survey.questions.values_list("code", flat=True))
    page_two = wave.sections.get(position=2)
    assert page_two.show_if_question.survey == wave and page_two.show_if_values == ["o2"]
