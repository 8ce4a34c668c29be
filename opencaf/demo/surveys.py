"""Demo surveys (development only; `manage.py seed_demo` seeds them after the report acceptance).

The demo municipality, as its quality representative:

- last year's employee survey ("Anketa o zadovoljstvu zaposlenih 2025"), answered by 120 people of
  ten departments (one of three people, whom the results hide), its written answers reviewed (most
  released, two with a colleague's name taken out, three withheld) and its results published, so
  they are attached as evidence to 7.1 (and 3.1–3.3) of the 2026 self-assessment;
- this year's wave of it, copied from last year's and left as a draft;
- a citizen survey, open for three more weeks, with a public link, 40 responses, printed codes and
  written answers waiting for review (the quality representative's home page lists them);
- a business survey, open, with too few responses for results yet.

The Bulgarian demo municipality has an open citizen survey and business survey in Bulgarian, their
written answers waiting for review.

Everything goes through the survey services, so it is audited as real use; answers are submitted as
cleaned answers (`rules.clean_answers`), as the respondents' pages would submit them. Idempotent,
organisation by organisation: nothing is seeded where its first demo survey already exists.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.demo.assessment_cycles import QUALITY
from opencaf.demo.assessments import MUNICIPALITY, TITLE_CURRENT
from opencaf.demo.guard import DemoError, require_demo_allowed
from opencaf.demo.organisations import BG_MUNICIPALITY, BG_NETWORK, BG_QUALITY, DEMO_NETWORK
from opencaf.demo.survey_content import (
    BG_BUSINESS_TEXTS,
    BG_BUSINESSES,
    BG_CITIZEN_TEXTS,
    BG_CITIZENS,
    BUSINESS_CHOICES,
    BUSINESS_TEXTS,
    BUSINESSES,
    CITIZEN_CHANNELS,
    CITIZEN_CHOICES,
    CITIZEN_TEXTS,
    CITIZENS,
    DEPARTMENTS,
    DONT_KNOW,
    EMPLOYEE_CHOICES,
    EMPLOYEE_TEXTS,
    EMPLOYEES_NEXT,
    EMPLOYEES_PAST,
    NO_DEPARTMENT,
    OFFSETS,
    PENDING,
    REDACT,
    RELEASE,
    WITHHOLD,
    Written,
)
from opencaf.organisations.models import Organisation
from opencaf.surveys import services
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import Survey, TextAnswer
from opencaf.surveys.rules import DONT_KNOW as DONT_KNOW_RAW
from opencaf.surveys.rules import Kind, clean_answers
from opencaf.surveys.selectors import Structure, structure_of
from opencaf.surveys.services.design import QuestionInput
from opencaf.surveys.services.moderation import REDACTION_MARK

if TYPE_CHECKING:
    from opencaf.surveys.selectors import QuestionView

SEED = 2025
EMPLOYEE_SURVEY_DAYS = (date(2025, 9, 22), date(2025, 10, 6), date(2025, 10, 24))  # drafted, opened, closed
EMPLOYEES_IN_ENGLISH = 2  # of the 120; the rest answered in Slovenian


@dataclass
class _Respondent:
    language: str
    department: str = ""  # employees: the department they chose (its Slovenian name)
    given: dict[str, object] = field(default_factory=dict)  # raw answers decided beforehand
    shift: float = 0.0  # how much better or worse than average they feel (their department)
    mood: float | None = None  # their attitude, when a text they wrote says it
    wrote: set[str] = field(default_factory=set)


@dataclass
class _Plan:
    """How one survey's respondents answer."""

    mood: float  # the average attitude on the scale from 1 to 5
    choices: dict[str, list[tuple[str, int]]]
    texts: Sequence[Written]
    multiple: dict[str, float] = field(default_factory=dict)  # option code -> chance of being chosen
    spread: float = 0.55
    skip_grid: float = 0.05  # a whole grid left out
    skip_item: float = 0.03  # a statement of a grid left out


