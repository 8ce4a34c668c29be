"""Language versions of what the quality unit writes (news, newsletters, recognitions): one dict per
language, `{"sl": {"title": "…", "body": "…"}, "bg": {…}}`, and the pick of the version a reader gets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings


def languages_of(versions: Mapping[str, Any] | None) -> list[str]:
    """The site languages with a version that has any non-blank text, in the site's order."""
    versions = versions or {}
    return [
        code
        for code, _name in settings.LANGUAGES
        if any(str(value).strip() for value in (versions.get(code) or {}).values())
    ]


def version_in(versions: Mapping[str, Any] | None, language: str, fallbacks: Sequence[str] = ()) -> tuple[str, dict]:
    """(language, version) for a reader of `language`: theirs if written, else the first of `fallbacks`
    (usually the network's language), else any written one; ("", {}) when nothing is written."""
    available = languages_of(versions)
    for code in (language, *fallbacks, *available):
        if code in available:
            return code, dict((versions or {})[code])
    return "", {}
