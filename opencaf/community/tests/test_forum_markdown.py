"""Forum Markdown: what it renders, and that known stored-XSS payloads come out inert."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from opencaf.community.markdown import ALLOWED_TAGS, quote_markdown, render

# Each payload as a person might type it into a post.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width:expression(alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    '[click](https://example.org "onmouseover=alert(1)")',
    '[click](https://example.org"onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    '![x" onerror="alert(1)](https://example.org/x.png)',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "<!-- <script>alert(1)</script> -->",
    '<a href="https://example.org" onclick="alert(1)">x</a>',
    "@[<img src=x onerror=alert(1)>]",
    '@[x" onmouseover="alert(1)]',
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "> <img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
]


class _Elements(HTMLParser):
    """The elements and attributes a browser would build from the HTML (text stays text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_stored_xss_payloads_come_out_inert(payload: str) -> None:
    parsed = _elements(render(payload))
    assert not parsed.comments
    for tag, attributes in parsed.elements:
        assert tag in ALLOWED_TAGS or (tag == "strong" and attributes in ([], [("class", "mention")])), tag
        for name, value in attributes:
            if tag == "a":
                assert name in ("href", "rel"), (tag, name)
            else:
                assert (tag, name) == ("strong", "class"), (tag, name)
            if name == "href":
                # What a browser would follow: only web and mail addresses, or our own relative addresses.
                assert urlsplit((value or "").strip()).scheme.lower() in ("http", "https", "mailto", ""), value


def test_markdown_renders_the_allowed_formatting() -> None:
    html = render(
        "# Title\n\n**bold** *italic* ~~gone~~ `code`\n\n- one\n- two\n\n1. first\n\n> quoted\n\n"
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n---\n\n[site](https://example.org) <https://example.org/auto>"
    )
    assert "<h3>Title</h3>" in html  # headings sit below the page's own
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html and "<del>gone</del>" in html
    assert "<code>code</code>" in html and "<ul>" in html and "<ol>" in html and "<blockquote>" in html
    assert "<table>" in html and "<th>a</th>" in html and "<td>2</td>" in html and "<hr>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">site</a>' in html
    assert 'href="https://example.org/auto"' in html
    assert "style=" not in html  # table alignment is dropped with the attribute


def test_links_keep_only_safe_schemes() -> None:
    assert 'href="mailto:quality@example.org"' in render("[write](mailto:quality@example.org)")
    assert 'href="/network/x/forum/"' in render("[forum](/network/x/forum/)")
    assert "href" not in render("[x](ftp://example.org/file)")
    assert "<a" not in render("www.example.org and https://example.org")  # no linkify: links are written


def test_raw_html_is_shown_as_text() -> None:
    assert render("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


def test_mentions_are_highlighted_and_escaped_but_not_in_code_or_links() -> None:
    html = render("Thanks @[Ana Novak] and @[Bob & <Co>]!")
    assert '<strong class="mention">@Ana Novak</strong>' in html
    assert '<strong class="mention">@Bob &amp; &lt;Co&gt;</strong>' in html
    assert "mention" not in render("`@[Ana Novak]`")
    assert "mention" not in render("```\n@[Ana Novak]\n```")
    assert "mention" not in render("[@[Ana Novak]](https://example.org)")
    assert "mention" not in render("@[]") and "mention" not in render("@[two\nlines]")


def test_a_quote_links_to_the_post_and_quotes_its_text() -> None:
    source = quote_markdown("Ana [QA] Novak", "/network/n/forum/posts/p/", "First line.\n\nSecond line.")
    html = render(source + "I agree.")
    assert html.startswith("<blockquote>")
    assert '<a href="/network/n/forum/posts/p/" rel="nofollow noopener noreferrer">Ana (QA) Novak</a>' in html
    assert "<p>First line.</p>\n<p>Second line.</p>\n</blockquote>" in html
    assert html.endswith("<p>I agree.</p>\n")
