"""Reads of a network's news: every item for its coordinators, the published items for the members of
its organisations, the published public items for everyone (pages and the Atom feed).

Readers get `NewsVersion`s: the item's version already picked for their language (theirs if written,
else the network's language, else any written one) with the excerpt lists show, so templates do no
work per item. List pages run a fixed number of queries (a count and one page of rows) whatever the
number of items; they read only the columns they show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import formats, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from opencaf.coordination.models import (
    Campaign,
    CampaignState,
    Event,
    EventSession,
    EventState,
    NewsAudience,
    NewsItem,
    NewsState,
)
from opencaf.coordination.texts import languages_of, version_in
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network, Organisation

PUBLIC_PAGE_SIZE = 20
COORDINATOR_PAGE_SIZE = 50
FEED_SIZE = 30
EXCERPT_WORDS = 40
PageNumber = str | int | None  # as asked for with ?page= (anything else gives the first or the last page)
# The columns a reader's list needs (the texts carry every version; the row is small otherwise).
READER_COLUMNS = ("public_id", "network_id", "texts", "audience", "state", "published_at", "updated_at")


@dataclass(frozen=True)
class LanguageName:
    code: str
    name: str  # in the language itself: "Slovenščina"


def language_names(codes: Iterable[str]) -> list[LanguageName]:
    return [LanguageName(code, settings.LANGUAGE_SELF_NAMES.get(code, code)) for code in codes]


@dataclass(frozen=True)
class NewsVersion:
    """One news item as a reader gets it: the version in the language picked for them."""

    public_id: UUID
    requested: str  # the language the reader asked for
    language: str  # the language of this version ("" when nothing is written)
    title: str
    summary: str  # as written (may be empty)
    excerpt: str  # the summary, else the start of the text: what lists and the feed show
    body: str
    audience: str
    published_at: datetime | None
    updated_at: datetime
    others: tuple[LanguageName, ...]  # the other languages it is written in

    @property
    def corrected(self) -> bool:
        """Changed after it was first published (shown as "updated on")."""
        return self.published_at is not None and self.updated_at > self.published_at

    @property
    def in_other_language(self) -> bool:
        """Not written in the language asked for: shown in another one (the page says so)."""
        return self.language != self.requested

    @property
    def is_public(self) -> bool:
        return self.audience == NewsAudience.PUBLIC


def version_of(item: NewsItem, language: str, fallback: str = "") -> NewsVersion:
    """The item's version for a reader of `language`; `fallback` is usually the network's language."""
    code, version = version_in(item.texts, language, (fallback,) if fallback else ())
    body, summary = str(version.get("body", "")), str(version.get("summary", ""))
    return NewsVersion(
        public_id=item.public_id,
        requested=language,
        language=code,
        title=str(version.get("title", "")),
        summary=summary,
        excerpt=summary or Truncator(" ".join(body.split())).words(EXCERPT_WORDS, truncate="…"),
        body=body,
        audience=item.audience,
        published_at=item.published_at,
        updated_at=item.updated_at,
        others=tuple(language_names(other for other in languages_of(item.texts) if other != code)),
    )


def _versions(items: Iterable[NewsItem], language: str, fallback: str) -> list[NewsVersion]:
    return [version_of(item, language, fallback) for item in items]


def _newest_first(items: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return items.order_by(F("published_at").desc(nulls_last=True), "-created_at", "-id")


def _page(items: QuerySet[NewsItem], number: PageNumber, size: int) -> Page:
    return Paginator(items, size).get_page(number)


# --- the coordinators' pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsRow:
    """A line of the coordinators' list: every item, draft or published."""

    public_id: UUID
    title: str  # in the coordinator's language when written, else the network's, else any
    title_language: str
    languages: list[LanguageName]
    state: str
    state_label: str
    audience_label: str
    published_at: datetime | None
    updated_at: datetime


def news_page(network: Network, language: str, number: PageNumber = 1) -> tuple[Page, list[NewsRow]]:
    """One page of the network's items, newest first (drafts by when they were written): two queries."""
    items = NewsItem.objects.filter(network=network).only(*READER_COLUMNS, "created_at")
    items = items.annotate(newest=Coalesce("published_at", "created_at")).order_by("-newest", "-id")
    page = _page(items, number, COORDINATOR_PAGE_SIZE)
    states, audiences = dict(NewsState.choices), dict(NewsAudience.choices)
    rows = []
    for item in page.object_list:
        code, version = version_in(item.texts, language, (network.default_language,))
        rows.append(
            NewsRow(
                public_id=item.public_id,
                title=str(version.get("title", "")) or _("(no title)"),
                title_language=code,
                languages=language_names(languages_of(item.texts)),
                state=item.state,
                state_label=str(states.get(item.state, item.state)),
                audience_label=str(audiences.get(item.audience, item.audience)),
                published_at=item.published_at,
                updated_at=item.updated_at,
            )
        )
    return page, rows


def get_news(network: Network, public_id: object) -> NewsItem:
    items = NewsItem.objects.filter(network=network).select_related("network", "campaign", "event")
    return get_by_public_id(items, public_id)


