"""Surveys for tests: a small survey with one question of each kind, built through the services."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opencaf.accounts.models import User
from opencaf.organisations.models import Organisation
from opencaf.surveys import services
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import Section, Survey
from opencaf.surveys.selectors import structure_of
from opencaf.surveys.services.design import QuestionInput


def texts(text: str, languages: tuple[str, ...] = ("en", "sl")) -> dict[str, str]:
    return {code: f"{text} [{code}]" if code != "en" else text for code in languages}


def make_survey(
    organisation: Organisation, actor: User, *, languages: tuple[str, ...] = ("en", "sl"), **kwargs: Any
) -> Survey:
    with transaction.atomic():
        return services.create_survey(
            actor=actor,
            organisation=organisation,
            title=texts("Citizen survey", languages),
            audience=kwargs.pop("audience", "citizens"),
            languages=list(languages),
            **kwargs,
        )


def add_question(survey: Survey, actor: User, *, page: int = 1, **fields: Any) -> Any:
    section = Section.objects.get(survey=survey, position=page)
    languages = tuple(survey.languages)
    data = QuestionInput(kind=fields.pop("kind"), text=texts(fields.pop("text", "A question"), languages), **fields)
    with transaction.atomic():
        return services.save_question(actor=actor, survey=survey, section=section, data=data)


def sample_survey(organisation: Organisation, actor: User, *, open_it: bool = True) -> Survey:
    """Page 1: channel (single, breakdown), satisfaction (rating), ease (grid); page 2 shown only to
    those who used the website: e-services (rating); page 3: NPS, visits (number), comment (long text)."""
    survey = make_survey(organisation, actor)
    languages = tuple(survey.languages)
    add_question(
        survey, actor, kind="single", text="Which channel did you use?", breakdown="channel", required=True,
        options=[texts("In person", languages), texts("Website", languages), texts("Phone", languages)],
    )  # fmt: skip
    add_question(
        survey, actor, kind="rating", text="How satisfied are you?", scale=(1, 5), dont_know=True, required=True
    )
    add_question(
        survey, actor, kind="grid", text="How easy was it?", scale=(1, 5), dont_know=True,
        items=[texts("Finding information", languages), texts("Filling in forms", languages)],
    )  # fmt: skip
    with transaction.atomic():
        services.add_section(actor=actor, survey=survey, title=texts("Online services", languages))
        services.add_section(actor=actor, survey=survey, title=texts("Last questions", languages))
    channel = survey.questions.get(code="q1")
    add_question(survey, actor, page=2, kind="rating", text="How good are the e-services?", scale=(1, 5))
    page_two = Section.objects.get(survey=survey, position=2)
    page_two.show_if_question, page_two.show_if_values = channel, ["o2"]
    page_two.save()
    add_question(survey, actor, page=3, kind="nps", text="Would you recommend us?")
    add_question(survey, actor, page=3, kind="number", text="How many visits this year?", number_min=0, number_max=365)
    add_question(survey, actor, page=3, kind="long_text", text="What should we improve?")
    if open_it:
        with transaction.atomic():
            services.change_state(actor=actor, survey=survey, action=Action.OPEN)
        survey.refresh_from_db()
    return survey


def answer(survey: Survey, channel: str, satisfaction: Any, comment: str = "", nps: int = 9) -> None:
    """One response to the sample survey: a channel, a satisfaction rating (or don't know), the NPS
    and an optional comment."""
    answers: dict[str, Any] = {"q1": channel, "q2": satisfaction, "q5": nps}
    if comment:
        answers["q7"] = comment
    services.submit_response(survey=survey, structure=structure_of(survey), language="en", answers=answers)
