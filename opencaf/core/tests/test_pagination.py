"""The shared links to the other pages of a list (core/_pagination.html): they keep the rest of the
page's query string (filters, search, sort) and replace only ?page=."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext


def _render(address: str, number: int, count: int = 30, **extra: Any) -> str:
    request = RequestFactory().get(address)
    page = Paginator(range(count), 10).get_page(number)
    return render_to_string("core/_pagination.html", {"page": page, **extra}, request)


def _links(html: str) -> dict[str, str]:
    """The links' words → their href as written in the HTML (escaped)."""
    return {words: href for href, words in re.findall(r'<a class="page-link" href="([^"]*)">([^<]*)</a>', html)}


def _query(href: str) -> dict[str, list[str]]:
    assert href.startswith("?"), href
    return parse_qs(unescape(href)[1:], keep_blank_values=True)


def test_the_links_keep_the_other_parameters_and_replace_the_page() -> None:
    with translation.override("en"):
        html = _render("/list/?q=x&page=1&kind=a", 1)
        previous, following = escape(gettext("Previous page")), escape(gettext("Next page"))
        where = escape(gettext("Page %(number)s of %(total)s") % {"number": 1, "total": 3})
    links = _links(html)
    assert set(links) == {following}  # the first page has no previous one
    assert links[following] == "?q=x&amp;page=2&amp;kind=a"  # in the address's order, escaped in the HTML
    assert _query(links[following]) == {"q": ["x"], "page": ["2"], "kind": ["a"]}
    assert where in html and 'aria-current="page"' in html
    with translation.override("en"):
        middle = _links(_render("/list/?kind=a&kind=b&q=&page=2", 2))
    assert _query(middle[previous]) == {"kind": ["a", "b"], "q": [""], "page": ["1"]}  # every value of a list
    assert _query(middle[following]) == {"kind": ["a", "b"], "q": [""], "page": ["3"]}
    with translation.override("en"):
        last = _links(_render("/list/?q=x", 3))  # no ?page= yet: it is added
    assert set(last) == {previous} and _query(last[previous]) == {"q": ["x"], "page": ["2"]}


def test_what_the_address_holds_cannot_break_out_of_the_link() -> None:
    html = _render('/list/?q="><script>alert(1)</script>&page=1', 1)
    assert "<script" not in html and "%22%3E%3Cscript%3E" in html
    assert _query(next(iter(_links(html).values())))["q"] == ['"><script>alert(1)</script>']


def test_a_single_page_renders_nothing() -> None:
    assert _render("/list/?q=x&page=1&kind=a", 1, count=10).strip() == ""
    assert _render("/list/", 1, count=0).strip() == ""


def test_the_links_can_say_what_the_pages_hold() -> None:
    html = _render("/archive/?page=2", 2, previous_label="Newer & nearer", next_label="Older")
    assert set(_links(html)) == {"Newer &amp; nearer", "Older"}


def test_a_list_shown_at_an_action_address_links_back_to_the_list() -> None:
    """A form posted to /list/remove/?page=2 and shown again with its errors: the links lead to /list/."""
    request = RequestFactory().post("/list/remove/?page=2&q=x")
    page = Paginator(range(30), 10).get_page(2)
    html = render_to_string("core/_pagination.html", {"page": page, "base_url": "/list/"}, request)
    hrefs = set(_links(html).values())
    assert hrefs == {"/list/?page=1&amp;q=x", "/list/?page=3&amp;q=x"}
