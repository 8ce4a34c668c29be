"""Small query building blocks every app's selectors share."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet[Any], group_field: str) -> Coalesce:
    """A correlated COUNT(*) for annotate(): `queryset` is already filtered on an OuterRef through
    `group_field`, so it counts one group. Zero when nothing matches. Unlike Count() over a join, it
    never multiplies with other annotations and adds no GROUP BY to the outer query."""
    counted = queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
