"""The message services give for typed text over its limit, in the active language."""

from __future__ import annotations

from django.utils.translation import ngettext


def too_long(limit: int) -> str:
    return ngettext(
        "Keep it to %(limit)s character.", "Keep it to %(limit)s characters.", limit
    ) % {"limit": limit}  # fmt: skip