def all_versions(item: NewsItem) -> list[NewsVersion]:
    """Every written version of the item, in the site's order (the coordinator's page shows them all)."""
    return [version_of(item, code) for code in languages_of(item.texts)]


def campaign_choices(network: Network) -> QuerySet[Campaign]:
    return Campaign.objects.filter(network=network).only("id", "public_id", "title").order_by("-created_at", "-id")


def event_choices(network: Network) -> QuerySet[Event]:
    return Event.objects.filter(network=network).only("id", "public_id", "title").order_by("-created_at", "-id")


def suggested_texts(network: Network, *, campaign: Campaign | None, event: Event | None) -> dict[str, dict[str, str]]:
    """What a new item announcing the campaign or event could say, in the network's language (the
    language the coordinators write the campaign's and the event's titles in)."""
    language = network.default_language
    with translation.override(language):
        if event is not None:
            sessions = list(event.sessions.order_by("starts_at", "id"))
            when = ", ".join(formats.date_format(s.starts_at, "DATE_FORMAT") for s in sessions)
            where = event.place or (_("online") if event.online_link else "")
            summary = " · ".join(part for part in (event.get_kind_display(), when, where) if part)
            return {language: {"title": event.title, "summary": summary, "body": event.description}}
        if campaign is not None:
            deadline = formats.date_format(campaign.deadline, "DATE_FORMAT")
            summary = _(
                "Organisations of the network are invited to start the CAF self-assessment "
                "and to name their quality representative by %(deadline)s."
            ) % {"deadline": deadline}
            return {language: {"title": campaign.title, "summary": summary, "body": ""}}
    return {}


# --- what an item announces -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Announcement:
    """The campaign or the event a news item announces, as its readers may see it."""

    campaign: Campaign | None
    event: Event | None
    sessions: list[EventSession]
    cancelled: bool


def announcement(item: NewsItem, *, for_coordinator: bool = False) -> Announcement | None:
    """Readers see a campaign once sent and an event once published (a cancelled one says so); the
    coordinators see whatever is linked. One query for the event's sessions."""
    campaign, event = item.campaign, item.event
    if not for_coordinator:
        campaign = campaign if campaign is not None and campaign.state != CampaignState.DRAFT else None
        event = event if event is not None and event.state != EventState.DRAFT else None
    if campaign is None and event is None:
        return None
    sessions = list(event.sessions.order_by("starts_at", "id")) if event is not None else []
    cancelled = event is not None and event.state == EventState.CANCELLED
    return Announcement(campaign=campaign, event=event, sessions=sessions, cancelled=cancelled)


# --- the organisations' members --------------------------------------------------------------------


def _published(network_id: int) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(network_id=network_id, state=NewsState.PUBLISHED)


def org_news_page(organisation: Organisation, language: str, number: PageNumber = 1) -> tuple[Page, list[NewsVersion]]:
    """The network's published items of both audiences, newest first: two queries."""
    network = organisation.network
    if network is None:
        raise Http404
    items = _newest_first(_published(network.pk).only(*READER_COLUMNS))
    page = _page(items, number, PUBLIC_PAGE_SIZE)
    return page, _versions(page.object_list, language, network.default_language)


def get_org_news(organisation: Organisation, public_id: object) -> NewsItem:
    if organisation.network_id is None:
        raise Http404
    return get_by_public_id(_published(organisation.network_id).select_related("campaign", "event"), public_id)


# --- everyone ------------------------------------------------------------------------------------------


def _public(network: Network) -> QuerySet[NewsItem]:
    return _published(network.pk).filter(audience=NewsAudience.PUBLIC)


def public_network(public_id: object) -> Network:
    """The network, if it has published news for everyone; else 404 (an address never tells whether a
    network exists, nor what it keeps for its organisations). One query."""
    public = NewsItem.objects.filter(
        network=OuterRef("pk"), state=NewsState.PUBLISHED, audience=NewsAudience.PUBLIC
    )  # fmt: skip
    return get_by_public_id(Network.objects.filter(Exists(public)), public_id)


def public_news_page(network: Network, language: str, number: PageNumber = 1) -> tuple[Page, list[NewsVersion]]:
    """The published public items, newest first, each in the reader's language: two queries."""
    page = _page(_newest_first(_public(network).only(*READER_COLUMNS)), number, PUBLIC_PAGE_SIZE)
    return page, _versions(page.object_list, language, network.default_language)


def get_public_news(network: Network, public_id: object) -> NewsItem:
    return get_by_public_id(_public(network).select_related("campaign", "event"), public_id)


def feed_versions(network: Network, language: str) -> list[NewsVersion]:
    """The newest FEED_SIZE public items for the Atom feed, in the reader's language: one query."""
    items = _newest_first(_public(network).only(*READER_COLUMNS))[:FEED_SIZE]
    return _versions(items, language, network.default_language)


def published_news(network: Network) -> QuerySet[NewsItem]:
    """The network's published items, both audiences, newest first (what a newsletter may include)."""
    return _newest_first(_published(network.pk))


def pick_language(requested: object, written: Sequence[str], reader: str) -> str:
    """The language a reader asked for (`?language=`), when the item is written in it; else theirs."""
    return str(requested) if requested in written else reader
