"""The shape of a survey template (`surveys/library/*.yaml`), checked and turned into plain data.
Free of Django: the loader and the tests call it, and a broken template fails the suite, not a user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from opencaf.surveys.rules import CHOICE_KINDS, SCALE_KINDS, Condition, Kind, QuestionSpec, SectionSpec, SurveySpec
from opencaf.surveys.rules import condition_problems as spec_condition_problems

LANGUAGES = ("sl", "bg", "en")
AUDIENCES = ("employees", "citizens", "businesses", "society", "other")
BREAKDOWNS = ("department", "age_band", "years_of_service", "customer_type", "channel", "other")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
SUBCRITERION = re.compile(r"^[1-9]\.[1-9]$")

type Texts = dict[str, str]


@dataclass(frozen=True)
class TemplateOption:
    code: str
    text: Texts


@dataclass(frozen=True)
class TemplateQuestion:
    code: str
    kind: Kind
    text: Texts
    help_text: Texts
    required: bool
    breakdown: str
    subcriteria: tuple[str, ...]
    options: tuple[TemplateOption, ...]
    items: tuple[TemplateOption, ...]
    scale: tuple[int, int] | None
    low_label: Texts
    high_label: Texts
    dont_know: bool
    number_range: tuple[Decimal | None, Decimal | None]
    show_if: Condition | None


@dataclass(frozen=True)
class TemplateSection:
    title: Texts
    introduction: Texts
    show_if: Condition | None
    questions: tuple[TemplateQuestion, ...]


@dataclass(frozen=True)
class SurveyTemplate:
    code: str
    audience: str
    title: Texts
    description: Texts
    introduction: Texts
    subcriteria: tuple[str, ...]
    sections: tuple[TemplateSection, ...]

    @property
    def questions(self) -> list[TemplateQuestion]:
        return [question for section in self.sections for question in section.questions]

    def spec(self) -> SurveySpec:
        return SurveySpec(
            tuple(
                SectionSpec(
                    questions=tuple(
                        QuestionSpec(
                            code=q.code,
                            kind=q.kind,
                            required=q.required,
                            options=tuple(o.code for o in q.options),
                            items=tuple(i.code for i in q.items),
                            scale=q.scale,
                            dont_know=q.dont_know,
                            number_range=q.number_range,
                            show_if=q.show_if,
                        )
                        for q in section.questions
                    ),
                    show_if=section.show_if,
                )
                for section in self.sections
            )
        )


class TemplateError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def keys(self, where: str, data: Any, required: set[str], optional: set[str]) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.problems.append(f"{where}: expected a mapping")
            return {}
        for key in required - set(data):
            self.problems.append(f"{where}: missing {key}")
        for key in set(data) - required - optional:
            self.problems.append(f"{where}: unknown key {key}")
        return data

    def texts(self, where: str, data: Any, *, required: bool = True) -> Texts:
        if data is None and not required:
            return {}
        if not isinstance(data, Mapping):
            self.problems.append(f"{where}: expected texts per language")
            return {}
        texts = {str(code): str(text).strip() for code, text in data.items() if isinstance(text, str)}
        for code in LANGUAGES:
            if not texts.get(code):
                self.problems.append(f"{where}: no {code} text")
        for code in set(data) - set(LANGUAGES):
            self.problems.append(f"{where}: unknown language {code}")
        return texts

    def code(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or not CODE.match(value):
            self.problems.append(f"{where}: code {value!r} is not snake_case of up to 40 characters")
            return str(value)
        return value

    def subcriteria(self, where: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(c, str) and SUBCRITERION.match(c) for c in value):
            self.problems.append(f'{where}: subcriteria must be a list of codes such as "7.1"')
            return ()
        return tuple(value)

    def condition(self, where: str, value: Any) -> Condition | None:
        if value is None:
            return None
        data = self.keys(where, value, {"question", "values"}, set())
        values = data.get("values")
        if not isinstance(values, list) or not values:
            self.problems.append(f"{where}: values must be a non-empty list")
            values = []
        return Condition(question=str(data.get("question", "")), values=frozenset(str(v) for v in values))

    def options(self, where: str, value: Any) -> tuple[TemplateOption, ...]:
        if not isinstance(value, list):
            self.problems.append(f"{where}: expected a list")
            return ()
        result = []
        for index, item in enumerate(value, start=1):
            data = self.keys(f"{where}[{index}]", item, {"code", "text"}, set())
            result.append(
                TemplateOption(
                    code=self.code(f"{where}[{index}]", data.get("code")),
                    text=self.texts(f"{where}[{index}].text", data.get("text")),
                )
            )
        codes = [option.code for option in result]
        if len(set(codes)) != len(codes):
            self.problems.append(f"{where}: codes repeat")
        return tuple(result)


QUESTION_KEYS = {
    "help_text", "required", "breakdown", "subcriteria", "options", "scale", "items", "number", "show_if",
}  # fmt: skip


def _question(reader: _Reader, where: str, data: Any, survey_subcriteria: tuple[str, ...]) -> TemplateQuestion:
    data = reader.keys(where, data, {"code", "kind", "text"}, QUESTION_KEYS)
    code = reader.code(where, data.get("code"))
    where = f"{where} ({code})"
    try:
        kind = Kind(data.get("kind"))
    except ValueError:
        reader.problems.append(f"{where}: unknown kind {data.get('kind')!r}")
        kind = Kind.SHORT_TEXT
    breakdown = data.get("breakdown") or ""
    if breakdown and breakdown not in BREAKDOWNS:
        reader.problems.append(f"{where}: unknown breakdown {breakdown!r}")
    options = reader.options(f"{where}.options", data.get("options", []))
    items = reader.options(f"{where}.items", data.get("items", []))
    if kind in CHOICE_KINDS and not options and breakdown != "department":
        reader.problems.append(f"{where}: a choice question needs options")
    if kind not in CHOICE_KINDS and options:
        reader.problems.append(f"{where}: only choice questions have options")
    if kind == Kind.GRID and not items:
        reader.problems.append(f"{where}: a grid needs items")
    if kind != Kind.GRID and items:
        reader.problems.append(f"{where}: only grids have items")
    if breakdown and kind not in CHOICE_KINDS:
        reader.problems.append(f"{where}: a breakdown must be a choice question")
    scale, low, high, dont_know = None, {}, {}, False
    if "scale" in data:
        if kind not in SCALE_KINDS:
            reader.problems.append(f"{where}: only ratings and grids have a scale")
        scale_data = reader.keys(f"{where}.scale", data["scale"], {"min", "max"}, {"low", "high", "dont_know"})
        low_value, high_value = scale_data.get("min"), scale_data.get("max")
        if not (isinstance(low_value, int) and isinstance(high_value, int) and 0 <= low_value < high_value <= 10):
            reader.problems.append(f"{where}.scale: min and max must be whole numbers, 0 ≤ min < max ≤ 10")
        else:
            scale = (low_value, high_value)
        low = reader.texts(f"{where}.scale.low", scale_data.get("low"), required=False)
        high = reader.texts(f"{where}.scale.high", scale_data.get("high"), required=False)
        dont_know = bool(scale_data.get("dont_know", False))
    elif kind in SCALE_KINDS:
        reader.problems.append(f"{where}: a rating or grid needs a scale")
    number_range: tuple[Decimal | None, Decimal | None] = (None, None)
    if "number" in data:
        if kind != Kind.NUMBER:
            reader.problems.append(f"{where}: only number questions have a range")
        number = reader.keys(f"{where}.number", data["number"], set(), {"min", "max"})
        number_range = tuple(  # type: ignore[assignment]
            Decimal(str(number[key])) if isinstance(number.get(key), (int, float)) else None for key in ("min", "max")
        )
    return TemplateQuestion(
        code=code,
        kind=kind,
        text=reader.texts(f"{where}.text", data.get("text")),
        help_text=reader.texts(f"{where}.help_text", data.get("help_text"), required=False),
        required=bool(data.get("required", False)),
        breakdown=str(breakdown),
        subcriteria=reader.subcriteria(where, data["subcriteria"]) if "subcriteria" in data else survey_subcriteria,
        options=options,
        items=items,
        scale=scale,
        low_label=low,
        high_label=high,
        dont_know=dont_know,
        number_range=number_range,
        show_if=reader.condition(f"{where}.show_if", data.get("show_if")),
    )


def parse_template(data: Any) -> SurveyTemplate:
    """The template as plain data, or TemplateError listing every problem found."""
    reader = _Reader()
    data = reader.keys(
        "template", data, {"code", "audience", "title", "description", "introduction", "subcriteria", "sections"}, set()
    )
    code = reader.code("template", data.get("code"))
    if data.get("audience") not in AUDIENCES:
        reader.problems.append(f"template: unknown audience {data.get('audience')!r}")
    subcriteria = reader.subcriteria("template", data.get("subcriteria"))
    sections = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        reader.problems.append("template: sections must be a non-empty list")
        raw_sections = []
    for index, raw in enumerate(raw_sections, start=1):
        where = f"section {index}"
        section = reader.keys(where, raw, {"title", "questions"}, {"introduction", "show_if"})
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            reader.problems.append(f"{where}: questions must be a non-empty list")
            questions = []
        sections.append(
            TemplateSection(
                title=reader.texts(f"{where}.title", section.get("title")),
                introduction=reader.texts(f"{where}.introduction", section.get("introduction"), required=False),
                show_if=reader.condition(f"{where}.show_if", section.get("show_if")),
                questions=tuple(
                    _question(reader, f"{where} question {n}", q, subcriteria) for n, q in enumerate(questions, 1)
                ),
            )
        )
    template = SurveyTemplate(
        code=code,
        audience=str(data.get("audience")),
        title=reader.texts("template.title", data.get("title")),
        description=reader.texts("template.description", data.get("description")),
        introduction=reader.texts("template.introduction", data.get("introduction")),
        subcriteria=subcriteria,
        sections=tuple(sections),
    )
    codes = [question.code for question in template.questions]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        reader.problems.append(f"template: question codes repeat: {', '.join(repeated)}")
    if not reader.problems:
        reader.problems.extend(f"{where}: condition {why}" for where, why in spec_condition_problems(template.spec()))
    if reader.problems:
        raise TemplateError(reader.problems)
    return template
