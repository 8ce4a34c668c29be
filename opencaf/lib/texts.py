"""Typed texts: tidied as services keep them, and texts written in several languages, stored as
{"sl": "…", "en": "…"} (survey questions, indicator names). Free of Django."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def text_in(texts: Mapping[str, str] | None, *preferences: str | Sequence[str]) -> str:
    """The text in the first preferred language that has one, else in any language, else "".

    Preferences are language codes or sequences of them, in order: `text_in(q.text, "bg", survey.languages)`
    takes Bulgarian, else the survey's first language with a text, else whatever there is.
    """
    if not texts:
        return ""
    for preference in preferences:
        codes = (preference,) if isinstance(preference, str) else preference
        for code in codes:
            text = texts.get(code) or ""
            if text.strip():
                return text
    return next((text for text in texts.values() if text and text.strip()), "")


def missing_languages(texts: Mapping[str, str] | None, languages: Sequence[str]) -> list[str]:
    """The languages among `languages` for which `texts` has no (non-blank) text."""
    texts = texts or {}
    return [code for code in languages if not (texts.get(code) or "").strip()]


def one_line(text: object) -> str:
    """Typed text as one line: every run of white space (line breaks included) one space, ends trimmed."""
    return " ".join(str(text or "").split())


def paragraphs(text: object) -> str:
    """Typed plain text with its line breaks kept (blank lines are paragraphs): every browser's line ends
    made one, trailing spaces of each line and blank lines at the ends removed."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
