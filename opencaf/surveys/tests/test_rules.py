"""Properties of the survey rules, over random surveys and random (often nonsensical) input.

The strategies build valid surveys as the designer and the templates make them: unique question codes,
unique option and item codes, scales 0 ≤ low < high ≤ 10, number ranges with two decimals, and
conditions that point to an earlier single-choice, multiple-choice, rating or NPS question and to
values it has. A respondent's raw input mixes valid values with junk of every kind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from opencaf.surveys.rules import (
    CHOICE_KINDS,
    DONT_KNOW,
    DONT_KNOW_ANSWER,
    NPS_RANGE,
    SCALE_KINDS,
    TEXT_KINDS,
    TEXT_LIMITS,
    Change,
    Cleaned,
    Condition,
    DontKnow,
    Kind,
    Problem,
    QuestionSpec,
    SectionSpec,
    SurveySpec,
    clean_answer,
    clean_answers,
    condition_met,
    condition_problems,
    unsafe_changes,
    visible_questions,
    visible_sections,
)
from opencaf.surveys.texts import missing_languages, text_in

CONDITIONAL_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RATING, Kind.NPS})
BLANKS = ["", " ", "\t\n ", [], ["", "  "], (), {}, {"x": ""}, {"x": None, "y": "  "}]

# --- strategies -----------------------------------------------------------------------------------

codes = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=6)
scales = st.tuples(st.integers(0, 9), st.integers(1, 10)).filter(lambda pair: pair[0] < pair[1])
two_decimals = st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2)


@st.composite
def number_ranges(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None]:
    low, high = draw(st.none() | two_decimals), draw(st.none() | two_decimals)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high


def condition_values(question: QuestionSpec) -> list[str]:
    """The values a condition on `question` may name."""
    if question.kind in CHOICE_KINDS:
        return list(question.options)
    low, high = question.bounds
    return [str(value) for value in range(low, high + 1)]


@st.composite
def conditions(draw: st.DrawFn, earlier: list[QuestionSpec]) -> Condition | None:
    sources = [question for question in earlier if question.kind in CONDITIONAL_KINDS]
    if not sources or draw(st.integers(0, 2)) == 0:
        return None
    source = draw(st.sampled_from(sources))
    values = draw(st.lists(st.sampled_from(condition_values(source)), min_size=1, max_size=4))
    return Condition(source.code, frozenset(values))


@st.composite
def question_specs(draw: st.DrawFn, code: str, earlier: list[QuestionSpec]) -> QuestionSpec:
    kind = draw(st.sampled_from(list(Kind)))
    return QuestionSpec(
        code=code,
        kind=kind,
        required=draw(st.booleans()),
        options=tuple(draw(st.lists(codes, min_size=1, max_size=6, unique=True))) if kind in CHOICE_KINDS else (),
        items=tuple(draw(st.lists(codes, min_size=1, max_size=5, unique=True))) if kind == Kind.GRID else (),
        scale=draw(st.none() | scales) if kind in SCALE_KINDS else None,
        # The designer offers "don't know" only on ratings and grids; the rules must refuse it elsewhere.
        dont_know=draw(st.booleans()),
        number_range=draw(number_ranges()) if kind == Kind.NUMBER else (None, None),
        show_if=draw(conditions(earlier)),
    )


@st.composite
def survey_specs(draw: st.DrawFn, max_sections: int = 4, max_questions: int = 5) -> SurveySpec:
    earlier: list[QuestionSpec] = []
    sections = []
    for _ in range(draw(st.integers(1, max_sections))):
        show_if = draw(conditions(earlier))  # only questions of earlier sections
        questions = []
        for _ in range(draw(st.integers(0, max_questions))):
            question = draw(question_specs(f"q{len(earlier) + 1}", earlier))
            questions.append(question)
            earlier.append(question)
        sections.append(SectionSpec(tuple(questions), show_if))
    return SurveySpec(tuple(sections))


def padded(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    space = st.sampled_from(["", " ", "  ", "\t", "\n"])
    return st.tuples(space, text, space).map("".join)


def number_texts(value: Decimal) -> st.SearchStrategy[str]:
    plain = format(value, "f")
    return st.sampled_from([plain, plain.replace(".", ",")])


@st.composite
def valid_raw(draw: st.DrawFn, question: QuestionSpec) -> object:
    """What a well-behaved form posts for `question`: always accepted."""
    kind = question.kind
    if kind == Kind.SINGLE:
        return draw(st.sampled_from(question.options))
    if kind == Kind.MULTIPLE:
        chosen = draw(st.lists(st.sampled_from(question.options), min_size=1, max_size=8))  # duplicates too
        return draw(st.sampled_from([chosen, tuple(chosen), chosen[0]]))
    if kind in (Kind.RATING, Kind.NPS):
        low, high = question.bounds
        values = [str(value) for value in range(low, high + 1)]
        if kind == Kind.RATING and question.dont_know:
            values.append(DONT_KNOW)
        return draw(padded(st.sampled_from(values)))
    if kind == Kind.GRID:
        low, high = question.bounds
        values = [str(value) for value in range(low, high + 1)] + ([DONT_KNOW] if question.dont_know else [])
        items = (
            question.items
            if question.required
            else draw(st.lists(st.sampled_from(question.items), min_size=1, unique=True))
        )
        return {item: draw(padded(st.sampled_from(values))) for item in items}
    if kind == Kind.NUMBER:
        low, high = question.number_range
        value = draw(
            st.decimals(
                min_value=low if low is not None else Decimal("-999999999999.99"),
                max_value=high if high is not None else Decimal("999999999999.99"),
                places=2,
            )
        )
        return draw(padded(number_texts(value)))
    text = draw(st.text(min_size=1, max_size=40).filter(str.strip))
    return draw(padded(st.just(text)))


junk_strings = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            DONT_KNOW,
            "DK",
            " dk ",
            "d k",
            "1,5",
            "1.234,56",
            "1 234,5",
            "1\u00a0234",
            "12,",
            ",5",
            "NaN",
            "nan",
            "-NaN",
            "sNaN",
            "Infinity",
            "-Infinity",
            "inf",
            "1e5",
            "-2E-3",
            "0x10",
            "1/2",
            "3.0",
            "+3",
            "-1",
            "11",
            "999999999999.99",
            "-999999999999.99",
            "1000000000000",
            "None",
            "null",
            "[]",
            "{}",
            "\x00",
            "٣",
        ]
    ),
    # Huge strings: long text, long numbers, more digits than int() converts.
    st.sampled_from(["x" * 301, "y" * 5001, " " * 5000 + "z", "9" * 5000, "1" * 40, "0." + "0" * 3000 + "1"]),
    st.integers(-(10**15), 10**15).map(str),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.binary(max_size=10),
    junk_strings,
)
junk = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.frozensets(st.text(max_size=3), max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers()), children, max_size=4),
    ),
    max_leaves=12,
)


@st.composite
def raw_inputs(draw: st.DrawFn, spec: SurveySpec) -> dict[Any, object]:
    """A posted form: for each question nothing, a blank, a valid value, a near miss or junk."""
    raw: dict[Any, object] = {}
    for question in spec.questions:
        choice = draw(st.integers(0, 5))
        if choice == 0:
            continue
        if choice == 1:
            raw[question.code] = draw(st.sampled_from(BLANKS))
        elif choice in (2, 3):
            raw[question.code] = draw(valid_raw(question))
        elif choice == 4:
            raw[question.code] = draw(near_misses(question))
        else:
            raw[question.code] = draw(junk)
    raw.update(draw(st.dictionaries(st.one_of(codes, st.integers()), junk, max_size=3)))
    return raw


@st.composite
def near_misses(draw: st.DrawFn, question: QuestionSpec) -> object:
    """Input shaped like the right one but wrong in its details: unknown codes, out of range."""
    known = list(question.options or question.items) or ["a"]
    unknown = draw(codes.filter(lambda code: code not in known))
    pick = draw(st.sampled_from(known))
    low, high = question.bounds
    number = draw(st.sampled_from([str(low - 1), str(high + 1), str(low), str(high), DONT_KNOW, "x"]))
    return draw(
        st.sampled_from(
            [
                unknown,
                [pick, unknown],
                [pick, pick, 3, None],
                {pick: number},
                {pick: number, unknown: str(low)},
                dict.fromkeys(known, number),
                number,
                f" {pick} ",
            ]
        )
    )


# --- a reference model of what the respondent sees -------------------------------------------------


def matches(condition: Condition | None, shown: Mapping[str, Cleaned]) -> bool:
    if condition is None:
        return True
    answer = shown.get(condition.question)
    if isinstance(answer, tuple):
        return bool(set(answer) & condition.values)
    if isinstance(answer, str):
        return answer in condition.values
    if isinstance(answer, int) and not isinstance(answer, bool):
        return str(answer) in condition.values
    return False  # no answer, "don't know", a grid or a number


def reference(spec: SurveySpec, raw: Mapping[Any, object]) -> tuple[list[int], list[str]]:
    """The sections and questions shown, walking the survey in order: a hidden question's answer is
    never read, so whatever depends on it is hidden too."""
    shown: dict[str, Cleaned] = {}
    sections, questions = [], []
    for index, section in enumerate(spec.sections):
        if not matches(section.show_if, shown):
            continue
        sections.append(index)
        for question in section.questions:
            if matches(question.show_if, shown):
                questions.append(question.code)
                value = clean_answer(question, raw.get(question.code))
                if value is not None and not isinstance(value, Problem):
                    shown[question.code] = value
    return sections, questions


def check_type(question: QuestionSpec, answer: Cleaned) -> None:
    """The answer has the type and the bounds its question's kind promises."""
    kind = question.kind
    if kind == Kind.SINGLE:
        assert isinstance(answer, str)
        assert answer in question.options
    elif kind == Kind.MULTIPLE:
        assert isinstance(answer, tuple)
        assert list(answer) == [code for code in question.options if code in answer]  # order, no duplicates
    elif kind in (Kind.RATING, Kind.NPS):
        if isinstance(answer, DontKnow):
            assert answer is DONT_KNOW_ANSWER
            assert kind == Kind.RATING and question.dont_know
        else:
            low, high = NPS_RANGE if kind == Kind.NPS else question.bounds
            assert type(answer) is int
            assert low <= answer <= high
    elif kind == Kind.GRID:
        assert isinstance(answer, dict)
        assert answer
        assert set(answer) <= set(question.items)
        if question.required:
            assert set(answer) == set(question.items)
        low, high = question.bounds
        for value in answer.values():
            if isinstance(value, DontKnow):
                assert question.dont_know
            else:
                assert type(value) is int
                assert low <= value <= high
    elif kind == Kind.NUMBER:
        assert isinstance(answer, Decimal)
        assert answer.is_finite()
        assert answer.as_tuple().exponent == -2
        low, high = question.number_range
        assert low is None or answer >= low
        assert high is None or answer <= high
        assert abs(answer) < Decimal("1e12")  # fits Answer.value, DecimalField(max_digits=14, decimal_places=2)
    else:
        assert kind in TEXT_KINDS
        assert isinstance(answer, str)
        assert answer == answer.strip()
        assert answer
        assert len(answer) <= TEXT_LIMITS[kind]


