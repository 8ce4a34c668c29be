"""The starter library of shared indicator definitions: the shipped file is sound, in three languages,
in the project's terms; the loader turns away broken entries and says where and why."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from opencaf.indicators.library import (
    LIBRARY_FILE,
    LibraryError,
    caf_subcriteria,
    load_library,
    parse_library,
    problems_of,
)
from opencaf.indicators.models import DirectionChoice, FrequencyChoice, Unit

KNOWN = caf_subcriteria()
RESULTS_SUBCRITERIA = {"6.2", "7.2", "8.2", "9.1", "9.2"}


def _raw() -> dict[str, Any]:
    return yaml.safe_load(LIBRARY_FILE.read_text(encoding="utf-8"))


def _good() -> dict[str, Any]:
    return copy.deepcopy(_raw()["definitions"][0])


def test_the_framework_file_gives_the_28_subcriteria_of_caf_2020() -> None:
    assert len(KNOWN) == 28 and {"1.1", "6.2", "9.2"} <= KNOWN and "10.1" not in KNOWN


def test_the_shipped_library_is_valid_in_three_languages() -> None:
    entries = load_library()
    assert 15 <= len(entries) <= 20
    assert len({entry.code for entry in entries}) == len(entries)
    for entry in entries:
        assert set(entry.name) == set(entry.definition) == {"en", "sl", "bg"}, entry.code
        assert all(text.strip() for text in [*entry.name.values(), *entry.definition.values()]), entry.code
        assert entry.unit in Unit.values and entry.direction in DirectionChoice.values, entry.code
        assert entry.frequency in FrequencyChoice.values and 0 <= entry.decimals <= 4, entry.code
        assert entry.subcriteria and set(entry.subcriteria) <= RESULTS_SUBCRITERIA, entry.code
        assert (entry.unit == Unit.OTHER) == bool(entry.unit_label), entry.code
    # Every example group the library is drawn from is there.
    covered = {code for entry in entries for code in entry.subcriteria}
    assert {"6.2", "7.2", "8.2"} <= covered and covered & {"9.1", "9.2"}


def test_the_library_uses_the_terms_of_the_glossary() -> None:
    entries = load_library()
    slovenian = " ".join(text for entry in entries for text in (entry.name["sl"], entry.definition["sl"]))
    bulgarian = " ".join(text for entry in entries for text in (entry.name["bg"], entry.definition["bg"]))
    assert "indikator" not in slovenian.lower() and "индикатор" not in bulgarian.lower()
    for entry in entries:
        if "target" in entry.definition["en"].lower():
            assert "ciljna vrednost" in entry.definition["sl"].lower(), entry.code
            assert "целевата стойност" in entry.definition["bg"].lower(), entry.code
        # "training" is usposabljanje / обучение, never izobraževanje alone or тренинг.
        if "training" in entry.name["en"].lower():
            assert "usposabljanj" in entry.name["sl"].lower() and "обучение" in entry.name["bg"].lower()


def test_a_sound_entry_has_no_problems() -> None:
    assert problems_of(_good(), KNOWN) == []


def _without(field: str) -> Any:
    def change(entry: dict[str, Any]) -> None:
        del entry[field]

    return change


def _set(field: str, value: Any) -> Any:
    def change(entry: dict[str, Any]) -> None:
        entry[field] = value

    return change


def _set_text(field: str, language: str, value: Any) -> Any:
    def change(entry: dict[str, Any]) -> None:
        entry[field][language] = value

    return change


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_without("definition"), "definition is missing"),
        (_set_text("name", "bg", ""), "name has no text in 'bg'"),
        (_set_text("definition", "sl", None), "definition has no text in 'sl'"),
        (_set_text("name", "de", "Durchschnittliche Tage"), "unknown language 'de'"),
        (_set_text("definition", "en", "x" * 2001), "longer than 2000 characters"),
        (_set("name", "Average days"), "name must be a mapping"),
        (_set("unit", "litres"), "unit 'litres' is not one of"),
        (_set("direction", "up"), "direction 'up' is not one of"),
        (_set("frequency", "weekly"), "frequency 'weekly' is not one of"),
        (_set("decimals", 7), "decimals 7 is not a whole number from 0 to 4"),
        (_set("decimals", True), "is not a whole number"),
        (_set("decimals", "1"), "is not a whole number"),
        (_set("subcriteria", ["6.2", "10.1"]), "subcriteria 10.1 are not CAF 2020 subcriteria"),
        (_set("subcriteria", []), "subcriteria must be a non-empty list"),
        (_set("subcriteria", ["6.2", "6.2"]), "lists a code twice"),
        (_set("code", "Days To Decide"), "must be lower-case letters, digits and hyphens"),
        (_set("unit", "other"), "unit 'other' needs a unit_label"),
        (_set("unit_label", "kWh"), "unit_label is only for unit 'other'"),
        (_set("owner", "someone"), "unknown field 'owner'"),
    ],
)
def test_the_loader_rejects_a_broken_entry(change: Any, problem: str) -> None:
    entry = _good()
    change(entry)
    problems = problems_of(entry, KNOWN)
    assert any(problem in text for text in problems), problems
    with pytest.raises(LibraryError) as raised:
        parse_library({"definitions": [_good(), entry]}, KNOWN)
    # The problem names the entry it is in, by position and code.
    assert any(text.startswith("definitions[2]") and problem in text for text in raised.value.problems)


def test_the_loader_rejects_a_code_used_twice_and_an_empty_file() -> None:
    with pytest.raises(LibraryError, match=r"definitions\[2\] \(days-to-decide\): the code is used twice"):
        parse_library({"definitions": [_good(), _good()]}, KNOWN)
    for data in (None, {}, {"definitions": []}, {"definitions": "days-to-decide"}, ["days-to-decide"]):
        with pytest.raises(LibraryError, match="non-empty list under 'definitions'"):
            parse_library(data, KNOWN)
    with pytest.raises(LibraryError, match="must be a mapping"):
        parse_library({"definitions": ["days-to-decide"]}, KNOWN)


def test_the_loader_reports_an_unreadable_file(tmp_path: Path) -> None:
    broken = tmp_path / "library.yaml"
    broken.write_text("definitions: [code: {", encoding="utf-8")
    with pytest.raises(LibraryError, match=str(broken)):
        load_library(broken)
    with pytest.raises(LibraryError, match=r"missing\.yaml"):
        load_library(tmp_path / "missing.yaml")
