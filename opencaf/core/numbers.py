"""Localised fixed-point numbers for long tables, formatted in Python rather than per cell in templates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


class FixedPoint:
    """Formats numbers as the `floatformat:N` template filter does (N ≥ 0, rounded half up, the active
    language's decimal separator, no grouping), for tables of many numbers.

    The filter looks up the language's formats for every number; a table of 28 rows with four numbers
    each spent a noticeable share of its rendering time there. This looks them up once.
    """

    def __init__(self) -> None:
        self.separator = str(formats.get_format("DECIMAL_SEPARATOR"))

    def __call__(self, value: float, places: int) -> str:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # "0.0", never "-0.0", as the filter shows
        return f"{rounded:f}".replace(".", self.separator)
