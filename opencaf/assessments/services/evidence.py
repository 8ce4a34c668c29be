"""Attaching evidence from the register to a subcriterion, detaching it, confirming carried-over evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opencaf.assessments import permissions
from opencaf.assessments.models import EvidenceLink, SelfAssessment
from opencaf.assessments.services._common import fresh, require
from opencaf.audit.services import record_event
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import Subcriterion

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def attach_evidence(
    *, actor: User, assessment: SelfAssessment, subcriterion: Subcriterion, evidence: EvidenceItem
) -> EvidenceLink:
    assessment = fresh(assessment)
    require(permissions.access_for(actor, assessment).can_attach_evidence)
    if evidence.organisation_id != assessment.organisation_id or subcriterion.framework_id != assessment.framework_id:
        raise PermissionDenied
    link, created = EvidenceLink.objects.get_or_create(
        assessment=assessment, subcriterion=subcriterion, evidence=evidence, defaults={"added_by": actor}
    )
    if created:
        record_event(
            "assessment.evidence_linked",
            actor=actor,
            obj=link,
            organisation=assessment.organisation,
            changes={"subcriterion": subcriterion.code},
        )
    return link


@transaction.atomic
def detach_evidence(*, actor: User, link: EvidenceLink) -> None:
    assessment = fresh(link.assessment)
    require(permissions.access_for(actor, assessment).can_attach_evidence)
    record_event(
        "assessment.evidence_unlinked",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": link.subcriterion.code},
    )
    link.delete()


@transaction.atomic
def confirm_evidence(*, actor: User, link: EvidenceLink) -> None:
    """Someone checked that carried-over evidence still holds."""
    assessment = fresh(link.assessment)
    require(permissions.access_for(actor, assessment).can_attach_evidence)
    link.needs_review = False
    link.save(update_fields=["needs_review"])
    record_event(
        "assessment.evidence_confirmed",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": link.subcriterion.code},
    )
