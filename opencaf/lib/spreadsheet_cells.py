"""Text for spreadsheet cells that a spreadsheet program never runs as a formula (CSV injection).

Spreadsheet programs read a cell starting with `=`, `+`, `-` or `@` (and, in some, a leading tab or
carriage return) as a formula, so `=HYPERLINK("http://x","y")` typed by an assessor would become a
live link in our exports. Following the OWASP CSV-injection advice, such text is prefixed with a
single quote, which spreadsheet programs show as text. Every export writes user text through
`neutralise`; imports of our own exports undo it with `restore`, so a round trip keeps the text.
Only text that itself starts with a quote before a dangerous character (`'=x`) loses that quote on
the way back; that is rare, and changing text that starts with no dangerous character is worse.
"""

from __future__ import annotations

DANGEROUS_FIRST_CHARACTERS = frozenset("=+-@\t\r")  # single characters: "" is never a member
QUOTE = "'"


def neutralise(text: str) -> str:
    """The text as it may be written into a CSV or XLSX cell: never starts a formula."""
    return QUOTE + text if text[:1] in DANGEROUS_FIRST_CHARACTERS else text


def restore(text: str) -> str:
    """The text a user entered, from a cell written by `neutralise` (other text is returned as is)."""
    return text[1:] if text[:1] == QUOTE and text[1:2] in DANGEROUS_FIRST_CHARACTERS else text