def spec_and_raw(**kwargs: int) -> st.SearchStrategy[tuple[SurveySpec, dict[Any, object]]]:
    return survey_specs(**kwargs).flatmap(lambda spec: st.tuples(st.just(spec), raw_inputs(spec)))


def by_code(spec: SurveySpec) -> dict[str, QuestionSpec]:
    return {question.code: question for question in spec.questions}


# --- cleaning answers -----------------------------------------------------------------------------


@settings(deadline=None)
@given(survey_specs(), st.dictionaries(st.one_of(codes, st.sampled_from([f"q{n}" for n in range(1, 12)])), junk))
def test_clean_answers_never_raises_on_junk(spec: SurveySpec, raw: dict[str, object]) -> None:
    outcome = clean_answers(spec, raw)
    assert set(outcome.answers).isdisjoint(outcome.problems)
    assert all(isinstance(problem, Problem) for problem in outcome.problems.values())


@settings(deadline=None)
@given(spec_and_raw())
def test_clean_answers_never_raises_and_types_every_answer(case: tuple[SurveySpec, dict[Any, object]]) -> None:
    spec, raw = case
    outcome = clean_answers(spec, raw)
    questions = by_code(spec)
    visible = {question.code for question in visible_questions(spec, outcome.answers)}
    assert set(outcome.answers) <= visible
    assert set(outcome.problems) <= visible
    assert set(outcome.answers).isdisjoint(outcome.problems)
    assert outcome.valid == (not outcome.problems)
    for code, answer in outcome.answers.items():
        check_type(questions[code], answer)
    for question in visible_questions(spec, outcome.answers):
        if question.required:
            assert question.code in outcome.answers or question.code in outcome.problems


