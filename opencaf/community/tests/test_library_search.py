"""The library's reads: what each library holds, the filters, and the search on the database the suite
runs on (PostgreSQL full-text search, or the word match of SQLite), with the query building of both.

`make_practice` builds practices straight from the models (other library tests import it) until the
practices part's factories exist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from conftest import World
from opencaf.community.models import GoodPractice, HelpedMark, PracticeAudience, PracticeState, PracticeText
from opencaf.community.selectors import library as selectors
from opencaf.community.selectors.library import LibrarySearch
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Organisation
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the word match is the SQLite fallback")


def make_practice(
    organisation: Organisation,
    title: str = "Complaints answered within five days",
    *,
    problem: str = "Citizens waited weeks for an answer to their complaints.",
    actions: str = "A single desk registers every complaint and tracks it.",
    results: str = "Answers within five days rose from 40 % to 92 %.",
    language: str = "en",
    translations: dict[str, str] | None = None,
    state: str = PracticeState.PUBLISHED,
    audience: str = PracticeAudience.NETWORK,
    subcriteria: Sequence[str] = (),
    helped_by: Sequence[Organisation] = (),
) -> GoodPractice:
    """A practice of the organisation with its original text; `translations` adds a title per language
    (with the same texts). Published ones get a publication date."""
    assert organisation.network is not None
    practice = GoodPractice.objects.create(
        organisation=organisation,
        network=organisation.network,
        state=state,
        audience=audience if state == PracticeState.PUBLISHED else "",
        original_language=language,
        contact_name="Quality Desk",
        contact_email="quality@example.org",
        published_at=timezone.now() if state == PracticeState.PUBLISHED else None,
    )
    for code, shown_title in {language: title, **(translations or {})}.items():
        PracticeText.objects.create(
            practice=practice,
            language=code,
            title=shown_title,
            problem=problem,
            actions=actions,
            results=results,
        )
    if subcriteria:
        practice.subcriteria.set(Subcriterion.objects.filter(code__in=subcriteria))
    for other in helped_by:
        HelpedMark.objects.create(practice=practice, organisation=other)
    return practice


def _network_titles(world: World, search: LibrarySearch | None = None, language: str = "en") -> list[str]:
    _page, entries = selectors.network_library_page(world.network, search or LibrarySearch(), language)
    return [entry.title for entry in entries]


def _public_titles(search: LibrarySearch | None = None) -> list[str]:
    _page, entries = selectors.public_library_page(search or LibrarySearch(), "en")
    return [entry.title for entry in entries]


# --- what each library holds -------------------------------------------------------------------------


def test_a_network_library_holds_its_own_and_every_public_practice(world: World) -> None:
    neighbour = OrganisationFactory(network=world.network)
    make_practice(world.alice_org, "Ours for the network")
    make_practice(neighbour, "Ours for everyone", audience=PracticeAudience.PUBLIC)
    make_practice(world.bob_org, "Theirs for everyone", audience=PracticeAudience.PUBLIC)
    make_practice(world.bob_org, "Theirs for their network")
    for state in (PracticeState.DRAFT, PracticeState.SUBMITTED, PracticeState.RETURNED, PracticeState.WITHDRAWN):
        make_practice(world.alice_org, f"Not published: {state}", state=state)
    assert sorted(_network_titles(world)) == ["Ours for everyone", "Ours for the network", "Theirs for everyone"]
    assert sorted(_public_titles()) == ["Ours for everyone", "Theirs for everyone"]


def test_entries_say_where_they_are_read(world: World) -> None:
    ours = make_practice(world.alice_org, "Ours", audience=PracticeAudience.PUBLIC)
    theirs = make_practice(world.bob_org, "Theirs", audience=PracticeAudience.PUBLIC)
    _page, entries = selectors.network_library_page(world.network, LibrarySearch(), "en")
    where = {entry.public_id: entry.on_network_page for entry in entries}
    assert where == {ours.public_id: True, theirs.public_id: False}
    _page, entries = selectors.public_library_page(LibrarySearch(), "en")
    assert not any(entry.on_network_page for entry in entries)


def test_an_entry_is_ready_to_print(world: World, caf_framework: Any) -> None:
    neighbour = OrganisationFactory(network=world.network)
    make_practice(
        world.alice_org,
        "Complaints desk",
        problem="Word " * 100,
        translations={"sl": "Enotna točka za pritožbe"},
        subcriteria=("6.1", "1.1", "5.2"),
        helped_by=(neighbour, world.bob_org),
    )
    (entry,) = selectors.network_library_page(world.network, LibrarySearch(), "sl")[1]
    assert (entry.title, entry.language, entry.in_reader_language) == ("Enotna točka za pritožbe", "sl", True)
    assert entry.organisation == "Alice Municipality"
    assert entry.subcriteria == ("1.1", "5.2", "6.1")  # in the framework's order
    assert entry.helped == 2
    assert entry.excerpt.endswith("…") and len(entry.excerpt.split()) == selectors.EXCERPT_WORDS
    # No Bulgarian text: the original (English) is shown, and the entry says so.
    (entry,) = selectors.network_library_page(world.network, LibrarySearch(), "bg")[1]
    assert (entry.title, entry.language, entry.in_reader_language) == ("Complaints desk", "en", False)


def test_newest_first_without_a_search(world: World) -> None:
    older = make_practice(world.alice_org, "Older")
    GoodPractice.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    make_practice(world.alice_org, "Newer")
    assert _network_titles(world) == ["Newer", "Older"]


# --- filters --------------------------------------------------------------------------------------------


def test_filters(world: World, caf_framework: Any) -> None:
    school = OrganisationFactory(network=world.network, org_type="school", country="BG")
    make_practice(world.alice_org, "Municipality in Slovenia", subcriteria=("3.2",))
    make_practice(school, "School in Bulgaria", subcriteria=("3.2", "6.1"), translations={"bg": "Училище"})
    make_practice(world.bob_org, "Public agency", audience=PracticeAudience.PUBLIC, subcriteria=("6.1",))
    assert sorted(_network_titles(world, LibrarySearch(subcriterion="6.1"))) == ["Public agency", "School in Bulgaria"]
    assert _network_titles(world, LibrarySearch(subcriterion="9.9")) == []
    assert _network_titles(world, LibrarySearch(org_type="school")) == ["School in Bulgaria"]
    assert _network_titles(world, LibrarySearch(country="BG")) == ["School in Bulgaria"]
    assert _network_titles(world, LibrarySearch(language="bg")) == ["Училище"]  # shown in the language asked for
    both = LibrarySearch(subcriterion="3.2", org_type="municipality")
    assert _network_titles(world, both) == ["Municipality in Slovenia"]
    assert _public_titles(LibrarySearch(subcriterion="6.1", country="SI")) == ["Public agency"]


def test_a_practice_with_two_subcriteria_of_one_code_is_listed_once(world: World, caf_framework: Any) -> None:
    make_practice(world.alice_org, "Once", subcriteria=("1.1", "1.2"))
    assert _network_titles(world, LibrarySearch(subcriterion="1.1")) == ["Once"]
    page, _entries = selectors.network_library_page(world.network, LibrarySearch(subcriterion="1.1"), "en")
    assert page.paginator.count == 1


# --- words --------------------------------------------------------------------------------------------


def test_search_words_are_letters_and_digits_only() -> None:
    assert selectors.search_words("  Kakovost, 'anketa' & CAF-2020!  kakovost ") == [
        "kakovost",
        "anketa",
        "caf",
        "2020",
    ]
    assert selectors.search_words("a:* | !b") == ["a", "b"]
    assert selectors.search_words("") == []
    assert len(selectors.search_words(" ".join(f"w{n}" for n in range(30)))) == selectors.MOST_WORDS


def test_the_postgresql_query_needs_every_word_as_a_prefix() -> None:
    assert selectors.prefix_tsquery(["kakovost", "anketa"]) == "'kakovost':* & 'anketa':*"


def test_every_word_must_match_somewhere_in_the_texts(world: World) -> None:
    make_practice(world.alice_org, "Complaints desk", actions="A single desk for citizens.")
    make_practice(
        world.alice_org, "Staff survey", problem="Nobody knew what staff thought.", actions="A survey.", results="Good."
    )
    assert _network_titles(world, LibrarySearch(text="complaints")) == ["Complaints desk"]
    assert _network_titles(world, LibrarySearch(text="COMPLAINTS single")) == ["Complaints desk"]  # title + actions
    assert _network_titles(world, LibrarySearch(text="complaints survey")) == []
    assert _network_titles(world, LibrarySearch(text="staff")) == ["Staff survey"]
    # Query syntax is only words: nothing breaks, nothing is matched by an operator.
    assert _network_titles(world, LibrarySearch(text="'desk' & | ! :* (")) == ["Complaints desk"]
    # Nothing but signs is no search at all.
    assert sorted(_network_titles(world, LibrarySearch(text="%_ *"))) == ["Complaints desk", "Staff survey"]


def test_words_match_in_a_translation_and_in_other_alphabets(world: World) -> None:
    make_practice(
        world.alice_org,
        "Anketa o zadovoljstvu zaposlenih",
        language="sl",
        problem="Kakovost storitev je padala.",
        translations={"bg": "Проучване на удовлетвореността"},
    )
    assert _network_titles(world, LibrarySearch(text="zadovoljstvu"), "sl") == ["Anketa o zadovoljstvu zaposlenih"]
    assert _network_titles(world, LibrarySearch(text="проучване"), "bg") == ["Проучване на удовлетвореността"]
    assert _network_titles(world, LibrarySearch(text="kakovost"), "sl") == ["Anketa o zadovoljstvu zaposlenih"]


def test_words_combine_with_the_filters(world: World) -> None:
    school = OrganisationFactory(network=world.network, org_type="school")
    make_practice(world.alice_org, "Complaints desk")
    make_practice(school, "Complaints at school")
    assert _network_titles(world, LibrarySearch(text="complaints", org_type="school")) == ["Complaints at school"]


@on_sqlite
def test_sqlite_matches_any_case_of_a_word_as_it_is_usually_written(world: World) -> None:
    make_practice(world.alice_org, "Čakalne vrste", language="sl", problem="Dolge ČAKALNE vrste.")
    make_practice(world.alice_org, "Качество на услугите", language="bg")
    # SQLite's LIKE folds the case of ASCII letters only; lower, Capitalised and UPPER forms are tried.
    assert _network_titles(world, LibrarySearch(text="čakalne"), "sl") == ["Čakalne vrste"]
    assert _network_titles(world, LibrarySearch(text="качество"), "bg") == ["Качество на услугите"]
    assert _network_titles(world, LibrarySearch(text="КАЧЕСТВО"), "bg") == ["Качество на услугите"]
    assert not selectors.uses_full_text_search()


@on_postgresql
def test_postgresql_ranks_title_matches_first_and_matches_word_beginnings(world: World) -> None:
    make_practice(world.alice_org, "Staff survey", problem="Nobody asked about complaints.")
    make_practice(world.alice_org, "Complaints desk")
    assert _network_titles(world, LibrarySearch(text="complaints")) == ["Complaints desk", "Staff survey"]
    assert _network_titles(world, LibrarySearch(text="complain")) == ["Complaints desk", "Staff survey"]
    make_practice(world.alice_org, "Kakovost storitev", language="sl", problem="Merjenje kakovosti.")
    assert _network_titles(world, LibrarySearch(text="KAKOVOST"), "sl") == ["Kakovost storitev"]
    assert selectors.uses_full_text_search()


def test_the_other_databases_search_is_built_too(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The branch the suite's database does not run is at least built and compiled: on SQLite the
    PostgreSQL query is turned into SQL (without running it); on PostgreSQL the word match runs."""
    make_practice(world.alice_org, "Complaints desk")
    practices = selectors.network_practices(world.network.pk)
    if connection.vendor == "postgresql":
        monkeypatch.setattr(selectors, "uses_full_text_search", lambda: False)
        found = selectors.apply_search(practices, LibrarySearch(text="COMPLAINTS"))
        assert [p.texts.get().title for p in found] == ["Complaints desk"]
    else:
        monkeypatch.setattr(selectors, "uses_full_text_search", lambda: True)
        sql = str(selectors.apply_search(practices, LibrarySearch(text="complaints desk")).query)
        assert "to_tsvector" in sql and "to_tsquery" in sql and "ts_rank" in sql
        assert "'complaints':* & 'desk':*" in sql
