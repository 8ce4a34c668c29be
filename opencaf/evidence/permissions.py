"""Who may see and add evidence. Outside the organisation: 404 (via the organisation helper)."""

from __future__ import annotations

from typing import Any

from opencaf.core.ids import get_by_public_id
from opencaf.evidence.models import EvidenceItem
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import roles_in

CONTRIBUTING_ROLES = {Role.ORG_ADMIN, Role.CAF_LEADER, Role.ASSESSOR, Role.MANAGER}


def can_add_evidence(user: Any, organisation: Organisation) -> bool:
    return bool(roles_in(user, organisation) & CONTRIBUTING_ROLES)


def get_evidence(organisation: Organisation, public_id: object) -> EvidenceItem:
    return get_by_public_id(EvidenceItem.objects.filter(organisation=organisation), public_id)
