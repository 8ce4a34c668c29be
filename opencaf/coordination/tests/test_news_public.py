"""The public news of a network, for everyone without signing in: only published items for everyone,
each in the reader's language (else the network's, else any), paginated, with the Atom feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from conftest import World, client_for
from opencaf.coordination.models import NewsAudience, NewsItem, NewsState
from opencaf.coordination.tests.event_factories import make_event
from opencaf.coordination.tests.news_builders import TEXTS, make_news, version

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _list(world: World) -> str:
    return reverse("coordination:public_news", args=[world.network.public_id])


def _item(item: NewsItem) -> str:
    return reverse("coordination:public_news_item", args=[item.network.public_id, item.public_id])


def _feed(world: World, language: str = "") -> str:
    url = reverse("coordination:news_feed", args=[world.network.public_id])
    return f"{url}?language={language}" if language else url


def _reader(language: str) -> Client:
    """An anonymous visitor whose browser asks for `language`."""
    return Client(HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def items(world: World) -> dict[str, NewsItem]:
    return {
        "public": make_news(world.network, texts=TEXTS),
        "network": make_news(
            world.network, texts={"en": version("Members only news", "Inside.")}, audience=NewsAudience.NETWORK
        ),
        "draft": make_news(world.network, texts={"en": version("Unfinished draft", "Draft.")}, state=NewsState.DRAFT),
        "withdrawn": make_news(world.network, texts={"en": version("Withdrawn news", "Gone.")}, state=NewsState.DRAFT),
        "theirs": make_news(world.other_network, texts={"en": version("Other network news", "Theirs.")}),
    }


# --- visibility -------------------------------------------------------------------------------------------


def test_only_published_public_items_are_shown(world: World, items: dict[str, NewsItem]) -> None:
    page = client_for(None).get(_list(world)).content.decode()
    assert "Two-day training in March" in page
    for hidden in ("Members only news", "Unfinished draft", "Withdrawn news", "Other network news"):
        assert hidden not in page
    assert client_for(None).get(_item(items["public"])).status_code == 200
    for name in ("network", "draft", "withdrawn"):
        assert client_for(None).get(_item(items[name])).status_code == 404, name
    # Another network's item through this network's address is not found either.
    other = reverse("coordination:public_news_item", args=[world.network.public_id, items["theirs"].public_id])
    assert client_for(None).get(other).status_code == 404
    # Signed in makes no difference on the public pages: members read the rest on their organisation's.
    assert client_for(world.alice).get(_item(items["network"])).status_code == 404


def test_a_network_without_public_news_has_no_public_pages(world: World) -> None:
    make_news(world.network, texts={"en": version("Members only news", "Inside.")}, audience=NewsAudience.NETWORK)
    make_news(world.network, state=NewsState.DRAFT)
    unknown = reverse("coordination:public_news", args=["00000000-0000-4000-8000-000000000000"])
    for url in (_list(world), _feed(world), unknown):
        response = client_for(None).get(url)
        assert response.status_code == 404, url
        assert world.network.name not in response.content.decode()


def test_the_public_pages_only_read(world: World, items: dict[str, NewsItem]) -> None:
    for url in (_list(world), _item(items["public"]), _feed(world)):
        assert client_for(None).post(url).status_code == 405, url


# --- languages --------------------------------------------------------------------------------------------


def test_each_item_is_shown_in_the_readers_language_else_the_networks(world: World) -> None:
    # The network writes Slovenian (its default); one item is in Slovenian and Bulgarian, one only in English.
    both = make_news(world.network, texts={"sl": version("Slovenski naslov", "SL."), "bg": version("Български", "BG.")})
    english = make_news(world.network, texts={"en": version("Only in English", "EN.")})
    page = _reader("bg").get(_list(world)).content.decode()
    assert '<html lang="bg">' in page
    assert re.search(r'<h2 class="h4" id="news-[^"]+" lang="bg"><a [^>]+>Български</a>', page)
    assert re.search(r'lang="en"><a [^>]+>Only in English</a>', page)
    page = _reader("en").get(_list(world)).content.decode()
    assert re.search(r'lang="sl"><a [^>]+>Slovenski naslov</a>', page)  # not in English: the network's language
    assert "Not written in your language: shown in Slovenian." in page
    item = _reader("en").get(_item(both)).content.decode()
    assert '<h1 id="news-title-sl" lang="sl">Slovenski naslov</h1>' in item
    assert 'href="?language=bg" hreflang="bg" lang="bg">Български</a>' in item
    switched = _reader("en").get(_item(both) + "?language=bg").content.decode()
    assert '<h1 id="news-title-bg" lang="bg">Български</h1>' in switched
    assert "Not written in your language" not in switched  # asked for it
    unknown = _reader("en").get(_item(english) + "?language=xx").content.decode()
    assert '<h1 id="news-title-en" lang="en">Only in English</h1>' in unknown


def test_the_public_list_is_paginated(world: World) -> None:
    for number in range(25):
        make_news(world.network, texts={"en": version(f"News number {number:02d}", "Text.")})
    first = client_for(None).get(_list(world)).content.decode()
    second = client_for(None).get(_list(world) + "?page=2").content.decode()
    assert first.count('class="news-item') == 20 and second.count('class="news-item') == 5
    assert "Page 1 of 2" in first and "?page=2" in first
    assert client_for(None).get(_list(world) + "?page=99").status_code == 200  # the last page, not an error


def test_the_public_pages_link_the_feed_and_the_newsletter(world: World, items: dict[str, NewsItem]) -> None:
    for url in (_list(world), _item(items["public"])):
        page = _reader("sl").get(url).content.decode()
        assert f'type="application/atom+xml" href="{_feed(world, "sl")}"' in page
        try:
            subscribe = reverse("coordination:subscribe", args=[world.network.public_id])
        except NoReverseMatch:  # the newsletter's pages are not there (yet): no link, no error
            assert "newsletter/subscribe" not in page
        else:
            assert f'href="{subscribe}"' in page


def test_the_feed_is_announced_in_the_head(world: World, items: dict[str, NewsItem]) -> None:
    page = _reader("en").get(_list(world)).content.decode()
    head = page.split("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="[^"]+\?language=en">', head
    )


def test_the_announced_event_is_shown_without_a_members_link(world: World) -> None:
    event = make_event(world.network, title="Introduction to CAF", place="Ministry, room 4")
    item = make_news(world.network, event=event)
    page = client_for(None).get(_item(item)).content.decode()
    assert "Introduction to CAF" in page and "Ministry, room 4" in page
    assert "/events/" not in page.split("<main")[1]
    draft_event = make_event(world.network, title="Secret draft event", state="draft")
    item = make_news(world.network, event=draft_event)
    assert "Secret draft event" not in client_for(None).get(_item(item)).content.decode()


# --- the Atom feed ---------------------------------------------------------------------------------------


def _entries(response: Any) -> tuple[ET.Element, list[ET.Element]]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed, in a test)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_feed_lists_public_published_items_in_the_readers_language(
    world: World, items: dict[str, NewsItem]
) -> None:
    english = make_news(
        world.network,
        texts={"en": version("Tags <b>in</b> a title & more", "<script>x</script>\n\nhttps://example.org")},
    )
    root, entries = _entries(client_for(None).get(_feed(world, "sl")))
    assert root.get(XML_LANG) == "sl"
    assert "Alice Quality Network" in (root.findtext(f"{ATOM}title") or "")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(_feed(world, "sl"))  # type: ignore[union-attr]
    titles = {entry.findtext(f"{ATOM}title"): entry for entry in entries}
    assert set(titles) == {"Dvodnevno usposabljanje marca", "Tags <b>in</b> a title & more"}
    slovenian = titles["Dvodnevno usposabljanje marca"]
    assert slovenian.get(XML_LANG) == "sl"
    assert slovenian.findtext(f"{ATOM}id") == f"urn:uuid:{items['public'].public_id}"
    assert slovenian.findtext(f"{ATOM}summary") == "Mesta za člane skupin za samoocenjevanje."
    assert slovenian.find(f"{ATOM}published") is not None and slovenian.find(f"{ATOM}updated") is not None
    link = slovenian.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href", "").startswith("http")
    assert link.get("href", "").endswith(_item(items["public"]) + "?language=sl")
    fallback = titles["Tags <b>in</b> a title & more"]
    assert fallback.get(XML_LANG) == "en"  # not written in Slovenian: says so
    content = fallback.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    # The text is escaped HTML: a feed reader shows the tags as text and makes the address a link.
    assert "&lt;script&gt;x&lt;/script&gt;" in (content.text or "") and "<script>" not in (content.text or "")
    assert '<a href="https://example.org" rel="nofollow">' in (content.text or "")
    _root, entries = _entries(client_for(None).get(_feed(world, "en")))
    assert {entry.findtext(f"{ATOM}title") for entry in entries} == {
        "Two-day training in March",
        "Tags <b>in</b> a title & more",
    }
    assert f"urn:uuid:{english.public_id}" in {entry.findtext(f"{ATOM}id") for entry in entries}


def test_the_feed_follows_the_visitors_language_without_a_parameter(world: World, items: dict[str, NewsItem]) -> None:
    root, entries = _entries(_reader("sl").get(_feed(world)))
    assert root.get(XML_LANG) == "sl" and entries[0].findtext(f"{ATOM}title") == "Dvodnevno usposabljanje marca"
    root = _entries(_reader("sl").get(_feed(world, "xx")))[0]
    assert root.get(XML_LANG) == "sl"  # an unknown language is ignored


# --- queries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["public_news", "news_feed"])
def test_public_queries_do_not_grow(world: World, name: str, django_assert_max_num_queries: Any) -> None:
    url = reverse(f"coordination:{name}", args=[world.network.public_id])
    for number in range(3):
        make_news(world.network, texts={"en": version(f"Item {number}", "Text.")})
    with django_assert_max_num_queries(4) as few:
        assert client_for(None).get(url).status_code == 200
    for number in range(3, 40):
        make_news(world.network, texts={"en": version(f"Item {number}", "Text.")})
    with django_assert_max_num_queries(4) as many:
        assert client_for(None).get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_item_page_runs_few_queries(world: World, django_assert_max_num_queries: Any) -> None:
    item = make_news(world.network, event=make_event(world.network, sessions=2))
    with django_assert_max_num_queries(3):
        assert client_for(None).get(_item(item)).status_code == 200
