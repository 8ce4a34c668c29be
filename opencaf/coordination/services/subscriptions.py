"""Subscriptions to a network's e-newsletter: double opt-in, one-click unsubscribe, erasure on request.

Anyone may ask for the newsletter with an e-mail address and a language. The answer on the page is
always the same, so the form tells nobody whether an address is subscribed; what differs is the e-mail
the address receives: a link to confirm (`subscription_links`, valid seven days) or, for an address
already confirmed, a note saying so with its unsubscribe link. Each address gets at most one such
e-mail per `MAIL_INTERVAL`: for a pending subscription `confirmation_sent_at` says when the last link
went (kept in the database, so every web process agrees); the note to a confirmed address is held off
by a key in the cache. The page limits each IP address too (views.subscriptions).

Nothing is sent until the person confirms: only confirmed subscribers receive newsletters
(`selectors.subscriptions.confirmed_subscribers`). Unconfirmed requests are deleted after
`UNCONFIRMED_KEPT_DAYS` (`purge_unconfirmed`, the `purge_unconfirmed_subscriptions` command).

Audit: subscribing, confirming and unsubscribing are events of the network with no actor (the person
has no account). They record the address only as its fingerprint (`address_fingerprint`) plus the
language, so the log proves what happened to an address whoever asks about it, without listing
addresses to those who read the log. A coordinator's removal on request deletes the row, the
person's data; the log keeps the fingerprint of the removal and of what came before.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.coordination.subscription_links import (
    CONFIRM_VALID_DAYS,
    address_fingerprint,
    confirm_url,
    new_token,
    subscribe_url,
    unsubscribe_url,
)
from opencaf.core import mail
from opencaf.organisations.models import Network
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User

logger = logging.getLogger("opencaf.coordination")

MAIL_INTERVAL = timedelta(minutes=10)
UNCONFIRMED_KEPT_DAYS = 30
NOTICE_CACHE_PREFIX = "opencaf:newsletter-notice:"


class Outcome(StrEnum):
    """What a request to subscribe did; the page shows the same answer for all of them."""

    CONFIRMATION_SENT = "confirmation_sent"  # a new or refreshed pending subscription, link e-mailed
    NOTICE_SENT = "notice_sent"  # already confirmed: "you are already subscribed" e-mailed
    HELD = "held"  # an e-mail went to this address less than MAIL_INTERVAL ago; nothing sent


def normalise_email(value: str) -> str:
    """The address as stored: trimmed and in lower case (one subscription per address)."""
    email = value.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address, such as name@example.org.")}) from None
    return email


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages in the list.")})


def _recently(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now - MAIL_INTERVAL


@transaction.atomic
def request_subscription(*, network: Network, email: str, language: str, now: datetime | None = None) -> Outcome:
    """Ask for the newsletter: create or refresh a pending subscription and e-mail its confirmation link
    in `language`; for an address already confirmed, e-mail a note instead and change nothing."""
    now = now or timezone.now()
    email = normalise_email(email)
    _check_language(language)
    subscriber = Subscriber.objects.select_for_update().filter(network=network, email=email).first()
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        return _notify_confirmed(subscriber, language)
    if subscriber is None:
        subscriber = Subscriber(network=network, email=email, token=new_token())
        try:
            with transaction.atomic():
                _pending(subscriber, language, now)
        except IntegrityError:  # the same address asked at the same moment in another request
            return Outcome.HELD
    elif subscriber.status == SubscriberStatus.PENDING:
        if _recently(subscriber.confirmation_sent_at, now):
            return Outcome.HELD
        _pending(subscriber, language, now)
    else:  # unsubscribed earlier: a new subscription, with a new unsubscribe secret
        subscriber.token = new_token()
        subscriber.created_at = now
        subscriber.confirmed_at = None
        subscriber.unsubscribed_at = None
        _pending(subscriber, language, now)
    record_event(
        "coordination.subscription_requested",
        actor=None,
        network=network,
        changes={"subscriber": address_fingerprint(network, email), "subscription_language": language},
    )
    _send(subscriber, "subscription_confirm", language, {"url": confirm_url(subscriber)})
    return Outcome.CONFIRMATION_SENT


def _pending(subscriber: Subscriber, language: str, now: datetime) -> None:
    subscriber.status = SubscriberStatus.PENDING
    subscriber.language = language
    subscriber.confirmation_sent_at = now
    subscriber.save()


def _notify_confirmed(subscriber: Subscriber, language: str) -> Outcome:
    """The note to an address already subscribed, at most once per MAIL_INTERVAL (cache.add is atomic)."""
    key = NOTICE_CACHE_PREFIX + address_fingerprint(subscriber.network, subscriber.email)
    if not cache.add(key, 1, timeout=int(MAIL_INTERVAL.total_seconds())):
        return Outcome.HELD
    _send(subscriber, "subscription_already", language, {"url": unsubscribe_url(subscriber)})
    return Outcome.NOTICE_SENT


def _send(subscriber: Subscriber, template: str, language: str, extra: dict[str, object]) -> None:
    context = {
        "network": subscriber.network,
        "subscriber": subscriber,
        "valid_days": CONFIRM_VALID_DAYS,
        "kept_days": UNCONFIRMED_KEPT_DAYS,
        "subscribe_url": subscribe_url(subscriber.network),
        **extra,
    }
    subject, body = mail.render_mail(f"coordination/email/{template}", context, language)
    mail.send_after_commit(to=subscriber.email, subject=subject, body=body, kind=template.replace("_", " "))


@transaction.atomic
def confirm_subscription(*, subscriber: Subscriber, now: datetime | None = None) -> Subscriber:
    """Confirm a pending subscription (the person clicked the button behind their link)."""
    subscriber = Subscriber.objects.select_for_update().select_related("network").get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber  # confirmed meanwhile, in another tab
    if subscriber.status != SubscriberStatus.PENDING:
        raise ValidationError(_("This subscription has ended. Subscribe again to receive the newsletter."))
    subscriber.status = SubscriberStatus.CONFIRMED
    subscriber.confirmed_at = now or timezone.now()
    subscriber.save(update_fields=["status", "confirmed_at"])
    record_event(
        "coordination.subscription_confirmed",
        actor=None,
        network=subscriber.network,
        changes={
            "subscriber": address_fingerprint(subscriber.network, subscriber.email),
            "subscription_language": subscriber.language,
        },
    )
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber, one_click: bool = False, now: datetime | None = None) -> bool:
    """Stop the newsletter to this subscriber. Idempotent: True when this call ended the subscription,
    False when it had ended already."""
    subscriber = Subscriber.objects.select_for_update().select_related("network").get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return False
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.unsubscribed_at = now or timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    record_event(
        "coordination.unsubscribed",
        actor=None,
        network=subscriber.network,
        changes={
            "subscriber": address_fingerprint(subscriber.network, subscriber.email),
            "unsubscribe_one_click": one_click,
        },
    )
    return True


@transaction.atomic
def remove_subscriber(*, actor: User, subscriber: Subscriber) -> None:
    """Erase a subscriber at their request: the row goes (with its newsletter deliveries); the audit log
    keeps the address's fingerprint only."""
    network = subscriber.network
    if not is_coordinator(actor, network):
        raise PermissionDenied
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk, network=network)
    record_event(
        "coordination.subscriber_removed",
        actor=actor,
        network=network,
        changes={
            "subscriber": address_fingerprint(network, subscriber.email),
            "subscriber_status": subscriber.status,
        },
    )
    subscriber.delete()


def purge_unconfirmed(now: datetime | None = None) -> int:
    """Delete subscriptions never confirmed whose last request is over UNCONFIRMED_KEPT_DAYS old, one
    audited transaction per network. Idempotent: a second run finds nothing. Returns the number deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=UNCONFIRMED_KEPT_DAYS)
    stale = Subscriber.objects.filter(status=SubscriberStatus.PENDING, created_at__lt=cutoff).filter(
        Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=cutoff)
    )
    deleted = 0
    for network in Network.objects.filter(pk__in=stale.values("network")).order_by("pk"):
        with transaction.atomic():
            _total, by_model = stale.filter(network=network).delete()
            count = by_model.get(Subscriber._meta.label, 0)
            if count:
                record_event("coordination.subscriptions_purged", actor=None, network=network, changes={"count": count})
                deleted += count
    return deleted
