"""The starter competency model's files (frameworks/competencies/starter/), read and validated, free of
Django.

`model.yaml` is the header (code, names, description, the proficiency levels and their names) and lists
the cluster files in order; each cluster file holds its competencies with their definitions, behavioural
indicators per level and interview questions with an anchored rating scale.

`validate_model(header, clusters)` lists every problem with its place (file, competency code, level);
`read_model(directory)` reads the files and returns a `StarterModel` (typed, frozen) or raises
`ModelFileError` with every problem of every file, so a bad file never half-reaches an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeGuard

import yaml

STARTER_DIR = Path(__file__).resolve().parents[2] / "frameworks" / "competencies" / "starter"
HEADER_FILE = "model.yaml"

LANGUAGES = ("en", "sl", "bg")
CLUSTER_KINDS = ("core", "leadership", "digital", "professional")
DIGITAL = "digital"
# The five competence areas of DigComp 2.2 (models.DigCompArea holds the same codes with their labels).
DIGCOMP_AREAS = ("information", "communication", "content", "safety", "problem_solving")
QUESTION_KINDS = ("behavioural", "situational")
MIN_LEVELS, MAX_LEVELS = 3, 5  # as the database allows (ModelVersion's constraint)
CODE_LIMIT = 20  # Cluster.code and Competency.code
# Texts longer than these would not fit the forms HR edits them with (forms_model.py).
NAME_LIMIT, DEFINITION_LIMIT, INDICATOR_LIMIT, QUESTION_LIMIT = 200, 2000, 500, 1000
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_FILE = re.compile(r"^[a-z0-9_-]+\.yaml$")

Texts = Mapping[str, str]


# --- what a sound model reads as -------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    kind: str
    texts: Texts
    anchors: tuple[Texts, ...]  # what an answer sounds like at each level, level 1 first


@dataclass(frozen=True)
class Competency:
    code: str
    names: Texts
    definitions: Texts
    digcomp_area: str
    indicators: tuple[tuple[Texts, ...], ...]  # per level, level 1 first
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Cluster:
    file: str
    code: str
    kind: str
    names: Texts
    competencies: tuple[Competency, ...]


@dataclass(frozen=True)
class StarterModel:
    code: str
    names: Texts
    description: Texts
    levels: int
    level_names: tuple[Texts, ...]
    clusters: tuple[Cluster, ...]

    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(competency for cluster in self.clusters for competency in cluster.competencies)


# --- problems --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where: the file, the competency (its code, or its position while it has no
    usable code), the level, and the field within."""

    file: str
    message: str
    code: str = ""
    level: int | None = None
    field: str = ""

    def __str__(self) -> str:
        place = [self.file]
        if self.code:
            place.append(self.code)
        if self.level is not None:
            place.append(f"level {self.level}")
        if self.field:
            place.append(self.field)
        return f"{', '.join(place)}: {self.message}"


class ModelFileError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, message: str, *, code: str = "", level: int | None = None, field: str = "") -> None:
        self.items.append(Problem(file=file, message=message, code=code, level=level, field=field))

    def text(self, value: Any, limit: int, file: str, *, code: str = "", level: int | None = None, field: str) -> None:
        if not isinstance(value, Mapping):
            self.add(file, "must be a mapping of language code to text", code=code, level=level, field=field)
            return
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.add(file, f"missing text in language {language!r}", code=code, level=level, field=field)
            elif len(text.strip()) > limit:
                message = f"the text in {language!r} is longer than {limit} characters"
                self.add(file, message, code=code, level=level, field=field)
        unknown = sorted(str(key) for key in value if key not in LANGUAGES)
        if unknown:
            message = f"unknown language {', '.join(map(repr, unknown))}"
            self.add(file, message, code=code, level=level, field=field)


def is_code(value: object) -> TypeGuard[str]:
    """A cluster's or competency's code: letters, digits and hyphens, starting with a letter ("CORE-1")."""
    return isinstance(value, str) and len(value) <= CODE_LIMIT and bool(_CODE.match(value))


def _levels_of(value: Any) -> dict[int, Any] | None:
    """A mapping keyed by level ("1" or 1) as {level number: value}; None when a key is no number."""
    if not isinstance(value, Mapping):
        return None
    levels: dict[int, Any] = {}
    for key, item in value.items():
        if isinstance(key, bool) or not str(key).isdigit():
            return None
        levels[int(key)] = item
    return levels


def _consecutive(levels: Iterable[int], count: int) -> bool:
    return sorted(levels) == list(range(1, count + 1))


# --- validation ------------------------------------------------------------------------------------


