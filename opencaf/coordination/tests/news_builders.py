"""Test data builders for news: rows written directly, so tests of pages start from a known state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from opencaf.coordination.models import NewsAudience, NewsItem, NewsState
from opencaf.coordination.services.news import NewsData
from opencaf.organisations.models import Network

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Two-day training in March",
        "summary": "Places for self-assessment group members.",
        "body": "The training covers scoring and consensus.\n\nRegister by 1 March.",
    },
    "sl": {
        "title": "Dvodnevno usposabljanje marca",
        "summary": "Mesta za člane skupin za samoocenjevanje.",
        "body": "Usposabljanje zajema ocenjevanje in konsenz.\n\nPrijave do 1. marca.",
    },
}


def version(title: str, body: str = "Text.", summary: str = "") -> dict[str, str]:
    return {"title": title, "summary": summary, "body": body}


def make_news(
    network: Network,
    *,
    texts: dict[str, dict[str, str]] | None = None,
    audience: str = NewsAudience.PUBLIC,
    state: str = NewsState.PUBLISHED,
    published_at: datetime | None = None,
    **fields: Any,
) -> NewsItem:
    now = timezone.now()
    if state == NewsState.PUBLISHED and published_at is None:
        published_at = now - timedelta(hours=1)
    values: dict[str, Any] = {
        "texts": TEXTS if texts is None else texts,
        "audience": audience,
        "state": state,
        "published_at": published_at,
        "created_at": published_at or now,
        "updated_at": published_at or now,
        **fields,
    }
    return NewsItem.objects.create(network=network, **values)


def news_data(**changes: Any) -> NewsData:
    values: dict[str, Any] = {"texts": TEXTS, "audience": NewsAudience.PUBLIC, **changes}
    return NewsData(**values)


def form_data(texts: dict[str, dict[str, str]] | None = None, **fields: str) -> dict[str, str]:
    """What the news form posts: every language's fields (empty when not written) and the rest."""
    data = {f"{part}_{code}": "" for code in ("en", "sl", "bg") for part in ("title", "summary", "body")}
    for code, written in (TEXTS if texts is None else texts).items():
        for part, value in written.items():
            data[f"{part}_{code}"] = value
    data.update({"audience": NewsAudience.PUBLIC, "campaign": "", "event": "", "version": "", **fields})
    return data
