"""Attaching evidence to a subcriterion (from the register, or uploaded to it in the same step),
detaching it, confirming carried-over evidence.

Evidence an assessor attaches during individual assessment is theirs until consensus opens (see
`AssessmentAccess.can_see_evidence`): nobody else sees it or removes it, so assessors score independently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opencaf.assessments import permissions
from opencaf.assessments.models import EvidenceLink, SelfAssessment
from opencaf.assessments.services._common import fresh, require
from opencaf.audit.services import record_event
from opencaf.evidence import services as register
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import Subcriterion

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from opencaf.accounts.models import User


@transaction.atomic
def attach_evidence(
    *, actor: User, assessment: SelfAssessment, subcriterion: Subcriterion, evidence: EvidenceItem
) -> EvidenceLink:
    assessment = fresh(assessment)
    access = permissions.access_for(actor, assessment)
    require(access.can_attach_evidence)
    if evidence.organisation_id != assessment.organisation_id or subcriterion.framework_id != assessment.framework_id:
        raise PermissionDenied
    existing = EvidenceLink.objects.filter(assessment=assessment, subcriterion=subcriterion, evidence=evidence)
    # Already attached where this person can see it: nothing to do. A link they cannot see (another
    # assessor's, during individual assessment) does not count: they get their own.
    for link in existing:
        if access.can_see_evidence(link):
            return link
    link = EvidenceLink.objects.create(
        assessment=assessment,
        subcriterion=subcriterion,
        evidence=evidence,
        added_by=actor,
        individual=access.attaches_individually,
    )
    record_event(
        "assessment.evidence_linked",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": subcriterion.code, "evidence": evidence.title},
    )
    return link


@transaction.atomic
def upload_and_attach(
    *,
    actor: User,
    assessment: SelfAssessment,
    subcriterion: Subcriterion,
    title: str,
    upload: UploadedFile | None = None,
    url: str = "",
) -> EvidenceLink:
    """Add a file or a web address to the evidence register and attach it here: both happen or neither.
    The register's upload rules apply; a refused file raises its `ValidationError` and nothing is kept."""
    assessment = fresh(assessment)
    require(permissions.access_for(actor, assessment).can_attach_evidence)
    organisation = assessment.organisation
    if upload is not None:
        item = register.add_file(actor=actor, organisation=organisation, title=title, description="", upload=upload)
    else:
        item = register.add_link(actor=actor, organisation=organisation, title=title, description="", url=url)
    try:
        return attach_evidence(actor=actor, assessment=assessment, subcriterion=subcriterion, evidence=item)
    except Exception:
        # The register row rolls back with the transaction; do not leave the stored file behind.
        if item.file:
            item.file.delete(save=False)
        raise


@transaction.atomic
def detach_evidence(*, actor: User, link: EvidenceLink) -> None:
    assessment = fresh(link.assessment)
    access = permissions.access_for(actor, assessment)
    require(access.can_remove_evidence(link))
    links = [link]
    if access.consensus_opened:
        # From consensus on, the links several assessors made to the same item show as one: they go together.
        links = list(
            EvidenceLink.objects.filter(
                assessment=assessment, subcriterion_id=link.subcriterion_id, evidence_id=link.evidence_id
            ).select_related("subcriterion", "evidence")
        )
    for each in links:
        record_event(
            "assessment.evidence_unlinked",
            actor=actor,
            obj=each,
            organisation=assessment.organisation,
            changes={"subcriterion": each.subcriterion.code, "evidence": each.evidence.title},
        )
        each.delete()


@transaction.atomic
def confirm_evidence(*, actor: User, link: EvidenceLink) -> None:
    """Someone checked that carried-over evidence still holds."""
    assessment = fresh(link.assessment)
    access = permissions.access_for(actor, assessment)
    require(access.can_attach_evidence and access.can_see_evidence(link))
    link.needs_review = False
    link.save(update_fields=["needs_review"])
    record_event(
        "assessment.evidence_confirmed",
        actor=actor,
        obj=link,
        organisation=assessment.organisation,
        changes={"subcriterion": link.subcriterion.code},
    )