@settings(deadline=None)
@given(spec_and_raw())
def test_what_is_shown_matches_the_reference_walk(case: tuple[SurveySpec, dict[Any, object]]) -> None:
    spec, raw = case
    outcome = clean_answers(spec, raw)
    sections, shown = reference(spec, raw)
    assert [question.code for question in visible_questions(spec, outcome.answers)] == shown
    assert visible_sections(spec, outcome.answers) == sections
    for code in shown:
        value = clean_answer(by_code(spec)[code], raw.get(code))
        if isinstance(value, Problem):
            assert outcome.problems[code] == value
        elif value is None:
            assert code not in outcome.answers and code not in outcome.problems
        else:
            assert outcome.answers[code] == value
    hidden = set(by_code(spec)) - set(shown)
    assert hidden.isdisjoint(outcome.answers)
    assert hidden.isdisjoint(outcome.problems)


@settings(deadline=None)
@given(survey_specs().flatmap(lambda spec: st.tuples(st.just(spec), st.data())))
def test_valid_input_for_every_question_is_kept_exactly_where_shown(case: tuple[SurveySpec, st.DataObject]) -> None:
    spec, data = case
    raw = {question.code: data.draw(valid_raw(question)) for question in spec.questions}
    outcome = clean_answers(spec, raw)
    assert outcome.valid, outcome.problems
    sections, shown = reference(spec, raw)
    # Everything shown is answered; everything hidden is dropped, although its input was valid.
    assert list(outcome.answers) == shown
    # Given answers to hidden questions too, both walks still read only the answers of shown ones.
    typed = {question.code: clean_answer(question, raw[question.code]) for question in spec.questions}
    assert [question.code for question in visible_questions(spec, typed)] == shown
    assert visible_sections(spec, typed) == sections


@settings(deadline=None)
@given(survey_specs().flatmap(lambda spec: st.tuples(st.just(spec), st.data())))
def test_blank_input_is_a_problem_only_when_required(case: tuple[SurveySpec, st.DataObject]) -> None:
    spec, data = case
    raw = {question.code: data.draw(st.sampled_from(BLANKS)) for question in spec.questions}
    outcome = clean_answers(spec, raw)
    assert outcome.answers == {}
    # With nothing answered, only unconditional questions in unconditional sections are shown.
    shown = visible_questions(spec, {})
    assert outcome.problems == {question.code: Problem.REQUIRED for question in shown if question.required}


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("blank", [None, *BLANKS])
def test_blank_answer_per_kind(kind: Kind, blank: object) -> None:
    question = QuestionSpec("q", kind, options=("a", "b"), items=("x", "y"))
    assert clean_answer(question, blank) is None
    assert clean_answer(dataclasses.replace(question, required=True), blank) == Problem.REQUIRED
    spec = SurveySpec((SectionSpec((question,)),))
    assert clean_answers(spec, {"q": blank}).answers == {}
    assert clean_answers(spec, {"q": blank}).problems == {}


@settings(deadline=None)
@given(spec_and_raw(), st.data())
def test_only_restricts_problems_but_keeps_answers(
    case: tuple[SurveySpec, dict[Any, object]], data: st.DataObject
) -> None:
    spec, raw = case
    every = [question.code for question in spec.questions]
    only = data.draw(st.lists(st.sampled_from(every) | codes, max_size=6) if every else st.lists(codes, max_size=2))
    full = clean_answers(spec, raw)
    page = clean_answers(spec, raw, only=only)
    assert page.answers == full.answers
    assert page.problems == {code: problem for code, problem in full.problems.items() if code in only}