def seed_surveys() -> bool:
    """Create the demo surveys; False when both demo municipalities already have theirs."""
    require_demo_allowed()
    municipality = Organisation.objects.filter(network__name=DEMO_NETWORK, name=MUNICIPALITY).first()
    bulgarian = Organisation.objects.filter(network__name=BG_NETWORK, name=BG_MUNICIPALITY).first()
    if municipality is None or bulgarian is None:
        raise DemoError("The demo organisations are missing: run `manage.py seed_demo` first.")
    created = False
    if not Survey.objects.filter(organisation=municipality, title__sl=EMPLOYEES_PAST["sl"]).exists():
        if not SelfAssessment.objects.filter(organisation=municipality, title=TITLE_CURRENT).exists():
            raise DemoError("The demo self-assessments are missing: seed them first (`opencaf.demo.assessments`).")
        quality = User.objects.get(email=QUALITY)
        with transaction.atomic():
            _employee_surveys(quality, municipality)
            _citizen_survey(quality, municipality)
            _business_survey(quality, municipality)
        created = True
    if not Survey.objects.filter(organisation=bulgarian, title__bg=BG_CITIZENS["bg"]).exists():
        with transaction.atomic():
            _bulgarian_surveys(User.objects.get(email=BG_QUALITY), bulgarian)
        created = True
    return created


# --- the demo municipality ---------------------------------------------------------------------------


def _employee_surveys(quality: User, municipality: Organisation) -> None:
    drafted, opened, closed = EMPLOYEE_SURVEY_DAYS
    survey = services.create_survey(
        actor=quality,
        organisation=municipality,
        title=EMPLOYEES_PAST,
        audience="employees",
        languages=["sl", "en"],
        template_code="employee_satisfaction",
    )
    _fill_departments(quality, survey)
    services.change_state(actor=quality, survey=survey, action=Action.OPEN)
    structure = structure_of(survey)
    department = _question(structure, "q_department")
    codes = {option.text["sl"]: option.code for option in department.options}
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    quota = [(name, shift) for name, _en, count, shift in DEPARTMENTS for _ in range(count)]
    quota += [("", 0.0)] * NO_DEPARTMENT
    rng.shuffle(quota)
    english = set(rng.sample(range(len(quota)), EMPLOYEES_IN_ENGLISH))
    respondents = []
    for index, (name, shift) in enumerate(quota):
        respondent = _Respondent(language="en" if index in english else "sl", department=name, shift=shift)
        respondent.given["q_department"] = codes[name] if name else ""  # "": left unanswered
        respondents.append(respondent)
    plan = _Plan(mood=3.75, choices=EMPLOYEE_CHOICES, texts=EMPLOYEE_TEXTS)
    _answer(rng, survey, structure, plan, respondents)
    services.change_state(actor=quality, survey=survey, action=Action.CLOSE)
    _moderate(quality, survey, EMPLOYEE_TEXTS)
    survey.refresh_from_db()  # the response count, which answering changed in the database
    services.update_settings(
        actor=quality,
        survey=survey,
        title=survey.title,
        introduction=survey.introduction,
        audience=survey.audience,
        languages=survey.languages,
        opens_on=opened,
        closes_on=closed,
        public_link=survey.public_link,
    )
    services.publish_results(actor=quality, survey=survey)
    _backdate(survey, drafted)
    # This year's wave asks the same questions, so its results will compare with last year's.
    services.create_survey(
        actor=quality,
        organisation=municipality,
        title=EMPLOYEES_NEXT,
        audience="employees",
        languages=["sl", "en"],
        copy_from=survey,
    )


def _fill_departments(quality: User, survey: Survey) -> None:
    """The template leaves the department question's options to the organisation: its own departments."""
    question = _question(structure_of(survey), "q_department").question
    services.save_question(
        actor=quality,
        survey=survey,
        section=question.section,
        question=question,
        data=QuestionInput(
            kind=question.kind,
            text=dict(question.text),
            help_text=dict(question.help_text),
            required=question.required,
            breakdown=question.breakdown,
            subcriteria=list(question.subcriteria),
            options=[{"sl": sl, "en": en} for sl, en, _count, _shift in DEPARTMENTS],
        ),
    )


