"""Builders for the model part's tests (no tests here): a small, sound starter model as data and as
files in a directory, so that each test breaks one thing of it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

LEVELS = 4


def texts(word: str) -> dict[str, str]:
    return {"en": word, "sl": f"{word} (sl)", "bg": f"{word} (bg)"}


def competency(code: str, *, area: str = "", levels: int = LEVELS) -> dict[str, Any]:
    return {
        "code": code,
        "names": texts(f"Name of {code}"),
        "definitions": texts(f"What {code} means."),
        "digcomp_area": area,
        "indicators": {
            level: [texts(f"{code} at {level}"), texts(f"{code} also at {level}")] for level in range(1, levels + 1)
        },
        "questions": [
            {
                "kind": kind,
                "texts": texts(f"{code} {kind} question"),
                "anchors": {level: texts(f"{code} answer at {level}") for level in range(1, levels + 1)},
            }
            for kind in ("behavioural", "situational")
        ],
    }


def header(levels: int = LEVELS, clusters: tuple[str, ...] = ("core.yaml", "digital.yaml")) -> dict[str, Any]:
    return {
        "code": "test-starter",
        "names": texts("Test model"),
        "description": texts("A model for tests."),
        "levels": levels,
        "level_names": [texts(f"Level {level}") for level in range(1, levels + 1)],
        "clusters": list(clusters),
    }


def clusters(levels: int = LEVELS) -> dict[str, dict[str, Any]]:
    return {
        "core.yaml": {
            "code": "CORE",
            "kind": "core",
            "names": texts("Core competencies"),
            "competencies": [competency("CORE-1", levels=levels), competency("CORE-2", levels=levels)],
        },
        "digital.yaml": {
            "code": "DIG",
            "kind": "digital",
            "names": texts("Digital competencies"),
            "competencies": [competency("DIG-1", area="information", levels=levels)],
        },
    }


def write_model(directory: Path, head: dict[str, Any] | None = None, files: dict[str, Any] | None = None) -> Path:
    """The model's files in the directory (a sound one unless told otherwise); returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    head = copy.deepcopy(head) if head is not None else header()
    files = copy.deepcopy(files) if files is not None else clusters()
    (directory / "model.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), encoding="utf-8")
    for name, data in files.items():
        (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory
