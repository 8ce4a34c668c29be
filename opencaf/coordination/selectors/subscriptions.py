"""Reads of a network's newsletter subscribers: who receives the newsletter, the coordinators' list
and counts, and the audit history of one address (found by its fingerprint, never stored in clear)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, QuerySet

from opencaf.audit.models import AuditEvent
from opencaf.audit.selectors import events_for_network
from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.coordination.subscription_links import address_fingerprints
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network

TOKEN_MAX_LENGTH = 64  # Subscriber.token's column

SUBSCRIPTION_ACTIONS = (
    "coordination.subscription_requested",
    "coordination.subscription_confirmed",
    "coordination.unsubscribed",
    "coordination.subscriber_removed",
)


def confirmed_subscribers(network: Network) -> QuerySet[Subscriber]:
    """Everyone who receives the network's newsletter: confirmed and not unsubscribed."""
    return Subscriber.objects.filter(network=network, status=SubscriberStatus.CONFIRMED)


def subscriber_by_token(token: str) -> Subscriber | None:
    """The subscriber whose unsubscribe link carries this secret, if any."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return Subscriber.objects.select_related("network").filter(token=token).first()


def get_subscriber(network: Network, subscriber_id: object) -> Subscriber:
    return get_by_public_id(Subscriber.objects.filter(network=network).select_related("network"), subscriber_id)


@dataclass(frozen=True)
class CountLine:
    label: str  # the language (or "all languages")
    cells: tuple[tuple[str, int], ...]  # (status label, number) in the order of SubscriberStatus
    total: int


@dataclass(frozen=True)
class SubscriberCounts:
    statuses: tuple[str, ...]  # the status labels, the table's columns
    languages: tuple[CountLine, ...]  # the site's languages, then any other stored
    all_languages: CountLine
    confirmed: int


def subscriber_counts(network: Network) -> SubscriberCounts:
    """How many subscribers the network has by language and status, in one query."""
    counted: dict[tuple[str, str], int] = {
        (row["language"], row["status"]): row["n"]
        for row in Subscriber.objects.filter(network=network)
        .order_by()
        .values("language", "status")
        .annotate(n=Count("id"))
    }
    labels = tuple(str(label) for _value, label in SubscriberStatus.choices)
    names = {code: str(name) for code, name in settings.LANGUAGES}
    codes = list(names) + sorted({language for language, _status in counted} - set(names))

    def line(label: str, numbers: list[int]) -> CountLine:
        return CountLine(label, tuple(zip(labels, numbers, strict=True)), sum(numbers))

    languages = tuple(
        line(names.get(code, code), [counted.get((code, status), 0) for status in SubscriberStatus.values])
        for code in codes
    )
    totals = [sum(item.cells[index][1] for item in languages) for index in range(len(labels))]
    confirmed = sum(number for (_language, status), number in counted.items() if status == SubscriberStatus.CONFIRMED)
    return SubscriberCounts(labels, languages, line("", totals), confirmed)


def subscribers_of(network: Network, *, search: str = "", status: str = "") -> QuerySet[Subscriber]:
    """The network's subscribers for the coordinators' list, by address, with the columns it shows."""
    queryset = Subscriber.objects.filter(network=network).only(
        "public_id", "email", "language", "status", "created_at", "confirmed_at", "unsubscribed_at"
    )
    if search.strip():
        queryset = queryset.filter(email__contains=search.strip().lower())
    if status in SubscriberStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("email", "id")


def confirmed_for_export(network: Network) -> list[tuple[str, str, datetime | None]]:
    """(address, language, confirmed at) of every confirmed subscriber, by address."""
    rows = confirmed_subscribers(network).order_by("email", "id").values_list("email", "language", "confirmed_at")
    return list(rows)


def address_history(network: Network, email: str) -> list[AuditEvent]:
    """What the audit log holds about one address in the network (requested, confirmed, unsubscribed,
    removed), newest first: how an unsubscription is proved, even after the row was erased."""
    return list(
        events_for_network(network).filter(
            action__in=SUBSCRIPTION_ACTIONS, changes__subscriber__in=address_fingerprints(network, email)
        )
    )


def public_network(network_id: object) -> Network:
    """The network whose newsletter a visitor asks for; 404 for an unknown id."""
    return get_by_public_id(Network.objects.only("id", "public_id", "name", "default_language"), network_id)