def _citizen_survey(quality: User, municipality: Organisation) -> None:
    today = timezone.localdate()
    survey = _open_survey(
        quality,
        municipality,
        CITIZENS,
        "citizens",
        ["sl", "en"],
        "citizen_satisfaction",
        (today - timedelta(days=12), today + timedelta(days=21)),
    )
    services.create_paper_codes(actor=quality, survey=survey, count=20, language="sl")
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not secrets
    respondents = [_Respondent(language="en" if index in (7, 29) else "sl") for index in range(40)]
    plan = _Plan(mood=3.9, choices=CITIZEN_CHOICES, texts=CITIZEN_TEXTS, multiple=CITIZEN_CHANNELS)
    _answer(rng, survey, structure_of(survey), plan, respondents)
    _moderate(quality, survey, CITIZEN_TEXTS)


def _business_survey(quality: User, municipality: Organisation) -> None:
    today = timezone.localdate()
    survey = _open_survey(
        quality,
        municipality,
        BUSINESSES,
        "businesses",
        ["sl"],
        "business_survey",
        (today - timedelta(days=8), today + timedelta(days=27)),
    )
    rng = random.Random(SEED + 2)  # noqa: S311 - demo data, not secrets
    plan = _Plan(mood=3.5, choices=BUSINESS_CHOICES, texts=BUSINESS_TEXTS)
    _answer(rng, survey, structure_of(survey), plan, [_Respondent(language="sl") for _ in range(4)])


# --- the Bulgarian demo municipality -----------------------------------------------------------------


def _bulgarian_surveys(quality: User, municipality: Organisation) -> None:
    today = timezone.localdate()
    citizens = _open_survey(
        quality,
        municipality,
        BG_CITIZENS,
        "citizens",
        ["bg"],
        "citizen_satisfaction",
        (today - timedelta(days=15), today + timedelta(days=16)),
    )
    rng = random.Random(SEED + 3)  # noqa: S311 - demo data, not secrets
    plan = _Plan(mood=3.6, choices=CITIZEN_CHOICES, texts=BG_CITIZEN_TEXTS, multiple=CITIZEN_CHANNELS)
    _answer(rng, citizens, structure_of(citizens), plan, [_Respondent(language="bg") for _ in range(30)])
    businesses = _open_survey(
        quality,
        municipality,
        BG_BUSINESSES,
        "businesses",
        ["bg"],
        "business_survey",
        (today - timedelta(days=15), today + timedelta(days=16)),
    )
    rng = random.Random(SEED + 4)  # noqa: S311 - demo data, not secrets
    plan = _Plan(mood=3.3, choices=BUSINESS_CHOICES, texts=BG_BUSINESS_TEXTS)
    _answer(rng, businesses, structure_of(businesses), plan, [_Respondent(language="bg") for _ in range(8)])


# --- building blocks --------------------------------------------------------------------------------


def _open_survey(
    quality: User,
    organisation: Organisation,
    title: dict[str, str],
    audience: str,
    languages: list[str],
    template: str,
    dates: tuple[date, date],
) -> Survey:
    """A survey from a shipped template, open between the dates, with its public link on."""
    survey = services.create_survey(
        actor=quality,
        organisation=organisation,
        title=title,
        audience=audience,
        languages=languages,
        template_code=template,
    )
    services.update_settings(
        actor=quality,
        survey=survey,
        title=survey.title,
        introduction=survey.introduction,
        audience=audience,
        languages=languages,
        opens_on=dates[0],
        closes_on=dates[1],
        public_link=True,
    )
    services.change_state(actor=quality, survey=survey, action=Action.OPEN)
    _backdate(survey, dates[0] - timedelta(days=4))
    return survey


def _question(structure: Structure, code: str) -> QuestionView:
    view = structure.question(code)
    if view is None:
        raise DemoError(f"The survey template has no question {code!r}.")
    return view


