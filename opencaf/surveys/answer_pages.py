"""The respondent's side of a survey, between the HTTP request and the rules: reading what the form
posted, splitting the survey into the pages the respondent sees, and preparing each question for
the template in the respondent's language.

Answers travel with the form: each page carries the answers of the other pages as hidden fields, so
nothing is stored until the respondent submits (an invited respondent may also save a draft).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

from opencaf.surveys.rules import (
    DONT_KNOW,
    TEXT_LIMITS,
    Cleaned,
    Kind,
    Outcome,
    Problem,
    clean_answers,
    visible_questions,
    visible_sections,
)
from opencaf.surveys.selectors import QuestionView, Structure
from opencaf.surveys.texts import text_in

type Raw = dict[str, Any]

FIELD_PREFIX = "q-"


def field_name(code: str, item: str | None = None) -> str:
    return f"{FIELD_PREFIX}{code}" if item is None else f"{FIELD_PREFIX}{code}-{item}"


def raw_from_post(structure: Structure, post: QueryDict | Mapping[str, Any]) -> Raw:
    """What the form posted, per question code, in the shapes rules.clean_answers reads."""
    raw: Raw = {}
    getlist = post.getlist if isinstance(post, QueryDict) else (lambda key: post.get(key) or [])
    for view in structure.questions:
        name = field_name(view.code)
        if view.kind == Kind.MULTIPLE:
            values = [value for value in getlist(name) if isinstance(value, str)]
            if values:
                raw[view.code] = values[:50]
        elif view.kind == Kind.GRID:
            rated = {item.code: post.get(field_name(view.code, item.code), "") for item in view.items}
            rated = {code: value for code, value in rated.items() if isinstance(value, str) and value}
            if rated:
                raw[view.code] = rated
        else:
            value = post.get(name, "")
            if isinstance(value, str) and value != "":
                raw[view.code] = value[: TEXT_LIMITS[Kind.LONG_TEXT] * 2]  # what is longer is refused anyway
    return raw


def hidden_fields(structure: Structure, raw: Raw, skip: set[str]) -> list[tuple[str, str]]:
    """(name, value) pairs carrying the answers of the questions not on this page."""
    pairs: list[tuple[str, str]] = []
    for view in structure.questions:
        if view.code in skip or view.code not in raw:
            continue
        value = raw[view.code]
        if view.kind == Kind.MULTIPLE and isinstance(value, list):
            pairs.extend((field_name(view.code), str(v)) for v in value)
        elif view.kind == Kind.GRID and isinstance(value, dict):
            pairs.extend((field_name(view.code, item), str(v)) for item, v in value.items())
        elif isinstance(value, str):
            pairs.append((field_name(view.code), value))
    return pairs


def decimal_comma(language: str) -> bool:
    """Whether the language writes 3,5 for three and a half (and so 1.500 for fifteen hundred)."""
    return formats.get_format("DECIMAL_SEPARATOR", lang=language) == ","


def typed_answers(structure: Structure, raw: Raw, language: str) -> dict[str, Cleaned]:
    """The valid answers so far, typed: what conditions and page numbers follow (invalid answers
    steer nothing). Worked out once per request and handed to `pages` and `questions_on_page`."""
    if not raw:  # a first visit: nothing typed, so nothing valid (a blank answer is never one)
        return {}
    return clean_answers(structure.spec, raw, decimal_comma=decimal_comma(language)).answers


def pages(structure: Structure, typed: dict[str, Cleaned]) -> list[int]:
    """The indexes of the sections shown, given the typed answers so far."""
    shown = visible_sections(structure.spec, typed)
    return [index for index in shown if structure.sections[index].questions]


def problem_message(view: QuestionView, problem: Problem) -> str:
    question = view.question
    if problem == Problem.REQUIRED:
        return _("Answer this question.")
    if problem == Problem.INCOMPLETE_GRID:
        return _("Rate every statement (choose “Don't know” where you cannot judge).")
    if problem == Problem.TOO_LONG:
        return _("Shorten your answer to at most %(limit)d characters.") % {"limit": TEXT_LIMITS[view.kind]}
    if problem == Problem.NOT_A_NUMBER:
        return _("Write a number, for example 12 or 3.5.")
    if problem == Problem.OUT_OF_RANGE:
        if view.kind == Kind.NUMBER:
            low, high = question.number_min, question.number_max
            if low is not None and high is not None:
                return _("Write a number from %(low)s to %(high)s.") % {"low": _plain(low), "high": _plain(high)}
            if low is not None:
                return _("Write a number of at least %(low)s.") % {"low": _plain(low)}
            if high is not None:
                return _("Write a number of at most %(high)s.") % {"high": _plain(high)}
            return _("This number is too large.")
        return _("Choose one of the values offered.")
    return _("Choose one of the answers offered.")


def _plain(number: Any) -> str:
    """A limit as the respondent's language writes numbers (3,5 in Slovenian), without trailing zeros."""
    return formats.number_format(number.normalize() if hasattr(number, "normalize") else number)