def test_only_keeps_valid_answers_on_other_pages() -> None:
    first = QuestionSpec("a", Kind.SINGLE, required=True, options=("yes", "no"))
    second = QuestionSpec("b", Kind.RATING, required=True)
    third = QuestionSpec("c", Kind.SHORT_TEXT, required=True)
    spec = SurveySpec((SectionSpec((first,)), SectionSpec((second, third))))
    outcome = clean_answers(spec, {"a": "yes", "b": "9"}, only=["a"])
    assert outcome.answers == {"a": "yes"}
    assert outcome.problems == {}
    outcome = clean_answers(spec, {"a": "yes", "b": "4"}, only=["b", "c"])
    assert outcome.answers == {"a": "yes", "b": 4}
    assert outcome.problems == {"c": Problem.REQUIRED}


# --- hiding ---------------------------------------------------------------------------------------


@settings(deadline=None)
@given(
    st.lists(codes, min_size=2, max_size=5, unique=True),
    st.lists(codes, min_size=2, max_size=5, unique=True),
    st.data(),
)
def test_hiding_is_transitive(options_a: list[str], options_b: list[str], data: st.DataObject) -> None:
    """A → B → C: when A does not match, B is hidden and so is C, whatever was typed into them."""
    shows_b = data.draw(st.sampled_from(options_a))
    shows_c = data.draw(st.sampled_from(options_b))
    a = QuestionSpec("a", Kind.SINGLE, options=tuple(options_a))
    b = QuestionSpec(
        "b", Kind.SINGLE, required=True, options=tuple(options_b), show_if=Condition("a", frozenset({shows_b}))
    )
    c = data.draw(question_specs("c", []))
    c = dataclasses.replace(c, show_if=Condition("b", frozenset({shows_c})))
    in_section = data.draw(st.booleans())  # C as a question, or C's whole section, depends on B
    if in_section:
        spec = SurveySpec(
            (
                SectionSpec((a, b)),
                SectionSpec((dataclasses.replace(c, show_if=None),), Condition("b", frozenset({shows_c}))),
            )
        )
    else:
        spec = SurveySpec((SectionSpec((a, b, c)),))
    raw_c = data.draw(valid_raw(c))

    shown = clean_answers(spec, {"a": shows_b, "b": shows_c, "c": raw_c})
    assert shown.valid
    assert set(shown.answers) == {"a", "b", "c"}

    other = data.draw(st.sampled_from([option for option in options_a if option != shows_b]))
    hidden = clean_answers(spec, {"a": other, "b": shows_c, "c": raw_c})
    assert hidden.answers == {"a": other}
    assert hidden.problems == {}
    assert [question.code for question in visible_questions(spec, hidden.answers)] == ["a"]

    # A unanswered (or answered with junk) hides B and C as well; B's "required" does not count.
    for raw_a in (None, "", "no-such-option", ["x"], 3):
        outcome = clean_answers(spec, {"a": raw_a, "b": shows_c, "c": raw_c})
        assert "b" not in outcome.answers and "c" not in outcome.answers
        assert "b" not in outcome.problems and "c" not in outcome.problems


def test_a_chain_on_ratings_and_multiple_choice() -> None:
    a = QuestionSpec("a", Kind.MULTIPLE, options=("x", "y", "z"))
    b = QuestionSpec("b", Kind.RATING, scale=(1, 5), dont_know=True, show_if=Condition("a", frozenset({"y"})))
    c = QuestionSpec("c", Kind.NPS, show_if=Condition("b", frozenset({"4", "5"})))
    d = QuestionSpec("d", Kind.LONG_TEXT, required=True, show_if=Condition("c", frozenset({"0"})))
    spec = SurveySpec((SectionSpec((a, b)), SectionSpec((c, d))))
    raw: dict[str, object] = {"a": ["z", "y"], "b": "5", "c": "0", "d": "because"}
    assert clean_answers(spec, raw).answers == {"a": ("y", "z"), "b": 5, "c": 0, "d": "because"}
    assert clean_answers(spec, {**raw, "a": ["x", "z"]}).answers == {"a": ("x", "z")}
    assert clean_answers(spec, {**raw, "b": "3"}).answers == {"a": ("y", "z"), "b": 3}
    assert clean_answers(spec, {**raw, "b": "dk"}).answers == {"a": ("y", "z"), "b": DONT_KNOW_ANSWER}
    outcome = clean_answers(spec, {**raw, "d": ""})
    assert outcome.problems == {"d": Problem.REQUIRED}
    outcome = clean_answers(spec, {**raw, "c": "1", "d": ""})
    assert outcome.valid
    assert outcome.answers == {"a": ("y", "z"), "b": 5, "c": 1}


def test_condition_met() -> None:
    values = frozenset({"a", "3"})
    assert condition_met(None, {})
    assert condition_met(Condition("q", values), {"q": "a"})
    assert condition_met(Condition("q", values), {"q": ("b", "a")})
    assert condition_met(Condition("q", values), {"q": 3})
    assert not condition_met(Condition("q", values), {})
    assert not condition_met(Condition("q", values), {"q": ()})
    assert not condition_met(Condition("q", values), {"q": DONT_KNOW_ANSWER})
    assert not condition_met(Condition("q", values), {"q": Decimal("3.00")})
    assert not condition_met(Condition("q", values), {"q": {"a": 3}})


