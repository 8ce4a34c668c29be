"""The one rule every demo seeder checks first: never in production."""

from __future__ import annotations

from django.conf import settings

REFUSED = "Demo data may only be seeded with DEBUG=1 or OPENCAF_DEMO=1."


class DemoError(Exception):
    """The demo cannot be seeded here (not allowed, or its prerequisites are missing)."""


def require_demo_allowed() -> None:
    """Refuse unless DEBUG or OPENCAF_DEMO is on, so a production database never gets the demo passwords."""
    if not settings.DEMO_ALLOWED:
        raise DemoError(REFUSED)
