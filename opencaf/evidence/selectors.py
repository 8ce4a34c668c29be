from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from opencaf.evidence.models import EvidenceItem
from opencaf.organisations.models import Organisation


def register_of(organisation: Organisation) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(organisation=organisation).select_related("created_by").order_by("-created_at")


def register_choices(organisation: Organisation) -> list[dict[str, Any]]:
    """The register as a list to pick from (pk, public_id, title), newest first: scoring and consensus
    pages offer it on every request and need neither the items nor who added them."""
    rows = (
        EvidenceItem.objects.filter(organisation=organisation)
        .order_by("-created_at")
        .values("pk", "public_id", "title")
    )
    return [dict(row) for row in rows]
