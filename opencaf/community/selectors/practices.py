"""Reads of good practices, scoped by the caller (the access helpers in `permissions/practices.py`
decide who reads what; these functions take the network or organisation they were given).

Readers get a practice's text in their language when it is written in it, else the original
(`pick_text`); lists get `PracticeSummary` rows with that text already picked, so templates do no work
per row. Lists run a fixed number of queries whatever the number of practices.

For the other parts (library, bench-learning partners, the scoring page's links):

- `readable_in(network)` – the published practices the members of a network read: the network's own
  (for the network or for everyone) and other networks' public ones.
- `public_practices()` – the practices published for everyone.
- `with_summary_data(practices)` – the joins, prefetches and the "helped" count `summaries` needs.
- `summaries(practices, language)` – `PracticeSummary` rows (title in the reader's language, else the
  original; excerpt; organisation; subcriteria codes; helped count; `url_for(network)`).
- `published_for_subcriterion(network, code, language, limit=5)` – what `readable_in(network)` has
  for one CAF 2020 subcriterion, newest first.
- `published_by_organisations(organisation_ids, codes, language)` – the published practices of those
  organisations for those subcriteria, by (organisation id, code).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.text import Truncator

from opencaf.community.models import (
    GoodPractice,
    HelpedMark,
    PracticeAttachment,
    PracticeAudience,
    PracticeState,
    PracticeText,
)
from opencaf.core.queries import count_of
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Network, Organisation

FRAMEWORK = "caf2020"
PAGE_SIZE = 50
EXCERPT_WORDS = 30
PageNumber = str | int | None


@dataclass(frozen=True)
class LanguageName:
    code: str
    name: str  # in the language itself: "Slovenščina"


def language_name(code: str) -> LanguageName:
    return LanguageName(code, settings.LANGUAGE_SELF_NAMES.get(code, code))


def pick_text(practice: GoodPractice, language: str) -> PracticeText | None:
    """The practice's text for a reader of `language`: theirs if written, else the original, else any.
    Reads the prefetched texts (`with_summary_data`, `reading_of`)."""
    texts = {text.language: text for text in practice.texts.all()}
    for code in (language, practice.original_language):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), None)


# --- lists ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeSummary:
    """One practice as a list shows it, its text picked for the reader."""

    public_id: UUID
    network_public_id: UUID
    organisation_id: int
    organisation_name: str
    title: str
    language: str  # the language of `title` and `excerpt`
    requested: str  # the language the reader asked for
    excerpt: str  # the start of "the problem"
    state: str
    state_label: str
    audience: str
    subcriteria: tuple[str, ...]  # codes, "1.1"
    helped_count: int
    created_at: datetime
    submitted_at: datetime | None
    published_at: datetime | None

    @property
    def in_other_language(self) -> bool:
        return self.language != self.requested

    @property
    def is_published(self) -> bool:
        return self.state == PracticeState.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_published and self.audience == PracticeAudience.PUBLIC

    @property
    def audience_label(self) -> str:
        return str(PracticeAudience(self.audience).label) if self.audience else ""

    @property
    def last_step_at(self) -> datetime:
        """The latest of when it was written, submitted and first published (the own list's date column)."""
        return max(moment for moment in (self.created_at, self.submitted_at, self.published_at) if moment is not None)

    @property
    def url(self) -> str:
        """Its reading page in its own network, for the network's members and coordinators."""
        return reverse(
            "community:practice", kwargs={"network_id": self.network_public_id, "practice_id": self.public_id}
        )

    def url_for(self, network: Network | None) -> str:
        """Its reading page for a reader in `network` (None: anyone): the network's own page for the
        network's practices, the public page for another network's public one."""
        if self.is_public and (network is None or network.public_id != self.network_public_id):
            return reverse("community:public_practice", kwargs={"practice_id": self.public_id})
        return self.url


def with_summary_data(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    """What `summaries` reads: three queries for any number of rows (rows, texts, subcriteria)."""
    helped = HelpedMark.objects.filter(practice=OuterRef("pk"))
    return (
        practices.select_related("organisation", "network")
        .annotate(helped_count=count_of(helped, "practice"))
        .prefetch_related(
            "texts",
            Prefetch("subcriteria", queryset=Subcriterion.objects.only("id", "code").order_by("code")),
        )
    )


def summary_of(practice: GoodPractice, language: str) -> PracticeSummary:
    text = pick_text(practice, language)
    return PracticeSummary(
        public_id=practice.public_id,
        network_public_id=practice.network.public_id,
        organisation_id=practice.organisation_id,
        organisation_name=practice.organisation.name,
        title=text.title if text else "",
        language=text.language if text else "",
        requested=language,
        excerpt=Truncator(" ".join(text.problem.split())).words(EXCERPT_WORDS, truncate="…") if text else "",
        state=practice.state,
        state_label=str(PracticeState(practice.state).label),
        audience=practice.audience,
        subcriteria=tuple(sub.code for sub in practice.subcriteria.all()),
        helped_count=getattr(practice, "helped_count", 0),
        created_at=practice.created_at,
        submitted_at=practice.submitted_at,
        published_at=practice.published_at,
    )


def summaries(practices: Iterable[GoodPractice], language: str) -> list[PracticeSummary]:
    """Rows of `with_summary_data(...)` as summaries in the reader's language."""
    return [summary_of(practice, language) for practice in practices]


def _newest_first(practices: QuerySet[GoodPractice]) -> QuerySet[GoodPractice]:
    return practices.order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")


def org_practices_page(
    organisation: Organisation, language: str, number: PageNumber = 1
) -> tuple[Page, list[PracticeSummary]]:
    """The organisation's own practices in every state, newest first: four queries a page."""
    practices = with_summary_data(GoodPractice.objects.filter(organisation=organisation))
    page = Paginator(practices.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(number)
    return page, summaries(page.object_list, language)


@dataclass(frozen=True)
class ReviewQueue:
    submitted: list[PracticeSummary]  # waiting for a coordinator, oldest first
    returned: list[PracticeSummary]  # waiting for their organisation


def review_queue(network: Network, language: str) -> ReviewQueue:
    """The network's practices under review: three queries."""
    waiting = GoodPractice.objects.filter(
        network=network, state__in=(PracticeState.SUBMITTED, PracticeState.RETURNED)
    )  # fmt: skip
    rows = summaries(with_summary_data(waiting).order_by("submitted_at", "pk"), language)
    return ReviewQueue(
        submitted=[row for row in rows if row.state == PracticeState.SUBMITTED],
        returned=[row for row in rows if row.state == PracticeState.RETURNED],
    )


# --- what other parts read -----------------------------------------------------------------------------


def readable_in(network: Network) -> QuerySet[GoodPractice]:
    """The published practices the members and coordinators of `network` read."""
    return GoodPractice.objects.filter(
        Q(network=network) | Q(audience=PracticeAudience.PUBLIC), state=PracticeState.PUBLISHED
    )


def public_practices() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.filter(state=PracticeState.PUBLISHED, audience=PracticeAudience.PUBLIC)


def published_for_subcriterion(network: Network, code: str, language: str, limit: int = 5) -> list[PracticeSummary]:
    """Up to `limit` practices readable in the network for one CAF 2020 subcriterion, newest first:
    three queries."""
    practices = readable_in(network).filter(subcriteria__framework__code=FRAMEWORK, subcriteria__code=code)
    return summaries(_newest_first(with_summary_data(practices))[:limit], language)


def published_by_organisations(
    organisation_ids: Iterable[int], codes: Iterable[str], language: str
) -> dict[tuple[int, str], list[PracticeSummary]]:
    """The published practices (for the network or for everyone) of those organisations that are linked
    to those subcriteria, newest first, by (organisation id, subcriterion code): three queries."""
    wanted = set(codes)
    practices = GoodPractice.objects.filter(
        organisation_id__in=list(organisation_ids),
        state=PracticeState.PUBLISHED,
        subcriteria__framework__code=FRAMEWORK,
        subcriteria__code__in=wanted,
    ).distinct()
    found: dict[tuple[int, str], list[PracticeSummary]] = {}
    for summary in summaries(_newest_first(with_summary_data(practices)), language):
        for code in summary.subcriteria:
            if code in wanted:
                found.setdefault((summary.organisation_id, code), []).append(summary)
    return found


# --- one practice ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionGroup:
    label: str  # "1. Leadership"
    subcriteria: list[Subcriterion]


@dataclass(frozen=True)
class PracticeReading:
    """One practice as its reading page shows it."""

    practice: GoodPractice
    text: PracticeText
    requested: str  # the reader's language (or the one asked for with ?language=)
    languages: list[LanguageName]  # every language it is written in, the original first
    subcriteria: list[CriterionGroup]
    attachments: list[PracticeAttachment]
    helped_count: int
    helped_by: frozenset[int]  # ids of the organisations that said it helped them

    @property
    def in_other_language(self) -> bool:
        return self.text.language != self.requested

    @property
    def original(self) -> LanguageName:
        return language_name(self.practice.original_language)

    @property
    def is_original(self) -> bool:
        return self.text.language == self.practice.original_language


def _grouped(subcriteria: Iterable[Subcriterion]) -> list[CriterionGroup]:
    groups: dict[int, CriterionGroup] = {}
    for sub in subcriteria:
        criterion = sub.criterion
        group = groups.setdefault(criterion.number, CriterionGroup(f"{criterion.number}. {criterion.title}", []))
        group.subcriteria.append(sub)
    return list(groups.values())


def reading_of(practice: GoodPractice, language: str) -> PracticeReading:
    """The practice in `language` if written, else its original: four queries (texts, subcriteria,
    attachments, helped marks)."""
    texts = sorted(practice.texts.all(), key=lambda text: (text.language != practice.original_language, text.language))
    by_language = {text.language: text for text in texts}
    text = by_language.get(language) or by_language.get(practice.original_language) or texts[0]
    subcriteria = practice.subcriteria.select_related("criterion").order_by("criterion__number", "position")
    helped_by = frozenset(HelpedMark.objects.filter(practice=practice).values_list("organisation_id", flat=True))
    return PracticeReading(
        practice=practice,
        text=text,
        requested=language,
        languages=[language_name(written.language) for written in texts],
        subcriteria=_grouped(subcriteria),
        attachments=list(practice.attachments.all()),
        helped_count=len(helped_by),
        helped_by=helped_by,
    )


def texts_of(practice: GoodPractice) -> dict[str, PracticeText]:
    """Every text of the practice by language (the translation page, a stale save's saved version)."""
    return {text.language: text for text in PracticeText.objects.filter(practice=practice)}


def caf_subcriteria() -> QuerySet[Subcriterion]:
    """The subcriteria a practice may be linked to, in the model's order, with their criterion."""
    return (
        Subcriterion.objects.filter(framework__code=FRAMEWORK)
        .select_related("criterion")
        .order_by("criterion__number", "position")
    )


def subcriteria_codes(practice: GoodPractice) -> list[str]:
    return sorted(practice.subcriteria.values_list("code", flat=True))


def missing_languages(written: Sequence[str]) -> list[LanguageName]:
    """The site languages the practice could still be translated into."""
    return [language_name(code) for code, _name in settings.LANGUAGES if code not in written]
