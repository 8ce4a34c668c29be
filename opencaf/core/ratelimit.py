"""Limits per client address for public forms sent often and by many people (survey answers through a
public link, typed paper codes): a counter per address and time window, kept in the cache and raised
atomically, with no lock.

allauth's limiter, which the sign-in and newsletter forms keep, holds a list of timestamps per address
under a cache lock that waiting requests poll with sleeps of 10 to 100 ms. That suits sign-in; but
respondents sending answers from one address (a service centre's kiosk, a school or an office behind
one public address) queued behind the lock, and each answer cost four cache calls. Here an answer costs
one or two, and two at once from one address never wait for each other.

A window is fixed (an hour from the full hour, say), not sliding: up to twice the amount can pass
around a window's edge, which is loose enough for stopping a script filling a survey, the purpose.
Rates are written as allauth's (`"60/h/ip"`, `"30/m/ip,300/h/ip"`), per address only.
"""

from __future__ import annotations

import ipaddress
import re
import time
from dataclasses import dataclass
from functools import cache

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])/ip$")
IPV6_PREFIX = 64  # as allauth: one household or office is given a /64, not one address


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


@cache
def parse_rates(text: str) -> tuple[Rate, ...]:
    """`"30/m/ip,300/h/ip"` -> two rates. Anything else is a configuration error, said at once."""
    rates = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = _RATE.match(part)
        if match is None:
            raise ImproperlyConfigured(
                f"Rate limit {part!r}: write it as amount/period/ip, e.g. 60/h/ip or 30/5m/ip (s, m, h or d)."
            )
        amount, count, unit = match.groups()
        rates.append(Rate(int(amount), int(count or 1) * _UNITS[unit]))
    return tuple(rates)


def client_address(request: HttpRequest) -> str:
    """The address allauth's limiter would use (its proxy settings apply), an IPv6 one cut to its /64."""
    address = get_adapter(request).get_client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def within_limits(request: HttpRequest, action: str) -> bool:
    """Count this request against the rates of `action` in settings.PUBLIC_FORM_RATE_LIMITS; False once
    any of them is exceeded in its current window (the refused request counts too)."""
    rates = parse_rates(settings.PUBLIC_FORM_RATE_LIMITS[action])
    address = client_address(request)
    now = time.time()
    allowed = True
    for rate in rates:
        window = int(now // rate.seconds)
        key = f"opencaf:rate:{action}:{rate.seconds}:{address}:{window}"
        allowed = _count(key, rate.seconds) <= rate.amount and allowed
    return allowed


def _count(key: str, seconds: int) -> int:
    """The key's count after this request: raised atomically, created by the window's first request."""
    try:
        return default_cache.incr(key)
    except ValueError:  # the window's first request (or its key expired a moment ago)
        if default_cache.add(key, 1, seconds + 1):
            return 1
        return default_cache.incr(key)  # another request created it meanwhile
