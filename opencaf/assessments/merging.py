"""Folding the assessors' short entries into one list for the consensus meeting. Free of Django.

Entries that say the same thing with different case, spacing or punctuation, or that differ only
by a few characters, are folded together and counted, so the group sees each idea once and how
many people raised it. Entries that differ in a negation are never folded, however similar: "Letni
razgovori se izvajajo" and "Letni razgovori se ne izvajajo" are a strength and its opposite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

SIMILARITY = 0.88  # ratio above which two normalised entries count as the same point
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)
_SPACES = re.compile(r"\s+")
_NOT_CONTRACTED = re.compile(r"n['’]t\b")  # don't, isn't, wasn't → do not, is not, was not

# Words that turn a statement into its opposite, in the platform's languages (casefolded).
NEGATIONS = frozenset(
    {
        # Slovenian
        "ne", "ni", "brez", "nima", "nimajo", "nimamo", "niso", "nismo", "nikoli", "nobenega", "nobene",
        # Bulgarian
        "не", "няма", "без", "нямаме", "нямат", "нито", "никога", "никакви",
        # English
        "not", "no", "without", "never", "none", "cannot", "nor",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NOT_CONTRACTED.sub(" not", text)
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def negations(key: str) -> tuple[str, ...]:
    """The negating words of a normalised entry, in order, with repeats."""
    return tuple(word for word in key.split(" ") if word in NEGATIONS)


@dataclass
class FoldedEntry:
    text: str  # the first wording seen, as typed
    sources: list[str] = field(default_factory=list)  # who wrote it (or anonymous labels)
    variants: list[str] = field(default_factory=list)  # other wordings folded into this one

    @property
    def count(self) -> int:
        return len(self.sources)

    @property
    def reworded(self) -> bool:
        """Whether different wordings were folded together: then the count is of similar wordings,
        which a reader must not take for people agreeing word for word."""
        return bool(self.variants)


def fold(entries: Iterable[tuple[str, str]]) -> list[FoldedEntry]:
    """Fold (source, text) pairs; the result keeps first-seen order, most-raised first."""
    # During the meeting every member reloads the same subcriterion while its entries stay as they
    # are, and comparing 30 assessors' entries was a third of the page's own work: the folding of
    # the same pairs is remembered (per process), and each caller gets its own copies.
    return [FoldedEntry(entry.text, list(entry.sources), list(entry.variants)) for entry in _fold(tuple(entries))]


@lru_cache(maxsize=512)
def _fold(entries: tuple[tuple[str, str], ...]) -> tuple[FoldedEntry, ...]:
    # Each folded entry keeps a matcher with its key as the second sequence: difflib indexes that
    # sequence once, and the cheap upper bounds (real_quick_ratio, quick_ratio) rule out most pairs
    # before the full comparison. The result is the same as comparing every pair with ratio().
    folded: list[tuple[str, tuple[str, ...], FoldedEntry, SequenceMatcher[str]]] = []
    for source, text in entries:
        key = normalise(text)
        if not key:
            continue
        negated = negations(key)
        for existing_key, existing_negated, entry, matcher in folded:
            if key == existing_key or (negated == existing_negated and _similar(matcher, key)):
                if source not in entry.sources:
                    entry.sources.append(source)
                # A wording that differs only in case, spacing or punctuation is not worth showing.
                if key != existing_key and text.strip() not in entry.variants:
                    entry.variants.append(text.strip())
                break
        else:
            entry = FoldedEntry(text=text.strip(), sources=[source])
            folded.append((key, negated, entry, SequenceMatcher(None, b=key, autojunk=True)))
    ordered = [entry for _key, _negated, entry, _matcher in folded]
    return tuple(sorted(ordered, key=lambda entry: -entry.count))


def _similar(matcher: SequenceMatcher[str], key: str) -> bool:
    matcher.set_seq1(key)
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and matcher.ratio() >= SIMILARITY
    )
