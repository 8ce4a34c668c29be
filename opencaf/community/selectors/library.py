"""Reads of the good-practice library: the search with its filters, and the few practices the scoring
pages of a subcriterion point to. Who reads a network's library is `permissions.practices.network_reader`'s
answer: the members of its organisations and its coordinators.

A network's library holds the practices published to that network or to the public by its own
organisations, and the practices other networks published to the public; the public library holds
every practice published to the public. Entries come ready to print (title in the reader's language,
else the original's; organisation; subcriterion codes; "this helped us" count; an excerpt), so the
template does no work per row. A page of results costs a fixed number of queries whatever the number
of practices: a count, one page of rows, their texts and their subcriteria.

Search: on PostgreSQL a full-text search (`django.contrib.postgres.search`, which needs no entry in
INSTALLED_APPS for what is used here) with the "simple" configuration, since stock PostgreSQL has no
Slovenian or Bulgarian stemmer; every word is matched as a prefix so "kakovost" also finds
"kakovosti", and results are ordered by rank (titles weigh more). On SQLite every word must appear,
in any case, in one of the fields of one of the practice's texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.utils.text import Truncator

from opencaf.community.models import GoodPractice, HelpedMark, PracticeAudience, PracticeState, PracticeText
from opencaf.core.queries import count_of
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.frameworks.selectors import structure_of
from opencaf.organisations.models import Network

PAGE_SIZE = 20
EXCERPT_WORDS = 35
MOST_WORDS = 8  # words of a search beyond these are ignored: each one is a condition of the query
TEXT_FIELDS = ("title", "problem", "actions", "results", "resources")
PageNumber = str | int | None  # as asked for with ?page= (anything else gives the first or the last page)

# --- the search --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibrarySearch:
    """What the reader asked for: words and filters, each empty when not used."""

    text: str = ""
    subcriterion: str = ""  # a subcriterion's code, "3.2": matches that code in any framework version
    org_type: str = ""
    country: str = ""
    language: str = ""  # practices written (or translated) in this language

    @property
    def words(self) -> list[str]:
        return search_words(self.text)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.subcriterion or self.org_type or self.country or self.language)


def search_words(text: str) -> list[str]:
    """The words of a search, letters and digits only (so nothing in them is query syntax), each once."""
    words: list[str] = []
    for word in re.findall(r"[^\W_]+", text.lower()):
        if word not in words:
            words.append(word)
    return words[:MOST_WORDS]


def prefix_tsquery(words: Sequence[str]) -> str:
    """A PostgreSQL tsquery that needs every word, each as a prefix: "'kakovost':* & 'anketa':*".
    The words come from `search_words`, so they hold no quote, operator or backslash."""
    return " & ".join(f"'{word}':*" for word in words)


def _text_of_practice() -> QuerySet[PracticeText]:
    return PracticeText.objects.filter(practice=OuterRef("pk"))


def _full_text_search(practices: QuerySet[GoodPractice], words: Sequence[str]) -> QuerySet[GoodPractice]:
    """PostgreSQL: the practices one of whose texts matches, ranked by their best matching text."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("title", weight="A", config="simple") + SearchVector(
        "problem", "actions", "results", "resources", weight="B", config="simple"
    )
    query = SearchQuery(prefix_tsquery(words), search_type="raw", config="simple")
    matching = _text_of_practice().annotate(document=vector).filter(document=query)
    best_rank = matching.annotate(rank=SearchRank(vector, query)).order_by("-rank").values("rank")[:1]
    return practices.filter(Exists(matching)).annotate(rank=Subquery(best_rank))


def _case_variants(word: str) -> set[str]:
    # SQLite's LIKE ignores the case of ASCII letters only: "Č" and Cyrillic letters would not match
    # their other case. The forms a word is written in (as typed, lower, Capitalised, UPPER) cover
    # what texts hold in practice.
    return {word, word.lower(), word.capitalize(), word.upper()}


def _word_match_search(practices: QuerySet[GoodPractice], words: Sequence[str]) -> QuerySet[GoodPractice]:
    """SQLite (and any database without full-text search): every word in one of the practice's texts."""
    for word in words:
        condition = Q()
        for field in TEXT_FIELDS:
            for variant in _case_variants(word):
                condition |= Q(**{f"{field}__icontains": variant})
        practices = practices.filter(Exists(_text_of_practice().filter(condition)))
    return practices.annotate(rank=Value(0.0))


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def apply_search(practices: QuerySet[GoodPractice], search: LibrarySearch) -> QuerySet[GoodPractice]:
    """The practices that match the words and the filters, best match first (newest first without words)."""
    if search.subcriterion:
        through = GoodPractice.subcriteria.through.objects.filter(
            goodpractice_id=OuterRef("pk"), subcriterion__code=search.subcriterion
        )
        practices = practices.filter(Exists(through))
    if search.org_type:
        practices = practices.filter(organisation__org_type=search.org_type)
    if search.country:
        practices = practices.filter(organisation__country=search.country)
    if search.language:
        practices = practices.filter(Exists(_text_of_practice().filter(language=search.language)))
    newest = (F("published_at").desc(nulls_last=True), F("pk").desc())
    words = search.words
    if not words:
        return practices.order_by(*newest)
    search_by = _full_text_search if uses_full_text_search() else _word_match_search
    practices = search_by(practices, words)
    return practices.order_by(F("rank").desc(nulls_last=True), *newest)


# --- what a library holds --------------------------------------------------------------------------------


def _published() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(state=PracticeState.PUBLISHED)


def network_practices(network_id: int) -> QuerySet[GoodPractice]:
    """The network's own published practices (to the network or the public) and every public one."""
    own = Q(network_id=network_id, audience__in=[PracticeAudience.NETWORK, PracticeAudience.PUBLIC])
    return _published().filter(own | Q(audience=PracticeAudience.PUBLIC))


