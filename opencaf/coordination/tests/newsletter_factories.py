"""Test data builders for newsletters: subscribers written straight to the table (the subscription
flow is tested with its own service), published news items, and newsletters in any state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.coordination.models import NewsItem, Newsletter, Subscriber
from opencaf.coordination.subscription_links import new_token
from opencaf.organisations.models import Network

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "CAF news, December",
        "introduction": "Dear readers,\n\nthe year ends with two trainings.",
        "closing": "Best wishes, the quality unit",
    },
    "sl": {
        "subject": "Novice CAF, december",
        "introduction": "Spoštovani,\n\nleto se končuje z dvema usposabljanjema.",
        "closing": "Lep pozdrav, sektor za kakovost",
    },
}


def subscribe(network: Network, email: str, language: str = "en", status: str = "confirmed") -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        network=network,
        email=email.lower(),
        language=language,
        status=status,
        token=new_token(),
        confirmed_at=now if status != "pending" else None,
        unsubscribed_at=now if status == "unsubscribed" else None,
    )


def subscribe_many(network: Network, count: int, languages: Sequence[str] = ("en",)) -> list[Subscriber]:
    return Subscriber.objects.bulk_create(
        Subscriber(
            network=network,
            email=f"reader{n:05d}@example.org",
            language=languages[n % len(languages)],
            status="confirmed",
            token=new_token(),
            confirmed_at=timezone.now(),
        )
        for n in range(count)
    )


def news_item(
    network: Network,
    titles: Mapping[str, str] | None = None,
    *,
    audience: str = "public",
    state: str = "published",
    days_ago: int = 1,
) -> NewsItem:
    titles = titles or {"en": "Training in March"}
    texts = {
        code: {"title": title, "summary": f"{title}: summary", "body": f"{title}: the whole story."}
        for code, title in titles.items()
    }
    published = timezone.now() - timedelta(days=days_ago) if state == "published" else None
    return NewsItem.objects.create(network=network, texts=texts, audience=audience, state=state, published_at=published)


def make_newsletter(
    network: Network,
    *,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    items: Sequence[NewsItem] = (),
    created_by: User | None = None,
    **fields: Any,
) -> Newsletter:
    values: dict[str, Any] = {
        "issue_date": date(2026, 12, 1),
        "texts": dict(texts if texts is not None else TEXTS),
        "created_by": created_by,
        **fields,
    }
    newsletter = Newsletter.objects.create(network=network, **values)
    newsletter.news_items.set(items)
    return newsletter


def committed[T](action: Any) -> T:
    """Run a service and what it does after the commit (queueing the task, which the immediate
    backend runs at once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()  # type: ignore[no-any-return]