def _validate_header(header: Any, problems: _Problems) -> int | None:
    """The header's problems; returns the number of levels when it is usable."""
    file = HEADER_FILE
    if not isinstance(header, Mapping):
        problems.add(file, "must be a mapping")
        return None
    if not isinstance(header.get("code"), str) or not header["code"].strip():
        problems.add(file, "must have a code", field="code")
    problems.text(header.get("names"), NAME_LIMIT, file, field="names")
    problems.text(header.get("description"), DEFINITION_LIMIT, file, field="description")
    levels = header.get("levels")
    if isinstance(levels, bool) or not isinstance(levels, int) or not MIN_LEVELS <= levels <= MAX_LEVELS:
        problems.add(file, f"must be a whole number from {MIN_LEVELS} to {MAX_LEVELS}, got {levels!r}", field="levels")
        levels = None
    names = header.get("level_names")
    if not isinstance(names, list) or (levels is not None and len(names) != levels):
        problems.add(file, "must name each level once, level 1 first", field="level_names")
    else:
        for level, text in enumerate(names, start=1):
            problems.text(text, NAME_LIMIT, file, level=level, field="level_names")
    clusters = header.get("clusters")
    if not isinstance(clusters, list) or not clusters:
        problems.add(file, "must list the cluster files", field="clusters")
    else:
        for name in clusters:
            if not isinstance(name, str) or not _FILE.match(name):
                problems.add(file, f"{name!r} is not a file name such as core.yaml", field="clusters")
        if len(set(map(str, clusters))) != len(clusters):
            problems.add(file, "lists a cluster file twice", field="clusters")
    return levels


def _validate_question(
    question: Any, file: str, code: str, index: int, levels: int | None, problems: _Problems
) -> None:
    field = f"questions[{index}]"
    if not isinstance(question, Mapping):
        problems.add(file, "must be a mapping", code=code, field=field)
        return
    kind = question.get("kind")
    if kind not in QUESTION_KINDS:
        problems.add(file, f"kind {kind!r} is not one of {', '.join(QUESTION_KINDS)}", code=code, field=field)
    problems.text(question.get("texts"), QUESTION_LIMIT, file, code=code, field=f"{field}.texts")
    anchors = _levels_of(question.get("anchors"))
    if anchors is None or (levels is not None and not _consecutive(anchors, levels)):
        expected = f"1 to {levels}" if levels is not None else "1, 2, 3…"
        problems.add(file, f"must describe an answer at every level, {expected}", code=code, field=f"{field}.anchors")
        return
    for level, text in sorted(anchors.items()):
        problems.text(text, INDICATOR_LIMIT, file, code=code, level=level, field=f"{field}.anchors")


def _validate_competency(
    competency: Any,
    file: str,
    position: int,
    digital: bool,
    levels: int | None,
    seen: dict[str, str],
    problems: _Problems,
) -> None:
    raw_code = competency.get("code") if isinstance(competency, Mapping) else None
    code = raw_code if isinstance(raw_code, str) and raw_code else f"competencies[{position}]"
    if not isinstance(competency, Mapping):
        problems.add(file, "must be a mapping", code=code)
        return
    if not is_code(raw_code):
        message = f"must have a code of letters, digits and hyphens (at most {CODE_LIMIT}), such as CORE-1"
        problems.add(file, message, code=code, field="code")
    elif raw_code in seen:
        problems.add(file, f"the code {raw_code!r} is used in {seen[raw_code]} too", code=code, field="code")
    else:
        seen[raw_code] = file
    problems.text(competency.get("names"), NAME_LIMIT, file, code=code, field="names")
    problems.text(competency.get("definitions"), DEFINITION_LIMIT, file, code=code, field="definitions")
    area = competency.get("digcomp_area") or ""
    if digital and area not in DIGCOMP_AREAS:
        message = f"a digital competency names its DigComp area, one of {', '.join(DIGCOMP_AREAS)}; got {area!r}"
        problems.add(file, message, code=code, field="digcomp_area")
    elif not digital and area:
        message = f"only a competency of the digital cluster has a DigComp area, got {area!r}"
        problems.add(file, message, code=code, field="digcomp_area")
    indicators = _levels_of(competency.get("indicators"))
    if indicators is None or (levels is not None and not _consecutive(indicators, levels)):
        expected = f"1 to {levels}" if levels is not None else "1, 2, 3…"
        problems.add(
            file, f"must give behavioural indicators for every level, {expected}", code=code, field="indicators"
        )
    else:
        for level, items in sorted(indicators.items()):
            if not isinstance(items, list) or not items:
                problems.add(file, "must list at least one behavioural indicator", code=code, level=level)
                continue
            for index, text in enumerate(items, start=1):
                field = f"indicators[{index}]"
                problems.text(text, INDICATOR_LIMIT, file, code=code, level=level, field=field)
    questions = competency.get("questions", [])
    if not isinstance(questions, list):
        problems.add(file, "must be a list", code=code, field="questions")
        return
    for index, question in enumerate(questions, start=1):
        _validate_question(question, file, code, index, levels, problems)


