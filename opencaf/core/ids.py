"""Public ids in URLs are UUIDs; anything else is simply "not found"."""

from __future__ import annotations

import uuid

from django.http import Http404


def parse_public_id(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None
