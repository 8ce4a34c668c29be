"""Reads of surveys, scoped to what the caller may see."""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from opencaf.organisations.models import Organisation
from opencaf.surveys.models import Invitation, Option, Question, Section, SummaryDocument, Survey
from opencaf.surveys.rules import Condition, Kind, QuestionSpec, SectionSpec, SurveySpec


def surveys_of(organisation: Organisation) -> QuerySet[Survey]:
    return Survey.objects.filter(organisation=organisation).select_related("previous_wave")


@dataclass
class QuestionView:
    """A question with its choices and grid items, ready for a form or a results table."""

    question: Question
    options: list[Option] = field(default_factory=list)
    items: list[Option] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def kind(self) -> Kind:
        return Kind(self.question.kind)

    @property
    def bounds(self) -> tuple[int, int]:
        """The lowest and highest value a rating, grid or NPS question offers: the same the rules
        accept, so a page never offers a value the answer check refuses (a 0-10 scale stays 0-10)."""
        return self.spec({}).bounds

    def spec(self, codes_by_pk: dict[int, str]) -> QuestionSpec:
        q = self.question
        scale = None
        if q.kind in (Kind.RATING, Kind.GRID) and q.scale_min is not None and q.scale_max is not None:
            scale = (q.scale_min, q.scale_max)
        return QuestionSpec(
            code=q.code,
            kind=Kind(q.kind),
            required=q.required,
            options=tuple(option.code for option in self.options),
            items=tuple(item.code for item in self.items),
            scale=scale,
            dont_know=q.dont_know,
            number_range=(q.number_min, q.number_max),
            show_if=_condition(q.show_if_question_id, q.show_if_values, codes_by_pk),
        )


@dataclass
class SectionView:
    section: Section
    questions: list[QuestionView]


@dataclass
class Structure:
    """A survey's sections and questions in order, with the rules' view of them (`spec`)."""

    survey: Survey
    sections: list[SectionView]
    spec: SurveySpec

    @property
    def questions(self) -> list[QuestionView]:
        return [question for section in self.sections for question in section.questions]

    def question(self, code: str) -> QuestionView | None:
        return next((q for q in self.questions if q.code == code), None)


def _condition(question_id: int | None, values: Any, codes_by_pk: dict[int, str]) -> Condition | None:
    if question_id is None or question_id not in codes_by_pk:
        return None
    return Condition(question=codes_by_pk[question_id], values=frozenset(str(v) for v in values or []))


# Respondents' pages read a survey's structure on every step; it changes only through the design
# services, which bump Survey.version. So they share one copy per process and version (read-only).
_RESPONDENT_CACHE: dict[tuple[int, int], Structure] = {}
_RESPONDENT_CACHE_SIZE = 64


def structure_for_respondents(survey: Survey) -> Structure:
    """structure_of(), kept per process for the survey's current version: the answer pages only read
    it. Designers' pages read the database each time (tests and scripts may change rows directly)."""
    key = (survey.pk, survey.version)
    structure = _RESPONDENT_CACHE.get(key)
    if structure is None:
        if len(_RESPONDENT_CACHE) >= _RESPONDENT_CACHE_SIZE:
            _RESPONDENT_CACHE.clear()
        structure = _RESPONDENT_CACHE[key] = structure_of(survey)
    # This request's row (its state, dates and languages), not the one the copy was first built with.
    return replace(structure, survey=survey)


def forget_respondent_structures() -> None:
    _RESPONDENT_CACHE.clear()


def structure_of(survey: Survey) -> Structure:
    """The survey's sections, questions, options and items in three queries."""
    sections = list(Section.objects.filter(survey=survey).order_by("position", "id"))
    questions = list(
        Question.objects.filter(survey=survey)
        .order_by("section__position", "position", "id")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "id")))
    )
    codes_by_pk = {question.pk: question.code for question in questions}
    views: dict[int, list[QuestionView]] = {section.pk: [] for section in sections}
    for question in questions:
        options = list(question.options.all())
        views[question.section_id].append(
            QuestionView(
                question=question,
                options=[o for o in options if not o.is_item],
                items=[o for o in options if o.is_item],
            )
        )
    section_views = [SectionView(section=section, questions=views[section.pk]) for section in sections]
    spec = SurveySpec(
        tuple(
            SectionSpec(
                questions=tuple(q.spec(codes_by_pk) for q in view.questions),
                show_if=_condition(view.section.show_if_question_id, view.section.show_if_values, codes_by_pk),
            )
            for view in section_views
        )
    )
    return Structure(survey=survey, sections=section_views, spec=spec)


def invitation_counts(survey: Survey) -> dict[str, int]:
    """How many were invited and how many of them have answered (for the response rate)."""
    return Invitation.objects.filter(survey=survey).aggregate(total=Count("id"), used=Count("id", filter=Q(used=True)))


def latest_summaries(survey: Survey, limit: int = 10) -> list[SummaryDocument]:
    return list(SummaryDocument.objects.filter(survey=survey).order_by("-requested_at")[:limit])


# What the respondents' pages read of a survey, its organisation and network (the anonymity minimum).
RESPONDENT_FIELDS = (
    "public_id", "title", "introduction", "languages", "opens_on", "closes_on", "state", "link_key",
    "public_link", "version", "organisation__name", "organisation__network__anonymity_minimum",
)  # fmt: skip


# The pages a respondent opens by link (a survey's first page, its thank-you page) read the survey on
# every visit, and after a poster or a newsletter thousands open them within minutes. Visits share one
# read per process for VISIT_SNAPSHOT_SECONDS: a change made through the services clears it at once in
# their own process, one made in another process shows within that time. Answers never rely on it:
# sending them reads the survey afresh, and storing them checks its state again in the database.
VISIT_SNAPSHOT_SECONDS = 2.0
_VISIT_SNAPSHOTS: dict[tuple[str, bool], tuple[float, Survey]] = {}
_VISIT_SNAPSHOTS_SIZE = 256


def survey_for_visit(link_key: str, *, answerable: bool = True) -> Survey | None:
    """survey_by_link() for a page a respondent opens (not for answers sent), read at most once per
    process every VISIT_SNAPSHOT_SECONDS. Each caller gets its own copy of the row."""
    key = (link_key, answerable)
    now = time.monotonic()
    kept = _VISIT_SNAPSHOTS.get(key)
    if kept is not None and now - kept[0] < VISIT_SNAPSHOT_SECONDS:
        return copy.copy(kept[1])
    survey = survey_by_link(link_key, answerable=answerable)
    if survey is not None:  # an unknown link is looked up each time: it may be about to open
        if len(_VISIT_SNAPSHOTS) >= _VISIT_SNAPSHOTS_SIZE:
            _VISIT_SNAPSHOTS.clear()
        _VISIT_SNAPSHOTS[key] = (now, copy.copy(survey))
    return survey


def forget_visit_snapshots() -> None:
    """After a change to a survey (its state, dates, link, texts or questions): visitors in this
    process see it at once."""
    _VISIT_SNAPSHOTS.clear()


def survey_by_link(link_key: str, *, answerable: bool = True) -> Survey | None:
    """The survey behind a public link (`answerable`: only while the link is switched on). Reads only
    what the respondents' pages show: it runs on every page a respondent opens and every answer sent."""
    surveys = Survey.objects.filter(link_key=link_key)
    if answerable:
        surveys = surveys.filter(public_link=True)
    found = surveys.select_related("organisation__network").only(*RESPONDENT_FIELDS).order_by()[:1]
    return next(iter(found), None)
