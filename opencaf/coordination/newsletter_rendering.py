"""What one newsletter issue says in one language, and the e-mail it becomes.

A language version of the issue is offered to subscribers only when its subject and introduction are
written (`complete_languages`); a subscriber gets their own language, else the network's language,
else the first complete one (`language_for`). Each chosen news item appears in the issue's language
when written, with the same fallback, under its title with its summary (or the start of its text),
and with a link to its public page when it is public; items for the network's organisations only
are listed without a link.

The e-mail is plain text only, no HTML part: the coordinators write plain text (news items and the
newsletter's own texts are never HTML), so an HTML part would add nothing but markup to sanitise and a
second rendering to keep equal; plain text reads the same in every mail program and screen reader,
is a fraction of the size, carries no tracking, and the public archive is the issue's web version.

An issue is rendered once per language (`render_issue`) and split around the only part that differs
per subscriber, their unsubscribe link, so 10,000 messages cost three template renderings.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import Truncator
from django.utils.translation import gettext

from opencaf.coordination.models import NewsAudience, NewsItem, Newsletter
from opencaf.coordination.texts import version_in
from opencaf.core import mail
from opencaf.organisations.models import Network

PARTS = ("subject", "introduction", "closing")
REQUIRED = ("subject", "introduction")
SUMMARY_WORDS = 60
TEMPLATE = "coordination/email/newsletter"


# --- which language whom ------------------------------------------------------------------------------


def is_complete(version: Mapping[str, Any] | None) -> bool:
    """A language version may be sent once its subject and introduction are written."""
    return all(str((version or {}).get(part, "")).strip() for part in REQUIRED)


def complete_languages(texts: Mapping[str, Any] | None) -> list[str]:
    """The site languages whose version of the newsletter is complete, in the site's order."""
    texts = texts or {}
    return [code for code, _name in settings.LANGUAGES if is_complete(texts.get(code))]


def language_for(wanted: str, complete: Sequence[str], default: str) -> str:
    """The version a reader of `wanted` gets: theirs, else `default` (the network's language), else the
    first complete one; "" when none is complete."""
    for code in (wanted, default, *complete):
        if code in complete:
            return code
    return ""


# --- what the issue says -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueItem:
    title: str
    summary: str
    language: str  # of this item's version: it may differ from the issue's
    path: str  # the public news page; "" for items of the network's organisations only

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.path if self.path else ""


@dataclass(frozen=True)
class IssueContent:
    language: str
    subject: str
    introduction: str
    closing: str
    items: tuple[IssueItem, ...]
    network_name: str
    month: str  # "December 2026", in the issue's language
    archive_path: str
    subscribe_path: str

    @property
    def archive_url(self) -> str:
        return settings.SITE_URL + self.archive_path


def month_of(issue_date: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(issue_date, "YEAR_MONTH_FORMAT")


def item_of(item: NewsItem, language: str, network: Network) -> IssueItem:
    """The item as the issue in `language` lists it (the item belongs to `network`)."""
    fallback = network.default_language
    code, version = version_in(item.texts, language, (fallback,) if fallback else ())
    summary = str(version.get("summary", "")).strip()
    if not summary:
        summary = Truncator(" ".join(str(version.get("body", "")).split())).words(SUMMARY_WORDS, truncate="…")
    path = ""
    if item.audience == NewsAudience.PUBLIC:
        path = reverse("coordination:public_news_item", args=[network.public_id, item.public_id])
    return IssueItem(title=str(version.get("title", "")).strip(), summary=summary, language=code, path=path)


def issue_content(newsletter: Newsletter, language: str, items: Iterable[NewsItem]) -> IssueContent:
    """The issue in `language` (a complete one), with the news items in order."""
    network = newsletter.network
    version = newsletter.texts.get(language) or {}
    return IssueContent(
        language=language,
        subject=" ".join(str(version.get("subject", "")).split()),
        introduction=str(version.get("introduction", "")).strip(),
        closing=str(version.get("closing", "")).strip(),
        items=tuple(item_of(item, language, network) for item in items),
        network_name=network.name,
        month=month_of(newsletter.issue_date, language),
        archive_path=reverse("coordination:newsletter_archive", args=[network.public_id]),
        subscribe_path=reverse("coordination:subscribe", args=[network.public_id]),
    )


# --- the message ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedIssue:
    """An issue's e-mail in one language, cut where each subscriber's unsubscribe link goes."""

    language: str
    subject: str
    head: str
    tail: str

    def body(self, unsubscribe_url: str) -> str:
        return self.head + unsubscribe_url + self.tail


def render_issue(content: IssueContent) -> RenderedIssue:
    # A random marker for the link: no text a coordinator writes can contain it by chance.
    marker = f"@@{secrets.token_hex(16)}@@"
    context = {"issue": content, "unsubscribe_url": marker}
    subject, body = mail.render_mail(TEMPLATE, context, content.language)
    head, found, tail = body.rpartition(marker)
    if not found:
        raise ValueError(f"{TEMPLATE}_body.txt must contain the unsubscribe link")
    return RenderedIssue(content.language, subject, head, tail)


def sample_link(language: str) -> str:
    """What stands for the unsubscribe link in a preview or test message."""
    with translation.override(language):
        return gettext("[the subscriber's own unsubscribe link]")