def public_practices() -> QuerySet[GoodPractice]:
    return _published().filter(audience=PracticeAudience.PUBLIC)


# --- entries ready to print ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryEntry:
    public_id: UUID
    network_public_id: UUID
    title: str
    language: str  # of the title and the excerpt
    in_reader_language: bool
    organisation: str
    subcriteria: tuple[str, ...]  # codes, in the framework's order
    helped: int  # organisations that marked "this helped us"
    excerpt: str  # the start of the problem it solved
    published_at: datetime | None
    is_public: bool
    # Read on its network's reading page; else (another network's, or in the public library) on the
    # public one.
    on_network_page: bool


def pick_text(texts: Iterable[PracticeText], language: str, original: str) -> PracticeText | None:
    """The text in the reader's language, else the original, else any."""
    by_language = {text.language: text for text in texts}
    return by_language.get(language) or by_language.get(original) or next(iter(by_language.values()), None)


def _entry(practice: GoodPractice, language: str, network_id: int | None) -> LibraryEntry:
    text = pick_text(practice.texts.all(), language, practice.original_language)
    problem = " ".join(text.problem.split()) if text is not None else ""
    return LibraryEntry(
        public_id=practice.public_id,
        network_public_id=practice.network.public_id,
        title=text.title if text is not None else "",
        language=text.language if text is not None else practice.original_language,
        in_reader_language=text is not None and text.language == language,
        organisation=practice.organisation.name,
        subcriteria=tuple(dict.fromkeys(sub.code for sub in practice.subcriteria.all())),
        helped=getattr(practice, "helped", 0),
        excerpt=Truncator(problem).words(EXCERPT_WORDS, truncate="…"),
        published_at=practice.published_at,
        is_public=practice.audience == PracticeAudience.PUBLIC,
        on_network_page=network_id is not None and practice.network_id == network_id,
    )


def _with_what_lists_show(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    texts = PracticeText.objects.only("id", "practice_id", "language", "title", "problem")
    subcriteria = Subcriterion.objects.only("id", "code").order_by("criterion__number", "position")
    return (
        practices.select_related("organisation", "network")
        .only(
            "id",
            "public_id",
            "network",
            "network__public_id",
            "organisation",
            "organisation__name",
            "audience",
            "original_language",
            "published_at",
        )
        .annotate(helped=count_of(HelpedMark.objects.filter(practice=OuterRef("pk")), "practice"))
        .prefetch_related(Prefetch("texts", queryset=texts), Prefetch("subcriteria", queryset=subcriteria))
    )


def _page(
    practices: QuerySet[GoodPractice], search: LibrarySearch, language: str, number: PageNumber, network_id: int | None
) -> tuple[Page, list[LibraryEntry]]:
    found = _with_what_lists_show(apply_search(practices, search))
    page = Paginator(found, PAGE_SIZE).get_page(number)
    # Asked for practices in a language: show them in it (every one found is written in it).
    shown_in = search.language or language
    return page, [_entry(practice, shown_in, network_id) for practice in page.object_list]


def network_library_page(
    network: Network, search: LibrarySearch, language: str, number: PageNumber = 1
) -> tuple[Page, list[LibraryEntry]]:
    """One page of a network's library for its readers: four queries."""
    return _page(network_practices(network.pk), search, language, number, network.pk)


def public_library_page(
    search: LibrarySearch, language: str, number: PageNumber = 1
) -> tuple[Page, list[LibraryEntry]]:
    """One page of the public library: four queries."""
    return _page(public_practices(), search, language, number, None)


@dataclass(frozen=True)
class SubcriterionChoice:
    code: str
    title: str


def subcriterion_choices() -> list[SubcriterionChoice]:
    """The subcriteria of the newest framework version, to filter by: one query (the structure is
    read once per process)."""
    framework = FrameworkVersion.objects.first()
    if framework is None:
        return []
    return [SubcriterionChoice(sub.code, sub.title) for sub in structure_of(framework).subcriteria]


# --- the scoring pages' list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeTitle:
    public_id: UUID
    network_public_id: UUID
    title: str
    language: str  # of the title
    organisation: str
    on_network_page: bool


def practices_for_subcriterion(network_id: int, code: str, language: str, limit: int) -> list[PracticeTitle]:
    """The newest practices of the network's library for a subcriterion, each titled in the reader's
    language, else in its original one.

    Asked on every scoring and consensus page, mostly to find that there is none: one plain query
    (a join through the subcriteria, no correlated subqueries, which cost more than twice as much to
    build as the query took to run), and a second for the titles only when there are practices."""
    newest = (F("published_at").desc(nulls_last=True), F("pk").desc())
    rows = list(
        network_practices(network_id)
        .filter(subcriteria__code=code)
        .order_by(*newest)
        .distinct()  # a practice linked to the code in two framework versions shows once
        .values_list("pk", "public_id", "network_id", "network__public_id", "organisation__name", "original_language")[
            :limit
        ]
    )
    if not rows:
        return []
    titles = {
        (practice_id, text_language): title
        for practice_id, text_language, title in PracticeText.objects.filter(
            practice_id__in=[row[0] for row in rows]
        ).values_list("practice_id", "language", "title")
    }
    found = []
    for pk, public_id, practice_network_id, network_public_id, organisation_name, original_language in rows:
        in_reader_language = titles.get((pk, language))
        found.append(
            PracticeTitle(
                public_id=public_id,
                network_public_id=network_public_id,
                title=in_reader_language or titles.get((pk, original_language)) or "",
                language=language if in_reader_language else original_language,
                organisation=organisation_name,
                on_network_page=practice_network_id == network_id,
            )
        )
    return found
