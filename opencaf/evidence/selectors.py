from __future__ import annotations

from django.db.models import QuerySet

from opencaf.evidence.models import EvidenceItem
from opencaf.organisations.models import Organisation


def register_of(organisation: Organisation) -> QuerySet[EvidenceItem]:
    return EvidenceItem.objects.filter(organisation=organisation).select_related("created_by").order_by("-created_at")