def test_visible_sections_agrees_with_visible_questions_on_any_answers() -> None:
    first = QuestionSpec("a", Kind.SINGLE, options=("yes", "no"))
    second = QuestionSpec("b", Kind.SINGLE, options=("yes", "no"), show_if=Condition("a", frozenset({"yes"})))
    third = QuestionSpec("c", Kind.SHORT_TEXT)
    spec = SurveySpec((SectionSpec((first, second)), SectionSpec((third,), Condition("b", frozenset({"yes"})))))
    answers: dict[str, Cleaned] = {"a": "no", "b": "yes"}  # b was answered before a changed to "no"
    assert [question.code for question in visible_questions(spec, answers)] == ["a"]
    assert visible_sections(spec, answers) == [0]


# --- per kind -------------------------------------------------------------------------------------


@given(st.data())
def test_choice_answers(data: st.DataObject) -> None:
    options = data.draw(st.lists(codes, min_size=1, max_size=6, unique=True))
    single = QuestionSpec("s", Kind.SINGLE, options=tuple(options))
    multiple = QuestionSpec("m", Kind.MULTIPLE, options=tuple(options))
    unknown = data.draw(codes.filter(lambda code: code not in options))
    chosen = data.draw(st.lists(st.sampled_from(options), min_size=1, max_size=10))
    assert clean_answer(single, chosen[0]) == chosen[0]
    assert clean_answer(single, unknown) == Problem.UNKNOWN_OPTION
    assert clean_answer(single, chosen) == Problem.UNKNOWN_OPTION
    assert clean_answer(multiple, chosen) == tuple(option for option in options if option in chosen)
    assert clean_answer(multiple, [*chosen, unknown]) == Problem.UNKNOWN_OPTION
    assert clean_answer(multiple, chosen[0]) == (chosen[0],)


@given(st.sampled_from([Kind.RATING, Kind.NPS]), st.none() | scales, st.booleans(), st.integers(-20, 30))
def test_scale_answers(kind: Kind, scale: tuple[int, int] | None, dont_know: bool, value: int) -> None:
    question = QuestionSpec("r", kind, scale=scale, dont_know=dont_know)
    low, high = NPS_RANGE if kind == Kind.NPS else scale or (1, 5)
    expected = value if low <= value <= high else Problem.OUT_OF_RANGE
    assert clean_answer(question, f" {value} ") == expected
    assert clean_answer(question, "dk") == (
        DONT_KNOW_ANSWER if dont_know and kind == Kind.RATING else Problem.UNKNOWN_OPTION
    )
    for wrong in ("3.5", "three", "NaN", "", "9" * 5000):
        assert clean_answer(question, wrong) in (Problem.NOT_A_NUMBER, None)
    assert clean_answer(question, value) == Problem.NOT_A_NUMBER  # a number, but not as text


def test_grid_answers() -> None:
    grid = QuestionSpec("g", Kind.GRID, items=("x", "y"), scale=(0, 3), dont_know=True)
    assert clean_answer(grid, {"x": "3", "y": " dk "}) == {"x": 3, "y": DONT_KNOW_ANSWER}
    assert clean_answer(grid, {"x": "2"}) == {"x": 2}
    assert clean_answer(grid, {"x": "2", "y": ""}) == {"x": 2}
    assert clean_answer(grid, {"x": "4"}) == Problem.OUT_OF_RANGE
    assert clean_answer(grid, {"x": "2", "z": "1"}) == Problem.UNKNOWN_OPTION
    assert clean_answer(grid, {"x": "a"}) == Problem.NOT_A_NUMBER
    assert clean_answer(grid, ["x", "1"]) == Problem.UNKNOWN_OPTION
    required = dataclasses.replace(grid, required=True, dont_know=False)
    assert clean_answer(required, {"x": "2"}) == Problem.INCOMPLETE_GRID
    assert clean_answer(required, {"x": "2", "y": "dk"}) == Problem.UNKNOWN_OPTION
    assert clean_answer(required, {"x": "2", "y": "0"}) == {"x": 2, "y": 0}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", Decimal("12.00")),
        ("1,5", Decimal("1.50")),
        (" -3,456 ", Decimal("-3456.00")),  # English groups thousands with commas
        ("1 234,5", Decimal("1234.50")),
        ("1\u00a0234", Decimal("1234.00")),
        ("2.005", Decimal("2.00")),  # rounded half to even
        ("1e3", Problem.NOT_A_NUMBER),  # exponents are not how people write numbers
        ("1_000", Problem.NOT_A_NUMBER),
        ("\u0663", Problem.NOT_A_NUMBER),  # only the digits 0-9
        ("1.234,56", Problem.NOT_A_NUMBER),
        ("NaN", Problem.NOT_A_NUMBER),
        ("sNaN", Problem.NOT_A_NUMBER),
        ("-Infinity", Problem.NOT_A_NUMBER),
        ("inf", Problem.NOT_A_NUMBER),
        ("twelve", Problem.NOT_A_NUMBER),
        ("1000000000000", Problem.OUT_OF_RANGE),
        ("-1000000000000", Problem.OUT_OF_RANGE),
        ("999999999999.99", Decimal("999999999999.99")),
        ("9" * 5000, Problem.OUT_OF_RANGE),
    ],
)
def test_number_answers(raw: str, expected: object) -> None:
    assert clean_answer(QuestionSpec("n", Kind.NUMBER), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.500", Decimal("1500.00")),  # Slovenian and Bulgarian group thousands with dots
        ("1.234,56", Decimal("1234.56")),
        ("3,5", Decimal("3.50")),
        ("3.5", Decimal("3.50")),  # a lone dot that does not group thousands is still a decimal point
        (" -3,456 ", Decimal("-3.46")),
        ("12 000", Decimal("12000.00")),
        ("1.23.4", Problem.NOT_A_NUMBER),
    ],
)
def test_number_answers_where_the_decimal_mark_is_a_comma(raw: str, expected: object) -> None:
    assert clean_answer(QuestionSpec("n", Kind.NUMBER), raw, decimal_comma=True) == expected


