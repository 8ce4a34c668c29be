"""The Atom feed of a network's public news (Django's syndication framework).

The feed is in the language asked for with `?language=` (the public pages link to it in the reader's
language: a feed reader sends no language cookie), else the visitor's. Each entry is the item's version
in that language, else in the network's, else any written one, and says which with `xml:lang`. The
entry's summary is the item's summary and its content the whole text, both plain text turned into
escaped HTML (paragraphs and links), never the coordinator's input taken as HTML. Like the public
pages, the feed of a network that has published nothing for everyone is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaks_filter, urlize
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from opencaf.coordination.selectors import news as selectors
from opencaf.organisations.models import Network


def text_as_html(text: str) -> str:
    """Plain text as the pages show it: escaped, links made, paragraphs at blank lines."""
    return str(linebreaks_filter(urlize(text, autoescape=True), autoescape=True))


class LanguageAtomFeed(feedgenerator.Atom1Feed):
    """Atom with the language of each entry (`xml:lang`) and the whole text as `<content>`."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        attributes = dict(super().item_attributes(item))
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass(frozen=True)
class FeedSource:
    network: Network
    language: str
    versions: list[selectors.NewsVersion]
    guid: str  # the feed's own absolute address: a feed per language, each with its id


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("language", "")
    return asked if asked in dict(settings.LANGUAGES) else translation.get_language()


def _feed_path(network: Network, language: str) -> str:
    base = reverse("coordination:news_feed", args=[network.public_id])
    return f"{base}?{urlencode({'language': language})}"


class NewsFeed(Feed):
    """`coordination:news_feed`: one instance serves every request, so nothing is kept on it."""

    feed_type = LanguageAtomFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        with translation.override(_language(request)):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, network_id: object) -> FeedSource:
        network = selectors.public_network(network_id)
        language = translation.get_language()
        guid = request.build_absolute_uri(_feed_path(network, language))
        return FeedSource(network, language, selectors.feed_versions(network, language), guid)

    def title(self, source: FeedSource) -> str:
        return _("News of %(network)s") % {"network": source.network.name}

    def subtitle(self, source: FeedSource) -> str:
        return _("News items %(network)s publishes for everyone.") % {"network": source.network.name}

    def link(self, source: FeedSource) -> str:
        return reverse("coordination:public_news", args=[source.network.public_id])

    def feed_url(self, source: FeedSource) -> str:
        return _feed_path(source.network, source.language)

    def feed_guid(self, source: FeedSource) -> str:
        return source.guid

    def author_name(self, source: FeedSource) -> str:
        return source.network.name

    def items(self, source: FeedSource) -> list[tuple[Network, selectors.NewsVersion]]:
        return [(source.network, version) for version in source.versions]

    def item_title(self, item: tuple[Network, selectors.NewsVersion]) -> str:
        return item[1].title  # Atom titles are text: the XML writer escapes them

    def item_description(self, item: tuple[Network, selectors.NewsVersion]) -> str:
        return escape(item[1].excerpt)

    def item_link(self, item: tuple[Network, selectors.NewsVersion]) -> str:
        network, version = item
        url = reverse("coordination:public_news_item", args=[network.public_id, version.public_id])
        return f"{url}?{urlencode({'language': version.language})}"

    def item_guid(self, item: tuple[Network, selectors.NewsVersion]) -> str:
        return f"urn:uuid:{item[1].public_id}"

    def item_guid_is_permalink(self, item: tuple[Network, selectors.NewsVersion]) -> bool:
        return False

    def item_pubdate(self, item: tuple[Network, selectors.NewsVersion]) -> datetime | None:
        return item[1].published_at

    def item_updateddate(self, item: tuple[Network, selectors.NewsVersion]) -> datetime:
        version = item[1]
        return max(version.updated_at, version.published_at or version.updated_at)

    def item_extra_kwargs(self, item: tuple[Network, selectors.NewsVersion]) -> dict[str, str]:
        version = item[1]
        return {"language": version.language, "content": text_as_html(version.body)}


news_feed = NewsFeed()
