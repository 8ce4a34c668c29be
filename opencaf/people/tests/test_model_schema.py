"""The starter model's files read and validated, free of Django: a sound model reads as a typed, frozen
structure; each kind of problem is named with its place (file, competency code, level); the shipped
starter model is sound."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencaf.people import model_schema
from opencaf.people.model_schema import ModelFileError, Problem, read_model, validate_model
from opencaf.people.tests import test_model_builders as b


def _problems(head: dict[str, Any] | None = None, files: dict[str, Any] | None = None) -> list[Problem]:
    return validate_model(head if head is not None else b.header(), files if files is not None else b.clusters())


def _one(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(problem) for problem in problems]
    return problems[0]


# --- a sound model ---------------------------------------------------------------------------------


def test_a_sound_model_has_no_problems_and_reads_as_a_frozen_structure(tmp_path: Path) -> None:
    assert _problems() == []
    model = read_model(b.write_model(tmp_path))
    assert model.code == "test-starter" and model.levels == 4
    assert [cluster.code for cluster in model.clusters] == ["CORE", "DIG"]
    assert [c.code for c in model.competencies] == ["CORE-1", "CORE-2", "DIG-1"]
    dig = model.competencies[2]
    assert dig.digcomp_area == "information"
    assert len(dig.indicators) == 4 and dig.indicators[2][0]["en"] == "DIG-1 at 3"
    assert [q.kind for q in dig.questions] == ["behavioural", "situational"]
    assert dig.questions[0].anchors[3]["sl"] == "DIG-1 answer at 4 (sl)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        dig.code = "X"  # type: ignore[misc]
    with pytest.raises(TypeError):
        dig.names["en"] = "changed"  # type: ignore[index]


def test_level_keys_may_be_written_as_text(tmp_path: Path) -> None:
    files = b.clusters()
    competency = files["core.yaml"]["competencies"][0]
    competency["indicators"] = {str(level): items for level, items in competency["indicators"].items()}
    assert _problems(files=files) == []


def test_the_shipped_starter_model_is_sound() -> None:
    model = read_model()
    assert model.levels == 4
    assert {cluster.kind for cluster in model.clusters} == {"core", "leadership", "digital"}
    digital = [c for cluster in model.clusters if cluster.kind == "digital" for c in cluster.competencies]
    assert digital and all(c.digcomp_area in model_schema.DIGCOMP_AREAS for c in digital)


# --- each kind of problem, with its place ----------------------------------------------------------


def test_a_missing_language_is_named_with_file_code_and_level() -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][1]["indicators"][3][0]["bg"] = " "
    problem = _one(_problems(files=files))
    assert (problem.file, problem.code, problem.level) == ("core.yaml", "CORE-2", 3)
    assert "'bg'" in problem.message
    assert str(problem).startswith("core.yaml, CORE-2, level 3, indicators[1]:")


@pytest.mark.parametrize("field", ["names", "definitions"])
def test_a_competency_text_needs_every_language(field: str) -> None:
    files = b.clusters()
    del files["digital.yaml"]["competencies"][0][field]["sl"]
    problem = _one(_problems(files=files))
    assert (problem.file, problem.code, problem.field) == ("digital.yaml", "DIG-1", field)


def test_levels_must_be_consecutive_from_one() -> None:
    files = b.clusters()
    indicators = files["core.yaml"]["competencies"][0]["indicators"]
    indicators[5] = indicators.pop(4)
    problem = _one(_problems(files=files))
    assert (problem.code, problem.field) == ("CORE-1", "indicators") and "1 to 4" in problem.message


def test_each_level_needs_a_behavioural_indicator() -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][0]["indicators"][2] = []
    problem = _one(_problems(files=files))
    assert (problem.code, problem.level) == ("CORE-1", 2)


def test_codes_are_unique_across_the_files() -> None:
    files = b.clusters()
    files["digital.yaml"]["competencies"][0]["code"] = "CORE-1"
    problem = _one(_problems(files=files))
    assert problem.file == "digital.yaml" and "core.yaml" in problem.message


def test_cluster_codes_are_unique_too() -> None:
    files = b.clusters()
    files["digital.yaml"]["code"] = "CORE"
    assert _one(_problems(files=files)).field == "code"


@pytest.mark.parametrize("code", ["", "1ABC", "CORE 1", "A" * 21, None])
def test_a_code_is_letters_digits_and_hyphens(code: Any) -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][0]["code"] = code
    problem = _one(_problems(files=files))
    assert problem.field == "code"


def test_digcomp_areas_belong_to_the_digital_cluster_only() -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][0]["digcomp_area"] = "safety"
    files["digital.yaml"]["competencies"][0]["digcomp_area"] = "cooking"
    problems = _problems(files=files)
    assert [(p.code, p.field) for p in problems] == [("CORE-1", "digcomp_area"), ("DIG-1", "digcomp_area")]


def test_a_digital_competency_names_its_area() -> None:
    files = b.clusters()
    files["digital.yaml"]["competencies"][0]["digcomp_area"] = ""
    assert _one(_problems(files=files)).code == "DIG-1"


def test_questions_are_behavioural_or_situational_with_an_anchor_for_every_level() -> None:
    files = b.clusters()
    questions = files["core.yaml"]["competencies"][0]["questions"]
    questions[0]["kind"] = "hypothetical"
    del questions[1]["anchors"][4]
    problems = _problems(files=files)
    assert [(p.code, p.field) for p in problems] == [
        ("CORE-1", "questions[1]"),
        ("CORE-1", "questions[2].anchors"),
    ]


def test_an_anchor_needs_every_language() -> None:
    files = b.clusters()
    files["core.yaml"]["competencies"][1]["questions"][0]["anchors"][2]["en"] = ""
    problem = _one(_problems(files=files))
    assert (problem.code, problem.level, problem.field) == ("CORE-2", 2, "questions[1].anchors")


def test_the_header_is_checked() -> None:
    head = b.header()
    head["level_names"] = head["level_names"][:2]
    head["clusters"] = ["../secret.yaml"]
    del head["names"]["bg"]
    fields = [p.field for p in _problems(head=head, files={})]
    assert fields == ["names", "level_names", "clusters"]


@pytest.mark.parametrize("levels", [2, 6, "4", True, None])
def test_a_model_has_three_to_five_levels(levels: Any) -> None:
    head = b.header()
    head["levels"] = levels
    assert [p.field for p in _problems(head=head)] == ["levels"]


def test_unknown_languages_and_cluster_kinds_are_named() -> None:
    files = b.clusters()
    files["core.yaml"]["kind"] = "technical"
    files["core.yaml"]["names"]["de"] = "Kern"
    fields = [p.field for p in _problems(files=files)]
    assert fields == ["kind", "names"]


def test_reading_lists_every_problem_of_every_file(tmp_path: Path) -> None:
    files = b.clusters()
    del files["digital.yaml"]
    files["core.yaml"]["competencies"][0]["names"] = "just text"
    b.write_model(tmp_path, files=files)
    with pytest.raises(ModelFileError) as raised:
        read_model(tmp_path)
    described = [str(problem) for problem in raised.value.problems]
    assert described[0] == "digital.yaml: the file is missing"
    assert any(line.startswith("core.yaml, CORE-1, names:") for line in described)


def test_a_file_that_is_not_yaml_is_named(tmp_path: Path) -> None:
    b.write_model(tmp_path)
    (tmp_path / "core.yaml").write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(ModelFileError) as raised:
        read_model(tmp_path)
    assert raised.value.problems[0].file == "core.yaml" and "cannot be read" in raised.value.problems[0].message


def test_an_empty_cluster_file_is_a_problem_not_skipped(tmp_path: Path) -> None:
    b.write_model(tmp_path)
    (tmp_path / "digital.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ModelFileError) as raised:
        read_model(tmp_path)
    assert [(p.file, p.message) for p in raised.value.problems] == [("digital.yaml", "must be a mapping")]


# --- properties ------------------------------------------------------------------------------------


@given(levels=st.integers(min_value=3, max_value=5), count=st.integers(min_value=1, max_value=4))
def test_any_sound_model_validates_and_keeps_its_shape(levels: int, count: int) -> None:
    head = b.header(levels=levels, clusters=("core.yaml",))
    files = {
        "core.yaml": {
            "code": "CORE",
            "kind": "core",
            "names": b.texts("Core"),
            "competencies": [b.competency(f"CORE-{n}", levels=levels) for n in range(1, count + 1)],
        }
    }
    assert validate_model(head, files) == []
    model = model_schema.build_model(head, files)
    assert len(model.competencies) == count
    assert all(
        len(c.indicators) == levels and all(len(q.anchors) == levels for q in c.questions) for c in model.competencies
    )


PLACES = st.sampled_from([("core.yaml", 0, "CORE-1"), ("core.yaml", 1, "CORE-2"), ("digital.yaml", 0, "DIG-1")])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(place=PLACES, level=st.integers(min_value=1, max_value=4), language=st.sampled_from(["en", "sl", "bg"]))
def test_any_blank_indicator_text_is_found_where_it_is(place: tuple[str, int, str], level: int, language: str) -> None:
    file, index, code = place
    files = b.clusters()
    files[file]["competencies"][index]["indicators"][level][1][language] = ""
    problem = _one(validate_model(b.header(), files))
    assert (problem.file, problem.code, problem.level) == (file, code, level) and repr(language) in problem.message


@given(order=st.permutations([1, 2, 3, 4]), drop=st.integers(min_value=0, max_value=4))
def test_levels_in_any_order_are_fine_and_a_missing_one_is_not(order: list[int], drop: int) -> None:
    files = b.clusters()
    indicators = files["core.yaml"]["competencies"][0]["indicators"]
    kept = [level for level in order if level != drop]
    files["core.yaml"]["competencies"][0]["indicators"] = {level: indicators[level] for level in kept}
    problems = validate_model(b.header(), files)
    assert (problems == []) == (drop == 0)
