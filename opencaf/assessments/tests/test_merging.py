from __future__ import annotations

from difflib import SequenceMatcher

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencaf.assessments.merging import NEGATIONS, SIMILARITY, FoldedEntry, fold, negations, normalise


def test_same_point_in_other_case_spacing_or_punctuation_is_folded() -> None:
    folded = fold(
        [
            ("Ana", "Ni sistematičnega merjenja zadovoljstva."),
            ("Bor", "ni  sistematičnega merjenja zadovoljstva"),
            ("Cene", "Ni sistematicnega merjenja zadovoljstva občanov"),
            ("Ana", "Vodstvo je dostopno"),
        ]
    )
    assert [entry.count for entry in folded] == [3, 1]
    first = folded[0]
    assert first.text == "Ni sistematičnega merjenja zadovoljstva."
    assert first.sources == ["Ana", "Bor", "Cene"]
    # Only the genuinely different wording is shown as a variant.
    assert first.variants == ["Ni sistematicnega merjenja zadovoljstva občanov"]


def test_different_points_stay_apart() -> None:
    folded = fold([("A", "Letni razgovori z zaposlenimi"), ("B", "Prenova spletne strani")])
    assert [entry.count for entry in folded] == [1, 1]


@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.text(max_size=40)), max_size=30))
def test_folding_never_loses_or_invents_a_point(pairs: list[tuple[str, str]]) -> None:
    folded = fold(pairs)
    nonempty = [(source, text) for source, text in pairs if normalise(text)]
    assert len(folded) <= len(nonempty)
    assert sum(entry.count for entry in folded) <= len(nonempty)
    typed = {text.strip() for _source, text in nonempty}
    for entry in folded:
        assert entry.text in typed
        assert set(entry.sources) <= {source for source, _text in nonempty}
    counts = [entry.count for entry in folded]
    assert counts == sorted(counts, reverse=True)


def _fold_every_pair(entries: list[tuple[str, str]]) -> list[tuple[str, list[str], list[str]]]:
    """The plain definition: compare each entry with every folded one by SequenceMatcher.ratio()."""
    folded: list[tuple[str, FoldedEntry]] = []
    for source, text in entries:
        key = normalise(text)
        if not key:
            continue
        for existing_key, entry in folded:
            if key == existing_key or (
                negations(key) == negations(existing_key)
                and SequenceMatcher(None, key, existing_key).ratio() >= SIMILARITY
            ):
                if source not in entry.sources:
                    entry.sources.append(source)
                if key != normalise(entry.text) and text.strip() not in entry.variants:
                    entry.variants.append(text.strip())
                break
        else:
            folded.append((key, FoldedEntry(text=text.strip(), sources=[source])))
    ordered = sorted((entry for _key, entry in folded), key=lambda entry: -entry.count)
    return [(entry.text, entry.sources, entry.variants) for entry in ordered]


_WORDS = st.sampled_from(
    ["ni", "ne", "не", "not", "merjenja", "zadovoljstva", "občanov", "Letni", "razgovori", "x", "!", "  "]
)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D"]),
            st.one_of(st.text(max_size=30), st.lists(_WORDS, max_size=6).map(" ".join)),
        ),
        max_size=40,
    )
)
def test_shortcuts_fold_exactly_as_comparing_every_pair(pairs: list[tuple[str, str]]) -> None:
    """The cheap upper bounds and the reused matchers only skip work, never change the result."""
    assert [(entry.text, entry.sources, entry.variants) for entry in fold(pairs)] == _fold_every_pair(pairs)


@pytest.mark.parametrize(
    ("statement", "opposite"),
    [
        ("Letni razgovori se izvajajo", "Letni razgovori se ne izvajajo"),
        ("Strategija je objavljena na spletu", "Strategija ni objavljena na spletu"),
        ("Ukrepi imajo določene roke", "Ukrepi brez določenih rokov"),
        ("Годишните разговори се провеждат", "Годишните разговори не се провеждат"),
        ("Има писмена процедура за жалби", "Няма писмена процедура за жалби"),
        ("Staff appraisals are held every year", "Staff appraisals are not held every year"),
        ("Managers share the budget plan", "Managers don't share the budget plan"),
        ("Projects have a named owner", "Projects without a named owner"),
    ],
)
def test_a_statement_and_its_negation_are_never_folded(statement: str, opposite: str) -> None:
    folded = fold([("A", statement), ("B", opposite)])
    assert [entry.count for entry in folded] == [1, 1]


def test_reworded_points_are_counted_as_wordings_not_as_people() -> None:
    same = fold([("A", "Vodstvo je dostopno"), ("B", "vodstvo je dostopno.")])[0]
    reworded = fold(
        [("A", "Ni sistematičnega merjenja zadovoljstva"), ("B", "Ni sistematicnega merjenja zadovoljstva")]
    )[0]
    assert same.count == 2 and not same.reworded
    assert reworded.count == 2 and reworded.reworded


@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.lists(_WORDS, max_size=6).map(" ".join)), max_size=30))
def test_folded_wordings_share_their_negations(pairs: list[tuple[str, str]]) -> None:
    for entry in fold(pairs):
        wordings = [entry.text, *entry.variants]
        assert len({negations(normalise(text)) for text in wordings}) == 1


def test_negations_cover_the_three_languages() -> None:
    assert {"ne", "ni", "brez", "не", "няма", "без", "not", "no", "without"} <= NEGATIONS
