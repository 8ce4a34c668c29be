"""Money and person-days as the resource tables show them, in the reader's language: "—" for a
figure not known, money to the cent with grouping, days with the decimals they have, a variance with
its sign."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

register = template.Library()

UNKNOWN = "—"


def _number(value: Decimal, places: int) -> str:
    # number_format cuts off the decimals it does not show; round them half up first.
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if not rounded:
        rounded = abs(rounded)  # "0", never "-0"
    return formats.number_format(rounded, places, use_l10n=True, force_grouping=True)


def _places(value: Decimal) -> int:
    """The decimals a number of days needs: 12, 12.5, 12.25 (never more than two)."""
    exponent = value.normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 0


def _signed(text: str, value: Decimal) -> str:
    return f"+{text}" if value > 0 else text


@register.filter
def money(value: Decimal | None) -> str:
    return UNKNOWN if value is None else _number(value, 2)


@register.filter
def days(value: Decimal | None) -> str:
    return UNKNOWN if value is None else _number(value, _places(value))


@register.filter
def signed_money(value: Decimal | None) -> str:
    return UNKNOWN if value is None else _signed(_number(value, 2), value)


@register.filter
def signed_days(value: Decimal | None) -> str:
    return UNKNOWN if value is None else _signed(_number(value, _places(value)), value)


@register.filter
def share(value: Decimal | None) -> str:
    """A variance as a whole percentage of its plan, "+12 %"; empty when there is none."""
    if value is None:
        return ""
    return _signed(_number(value, 0), value.quantize(Decimal(1), ROUND_HALF_UP)) + "\u00a0%"