@given(
    number_ranges(), st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**13), max_value=10**13)
)
def test_number_answers_respect_the_range(number_range: tuple[Decimal | None, Decimal | None], value: Decimal) -> None:
    question = QuestionSpec("n", Kind.NUMBER, number_range=number_range)
    answer = clean_answer(question, format(value, "f").replace(".", ","))
    low, high = number_range
    rounded = value.quantize(Decimal("0.01"))

    def within(number: Decimal) -> bool:
        return (low is None or number >= low) and (high is None or number <= high) and abs(number) < Decimal("1e12")

    if within(value) and within(rounded):
        assert answer == rounded
    elif not within(value) and not within(rounded):
        assert answer == Problem.OUT_OF_RANGE
    else:  # less than half a cent outside a bound: either reading is fine, as long as the answer fits
        assert answer in (rounded, Problem.OUT_OF_RANGE)
    if answer != Problem.OUT_OF_RANGE:
        check_type(question, answer)


@given(
    st.sampled_from([(None, None), (Decimal(0), None), (None, Decimal(0))]),
    st.integers(min_value=1_000_000, max_value=10**15),
    st.sampled_from(["", "-"]),
)
@example((None, None), 1_000_000, "")
def test_clean_answers_never_raises_on_a_large_exponent(
    number_range: tuple[Decimal | None, Decimal | None], exponent: int, sign: str
) -> None:
    number = QuestionSpec("n", Kind.NUMBER, number_range=number_range)
    # The question need not even be shown: every question's input is cleaned once to find the visible ones.
    gate = QuestionSpec("g", Kind.SINGLE, options=("yes",))
    hidden = dataclasses.replace(number, show_if=Condition("g", frozenset({"yes"})))
    raw = {"n": f"{sign}1e{exponent}"}
    # Nobody types exponents in a survey: "1e6" is not read as a number at all.
    assert clean_answers(SurveySpec((SectionSpec((number,)),)), raw).problems == {"n": Problem.NOT_A_NUMBER}
    assert clean_answers(SurveySpec((SectionSpec((gate, hidden)),)), raw).problems == {}
    assert clean_answer(number, f"{sign}{'9' * 1_000_001}") == Problem.OUT_OF_RANGE


@given(
    st.decimals(min_value=Decimal("999999999999.995"), max_value=Decimal("999999999999.999999"), places=6),
    st.sampled_from(["", "-"]),
)
@example(Decimal("999999999999.995"), "")
def test_numbers_that_round_to_the_limit_are_out_of_range(value: Decimal, sign: str) -> None:
    """Answer.value is DecimalField(max_digits=14, decimal_places=2): at most 999999999999.99."""
    assert clean_answer(QuestionSpec("n", Kind.NUMBER), f"{sign}{value}") == Problem.OUT_OF_RANGE
    assert clean_answer(QuestionSpec("n", Kind.NUMBER), f"{sign}999999999999,994") == Decimal(f"{sign}999999999999.99")


@given(st.sampled_from(sorted(TEXT_KINDS)), st.integers(0, 6000), st.booleans())
def test_text_answers(kind: Kind, length: int, required: bool) -> None:
    question = QuestionSpec("t", kind, required=required)
    limit = TEXT_LIMITS[kind]
    answer = clean_answer(question, "  " + "é" * length + "\n")
    if length == 0:
        assert answer == (Problem.REQUIRED if required else None)
    elif length > limit:
        assert answer == Problem.TOO_LONG
    else:
        assert answer == "é" * length
    assert clean_answer(question, ["text"]) == (Problem.REQUIRED if required else None)


def test_text_limits_are_inclusive() -> None:
    for kind, limit in TEXT_LIMITS.items():
        question = QuestionSpec("t", kind)
        assert clean_answer(question, "a" * limit) == "a" * limit
        assert clean_answer(question, "a" * (limit + 1)) == Problem.TOO_LONG


@given(
    st.one_of(
        st.integers(),
        st.binary(min_size=1),
        st.dictionaries(codes, st.just("a"), min_size=1),
        st.frozensets(codes, min_size=1),
        st.lists(st.sampled_from(["a", "b"]), min_size=1).map(lambda chosen: [*chosen, 5]),
    ),
    st.booleans(),
)
@example({"x": "a"}, True)
def test_junk_never_makes_an_empty_multiple_choice_answer(raw: object, required: bool) -> None:
    question = QuestionSpec("m", Kind.MULTIPLE, required=required, options=("a", "b"))
    outcome = clean_answers(SurveySpec((SectionSpec((question,)),)), {"m": raw})
    assert "m" not in outcome.answers
    assert outcome.problems == {"m": Problem.UNKNOWN_OPTION}


# --- conditions in the design ---------------------------------------------------------------------


@settings(deadline=None)
@given(survey_specs())
def test_generated_specs_have_no_condition_problems(spec: SurveySpec) -> None:
    assert condition_problems(spec) == []


def replace_question(spec: SurveySpec, code: str, **changes: object) -> SurveySpec:
    return SurveySpec(
        tuple(
            dataclasses.replace(
                section,
                questions=tuple(
                    dataclasses.replace(question, **changes) if question.code == code else question
                    for question in section.questions
                ),
            )
            for section in spec.sections
        )
    )


