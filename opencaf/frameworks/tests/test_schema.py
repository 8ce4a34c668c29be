"""Property tests for the pure framework-file validation."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from opencaf.frameworks.schema import band_index, bands_cover_scale, validate_framework

MODEL = yaml.safe_load((Path(__file__).resolve().parents[3] / "frameworks" / "caf2020" / "model.yaml").read_text())


@st.composite
def tilings(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Random partitions of 0..100 into consecutive ranges."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=100), max_size=10)))
    starts = [0, *cuts]
    ends = [cut - 1 for cut in cuts] + [100]
    return list(zip(starts, ends, strict=True))


@given(tilings())
def test_every_tiling_covers_the_scale(ranges: list[tuple[int, int]]) -> None:
    assert bands_cover_scale(ranges)


@given(tilings(), st.integers(min_value=0, max_value=100))
def test_every_score_falls_in_exactly_one_band(ranges: list[tuple[int, int]], score: int) -> None:
    index = band_index(score, ranges)
    low, high = ranges[index]
    assert low <= score <= high
    assert sum(1 for low, high in ranges if low <= score <= high) == 1


@given(tilings(), st.data())
def test_a_gap_or_overlap_is_detected(ranges: list[tuple[int, int]], data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(ranges) - 1))
    low, high = ranges[index]
    shift = data.draw(st.sampled_from([-1, 1]))
    broken = list(ranges)
    broken[index] = (low + shift, high) if (low + shift) >= 0 and low + shift <= high else (low, high + shift)
    if broken != ranges:
        assert not bands_cover_scale(broken)


def test_the_curated_caf_model_is_valid() -> None:
    assert validate_framework(MODEL) == []
    assert len(MODEL["criteria"]) == 9
    assert [len(c["subcriteria"]) for c in MODEL["criteria"]] == [4, 4, 3, 6, 3, 2, 2, 2, 2]
    assert [c["kind"] for c in MODEL["criteria"]] == ["enabler"] * 5 + ["result"] * 4
    steps = [step["number"] for phase in MODEL["process"]["phases"] for step in phase["steps"]]
    assert steps == list(range(1, 11))


def test_own_translations_are_marked_where_no_official_text_exists() -> None:
    for criterion in MODEL["criteria"]:
        for sub in criterion["subcriteria"]:
            assert set(sub["own_translation"]) == {"sl", "bg"}, sub["code"]


@given(st.sampled_from(["en", "sl", "bg"]), st.integers(min_value=0, max_value=27))
def test_a_missing_translation_is_reported(language: str, position: int) -> None:
    model = copy.deepcopy(MODEL)
    subcriteria = [sub for criterion in model["criteria"] for sub in criterion["subcriteria"]]
    subcriteria[position]["title"][language] = "  "
    problems = validate_framework(model)
    assert any(language in problem and "title" in problem for problem in problems)


def test_structural_mistakes_are_reported() -> None:
    model = copy.deepcopy(MODEL)
    model["criteria"][1]["subcriteria"][0]["code"] = "3.1"
    model["scoring"]["panels"][0]["bands"][2]["min"] = 35
    model["criteria"][0]["kind"] = "widget"
    del model["scoring"]["panels"][3]
    problems = "\n".join(validate_framework(model))
    assert "code must be 2.1" in problems
    assert "without gaps" in problems
    assert "'widget'" in problems
    assert "no panel for fine_tuned scoring of results" in problems
    assert validate_framework(["not", "a", "mapping"]) == ["the file must contain a mapping at the top level"]


def test_every_subcriterion_has_guidance_in_three_languages() -> None:
    for criterion in MODEL["criteria"]:
        for sub in criterion["subcriteria"]:
            assert all(sub["guidance"][language].strip() for language in ("en", "sl", "bg")), sub["code"]
