"""Procedure files of external feedback (frameworks/pef/*.yaml): merged, completed and validated,
free of Django.

A national variant `extends` another procedure and replaces only what it names: mappings are merged
key by key (`rules.label.validity_months` alone), lists (`pillars`, `thresholds`, `sources`) are
replaced whole. A question of pillars 1 and 2 may name a `step` of the CAF process instead of its own
title; it takes the step's title and description from the framework model the procedure names.

`validate_procedure(data)` lists human-readable problems (empty when the procedure is sound); the
loader refuses to touch the database unless every file is sound.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "sl", "bg")
STATUSES = ("verified", "verified_2013", "partial", "unverified")
_CODE = re.compile(r"^[a-z0-9-]+$")
_QUESTION_CODE = re.compile(r"^(\d+)\.(\d+)$")
_COUNTRY = re.compile(r"^([A-Z]{2})?$")


def merged(data: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """`data` laid over `base`: mappings merged key by key, everything else replaced."""
    result = copy.deepcopy(dict(base))
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merged(value, result[key])
        else:
            result[key] = copy.deepcopy(value)
    return result


def resolve(files: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each procedure (by its file name) with what it extends laid under it; problems for unknown or
    circular `extends`. Returns procedures by code."""
    by_code: dict[str, tuple[str, Mapping[str, Any]]] = {}
    problems: list[str] = []
    for name, data in files.items():
        code = str(((data or {}).get("procedure") or {}).get("code", ""))
        if code in by_code:
            problems.append(f"{name}: procedure.code {code!r} is used by {by_code[code][0]} too")
        by_code[code] = (name, data or {})
    resolved: dict[str, dict[str, Any]] = {}

    def complete(code: str, seen: tuple[str, ...]) -> dict[str, Any] | None:
        if code in resolved:
            return resolved[code]
        name, data = by_code[code]
        parent = str((data.get("procedure") or {}).get("extends", "") or "")
        if not parent:
            resolved[code] = copy.deepcopy(dict(data))
            return resolved[code]
        if parent in seen or parent not in by_code:
            reason = "goes round in a circle" if parent in seen else "names no known procedure"
            problems.append(f"{name}: procedure.extends {parent!r} {reason}")
            return None
        base = complete(parent, (*seen, code))
        if base is None:
            return None
        # What the variant says of itself is its own: of the parent's identity only the framework
        # (whose process steps the questions name) carries over.
        framework = (base.get("procedure") or {}).get("framework")
        base = {**base, "procedure": {"framework": framework} if framework else {}}
        resolved[code] = merged(data, base)
        return resolved[code]

    for code in by_code:
        complete(code, (code,))
    return resolved, problems


def with_steps(data: Mapping[str, Any], steps: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    """The procedure with each `step` question given the step's title and description (as guidance)
    unless it has its own. `steps`: number -> {"title": {...}, "description": {...}, "status": ...}."""
    result = copy.deepcopy(dict(data))
    for pillar in result.get("pillars") or []:
        for question in pillar.get("questions") or []:
            step = steps.get(int(question.get("step", 0))) if isinstance(question, dict) else None
            if step is not None:
                question.setdefault("title", copy.deepcopy(step["title"]))
                question.setdefault("guidance", copy.deepcopy(step["description"]))
    return result


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def text(self, where: str, value: Any) -> None:
        if not isinstance(value, Mapping):
            self.add(where, "must be a mapping of language code to text")
            return
        for language in LANGUAGES:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.add(where, f"missing text in language {language!r}")

    def status(self, where: str, item: Any) -> None:
        value = item.get("status") if isinstance(item, Mapping) else None
        if value not in STATUSES:
            self.add(f"{where}.status", f"{value!r} is not one of {', '.join(STATUSES)}")

    def whole(self, where: str, value: Any, low: int, high: int) -> int | None:
        """The value when it is a whole number from `low` to `high`, else None (and a problem)."""
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add(where, f"must be a whole number from {low} to {high}, got {value!r}")
            return None
        return value


def _validate_identity(procedure: Any, problems: _Problems) -> None:
    if not isinstance(procedure, Mapping):
        problems.add("procedure", "must be a mapping")
        return
    if not _CODE.match(str(procedure.get("code", ""))):
        problems.add("procedure.code", "must be a lower-case slug")
    if not _COUNTRY.match(str(procedure.get("country", ""))):
        problems.add("procedure.country", "must be a two-letter country code, or empty for the European procedure")
    problems.status("procedure", procedure)
    problems.text("procedure.name", procedure.get("name"))
    problems.text("procedure.organiser", procedure.get("organiser"))
    sources = procedure.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(source, str) for source in sources):
        problems.add("procedure.sources", "must list at least one source")


def _validate_rules(rules: Any, problems: _Problems) -> None:
    if not isinstance(rules, Mapping):
        problems.add("rules", "must be a mapping")
        return
    window = rules.get("window") or {}
    problems.status("rules.window", window)
    opens = window.get("opens_after_months")
    closes = window.get("closes_after_months")
    opens = problems.whole("rules.window.opens_after_months", opens, 0, 60)
    closes = problems.whole("rules.window.closes_after_months", closes, 1, 120)
    if opens is not None and closes is not None and closes <= opens:
        problems.add("rules.window", "must close after it opens")
    label = rules.get("label") or {}
    problems.status("rules.label", label)
    problems.text("rules.label.name", label.get("name"))
    problems.whole("rules.label.validity_months", label.get("validity_months"), 1, 120)
    actors = rules.get("actors") or {}
    problems.status("rules.actors", actors)
    problems.whole("rules.actors.per_case", actors.get("per_case"), 1, 5)


