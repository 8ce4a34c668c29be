"""Tests of the spreadsheet cell neutraliser: examples, then properties for any text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.lib.spreadsheet_cells import neutralise, restore

DANGEROUS = "=+-@\t\r"  # written out here from the OWASP advice, not imported from the module under test

# Text that leans on the dangerous characters and the quote, so hypothesis hits the edges often.
texts = st.text(alphabet=st.sampled_from(list(DANGEROUS + "' aA1=ž\n")) | st.characters(), max_size=20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=1+1", "'=1+1"),
        ("+386 1 234 5678", "'+386 1 234 5678"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Letna anketa občanov", "Letna anketa občanov"),
        ("Ocena 3 = dobro", "Ocena 3 = dobro"),
        ("'quoted'", "'quoted'"),
        ("", ""),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert neutralise(text) == expected
    assert restore(expected) == text


@given(texts)
def test_output_never_starts_a_formula(text: str) -> None:
    written = neutralise(text)
    assert not written or written[0] not in DANGEROUS, "a dangerous first character is not quoted"


@given(texts)
def test_text_without_a_dangerous_first_character_is_unchanged(text: str) -> None:
    if not text or text[0] not in DANGEROUS:
        assert neutralise(text) == text


@given(texts)
def test_only_a_leading_quote_is_ever_added(text: str) -> None:
    written = neutralise(text)
    assert written in (text, "'" + text)


@given(texts)
def test_a_round_trip_through_an_export_and_an_import_keeps_the_text(text: str) -> None:
    already_quoted = text[:1] == "'" and text[1:2] != "" and text[1] in DANGEROUS
    if not already_quoted:  # the one documented loss: a user's own `'=x` comes back as `=x`
        assert restore(neutralise(text)) == text


def test_a_users_own_quote_before_a_formula_is_the_documented_loss() -> None:
    assert neutralise("'=x") == "'=x" and restore("'=x") == "=x"
