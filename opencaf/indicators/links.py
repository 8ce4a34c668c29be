"""Signed, expiring links that let an indicator's owner enter the value of one period without signing in.

The link carries the indicator, its owner's user, the indicator's link version and the period whose
value is asked for, signed with the site's secret. It stops working when it expires, when the
indicator gets another owner (the version is raised), is archived or deleted, when the owner's
account is deactivated, or if anything in it is changed. Same rules as the action links
(`opencaf.improvement.links`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import formats
from django.utils.translation import pgettext

from opencaf.accounts.models import User
from opencaf.indicators.models import Indicator
from opencaf.indicators.rules import Frequency, Period, parse_period

SALT = "opencaf.indicators.value-link"


class LinkProblem(Exception):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    REPLACED = "replaced"  # another owner, archived, deleted, or the owner's account is closed

    def __init__(self, reason: str, language: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        # The owner's language when the link is genuine (expired or replaced), so the page explaining
        # it speaks the language of the e-mail it came from; empty for a tampered link.
        self.language = language


@dataclass(frozen=True)
class ValueLink:
    """What a good link is for: the value of `period` of `indicator`, entered as its owner."""

    indicator: Indicator
    period: Period


def make_token(indicator: Indicator, period: Period) -> str:
    if indicator.owner is None:
        raise ValueError("an indicator without an owner has no value link")
    payload = {
        "i": str(indicator.public_id),
        "o": indicator.owner.user_id,
        "v": indicator.link_version,
        "p": period.key,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def owner_language(indicator: Indicator) -> str:
    """The language the owner reads their reminders in: their own, else the organisation's default."""
    user = indicator.owner.user if indicator.owner is not None else None
    return (user.language if user is not None else "") or indicator.organisation.default_language


def _payload(raw: Any) -> tuple[str, int, int, str]:
    try:
        return str(raw["i"]), int(raw["o"]), int(raw["v"]), str(raw["p"])
    except (KeyError, TypeError, ValueError):
        raise LinkProblem(LinkProblem.TAMPERED) from None


def _language_of(user_id: int, indicator: Indicator | None) -> str:
    language = User.objects.filter(pk=user_id).values_list("language", flat=True).first() or ""
    return language or (indicator.organisation.default_language if indicator is not None else "")


def read_token(token: str) -> ValueLink:
    """The indicator and period the link is for, or LinkProblem saying why it cannot be used."""
    max_age = settings.INDICATOR_LINK_VALID_DAYS * 24 * 3600
    try:
        raw: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        # The signature is good, only old: what it says can be trusted enough to pick a language.
        indicator_id, owner_id, _version, _period = _payload(signing.loads(token, salt=SALT))
        found = Indicator.objects.select_related("organisation").filter(public_id=indicator_id).first()
        raise LinkProblem(LinkProblem.EXPIRED, _language_of(owner_id, found)) from None
    except signing.BadSignature:
        raise LinkProblem(LinkProblem.TAMPERED) from None
    indicator_id, owner_id, version, period_key = _payload(raw)
    indicator = Indicator.objects.select_related("organisation", "owner__user").filter(public_id=indicator_id).first()
    # A period of another frequency: the indicator's frequency changed after the link was sent.
    period = parse_period(Frequency(indicator.frequency), period_key) if indicator is not None else None
    if (
        indicator is None
        or period is None
        or indicator.archived
        or indicator.owner is None
        or indicator.owner.user_id != owner_id
        or not indicator.owner.user.is_active
        or indicator.link_version != version
    ):
        raise LinkProblem(LinkProblem.REPLACED, _language_of(owner_id, indicator))
    return ValueLink(indicator=indicator, period=period)


def period_label(period: Period) -> str:
    """A period as people read it, in the active language: "March 2026", "Q1 2026", "H2 2026", "2026"."""
    parts = {"number": period.index, "year": period.year}
    match period.frequency:
        case Frequency.MONTHLY:
            return formats.date_format(period.start, "YEAR_MONTH_FORMAT")
        case Frequency.QUARTERLY:
            # Translators: a quarter of a year, "Q1 2026"; write it as your language does ("1. četrtletje 2026").
            return pgettext("indicator period", "Q%(number)d %(year)d") % parts
        case Frequency.HALF_YEARLY:
            # Translators: a half of a year, "H1 2026"; write it as your language does ("1. polletje 2026").
            return pgettext("indicator period", "H%(number)d %(year)d") % parts
        case Frequency.YEARLY:
            return str(period.year)
