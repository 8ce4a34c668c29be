"""Texts written in several languages, stored as {"sl": "…", "en": "…"} (survey questions, indicator
names). Free of Django."""

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
