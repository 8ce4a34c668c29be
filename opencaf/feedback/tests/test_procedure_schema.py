"""The procedure files' rules, free of Django: merging a variant over what it extends, completing
step questions from the CAF process, and the problems a bad file is refused with."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from opencaf.feedback.procedure_schema import merged, resolve, unverified, validate_procedure, with_steps

TEXT = {"en": "Text", "sl": "Besedilo", "bg": "Текст"}


def _procedure(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "procedure": {
            "code": "pef-test",
            "country": "",
            "status": "verified",
            "name": TEXT,
            "organiser": TEXT,
            "sources": ["https://example.org/pef"],
        },
        "rules": {
            "window": {"opens_after_months": 6, "closes_after_months": 12, "status": "verified"},
            "label": {"name": TEXT, "validity_months": 24, "status": "verified"},
            "actors": {"per_case": 2, "status": "partial"},
        },
        "scale": {"min": 1, "max": 5, "status": "verified", "labels": dict.fromkeys(range(1, 6), TEXT)},
        "pillars": [
            {
                "number": 1,
                "status": "verified",
                "title": TEXT,
                "description": TEXT,
                "questions": [
                    {"code": "1.1", "status": "verified", "title": TEXT, "minimum": 4},
                    {"code": "1.2", "status": "verified", "title": TEXT},
                ],
            }
        ],
        "thresholds": [{"pillars": [1], "minimum_total": 6, "status": "unverified"}],
    }
    return merged(changes, data)


def test_a_sound_procedure_has_no_problems() -> None:
    assert validate_procedure(_procedure()) == []


def test_each_bad_value_is_named() -> None:
    bad = _procedure(
        rules={"window": {"opens_after_months": 12, "closes_after_months": 6}, "label": {"validity_months": 0}},
    )
    bad["scale"]["labels"] = {1: TEXT}
    bad["pillars"][0]["questions"][1]["code"] = "1.7"
    bad["pillars"][0]["questions"][0]["minimum"] = 9
    bad["thresholds"][0]["minimum_total"] = 11  # two questions of at most 5
    bad["procedure"]["name"] = {"en": "Only English"}
    problems = validate_procedure(bad)
    expected = [
        "rules.window: must close after it opens",
        "rules.label.validity_months: must be a whole number from 1 to 120, got 0",
        "scale.labels: must name every point from 1 to 5",
        "pillars[1].questions[2]: code must be 1.2, got '1.7'",
        "pillars[1].questions[1].minimum: must be a whole number from 1 to 5, got 9",
        "thresholds[1].minimum_total: must be a whole number from 0 to 10, got 11",
        "procedure.name: missing text in language 'sl'",
    ]
    assert all(problem in problems for problem in expected), problems


def test_a_variant_replaces_only_what_it_names() -> None:
    base = _procedure()
    base["procedure"]["framework"] = "caf2020"
    variant = {
        "procedure": {**base["procedure"], "code": "pef-xx", "country": "XX", "extends": "pef-test"},
        "rules": {"label": {"validity_months": 36}},
    }
    del variant["procedure"]["framework"]
    resolved, problems = resolve({"eu.yaml": base, "xx.yaml": variant})
    assert problems == []
    result = resolved["pef-xx"]
    assert result["rules"]["label"]["validity_months"] == 36
    assert result["rules"]["label"]["name"] == TEXT  # kept from the procedure it extends
    assert result["pillars"] == base["pillars"]
    assert result["procedure"]["framework"] == "caf2020" and result["procedure"]["country"] == "XX"
    assert validate_procedure(result) == []


def test_unknown_and_circular_parents_are_refused() -> None:
    one = _procedure(procedure={"code": "one", "extends": "two"})
    two = _procedure(procedure={"code": "two", "extends": "one"})
    lost = _procedure(procedure={"code": "lost", "extends": "nowhere"})
    _resolved, problems = resolve({"1.yaml": one, "2.yaml": two, "3.yaml": lost})
    assert any("goes round in a circle" in problem for problem in problems)
    assert "3.yaml: procedure.extends 'nowhere' names no known procedure" in problems


def test_step_questions_take_the_steps_words_unless_they_have_their_own() -> None:
    data = _procedure()
    data["pillars"][0]["questions"] = [
        {"code": "1.1", "status": "verified", "step": 1},
        {"code": "1.2", "status": "verified", "step": 2, "title": {"en": "Own", "sl": "Svoj", "bg": "Свой"}},
        {"code": "1.3", "status": "verified", "step": 99},
    ]
    steps = {n: {"title": {**TEXT, "en": f"Step {n}"}, "description": TEXT} for n in (1, 2)}
    completed = with_steps(data, steps)
    first, second, _third = completed["pillars"][0]["questions"]
    assert first["title"]["en"] == "Step 1" and first["guidance"] == TEXT
    assert second["title"]["en"] == "Own"
    assert "pillars[1].questions[3]: step 99 is not a step of the framework's process" in validate_procedure(completed)
    assert "title" not in data["pillars"][0]["questions"][0]  # the input is left as it was


def test_unverified_values_are_listed_for_organisers() -> None:
    assert unverified(_procedure()) == ["rules.actors", "thresholds[1]"]


values = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda inner: st.dictionaries(st.sampled_from("abc"), inner, max_size=3) | st.lists(inner, max_size=2),
    max_leaves=8,
)
mappings = st.dictionaries(st.sampled_from("abcd"), values, max_size=4)


@given(mappings, mappings)
def test_merging_keeps_every_key_and_the_variants_plain_values(data: dict[str, Any], base: dict[str, Any]) -> None:
    before = copy.deepcopy(base)
    result = merged(data, base)
    assert set(result) == set(data) | set(base)
    for key, value in data.items():
        if not (isinstance(value, dict) and isinstance(base.get(key), dict)):
            assert result[key] == value
    assert base == before  # nothing shared with or changed in the inputs
    assert merged(data, result) == result  # laying the variant on again changes nothing
