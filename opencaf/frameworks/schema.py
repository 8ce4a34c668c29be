"""Validation of a framework model file (frameworks/<code>/model.yaml), free of Django.

`validate_framework(data)` returns a list of human-readable problems (empty when the file is sound).
The loader refuses to touch the database unless the list is empty, so a bad file changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

LANGUAGES = ("en", "sl", "bg")
KINDS = ("enabler", "result")
METHODS = ("classical", "fine_tuned")
STATUSES = ("verified", "verified_2013", "partial", "unverified")
PHASES = (None, "PLAN", "DO", "CHECK", "ACT", "PDCA")
AGGREGATION_RULES = ("mean",)
SCORE_MIN, SCORE_MAX = 0, 100
_SUBCRITERION_CODE = re.compile(r"^(\d+)\.(\d+)$")


def bands_cover_scale(ranges: Sequence[tuple[int, int]]) -> bool:
    """True when the ranges, in order, tile 0..100 with no gap and no overlap."""
    expected_start = SCORE_MIN
    for low, high in ranges:
        if low != expected_start or high < low:
            return False
        expected_start = high + 1
    return bool(ranges) and expected_start == SCORE_MAX + 1


def band_index(score: int, ranges: Sequence[tuple[int, int]]) -> int:
    """Position of the band that contains the score."""
    for index, (low, high) in enumerate(ranges):
        if low <= score <= high:
            return index
    raise ValueError(f"score {score} is outside the scale")


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def text(self, where: str, value: Any, languages: Iterable[str] = LANGUAGES) -> None:
        if not isinstance(value, dict):
            self.add(where, "must be a mapping of language code to text")
            return
        for language in languages:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.add(where, f"missing text in language {language!r}")

    def choice(self, where: str, value: Any, allowed: Iterable[Any]) -> None:
        allowed = tuple(allowed)
        if value not in allowed:
            self.add(where, f"{value!r} is not one of {', '.join(map(str, allowed))}")

    def own_translation(self, where: str, item: dict[str, Any]) -> None:
        value = item.get("own_translation", [])
        if not isinstance(value, list) or any(language not in LANGUAGES for language in value):
            self.add(f"{where}.own_translation", "must be a list of language codes")


def _validate_criteria(data: dict[str, Any], problems: _Problems) -> None:
    criteria = data.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        problems.add("criteria", "must be a non-empty list")
        return
    seen_codes: set[str] = set()
    for position, criterion in enumerate(criteria, start=1):
        where = f"criteria[{position}]"
        if criterion.get("number") != position:
            problems.add(where, f"criteria must be numbered 1, 2, 3… in order (expected {position})")
        problems.choice(f"{where}.kind", criterion.get("kind"), KINDS)
        problems.choice(f"{where}.status", criterion.get("status"), STATUSES)
        problems.text(f"{where}.title", criterion.get("title"))
        problems.own_translation(where, criterion)
        subcriteria = criterion.get("subcriteria")
        if not isinstance(subcriteria, list) or not subcriteria:
            problems.add(f"{where}.subcriteria", "must be a non-empty list")
            continue
        for sub_position, sub in enumerate(subcriteria, start=1):
            sub_where = f"{where}.subcriteria[{sub_position}]"
            code = str(sub.get("code", ""))
            match = _SUBCRITERION_CODE.match(code)
            if not match or int(match[1]) != position or int(match[2]) != sub_position:
                problems.add(sub_where, f"code must be {position}.{sub_position}, got {code!r}")
            if code in seen_codes:
                problems.add(sub_where, f"duplicate code {code!r}")
            seen_codes.add(code)
            problems.text(f"{sub_where}.title", sub.get("title"))
            if "guidance" in sub:
                problems.text(f"{sub_where}.guidance", sub.get("guidance"))
            problems.choice(f"{sub_where}.status", sub.get("status"), STATUSES)
            problems.own_translation(sub_where, sub)


def _validate_panels(data: dict[str, Any], problems: _Problems) -> None:
    scoring = data.get("scoring")
    if not isinstance(scoring, dict):
        problems.add("scoring", "must be a mapping")
        return
    methods = scoring.get("methods", {})
    for method in METHODS:
        problems.text(f"scoring.methods.{method}", methods.get(method))
    panels = scoring.get("panels")
    if not isinstance(panels, list) or not panels:
        problems.add("scoring.panels", "must be a non-empty list")
        return
    covered: set[tuple[str, str]] = set()
    for panel in panels:
        where = f"scoring.panels[{panel.get('code')}]"
        problems.choice(f"{where}.method", panel.get("method"), METHODS)
        problems.choice(f"{where}.applies_to", panel.get("applies_to"), KINDS)
        problems.choice(f"{where}.status", panel.get("status"), STATUSES)
        problems.text(f"{where}.title", panel.get("title"))
        covered.add((panel.get("method"), panel.get("applies_to")))
        bands = panel.get("bands") or []
        ranges = [(band.get("min"), band.get("max")) for band in bands]
        if not all(isinstance(low, int) and isinstance(high, int) for low, high in ranges) or not bands_cover_scale(
            ranges
        ):
            problems.add(f"{where}.bands", "must cover 0–100 in order without gaps or overlaps")
        for index, band in enumerate(bands, start=1):
            problems.text(f"{where}.bands[{index}].meaning", band.get("meaning"))
            problems.choice(f"{where}.bands[{index}].phase", band.get("phase"), PHASES)
        dimensions = panel.get("dimensions") or []
        if panel.get("method") == "fine_tuned":
            if len(dimensions) < 2:
                problems.add(f"{where}.dimensions", "fine-tuned scoring needs at least two dimensions")
            problems.choice(
                f"{where}.aggregation.rule", (panel.get("aggregation") or {}).get("rule"), AGGREGATION_RULES
            )
        for dimension in dimensions:
            dim_where = f"{where}.dimensions[{dimension.get('code')}]"
            problems.text(f"{dim_where}.title", dimension.get("title"))
            problems.text(f"{dim_where}.description", dimension.get("description"))
            levels = dimension.get("levels")
            if levels is not None:
                if len(levels) != len(bands):
                    problems.add(f"{dim_where}.levels", "must have one level per band")
                for index, level in enumerate(levels, start=1):
                    problems.text(f"{dim_where}.levels[{index}]", level)
    for method in METHODS:
        for kind in KINDS:
            if (method, kind) not in covered:
                problems.add("scoring.panels", f"no panel for {method} scoring of {kind}s")


def _validate_process(data: dict[str, Any], problems: _Problems) -> None:
    phases = (data.get("process") or {}).get("phases")
    if not isinstance(phases, list) or not phases:
        problems.add("process.phases", "must be a non-empty list")
        return
    expected_step = 1
    for position, phase in enumerate(phases, start=1):
        where = f"process.phases[{position}]"
        if phase.get("number") != position:
            problems.add(where, f"phases must be numbered in order (expected {position})")
        problems.text(f"{where}.title", phase.get("title"))
        for step in phase.get("steps") or []:
            step_where = f"{where}.steps[{step.get('number')}]"
            if step.get("number") != expected_step:
                problems.add(step_where, f"steps must be numbered in order across phases (expected {expected_step})")
            expected_step += 1
            problems.text(f"{step_where}.title", step.get("title"))
            problems.text(f"{step_where}.description", step.get("description"))


def validate_framework(data: Any) -> list[str]:
    problems = _Problems()
    if not isinstance(data, dict):
        return ["the file must contain a mapping at the top level"]
    framework = data.get("framework")
    if not isinstance(framework, dict) or not re.match(r"^[a-z0-9_-]+$", str(framework.get("code", ""))):
        problems.add("framework.code", "must be a lower-case slug")
    else:
        problems.text("framework.name", framework.get("name"))
        if not str(framework.get("version", "")).strip():
            problems.add("framework.version", "is required")
    kinds = data.get("kinds") or {}
    for kind in KINDS:
        problems.text(f"kinds.{kind}", kinds.get(kind))
    _validate_criteria(data, problems)
    _validate_panels(data, problems)
    _validate_process(data, problems)
    return problems.items
