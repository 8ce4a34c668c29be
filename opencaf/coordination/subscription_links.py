"""The keys of a newsletter subscription: the signed link that confirms it, the secret in every
unsubscribe link, and the fingerprint under which the audit log remembers an address.

Confirmation links carry the network's and the subscriber's public ids and a short hash of the
subscriber's unsubscribe secret, signed with the site's secret and a salt of their own, and expire after
`CONFIRM_VALID_DAYS`. Subscribing again after unsubscribing replaces the secret, so a link from the
earlier subscription stops working; a link of a subscription already confirmed, ended or removed says so.

Unsubscribe links carry `Subscriber.token`, a random secret: they work for ever, from any old
newsletter, need no signature that could expire, and say nothing about anyone else.

The audit log never holds an address in plain text. It records `address_fingerprint(network, email)`,
a keyed hash (HMAC with the site's secret, so nobody can test guesses against the log without the
server), which the subscribers page works out again from an address to show that address's history:
when it asked, confirmed and unsubscribed. After an erasure only the fingerprint remains, enough to
prove an unsubscription to the person who gives their address, useless to anyone else.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.crypto import salted_hmac

from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.organisations.models import Network

SALT = "opencaf.coordination.subscription"
FINGERPRINT_SALT = "opencaf.coordination.subscriber-address"
CONFIRM_VALID_DAYS = 7
FINGERPRINT_LENGTH = 20  # hex characters: 80 bits, no collisions among any network's subscribers


class ConfirmProblem(Exception):
    TAMPERED = "tampered"  # not a link we signed
    EXPIRED = "expired"
    CONFIRMED = "confirmed"  # used already: the subscription is confirmed
    ENDED = "ended"  # unsubscribed, removed, or replaced by a newer subscription

    def __init__(self, reason: str, *, language: str = "", network: Network | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        # When the link is genuine: the subscriber's language (the page speaks the e-mail's language)
        # and the network, whose subscription page the problem page links to.
        self.language = language
        self.network = network


def new_token() -> str:
    """A fresh unsubscribe secret (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def _version(subscriber: Subscriber) -> str:
    return hashlib.sha256(subscriber.token.encode()).hexdigest()[:12]


def make_confirm_token(subscriber: Subscriber) -> str:
    payload = {"n": str(subscriber.network.public_id), "s": str(subscriber.public_id), "v": _version(subscriber)}
    return signing.dumps(payload, salt=SALT, compress=True)


def confirm_url(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse(
        "coordination:subscription_confirm", kwargs={"token": make_confirm_token(subscriber)}
    )


def unsubscribe_url(subscriber: Subscriber) -> str:
    """The subscriber's one-click unsubscribe address, absolute (for e-mails and List-Unsubscribe)."""
    return settings.SITE_URL + reverse("coordination:unsubscribe", kwargs={"token": subscriber.token})


def subscribe_url(network: Network) -> str:
    return settings.SITE_URL + reverse("coordination:subscribe", kwargs={"network_id": network.public_id})


def _payload(raw: Any) -> tuple[str, str, str]:
    try:
        return str(raw["n"]), str(raw["s"]), str(raw["v"])
    except (KeyError, TypeError):
        raise ConfirmProblem(ConfirmProblem.TAMPERED) from None


def _first[T](queryset: Any, public_id: str) -> T | None:
    try:
        found: T | None = queryset.filter(public_id=public_id).first()
    except ValidationError:  # not a UUID: only a payload signed by mistake can say so
        return None
    return found


def read_confirm_token(token: str) -> Subscriber:
    """The pending subscription the link confirms, or ConfirmProblem saying why it cannot."""
    expired = False
    try:
        raw: Any = signing.loads(token, salt=SALT, max_age=CONFIRM_VALID_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raw, expired = signing.loads(token, salt=SALT), True
    except signing.BadSignature:
        raise ConfirmProblem(ConfirmProblem.TAMPERED) from None
    network_id, subscriber_id, version = _payload(raw)
    subscriber: Subscriber | None = _first(Subscriber.objects.select_related("network"), subscriber_id)
    if subscriber is None or _version(subscriber) != version:
        network = subscriber.network if subscriber else _first(Network.objects.all(), network_id)
        language = subscriber.language if subscriber else ""
        reason = ConfirmProblem.EXPIRED if expired else ConfirmProblem.ENDED
        raise ConfirmProblem(reason, language=language, network=network)
    if subscriber.status == SubscriberStatus.CONFIRMED:
        raise ConfirmProblem(ConfirmProblem.CONFIRMED, language=subscriber.language, network=subscriber.network)
    if expired:
        raise ConfirmProblem(ConfirmProblem.EXPIRED, language=subscriber.language, network=subscriber.network)
    if subscriber.status != SubscriberStatus.PENDING:
        raise ConfirmProblem(ConfirmProblem.ENDED, language=subscriber.language, network=subscriber.network)
    return subscriber


def address_fingerprint(network: Network, email: str, secret: str | None = None) -> str:
    """The keyed hash of an address (normalised to lower case) in one network, as the audit log keeps it."""
    value = f"{network.public_id}:{email.strip().lower()}"
    digest = salted_hmac(FINGERPRINT_SALT, value, secret=secret or settings.SECRET_KEY, algorithm="sha256")
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def address_fingerprints(network: Network, email: str) -> list[str]:
    """The address's fingerprint under the current secret and every fallback still configured, so the
    history survives a rotation of SECRET_KEY done the Django way (old key kept in SECRET_KEY_FALLBACKS)."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return list(dict.fromkeys(address_fingerprint(network, email, key) for key in keys))
