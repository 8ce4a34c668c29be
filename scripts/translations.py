"""Translation checks and compilation, without needing gettext's msgfmt at run time.

    python scripts/translations.py compile   # write .mo files next to the .po files
    python scripts/translations.py check     # fail on untranslated, fuzzy, stale or malformed entries

`check` also re-extracts the messages (makemessages, which needs GNU gettext's xgettext) and fails
when the source has strings the catalogues do not yet contain.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ("sl", "bg", "en")
TRANSLATED = ("sl", "bg")  # English msgids are the English text
PLURAL_FORMS = {
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "bg": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{\{\s*(\w+)\s*\}\}|%[sd]")


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def compile_all() -> None:
    for language in LANGUAGES:
        po = catalogue(language)
        polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo")))


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def extract() -> dict[str, set[tuple[str | None, str, str]]]:
    """Run makemessages on a scratch copy of the catalogues and return the msgids found."""
    backup = Path(tempfile.mkdtemp())
    shutil.copytree(LOCALE, backup / "locale")
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                *[arg for lang in LANGUAGES for arg in ("-l", lang)],
                "--no-obsolete",
                "--no-location",
                "-i",
                ".venv/*",
                "-i",
                "var/*",
                "-i",
                "tests/*",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ, "DEBUG": "1"},
        )
        return {lang: {_key(e) for e in polib.pofile(str(catalogue(lang))) if not e.obsolete} for lang in LANGUAGES}
    finally:
        shutil.rmtree(LOCALE)
        shutil.copytree(backup / "locale", LOCALE)
        shutil.rmtree(backup)


def placeholders(text: str) -> set[str]:
    return {m.group(1) or m.group(2) or m.group(0) for m in PLACEHOLDER.finditer(text)}


def check() -> int:
    problems: list[str] = []
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            print("GNU gettext (xgettext) is required in CI to find strings missing from the catalogues")
            return 1
        print("warning: GNU gettext is not installed; skipping the check for strings missing from the catalogues")
        expected = {lang: set() for lang in LANGUAGES}
    else:
        expected = extract()
    for language in LANGUAGES:
        po = polib.pofile(str(catalogue(language)))
        header = po.metadata.get("Plural-Forms", "").replace(" ", "")
        if header != PLURAL_FORMS[language].replace(" ", ""):
            problems.append(f"{language}: Plural-Forms header must be {PLURAL_FORMS[language]!r}")
        present = {_key(e) for e in po if not e.obsolete}
        for missing in sorted(expected[language] - present, key=str):
            problems.append(f"{language}: not in the catalogue (run `make messages`): {missing[1]!r}")
        if language not in TRANSLATED:
            continue
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy: {entry.msgid!r}")
            forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            if not all(form.strip() for form in forms):
                problems.append(f"{language}: untranslated: {entry.msgid!r}")
                continue
            if entry.msgid_plural and len(forms) != int(PLURAL_FORMS[language].split("=")[1][0]):
                problems.append(f"{language}: wrong number of plural forms: {entry.msgid!r}")
            wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
            for form in forms:
                if placeholders(form) - wanted:
                    problems.append(f"{language}: unknown placeholder in translation of {entry.msgid!r}")
    for problem in problems:
        print(problem)
    counts = {lang: len(expected[lang]) for lang in LANGUAGES}
    print(f"translations: {len(problems)} problems; messages per language: {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "compile":
        compile_all()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(f"unknown command {command!r}")
