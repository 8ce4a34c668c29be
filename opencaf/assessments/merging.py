"""Folding the assessors' short entries into one list for the consensus meeting. Free of Django.

Entries that say the same thing with different case, spacing or punctuation, or that differ only
by a few characters, are folded together and counted, so the group sees each idea once and how
many people raised it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SIMILARITY = 0.88  # ratio above which two normalised entries count as the same point
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@dataclass
class FoldedEntry:
    text: str  # the first wording seen, as typed
    sources: list[str] = field(default_factory=list)  # who wrote it (or anonymous labels)
    variants: list[str] = field(default_factory=list)  # other wordings folded into this one

    @property
    def count(self) -> int:
        return len(self.sources)


def fold(entries: Iterable[tuple[str, str]]) -> list[FoldedEntry]:
    """Fold (source, text) pairs; the result keeps first-seen order, most-raised first."""
    folded: list[tuple[str, FoldedEntry]] = []
    for source, text in entries:
        key = normalise(text)
        if not key:
            continue
        for existing_key, entry in folded:
            if key == existing_key or SequenceMatcher(None, key, existing_key).ratio() >= SIMILARITY:
                if source not in entry.sources:
                    entry.sources.append(source)
                # A wording that differs only in case, spacing or punctuation is not worth showing.
                if key != normalise(entry.text) and text.strip() not in entry.variants:
                    entry.variants.append(text.strip())
                break
        else:
            folded.append((key, FoldedEntry(text=text.strip(), sources=[source])))
    ordered = [entry for _key, entry in folded]
    return sorted(ordered, key=lambda entry: -entry.count)
