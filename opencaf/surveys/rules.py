"""What a survey's questions accept, which of them a respondent sees, and which edits a survey with
answers can still take. Free of Django: the views translate the problem codes into messages.

A respondent's raw input is what the form posted, per question code: an option code (single choice),
a list of option codes (multiple choice), a number as text (rating, NPS, number; "dk" for "don't
know"), a mapping of item code to such a text (grid), or text. `clean_answers` turns it into typed
answers, checked against the questions, with the answers to questions the respondent did not see
dropped: a condition that hides a question also discards what was typed into it before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final


class Kind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    RATING = "rating"
    GRID = "grid"
    NUMBER = "number"
    NPS = "nps"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"


CHOICE_KINDS: Final = frozenset({Kind.SINGLE, Kind.MULTIPLE})
SCALE_KINDS: Final = frozenset({Kind.RATING, Kind.GRID})
TEXT_KINDS: Final = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})
TEXT_LIMITS: Final = {Kind.SHORT_TEXT: 300, Kind.LONG_TEXT: 5000}
DONT_KNOW: Final = "dk"  # what the form posts for "don't know"; cleaned answers carry DontKnow
NPS_RANGE: Final = (0, 10)
DEFAULT_SCALE: Final = (1, 5)


class DontKnow:
    """The "don't know" answer: a value of its own, never confused with a number."""

    _instance: DontKnow | None = None

    def __new__(cls) -> DontKnow:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DONT_KNOW_ANSWER"


DONT_KNOW_ANSWER: Final = DontKnow()

type Scalar = int | DontKnow
type Cleaned = str | tuple[str, ...] | Scalar | dict[str, Scalar] | Decimal


class Problem(StrEnum):
    REQUIRED = "required"
    UNKNOWN_OPTION = "unknown_option"
    OUT_OF_RANGE = "out_of_range"
    NOT_A_NUMBER = "not_a_number"
    TOO_LONG = "too_long"
    INCOMPLETE_GRID = "incomplete_grid"


@dataclass(frozen=True)
class Condition:
    """Shown only when the earlier question `question` was answered with one of `values`."""

    question: str
    values: frozenset[str]


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    kind: Kind
    required: bool = False
    options: tuple[str, ...] = ()  # option codes of a choice question
    items: tuple[str, ...] = ()  # item codes of a grid
    scale: tuple[int, int] | None = None  # (lowest, highest) of a rating or grid
    dont_know: bool = False
    number_range: tuple[Decimal | None, Decimal | None] = (None, None)
    show_if: Condition | None = None

    @property
    def bounds(self) -> tuple[int, int]:
        if self.kind == Kind.NPS:
            return NPS_RANGE
        return self.scale or DEFAULT_SCALE


@dataclass(frozen=True)
class SectionSpec:
    questions: tuple[QuestionSpec, ...]
    show_if: Condition | None = None


@dataclass(frozen=True)
class SurveySpec:
    sections: tuple[SectionSpec, ...]

    @property
    def questions(self) -> list[QuestionSpec]:
        return [question for section in self.sections for question in section.questions]


@dataclass
class Outcome:
    answers: dict[str, Cleaned] = field(default_factory=dict)
    problems: dict[str, Problem] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems


# --- conditions -----------------------------------------------------------------------------------


def condition_met(condition: Condition | None, answers: Mapping[str, Cleaned]) -> bool:
    if condition is None:
        return True
    answer = answers.get(condition.question)
    if answer is None or isinstance(answer, DontKnow):
        return False
    if isinstance(answer, tuple):
        return any(code in condition.values for code in answer)
    if isinstance(answer, (str, int)):
        return str(answer) in condition.values
    return False


def visible_sections(spec: SurveySpec, answers: Mapping[str, Cleaned]) -> list[int]:
    """The indexes of the sections the respondent sees, given the answers so far. Like
    `visible_questions`, a condition reads only answers to questions that are themselves shown."""
    shown: dict[str, Cleaned] = {}
    result = []
    for index, section in enumerate(spec.sections):
        if not condition_met(section.show_if, shown):
            continue
        result.append(index)
        for question in section.questions:
            if condition_met(question.show_if, shown) and question.code in answers:
                shown[question.code] = answers[question.code]
    return result


def visible_questions(spec: SurveySpec, answers: Mapping[str, Cleaned]) -> list[QuestionSpec]:
    """The questions shown, in order. A condition reads only answers to questions that are themselves
    shown, so hiding a question also hides what depends on it."""
    shown: dict[str, Cleaned] = {}
    result = []
    for section in spec.sections:
        if not condition_met(section.show_if, shown):
            continue
        for question in section.questions:
            if condition_met(question.show_if, shown):
                result.append(question)
                if question.code in answers:
                    shown[question.code] = answers[question.code]
    return result


def condition_problems(spec: SurveySpec) -> list[tuple[str, str]]:
    """Conditions that cannot work: (code of the question or "section N", why). A condition must
    refer to an earlier single-choice, multiple-choice, rating or NPS question and to its values."""
    problems: list[tuple[str, str]] = []
    earlier: dict[str, QuestionSpec] = {}

    def check(where: str, condition: Condition | None) -> None:
        if condition is None:
            return
        source = earlier.get(condition.question)
        if source is None:
            problems.append((where, "not_earlier"))
        elif source.kind in CHOICE_KINDS:
            if not condition.values or not condition.values <= set(source.options):
                problems.append((where, "unknown_value"))
        elif source.kind in {Kind.RATING, Kind.NPS}:
            low, high = source.bounds
            if not condition.values or not condition.values <= {str(v) for v in range(low, high + 1)}:
                problems.append((where, "unknown_value"))
        else:
            problems.append((where, "not_conditional"))

    for index, section in enumerate(spec.sections, start=1):
        check(f"section {index}", section.show_if)
        for question in section.questions:
            check(question.code, question.show_if)
            earlier[question.code] = question
    return problems


# --- answers --------------------------------------------------------------------------------------


def _is_blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return not any(isinstance(part, str) and part.strip() for part in raw)
    if isinstance(raw, Mapping):
        return all(_is_blank(part) for part in raw.values())
    return False


def _scale_value(raw: str, low: int, high: int, dont_know: bool) -> Scalar | Problem:
    raw = raw.strip()
    if raw == DONT_KNOW:
        return DONT_KNOW_ANSWER if dont_know else Problem.UNKNOWN_OPTION
    try:
        value = int(raw)
    except ValueError:
        return Problem.NOT_A_NUMBER
    return value if low <= value <= high else Problem.OUT_OF_RANGE


_SPACES_IN_NUMBERS = re.compile(r"[\s\u00a0\u202f']")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_GROUPED_BY_DOTS = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$")
_GROUPED_BY_COMMAS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")


def read_number(text: str, *, decimal_comma: bool) -> Decimal | None:
    """A number as people type it in their language, or None.

    Where the decimal mark is a comma (Slovenian, Bulgarian), "1.500" and "1.234,56" are thousands
    grouped by dots; in English "1,500" is grouped by commas. Otherwise either mark is taken for the
    decimal one ("3,5" and "3.5" alike). Spaces, also the narrow ones that group thousands in
    Bulgarian, are ignored; only the digits 0-9 count.
    """
    compact = _SPACES_IN_NUMBERS.sub("", text.strip())
    if decimal_comma and _GROUPED_BY_DOTS.match(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif not decimal_comma and _GROUPED_BY_COMMAS.match(compact):
        compact = compact.replace(",", "")
    else:
        compact = compact.replace(",", ".")
    if not _PLAIN_NUMBER.match(compact):
        return None
    return Decimal(compact)


def clean_answer(question: QuestionSpec, raw: object, *, decimal_comma: bool = False) -> Cleaned | Problem | None:
    """The typed answer, a problem, or None for no answer (a problem if the question is required)."""
    if _is_blank(raw):
        return Problem.REQUIRED if question.required else None
    kind = question.kind
    if kind == Kind.SINGLE:
        if not isinstance(raw, str) or raw not in question.options:
            return Problem.UNKNOWN_OPTION
        return raw
    if kind == Kind.MULTIPLE:
        if not isinstance(raw, (str, list, tuple)):
            return Problem.UNKNOWN_OPTION
        chosen = [raw] if isinstance(raw, str) else list(raw)
        if any(not isinstance(code, str) or code not in question.options for code in chosen if code != ""):
            return Problem.UNKNOWN_OPTION
        return tuple(code for code in question.options if code in chosen)  # in the options' order
    if kind in (Kind.RATING, Kind.NPS):
        if not isinstance(raw, str):
            return Problem.NOT_A_NUMBER
        low, high = question.bounds
        return _scale_value(raw, low, high, question.dont_know and kind == Kind.RATING)
    if kind == Kind.GRID:
        if not isinstance(raw, Mapping):
            return Problem.UNKNOWN_OPTION
        low, high = question.bounds
        rated: dict[str, Scalar] = {}
        for item in question.items:
            part = raw.get(item)
            if _is_blank(part):
                continue
            value = _scale_value(str(part), low, high, question.dont_know)
            if isinstance(value, Problem):
                return value
            rated[item] = value
        if any(key not in question.items for key in raw if not _is_blank(raw[key])):
            return Problem.UNKNOWN_OPTION
        if question.required and len(rated) < len(question.items):
            return Problem.INCOMPLETE_GRID
        return rated or (Problem.REQUIRED if question.required else None)
    if kind == Kind.NUMBER:
        if not isinstance(raw, str):
            return Problem.NOT_A_NUMBER
        number = read_number(raw, decimal_comma=decimal_comma)
        if number is None:
            return Problem.NOT_A_NUMBER
        # Checked before rounding (a huge exponent cannot be rounded to cents) and after it
        # (999999999999.999 rounds up to the limit).
        if number.adjusted() >= 12:
            return Problem.OUT_OF_RANGE
        number = number.quantize(Decimal("0.01"))
        low_number, high_number = question.number_range
        if (low_number is not None and number < low_number) or (high_number is not None and number > high_number):
            return Problem.OUT_OF_RANGE
        if abs(number) >= Decimal("1e12"):
            return Problem.OUT_OF_RANGE
        return number
    # Text.
    if not isinstance(raw, str):
        return Problem.REQUIRED if question.required else None
    text = raw.strip()
    if len(text) > TEXT_LIMITS[kind]:
        return Problem.TOO_LONG
    return text


def clean_answers(
    spec: SurveySpec, raw: Mapping[str, object], *, only: Sequence[str] | None = None, decimal_comma: bool = False
) -> Outcome:
    """Check the answers to the questions shown. With `only` (the codes on one page), only those are
    checked for problems; answers elsewhere are kept as they are, typed, if valid. `decimal_comma`
    says how the respondent's language writes numbers (see `read_number`)."""
    outcome = Outcome()
    typed: dict[str, Cleaned] = {}
    for question in spec.questions:
        value = clean_answer(question, raw.get(question.code), decimal_comma=decimal_comma)
        if value is not None and not isinstance(value, Problem):
            typed[question.code] = value
    for question in visible_questions(spec, typed):
        value = clean_answer(question, raw.get(question.code), decimal_comma=decimal_comma)
        if isinstance(value, Problem):
            if only is None or question.code in only:
                outcome.problems[question.code] = value
        elif value is not None:
            outcome.answers[question.code] = value
    return outcome


# --- edits to a survey that has answers ----------------------------------------------------------


class Change(StrEnum):
    KIND_CHANGED = "kind_changed"
    OPTION_REMOVED = "option_removed"
    ITEM_REMOVED = "item_removed"
    SCALE_CHANGED = "scale_changed"
    DONT_KNOW_REMOVED = "dont_know_removed"
    QUESTION_REMOVED = "question_removed"


def unsafe_changes(before: QuestionSpec, after: QuestionSpec | None) -> list[Change]:
    """What in an edit would change the meaning of answers already given. Texts, translations,
    explanations, "required" and new options are safe; anything listed here is refused."""
    if after is None:
        return [Change.QUESTION_REMOVED]
    if after.kind != before.kind:
        return [Change.KIND_CHANGED]
    changes = []
    if set(before.options) - set(after.options):
        changes.append(Change.OPTION_REMOVED)
    if set(before.items) - set(after.items):
        changes.append(Change.ITEM_REMOVED)
    if before.kind in SCALE_KINDS and before.bounds != after.bounds:
        changes.append(Change.SCALE_CHANGED)
    if before.dont_know and not after.dont_know:
        changes.append(Change.DONT_KNOW_REMOVED)
    return changes
