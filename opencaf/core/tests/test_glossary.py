"""The term base (one word per concept, /work/shared/glossary.md) holds across the catalogues, the CAF
model texts and the demo content: the variants the localisation review found must not come back."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
DEMO_FILES = sorted((ROOT / "opencaf" / "demo").glob("*.py"))


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def _texts(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def _model_texts(language: str) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == language and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "frameworks" / "caf2020" / "model.yaml").read_text(encoding="utf-8")))
    return found


# Slovenian: an improvement action is "ukrep za izboljšanje" (glossary), never "… za izboljšave".
SL_UKREP_ZA_IZBOLJSAVE = re.compile(r"\bukrep\w* za izboljšave\b", re.IGNORECASE)


def test_slovenian_improvement_actions_are_ukrepi_za_izboljsanje_everywhere() -> None:
    in_catalogue = [t for e in _catalogue("sl") for t in _texts(e) if SL_UKREP_ZA_IZBOLJSAVE.search(t)]
    in_model = [t for t in _model_texts("sl") if SL_UKREP_ZA_IZBOLJSAVE.search(t)]
    in_demo = [p.name for p in DEMO_FILES if SL_UKREP_ZA_IZBOLJSAVE.search(p.read_text(encoding="utf-8"))]
    assert (in_catalogue, in_model, in_demo) == ([], [], [])


@pytest.mark.parametrize(
    "msgid",
    [
        "created by",
        "last changed by",
        "recorded by",
        "attached by",
        "added by",
        "approved by",
        "reported by",
        "accepted by",
        "requested by",
    ],
)
def test_slovenian_by_labels_do_not_assume_a_man(msgid: str) -> None:
    (entry,) = [e for e in _catalogue("sl") if e.msgid == msgid and not e.msgctxt]
    assert entry.msgstr.endswith("/-a"), entry.msgstr


def test_slovenian_sentences_about_a_person_stay_gender_neutral() -> None:
    texts = {e.msgid: e.msgstr for e in _catalogue("sl")}
    assert "uporabnik %(name)s" not in texts["Saved meanwhile by %(name)s:"]
    assert texts["Accepted by %(name)s on %(date)s."] == "Sprejetje poročila: %(name)s, %(date)s."


# Bulgarian: variants the glossary replaced (finalise = приключвам, authentication = удостоверяване).
BG_REPLACED = re.compile(r"финализ|автентикац", re.IGNORECASE)


def test_bulgarian_uses_no_replaced_variant() -> None:
    assert [t for e in _catalogue("bg") for t in _texts(e) if BG_REPLACED.search(t)] == []


# "действие" is right only where the action is not an improvement measure.
BG_DEED_MSGIDS = {
    (None, "action"),  # audit log: the action code
    (None, "Action"),  # audit log column
    (None, "Actions"),  # row-actions column of the members table
    (None, "Act"),  # PDCA dimension
    ("to-do urgency", "Waiting for you"),
    (
        None,
        "Your role in this organisation does not allow this. If you need it, ask your organisation's administrator.",
    ),
}


def test_bulgarian_improvement_actions_are_merki() -> None:
    offending = [
        e.msgid
        for e in _catalogue("bg")
        if (e.msgctxt, e.msgid) not in BG_DEED_MSGIDS and any(re.search(r"\b[Дд]ействи", t) for t in _texts(e))
    ]
    assert offending == []


def test_bulgarian_attaches_evidence_with_prikachvam() -> None:
    offending = [
        (e.msgid, e.msgstr)
        for e in _catalogue("bg")
        if re.search(r"\battach", e.msgid, re.IGNORECASE)
        and not re.search(r"\bdetach", e.msgid, re.IGNORECASE)
        and not any("прикач" in t.lower() for t in _texts(e))
    ]
    assert offending == []


def test_an_organisations_name_is_naimenovanie_in_bulgarian() -> None:
    with translation.override("bg"):
        assert translation.pgettext("organisation", "Name") == "Наименование"
        assert translation.gettext("Name") == "Име"  # a person's name


# Slovenian demo content speaks as the interface does (review DEMO-1, DEMO-2, DEMO-3).
SL_DEMO_REPLACED = re.compile(r"konsenzn|točkovnik|računskega sodišča")


def test_slovenian_demo_content_uses_the_interface_terms() -> None:
    found = [(p.name, m.group()) for p in DEMO_FILES for m in SL_DEMO_REPLACED.finditer(p.read_text(encoding="utf-8"))]
    assert found == []