def _answer(
    rng: random.Random,
    survey: Survey,
    structure: Structure,
    plan: _Plan,
    respondents: list[_Respondent],
) -> None:
    """Hand the plan's texts to respondents (those of the right department, if a text says so), then
    submit everyone's answers as the respondents' pages would: cleaned, with hidden questions dropped."""
    for written in plan.texts:
        candidates = [
            respondent
            for respondent in respondents
            if respondent.language == survey.languages[0]
            and written.question not in respondent.wrote
            and written.department in ("", respondent.department)
        ]
        if not candidates:
            raise DemoError(f"No demo respondent left to write {written.text!r}.")
        writer = rng.choice(candidates)
        writer.wrote.add(written.question)
        writer.given.update(written.answers)
        writer.given[written.question] = written.text
        if written.mood is not None:
            writer.mood = written.mood
    for respondent in respondents:
        raw = _raw(rng, structure, plan, respondent)
        outcome = clean_answers(structure.spec, raw)
        missing = sorted(code for code in respondent.wrote if code not in outcome.answers)
        if not outcome.valid or missing:
            raise DemoError(f"Demo answers do not fit the survey: {outcome.problems or missing}.")
        services.submit_response(
            survey=survey, structure=structure, language=respondent.language, answers=outcome.answers
        )


def _raw(rng: random.Random, structure: Structure, plan: _Plan, respondent: _Respondent) -> dict[str, object]:
    """What one respondent enters, question by question, as the answer form would post it."""
    mood = respondent.mood if respondent.mood is not None else rng.gauss(plan.mood + respondent.shift, plan.spread)
    raw: dict[str, object] = {}
    for view in structure.questions:
        code, kind = view.code, view.kind
        if code in respondent.given:
            raw[code] = respondent.given[code]
        elif kind == Kind.SINGLE:
            weights = plan.choices.get(code) or [(option.code, 1) for option in view.options]
            value = rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]
            if value:
                raw[code] = value
        elif kind == Kind.MULTIPLE:
            chosen = [option.code for option in view.options if rng.random() < plan.multiple.get(option.code, 0.2)]
            raw[code] = chosen or [view.options[0].code]
        elif kind == Kind.RATING:
            raw[code] = _rating(rng, mood + OFFSETS.get(code, 0.0), view, DONT_KNOW.get(code, 0.04))
        elif kind == Kind.GRID and rng.random() >= plan.skip_grid:
            raw[code] = {
                item.code: _rating(rng, mood + OFFSETS.get(item.code, 0.0), view, DONT_KNOW.get(item.code, 0.04))
                for item in view.items
                if rng.random() >= plan.skip_item
            }
        elif kind == Kind.NPS:
            raw[code] = str(min(10, max(0, round(rng.gauss(2.5 * mood - 2, 1.3)))))
    return raw


def _rating(rng: random.Random, centre: float, view: QuestionView, dont_know: float) -> str:
    question = view.question
    if question.dont_know and rng.random() < dont_know:
        return DONT_KNOW_RAW
    low, high = question.scale_min or 1, question.scale_max or 5
    return str(min(high, max(low, round(rng.gauss(centre, 0.75)))))


def _moderate(quality: User, survey: Survey, texts: Sequence[Written]) -> None:
    """The quality representative's review: release, take a name out, or withhold, as planned."""
    plans = {written.text: written for written in texts}
    for answer in TextAnswer.objects.filter(question__survey=survey).select_related("question").order_by("text"):
        written = plans[answer.text]
        if written.decision == PENDING:
            continue
        if written.decision not in (RELEASE, REDACT, WITHHOLD):
            raise DemoError(f"Unknown review decision {written.decision!r}.")
        released = answer.text.replace(written.name, REDACTION_MARK) if written.decision == REDACT else ""
        services.moderate_text(
            actor=quality, survey=survey, answer=answer, release=written.decision != WITHHOLD, released_text=released
        )


def _backdate(survey: Survey, day: date) -> None:
    """The services stamp "now"; a survey drafted earlier gets its day back."""
    Survey.objects.filter(pk=survey.pk).update(created_at=timezone.make_aware(datetime.combine(day, time(9, 0))))