def _validate_scale(scale: Any, problems: _Problems) -> tuple[int, int] | None:
    if not isinstance(scale, Mapping):
        problems.add("scale", "must be a mapping")
        return None
    problems.status("scale", scale)
    low = problems.whole("scale.min", scale.get("min"), 0, 10)
    high = problems.whole("scale.max", scale.get("max"), 1, 100)
    if low is None or high is None:
        return None
    if high <= low:
        problems.add("scale", "max must be above min")
        return None
    labels = scale.get("labels") or {}
    if sorted(labels) != list(range(low, high + 1)):
        problems.add("scale.labels", f"must name every point from {low} to {high}")
    for point, text in labels.items():
        problems.text(f"scale.labels[{point}]", text)
    return low, high


def _validate_pillars(pillars: Any, scale: tuple[int, int] | None, problems: _Problems) -> dict[int, int]:
    """Returns pillar number -> number of questions."""
    if not isinstance(pillars, list) or not pillars:
        problems.add("pillars", "must be a non-empty list")
        return {}
    counts: dict[int, int] = {}
    seen: set[str] = set()
    for position, pillar in enumerate(pillars, start=1):
        where = f"pillars[{position}]"
        if not isinstance(pillar, Mapping):
            problems.add(where, "must be a mapping")
            continue
        if pillar.get("number") != position:
            problems.add(where, f"pillars must be numbered 1, 2, 3… in order (expected {position})")
        problems.status(where, pillar)
        problems.text(f"{where}.title", pillar.get("title"))
        problems.text(f"{where}.description", pillar.get("description"))
        questions = pillar.get("questions")
        if not isinstance(questions, list) or not questions:
            problems.add(f"{where}.questions", "must be a non-empty list")
            continue
        counts[position] = len(questions)
        for index, question in enumerate(questions, start=1):
            _validate_question(f"{where}.questions[{index}]", question, (position, index), scale, seen, problems)
    return counts


def _validate_question(
    where: str,
    question: Any,
    expected: tuple[int, int],
    scale: tuple[int, int] | None,
    seen: set[str],
    problems: _Problems,
) -> None:
    if not isinstance(question, Mapping):
        problems.add(where, "must be a mapping")
        return
    code = str(question.get("code", ""))
    match = _QUESTION_CODE.match(code)
    if not match or (int(match[1]), int(match[2])) != expected:
        problems.add(where, f"code must be {expected[0]}.{expected[1]}, got {code!r}")
    if code in seen:
        problems.add(where, f"duplicate code {code!r}")
    seen.add(code)
    problems.status(where, question)
    if "step" in question and "title" not in question:
        problems.add(where, f"step {question['step']!r} is not a step of the framework's process")
    problems.text(f"{where}.title", question.get("title"))
    if "guidance" in question:
        problems.text(f"{where}.guidance", question.get("guidance"))
    minimum = question.get("minimum")
    if minimum is not None and scale is not None:
        problems.whole(f"{where}.minimum", minimum, scale[0], scale[1])


def _validate_thresholds(
    thresholds: Any, counts: Mapping[int, int], scale: tuple[int, int] | None, problems: _Problems
) -> None:
    if not isinstance(thresholds, list):
        problems.add("thresholds", "must be a list")
        return
    for index, threshold in enumerate(thresholds, start=1):
        where = f"thresholds[{index}]"
        if not isinstance(threshold, Mapping):
            problems.add(where, "must be a mapping")
            continue
        problems.status(where, threshold)
        pillars = threshold.get("pillars")
        if not isinstance(pillars, list) or not pillars or not all(number in counts for number in pillars):
            problems.add(f"{where}.pillars", "must list pillars of this procedure")
            continue
        minimum = threshold.get("minimum_total")
        if minimum is not None and scale is not None:
            most = sum(counts[number] for number in pillars) * scale[1]
            problems.whole(f"{where}.minimum_total", minimum, 0, most)


def validate_procedure(data: Any) -> list[str]:
    """Problems of one resolved procedure (after `resolve` and `with_steps`)."""
    if not isinstance(data, Mapping):
        return ["the file must contain a mapping at the top level"]
    problems = _Problems()
    _validate_identity(data.get("procedure"), problems)
    _validate_rules(data.get("rules"), problems)
    scale = _validate_scale(data.get("scale"), problems)
    counts = _validate_pillars(data.get("pillars"), scale, problems)
    _validate_thresholds(data.get("thresholds"), counts, scale, problems)
    return problems.items


def unverified(data: Mapping[str, Any]) -> list[str]:
    """Where the procedure rests on values not verified in a current source, for organisers to see:
    dotted paths such as "rules.window" or "thresholds[2]"."""
    found: list[str] = []

    def walk(where: str, value: Any) -> None:
        if isinstance(value, Mapping):
            if value.get("status") in ("unverified", "partial"):
                found.append(where)
            for key, inner in value.items():
                walk(f"{where}.{key}" if where else str(key), inner)
        elif isinstance(value, list):
            for index, inner in enumerate(value, start=1):
                walk(f"{where}[{index}]", inner)

    walk("", data)
    return found
