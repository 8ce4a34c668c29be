"""Finding people's names and e-mail addresses in typed text, so that texts meant to stay anonymous
(notes of a workshop) or to outlive personal data (a selection decision kept after the candidates'
data is deleted) can be refused while they name someone. Pure Python (an import-linter contract)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# --- names of members in a text --------------------------------------------------------------------


def _name_pattern(full_names: Iterable[str]) -> re.Pattern[str] | None:
    """Full names as whole words, case-insensitive, in either order of their parts ("Ana Novak",
    "NOVAK ana"), with any white space between the parts. A one-word name is left out: it is not a
    full name, and refusing it would refuse ordinary words ("Staff", "Grace")."""
    alternatives: set[str] = set()
    for name in full_names:
        parts = name.split()
        if len(parts) < 2:
            continue
        alternatives.add(r"\s+".join(re.escape(part) for part in parts))
        alternatives.add(r"\s+".join(re.escape(part) for part in reversed(parts)))
    if not alternatives:
        return None
    # Longest first, so "Ana Marija Novak" is named whole rather than as "Ana Marija".
    joined = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE)


def _address_pattern(emails: Iterable[str]) -> re.Pattern[str] | None:
    """Addresses as whole words: "ana@example.org." ends a sentence, "xana@example.org" and
    "ana@example.org.uk" are other addresses."""
    alternatives = {re.escape(email.strip()) for email in emails if email.strip()}
    if not alternatives:
        return None
    joined = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(rf"(?<![\w.+\-])(?:{joined})(?![\w\-@]|\.\w)", re.IGNORECASE)


@dataclass(frozen=True)
class MemberNames:
    """What identifies the organisation's members in a text: their full names and e-mail addresses."""

    names: re.Pattern[str] | None
    addresses: re.Pattern[str] | None

    @classmethod
    def of(cls, people: Iterable[tuple[str, str]]) -> MemberNames:
        """From (full name, e-mail address) pairs."""
        pairs = list(people)
        return cls(_name_pattern(name for name, _email in pairs), _address_pattern(email for _name, email in pairs))

    def found_in(self, text: str) -> list[str]:
        """The names and addresses in `text` as written there, each once, in the order they appear."""
        found: list[tuple[int, str]] = []
        for pattern in (self.names, self.addresses):
            if pattern is not None:
                found.extend((match.start(), match.group(0)) for match in pattern.finditer(text))
        seen: set[str] = set()
        named: list[str] = []
        for _start, words in sorted(found):
            key = " ".join(words.split()).casefold()
            if key not in seen:
                seen.add(key)
                named.append(" ".join(words.split()))
        return named