@dataclass
class Choice:
    value: str
    label: str
    checked: bool


@dataclass
class GridRow:
    code: str
    label: str
    name: str
    choices: list[Choice]


@dataclass
class QuestionOnPage:
    """One question as the respondent sees it: texts in their language, their input, any problem."""

    code: str
    kind: str
    name: str
    number: int
    text: str
    help_text: str
    required: bool
    error: str = ""
    choices: list[Choice] = field(default_factory=list)
    rows: list[GridRow] = field(default_factory=list)
    value: str = ""
    low_label: str = ""
    high_label: str = ""
    low_value: int | None = None
    high_value: int | None = None
    max_length: int | None = None


def _scale_choices(view: QuestionView, language: str, languages: list[str], current: object) -> list[Choice]:
    low, high = view.bounds
    choices = [Choice(str(v), str(v), current == str(v)) for v in range(low, high + 1)]
    if view.question.dont_know and view.kind != Kind.NPS:
        choices.append(Choice(DONT_KNOW, _("Don't know"), current == DONT_KNOW))
    return choices


def questions_on_page(
    structure: Structure,
    section_index: int,
    raw: Raw,
    typed: dict[str, Cleaned],
    outcome: Outcome | None,
    language: str,
    first_number: int,
) -> list[QuestionOnPage]:
    languages = structure.survey.languages
    visible = {q.code for q in visible_questions(structure.spec, typed)}
    result = []
    number = first_number
    for view in structure.sections[section_index].questions:
        if view.code not in visible:
            continue
        question = view.question
        current = raw.get(view.code)
        on_page = QuestionOnPage(
            code=view.code,
            kind=view.kind.value,
            name=field_name(view.code),
            number=number,
            text=text_in(question.text, language, languages),
            help_text=text_in(question.help_text, language, languages),
            required=question.required,
            low_label=text_in(question.low_label, language, languages),
            high_label=text_in(question.high_label, language, languages),
            max_length=TEXT_LIMITS.get(view.kind),
        )
        if view.kind in (Kind.RATING, Kind.GRID, Kind.NPS):
            on_page.low_value, on_page.high_value = view.bounds
        number += 1
        if outcome is not None and view.code in outcome.problems:
            on_page.error = problem_message(view, outcome.problems[view.code])
        if view.kind in (Kind.SINGLE, Kind.MULTIPLE):
            chosen = current if isinstance(current, list) else [current]
            on_page.choices = [
                Choice(o.code, text_in(o.text, language, languages), o.code in chosen) for o in view.options
            ]
        elif view.kind in (Kind.RATING, Kind.NPS):
            on_page.choices = _scale_choices(view, language, languages, current)
        elif view.kind == Kind.GRID:
            rated = current if isinstance(current, dict) else {}
            on_page.rows = [
                GridRow(
                    code=item.code,
                    label=text_in(item.text, language, languages),
                    name=field_name(view.code, item.code),
                    choices=_scale_choices(view, language, languages, rated.get(item.code)),
                )
                for item in view.items
            ]
        else:
            on_page.value = current if isinstance(current, str) else ""
        result.append(on_page)
    return result


def page_codes(structure: Structure, section_index: int) -> list[str]:
    return [view.code for view in structure.sections[section_index].questions]
