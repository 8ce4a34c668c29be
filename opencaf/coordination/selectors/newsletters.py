"""Reads of a network's newsletters: the coordinators' list with delivery counts, one issue with its
news items, who will receive it in which language, its sending progress and failed deliveries, and
the public archive of sent issues. Every page runs a fixed number of queries whatever the number of
newsletters, subscribers or deliveries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from opencaf.coordination.models import (
    DeliveryStatus,
    NewsItem,
    Newsletter,
    NewsletterDelivery,
    NewsletterState,
    NewsState,
)
from opencaf.coordination.newsletter_rendering import complete_languages, language_for
from opencaf.coordination.selectors.subscriptions import confirmed_subscribers
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network

ARCHIVE_PAGE_SIZE = 12  # a year of monthly issues
RECENT_ITEMS = 60  # news items offered for a new issue (those already chosen are always offered)
FAILED_SHOWN = 200
# A worker's claim on the deliveries of its batch: after this long they are taken for abandoned (the
# worker died) and another run sends them. A run stops sending its batch halfway through this time.
CLAIM_SECONDS = 600


def stalled_after() -> timedelta:
    """Sending that has not moved for this long has stopped (its worker died, or its next try is
    hours away): the page offers to resume it."""
    return timedelta(seconds=CLAIM_SECONDS + settings.NEWSLETTER_BATCH_PAUSE_SECONDS + 60)


def _counted(newsletters: QuerySet[Newsletter]) -> QuerySet[Newsletter]:
    return newsletters.annotate(
        delivery_count=Count("deliveries"),
        sent_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )


def newsletters_of(network: Network) -> list[Newsletter]:
    """Every issue of the network, newest first, with `delivery_count`, `sent_count`, `failed_count`:
    one query."""
    return list(_counted(Newsletter.objects.filter(network=network)).order_by("-issue_date", "-id"))


def get_newsletter(network: Network, public_id: object) -> Newsletter:
    return get_by_public_id(Newsletter.objects.filter(network=network).select_related("network"), public_id)


def _published(network: Network) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(network=network, state=NewsState.PUBLISHED).order_by("-published_at", "-id")


def includable_news(network: Network, chosen: Iterable[int] = ()) -> QuerySet[NewsItem]:
    """Published news items of the network an issue may carry, newest first: the latest
    RECENT_ITEMS and any already chosen."""
    recent = list(_published(network).values_list("pk", flat=True)[:RECENT_ITEMS])
    return _published(network).filter(pk__in=[*recent, *chosen])


def items_in(newsletter: Newsletter) -> list[NewsItem]:
    """The chosen news items that are (still) published, newest first: what the issue carries."""
    return list(_published(newsletter.network).filter(newsletters=newsletter))


def withdrawn_items(newsletter: Newsletter) -> int:
    """Chosen news items no longer published: the issue leaves them out."""
    return newsletter.news_items.exclude(state=NewsState.PUBLISHED).count()


# --- who receives it ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AudienceLine:
    language: str  # the version they receive
    count: int
    # Subscribers of other languages who get this version because theirs is not written: {code: count}
    instead_of: tuple[tuple[str, int], ...]


def audience_of(newsletter: Newsletter) -> list[AudienceLine]:
    """How many confirmed subscribers get which language version, were it sent now (one query)."""
    complete = complete_languages(newsletter.texts)
    counted = confirmed_subscribers(newsletter.network).order_by().values("language").annotate(n=Count("id"))
    lines: dict[str, dict[str, int]] = {}
    for row in counted:
        version = language_for(row["language"], complete, newsletter.network.default_language)
        lines.setdefault(version, {})[row["language"]] = row["n"]
    order = [code for code, _name in settings.LANGUAGES]
    return [
        AudienceLine(
            code,
            sum(by_language.values()),
            tuple(sorted(((other, n) for other, n in by_language.items() if other != code), key=lambda x: x[0])),
        )
        for code, by_language in sorted(
            lines.items(), key=lambda line: order.index(line[0]) if line[0] in order else 99
        )
    ]


def deliveries_by_language(newsletter: Newsletter) -> list[tuple[str, int]]:
    """(language, deliveries) of an issue being or been sent, in the site's order (one query)."""
    counted = dict(newsletter.deliveries.order_by().values_list("language").annotate(n=Count("id")))
    return [(code, counted[code]) for code, _name in settings.LANGUAGES if counted.get(code)]


# --- progress ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    state: str
    total: int
    sent: int
    failed: int
    last_activity: datetime | None  # the latest message sent or batch taken, else when sending started
    stalled: bool

    @property
    def waiting(self) -> int:
        return self.total - self.sent - self.failed

    @property
    def done(self) -> int:
        return self.sent + self.failed

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def sending(self) -> bool:
        return self.state == NewsletterState.SENDING

    @property
    def key(self) -> str:
        """Changes whenever the progress display would: the page asks again only with a new key."""
        return f"{self.state}-{self.sent}-{self.failed}-{self.waiting}-{int(self.stalled)}"


def progress_of(newsletter: Newsletter, now: datetime | None = None) -> Progress:
    """Where sending stands: one query on the deliveries."""
    counts = newsletter.deliveries.aggregate(
        total=Count("id"),
        sent=Count("id", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
        latest=Max("sent_at"),
    )
    moments = [moment for moment in (counts["latest"], newsletter.sending_started_at) if moment is not None]
    last = max(moments) if moments else None
    waiting = counts["total"] - counts["sent"] - counts["failed"]
    stalled = (
        newsletter.state == NewsletterState.SENDING
        and waiting > 0
        and (last is None or last < (now or timezone.now()) - stalled_after())
    )
    return Progress(newsletter.state, counts["total"], counts["sent"], counts["failed"], last, stalled)


def failed_deliveries(newsletter: Newsletter) -> list[NewsletterDelivery]:
    """The first FAILED_SHOWN deliveries that failed, by address, with the mail server's reason."""
    failed = newsletter.deliveries.filter(status=DeliveryStatus.FAILED).select_related("subscriber")
    return list(
        failed.only("language", "attempts", "error", "subscriber__email").order_by("subscriber__email")[:FAILED_SHOWN]
    )


# --- the public archive ---------------------------------------------------------------------------------


def _sent(network: Network) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(network=network, state=NewsletterState.SENT)


def archive_page(network: Network, number: str | None) -> Page:
    """One page of the network's sent issues, newest first (a count and one page of rows)."""
    issues = _sent(network).only("public_id", "network_id", "issue_date", "texts", "sent_at")
    return Paginator(issues.order_by("-issue_date", "-sent_at", "-id"), ARCHIVE_PAGE_SIZE).get_page(number)


def get_archived(network: Network, public_id: object) -> Newsletter:
    """A sent issue of the network; drafts and issues still being sent are not found."""
    return get_by_public_id(_sent(network).select_related("network"), public_id)
