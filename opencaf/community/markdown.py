"""Forum posts are written in Markdown and stored with their HTML (docs/adr/0012-forum-markdown.md).

Two layers, so that a bug in one is not enough for stored cross-site scripting:

1. `markdown-it-py` renders CommonMark plus tables and strikethrough with raw HTML off (`html=False`):
   what a person types as a tag is shown as text. Headings move down two levels (`#` becomes `<h3>`)
   so a post never outranks the page's own headings, and strikethrough is written as `<del>`.
2. `nh3` keeps only the tags and attributes of `ALLOWED_TAGS`/`ALLOWED_ATTRIBUTES`, links with
   `URL_SCHEMES` (relative links to our own pages stay), and marks every link
   `rel="nofollow noopener noreferrer"`.

Mentions are written `@[Full Name]`. They are turned into `<strong class="mention">` only after
sanitising, from text the sanitiser has already escaped, and never inside code or a link's text
(`mentions.py` of the notifications part finds the names to tell with the same `MENTION` pattern).
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
        "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# "*" empty: no attribute on every tag (the sanitiser would otherwise allow `lang` and `title` anywhere).
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href"}, "*": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# `@[Full Name]`: a name of one line, without brackets; the sanitised HTML has no raw `<` or `>` in text.
MENTION = re.compile(r"@\[([^\[\]\n<>]{1,150})\]")
_TAG = re.compile(r"(<[^>]*>)")
# Not inside code, nor in a link's text (the notifications part finds mentions the same way: mentions.py).
_NO_MENTION_TAGS = {"code", "pre", "a"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)


def _adjust(tokens: list[Token]) -> None:
    """Headings two levels down (h1 → h3, at most h6); `<s>` as `<del>` (the allow-list's tag)."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
        elif token.type in ("s_open", "s_close"):
            token.tag = "del"
        if token.children:
            _adjust(token.children)


def _mark_mentions(sanitised: str) -> str:
    """`@[Name]` in text (outside code and links) as `<strong class="mention">@Name</strong>`, the name escaped."""
    parts = _TAG.split(sanitised)
    inside = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part.strip("</>").split(maxsplit=1)[0].lower() if part.strip("</>") else ""
            if name in _NO_MENTION_TAGS:
                inside += -1 if part.startswith("</") else 1
            continue
        if not inside and "@[" in part:
            parts[index] = MENTION.sub(_mention_html, part)
    return "".join(parts)


def _mention_html(match: re.Match[str]) -> str:
    # The text is already escaped by the sanitiser: unescape, then escape once, so `&amp;` stays `&amp;`.
    return f'<strong class="mention">@{html.escape(html.unescape(match.group(1)), quote=True)}</strong>'


def render(text: str) -> str:
    """The safe HTML of a post's Markdown source."""
    env: dict[str, object] = {}
    tokens = _markdown.parse(text, env)
    _adjust(tokens)
    unsafe = _markdown.renderer.render(tokens, _markdown.options, env)
    return _mark_mentions(_cleaner.clean(unsafe))


def quote_markdown(author: str, link: str, body: str) -> str:
    """A reply's opening: a link to the quoted post, then its text as a blockquote."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in body.strip().splitlines())
    safe_author = author.replace("[", "(").replace("]", ")")
    return f"> [{safe_author}]({link}):\n>\n{quoted}\n\n"
