"""Public ids in URLs are UUIDs; anything else is simply "not found"."""

from __future__ import annotations

import uuid

from django.db import models
from django.http import Http404


def parse_public_id(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_by_public_id[ModelT: models.Model](queryset: models.QuerySet[ModelT], value: object) -> ModelT:
    """The object with this public id in the queryset, else 404.

    The queryset carries the scope (an organisation, a plan, …): an object outside it is as absent
    as one that does not exist, so a URL never tells whether another organisation's object exists.
    A malformed id is a 404 too.
    """
    # Public ids are unique: no ordering to compile (first() would order by the model's ordering).
    found = next(iter(queryset.filter(public_id=parse_public_id(value)).order_by()[:1]), None)
    if found is None:
        raise Http404
    return found
