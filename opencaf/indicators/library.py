"""The starter library of shared indicator definitions (`starter_library.yaml`), read and checked.

`problems_of(entry, known_subcriteria)` lists, in plain words, what is wrong with one entry; it reads
no database. `load_library()` reads the file and raises `LibraryError` with every problem of every
entry unless the whole file is sound, so a broken library never half-reaches a network.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from opencaf.frameworks.services import DEFAULT_MODEL_FILES
from opencaf.indicators.models import DirectionChoice, FrequencyChoice, Unit

LIBRARY_FILE = Path(__file__).resolve().parent / "starter_library.yaml"
LANGUAGES = ("en", "sl", "bg")
REQUIRED = ("code", "name", "definition", "unit", "direction", "frequency", "decimals", "subcriteria")
OPTIONAL = ("unit_label",)
CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The limits of the fields an adopted indicator copies them into (models and forms.IndicatorForm).
CODE_LIMIT, NAME_LIMIT, DEFINITION_LIMIT, UNIT_LABEL_LIMIT = 60, 200, 2000, 40


@dataclass(frozen=True)
class LibraryEntry:
    code: str
    name: dict[str, str]
    definition: dict[str, str]
    unit: str
    direction: str
    frequency: str
    decimals: int
    subcriteria: tuple[str, ...]
    unit_label: str = ""


class LibraryError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def caf_subcriteria(path: Path = DEFAULT_MODEL_FILES[0]) -> frozenset[str]:
    """The subcriterion codes of the CAF 2020 model file ("1.1" … "9.2")."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(str(sub["code"]) for criterion in data["criteria"] for sub in criterion.get("subcriteria", []))


def _text_problems(field: str, value: Any, limit: int) -> list[str]:
    if not isinstance(value, dict):
        return [f"{field} must be a mapping of language code to text"]
    problems = []
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{field} has no text in {language!r}")
        elif len(text.strip()) > limit:
            problems.append(f"{field} in {language!r} is longer than {limit} characters")
    problems += [f"{field} has an unknown language {code!r}" for code in value if code not in LANGUAGES]
    return problems


def _choice_problems(entry: dict[str, Any]) -> list[str]:
    problems = []
    for field, allowed in (
        ("unit", Unit.values),
        ("direction", DirectionChoice.values),
        ("frequency", FrequencyChoice.values),
    ):
        if entry.get(field) not in allowed:
            problems.append(f"{field} {entry.get(field)!r} is not one of {', '.join(allowed)}")
    label = entry.get("unit_label", "")
    if entry.get("unit") == Unit.OTHER:
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > UNIT_LABEL_LIMIT:
            problems.append(f"unit 'other' needs a unit_label of 1 to {UNIT_LABEL_LIMIT} characters")
    elif label:
        problems.append("unit_label is only for unit 'other'")
    decimals = entry.get("decimals")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        problems.append(f"decimals {decimals!r} is not a whole number from 0 to 4")
    return problems


def problems_of(entry: Any, known_subcriteria: Collection[str]) -> list[str]:
    """What is wrong with one library entry (empty when it is sound)."""
    if not isinstance(entry, dict):
        return ["must be a mapping"]
    problems = [f"{field} is missing" for field in REQUIRED if field not in entry]
    problems += [f"unknown field {field!r}" for field in entry if field not in REQUIRED + OPTIONAL]
    code = entry.get("code")
    if "code" in entry and (not isinstance(code, str) or not CODE.match(code) or len(code) > CODE_LIMIT):
        problems.append(f"code {code!r} must be lower-case letters, digits and hyphens, at most {CODE_LIMIT}")
    if "name" in entry:
        problems += _text_problems("name", entry["name"], NAME_LIMIT)
    if "definition" in entry:
        problems += _text_problems("definition", entry["definition"], DEFINITION_LIMIT)
    problems += _choice_problems(entry)
    subcriteria = entry.get("subcriteria")
    if not isinstance(subcriteria, list) or not subcriteria:
        problems.append("subcriteria must be a non-empty list of CAF 2020 subcriterion codes")
    else:
        unknown = [str(code) for code in subcriteria if str(code) not in known_subcriteria]
        if unknown:
            problems.append(f"subcriteria {', '.join(unknown)} are not CAF 2020 subcriteria")
        if len(set(map(str, subcriteria))) != len(subcriteria):
            problems.append("subcriteria lists a code twice")
    return problems


def _entry(item: dict[str, Any]) -> LibraryEntry:
    return LibraryEntry(
        code=item["code"],
        name={code: item["name"][code].strip() for code in LANGUAGES},
        definition={code: item["definition"][code].strip() for code in LANGUAGES},
        unit=item["unit"],
        unit_label=str(item.get("unit_label", "")).strip(),
        direction=item["direction"],
        frequency=item["frequency"],
        decimals=item["decimals"],
        subcriteria=tuple(str(code) for code in item["subcriteria"]),
    )


def parse_library(data: Any, known_subcriteria: Collection[str]) -> list[LibraryEntry]:
    """The entries of a read library file, or LibraryError listing every problem of every entry."""
    items = data.get("definitions") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise LibraryError(["the file must have a non-empty list under 'definitions'"])
    problems: list[str] = []
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        where = f"definitions[{position}]"
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            where += f" ({item['code']})"
            if item["code"] in seen:
                problems.append(f"{where}: the code is used twice")
            seen.add(item["code"])
        problems += [f"{where}: {problem}" for problem in problems_of(item, known_subcriteria)]
    if problems:
        raise LibraryError(problems)
    return [_entry(item) for item in items]


def load_library(path: Path = LIBRARY_FILE) -> list[LibraryEntry]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LibraryError([f"{path}: {error}"]) from error
    return parse_library(data, caf_subcriteria())


@cache
def starter_library() -> tuple[LibraryEntry, ...]:
    """The shipped library, read once per process (the file changes only with a release)."""
    return tuple(load_library())