@settings(deadline=None)
@given(survey_specs(), st.data())
def test_a_condition_that_points_forward_or_nowhere_is_reported(spec: SurveySpec, data: st.DataObject) -> None:
    questions = spec.questions
    assume(questions)
    position = data.draw(st.integers(0, len(questions) - 1))
    target = data.draw(
        st.sampled_from([question.code for question in questions[position:]])
        | codes.map(lambda code: f"unknown-{code}")
    )
    where = questions[position].code
    changed = replace_question(spec, where, show_if=Condition(target, frozenset({"1"})))
    assert (where, "not_earlier") in condition_problems(changed)


@settings(deadline=None)
@given(survey_specs(), st.data())
def test_a_section_condition_on_its_own_questions_is_reported(spec: SurveySpec, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(spec.sections) - 1))
    later = [question.code for section in spec.sections[index:] for question in section.questions]
    assume(later)
    target = data.draw(st.sampled_from(later))
    sections = list(spec.sections)
    sections[index] = dataclasses.replace(sections[index], show_if=Condition(target, frozenset({"1"})))
    assert (f"section {index + 1}", "not_earlier") in condition_problems(SurveySpec(tuple(sections)))


@settings(deadline=None)
@given(survey_specs(), st.data())
def test_a_condition_on_an_unknown_value_is_reported(spec: SurveySpec, data: st.DataObject) -> None:
    questions = spec.questions
    pairs = [
        (source, question)
        for position, question in enumerate(questions)
        for source in questions[:position]
        if source.kind in CONDITIONAL_KINDS
    ]
    assume(pairs)
    source, question = data.draw(st.sampled_from(pairs))
    known = condition_values(source)
    wrong = data.draw(st.sampled_from(["11", "-1", "05", " 1", "dk", ""]) | codes)
    assume(wrong not in known)
    values = frozenset(data.draw(st.lists(st.sampled_from(known), max_size=2))) | {wrong}
    changed = replace_question(spec, question.code, show_if=Condition(source.code, values))
    assert (question.code, "unknown_value") in condition_problems(changed)
    empty = replace_question(spec, question.code, show_if=Condition(source.code, frozenset()))
    assert (question.code, "unknown_value") in condition_problems(empty)


@pytest.mark.parametrize("kind", [Kind.GRID, Kind.NUMBER, Kind.SHORT_TEXT, Kind.LONG_TEXT])
def test_a_condition_on_a_question_without_values_is_reported(kind: Kind) -> None:
    source = QuestionSpec("a", kind, items=("x",))
    follower = QuestionSpec("b", Kind.SHORT_TEXT, show_if=Condition("a", frozenset({"1"})))
    spec = SurveySpec((SectionSpec((source, follower)), SectionSpec((), Condition("a", frozenset({"1"})))))
    assert condition_problems(spec) == [("b", "not_conditional"), ("section 2", "not_conditional")]


def test_condition_values_of_ratings_follow_the_scale() -> None:
    rating = QuestionSpec("a", Kind.RATING, scale=(0, 3))
    nps = QuestionSpec("n", Kind.NPS)
    ok = SurveySpec(
        (
            SectionSpec(
                (
                    rating,
                    nps,
                    QuestionSpec("b", Kind.SINGLE, options=("x",), show_if=Condition("a", frozenset({"0", "3"}))),
                    QuestionSpec("c", Kind.SINGLE, options=("x",), show_if=Condition("n", frozenset({"10"}))),
                )
            ),
        )
    )
    assert condition_problems(ok) == []
    wrong = replace_question(ok, "b", show_if=Condition("a", frozenset({"4"})))
    assert condition_problems(wrong) == [("b", "unknown_value")]


# --- edits to a survey with answers ---------------------------------------------------------------


@given(question_specs("q", []))
def test_changing_nothing_or_only_safe_things_is_safe(question: QuestionSpec) -> None:
    assert unsafe_changes(question, question) == []
    safer = dataclasses.replace(
        question,
        required=not question.required,
        options=(*question.options, "new-option") if question.kind in CHOICE_KINDS else question.options,
        items=(*question.items, "new-item") if question.kind == Kind.GRID else question.items,
        dont_know=True if question.kind in SCALE_KINDS else question.dont_know,
        show_if=None,
    )
    assert unsafe_changes(question, safer) == []
    reordered = dataclasses.replace(question, options=question.options[::-1], items=question.items[::-1])
    assert unsafe_changes(question, reordered) == []
    assert unsafe_changes(question, None) == [Change.QUESTION_REMOVED]


@given(st.lists(codes, min_size=1, max_size=6, unique=True), st.sampled_from(sorted(CHOICE_KINDS)), st.data())
def test_removing_an_option_is_reported(options: list[str], kind: Kind, data: st.DataObject) -> None:
    before = QuestionSpec("q", kind, options=tuple(options))
    removed = data.draw(st.sampled_from(options))
    after = dataclasses.replace(before, options=(*(option for option in options if option != removed), "new-option"))
    assert unsafe_changes(before, after) == [Change.OPTION_REMOVED]


@given(st.lists(codes, min_size=1, max_size=6, unique=True), st.none() | scales, st.data())
def test_removing_an_item_is_reported(items: list[str], scale: tuple[int, int] | None, data: st.DataObject) -> None:
    before = QuestionSpec("q", Kind.GRID, items=tuple(items), scale=scale)
    removed = data.draw(st.sampled_from(items))
    after = dataclasses.replace(before, items=tuple(item for item in items if item != removed))
    assert unsafe_changes(before, after) == [Change.ITEM_REMOVED]


@given(st.sampled_from(sorted(SCALE_KINDS)), st.none() | scales, st.none() | scales)
@example(Kind.RATING, None, (1, 5))
@example(Kind.GRID, (1, 5), None)
@example(Kind.GRID, (1, 5), (0, 5))
def test_changing_the_scale_is_reported(
    kind: Kind, before_scale: tuple[int, int] | None, after_scale: tuple[int, int] | None
) -> None:
    before = QuestionSpec("q", kind, items=("x",), scale=before_scale)
    after = dataclasses.replace(before, scale=after_scale)
    changed = (before_scale or (1, 5)) != (after_scale or (1, 5))  # no scale is the default 1 to 5
    assert unsafe_changes(before, after) == ([Change.SCALE_CHANGED] if changed else [])


@given(st.sampled_from(list(Kind)), st.sampled_from(list(Kind)))
def test_changing_the_kind_is_reported(before_kind: Kind, after_kind: Kind) -> None:
    before = QuestionSpec("q", before_kind, options=("a",), items=("x",), dont_know=True)
    after = dataclasses.replace(before, kind=after_kind, options=(), items=(), dont_know=False)
    changes = unsafe_changes(before, after)
    if before_kind != after_kind:
        assert changes == [Change.KIND_CHANGED]
    else:
        assert Change.KIND_CHANGED not in changes


def test_removing_dont_know_is_reported_and_adding_it_is_not() -> None:
    with_it = QuestionSpec("q", Kind.RATING, scale=(1, 5), dont_know=True)
    without = dataclasses.replace(with_it, dont_know=False)
    assert unsafe_changes(with_it, without) == [Change.DONT_KNOW_REMOVED]
    assert unsafe_changes(without, with_it) == []
    grid = QuestionSpec("g", Kind.GRID, items=("x", "y"), scale=(1, 5), dont_know=True)
    everything = dataclasses.replace(grid, items=("x",), scale=(0, 5), dont_know=False)
    assert unsafe_changes(grid, everything) == [Change.ITEM_REMOVED, Change.SCALE_CHANGED, Change.DONT_KNOW_REMOVED]


# --- texts in several languages -------------------------------------------------------------------

languages = st.sampled_from(["sl", "en", "bg", "de", "hr"])
texts = st.dictionaries(languages, st.sampled_from(["", " ", "\n", "Dober dan", "Hello", "Здравейте", " Hallo "]))


def test_text_in_prefers_in_order_and_skips_blanks() -> None:
    titles = {"sl": "Anketa", "en": "  ", "bg": "Анкета"}
    assert text_in(titles, "bg", ["sl", "en"]) == "Анкета"
    assert text_in(titles, "en", ["sl", "bg"]) == "Anketa"  # English is blank
    assert text_in(titles, "de", ("bg", "sl")) == "Анкета"
    assert text_in(titles, ["de", "en", "bg"]) == "Анкета"  # every code of a sequence, not just its first
    assert text_in(titles, "de") == "Anketa"  # any language, in the mapping's order
    assert text_in(titles) == "Anketa"
    assert text_in({"en": " ", "sl": ""}, "en") == ""
    assert text_in(None, "sl") == ""
    assert text_in({}, "sl") == ""
    assert missing_languages(titles, ["sl", "en", "bg", "de"]) == ["en", "de"]
    assert missing_languages(None, ["sl", "bg"]) == ["sl", "bg"]
    assert missing_languages(titles, []) == []


@given(st.none() | texts, st.lists(languages | st.lists(languages, max_size=3), max_size=4))
def test_text_in_takes_the_first_preferred_language_with_a_text(
    given_texts: dict[str, str] | None, preferences: list[str | list[str]]
) -> None:
    result = text_in(given_texts, *preferences)
    filled = {code: text for code, text in (given_texts or {}).items() if text.strip()}
    order = [
        code for preference in preferences for code in ([preference] if isinstance(preference, str) else preference)
    ]
    preferred = [code for code in order if code in filled]
    if preferred:
        assert result == filled[preferred[0]]
    elif filled:
        assert result == next(iter(filled.values()))
    else:
        assert result == ""


@given(st.none() | texts, st.lists(languages, max_size=6))
def test_missing_languages_are_those_without_a_text(given_texts: dict[str, str] | None, wanted: list[str]) -> None:
    missing = missing_languages(given_texts, wanted)
    filled = {code for code, text in (given_texts or {}).items() if text.strip()}
    assert missing == [code for code in wanted if code not in filled]
    for code in wanted:
        if code not in missing:  # a language that is not missing is the one text_in picks for it
            assert text_in(given_texts, code) == (given_texts or {})[code]


def test_dont_know_is_a_value_of_its_own() -> None:
    assert DONT_KNOW_ANSWER is DontKnow()
    assert DONT_KNOW_ANSWER != 0
    assert not isinstance(DONT_KNOW_ANSWER, (int, str))
    assert repr(DONT_KNOW_ANSWER) == "DONT_KNOW_ANSWER"


@settings(deadline=None)
@given(survey_specs(), st.booleans())
def test_nothing_typed_gives_no_answers(spec: SurveySpec, comma: bool) -> None:
    """answer_pages.typed_answers skips the check on a first visit, when nothing has been typed:
    no question of any kind may turn a missing answer into one."""
    assert clean_answers(spec, {}, decimal_comma=comma).answers == {}