def _validate_cluster(
    file: str,
    data: Any,
    levels: int | None,
    cluster_codes: dict[str, str],
    competency_codes: dict[str, str],
    problems: _Problems,
) -> None:
    if not isinstance(data, Mapping):
        problems.add(file, "must be a mapping")
        return
    code = data.get("code")
    if not is_code(code):
        problems.add(file, f"must have a code of letters, digits and hyphens (at most {CODE_LIMIT})", field="code")
    elif code in cluster_codes:
        problems.add(file, f"the cluster code {code!r} is used in {cluster_codes[code]} too", field="code")
    else:
        cluster_codes[code] = file
    kind = data.get("kind")
    if kind not in CLUSTER_KINDS:
        problems.add(file, f"kind {kind!r} is not one of {', '.join(CLUSTER_KINDS)}", field="kind")
    problems.text(data.get("names"), NAME_LIMIT, file, field="names")
    competencies = data.get("competencies")
    if not isinstance(competencies, list) or not competencies:
        problems.add(file, "must list at least one competency", field="competencies")
        return
    for position, competency in enumerate(competencies, start=1):
        _validate_competency(competency, file, position, kind == DIGITAL, levels, competency_codes, problems)


def validate_model(header: Any, clusters: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the header and of the cluster files (by file name, in the header's order);
    empty when the model is sound."""
    problems = _Problems()
    levels = _validate_header(header, problems)
    cluster_codes: dict[str, str] = {}
    competency_codes: dict[str, str] = {}
    for file, data in clusters.items():
        _validate_cluster(file, data, levels, cluster_codes, competency_codes, problems)
    return problems.items


# --- building the typed model ----------------------------------------------------------------------


def _texts(value: Mapping[str, Any]) -> Texts:
    return MappingProxyType({language: str(value[language]).strip() for language in LANGUAGES})


def _by_level(value: Mapping[Any, Any]) -> list[Any]:
    levels = _levels_of(value) or {}
    return [levels[level] for level in sorted(levels)]


def _question(data: Mapping[str, Any]) -> Question:
    return Question(
        kind=str(data["kind"]),
        texts=_texts(data["texts"]),
        anchors=tuple(_texts(text) for text in _by_level(data["anchors"])),
    )


def _competency(data: Mapping[str, Any]) -> Competency:
    return Competency(
        code=str(data["code"]),
        names=_texts(data["names"]),
        definitions=_texts(data["definitions"]),
        digcomp_area=str(data.get("digcomp_area") or ""),
        indicators=tuple(tuple(_texts(text) for text in items) for items in _by_level(data["indicators"])),
        questions=tuple(_question(question) for question in data.get("questions") or []),
    )


def build_model(header: Mapping[str, Any], clusters: Mapping[str, Mapping[str, Any]]) -> StarterModel:
    """The typed model of files that `validate_model` found sound."""
    return StarterModel(
        code=str(header["code"]).strip(),
        names=_texts(header["names"]),
        description=_texts(header["description"]),
        levels=int(header["levels"]),
        level_names=tuple(_texts(text) for text in header["level_names"]),
        clusters=tuple(
            Cluster(
                file=file,
                code=str(data["code"]),
                kind=str(data["kind"]),
                names=_texts(data["names"]),
                competencies=tuple(_competency(competency) for competency in data["competencies"]),
            )
            for file, data in clusters.items()
        ),
    )


# --- reading the files -----------------------------------------------------------------------------


_UNREADABLE = object()


def _read(path: Path, problems: _Problems) -> Any:
    """The file's data (None for an empty file), or _UNREADABLE (and a problem)."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(path.name, "the file is missing")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.add(path.name, f"cannot be read: {error}")
    return _UNREADABLE


def read_model(directory: Path = STARTER_DIR) -> StarterModel:
    """The model of the directory's files; ModelFileError lists every problem of every file."""
    problems = _Problems()
    header = _read(directory / HEADER_FILE, problems)
    names = header.get("clusters") if isinstance(header, Mapping) else None
    clusters: dict[str, Any] = {}
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str) and _FILE.match(name) and name not in clusters:
            data = _read(directory / name, problems)
            if data is not _UNREADABLE:
                clusters[name] = data
    unreadable = list(problems.items)
    found = validate_model(header, clusters) if header is not _UNREADABLE else []
    if unreadable or found:
        raise ModelFileError(unreadable + found)
    return build_model(header, clusters)
