"""Starting the next self-assessment from a finished one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.lifecycle import is_finished
from opencaf.assessments.models import EvidenceLink, SelfAssessment
from opencaf.assessments.services._common import fresh, require
from opencaf.assessments.services.project import create_assessment
from opencaf.audit.services import record_event

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def start_next_cycle(*, actor: User, previous: SelfAssessment, title: str) -> SelfAssessment:
    """A new self-assessment from a finished one: same framework, method and scope, and the evidence
    attached last time carried over and marked for review."""
    previous = fresh(previous)
    require(permissions.can_manage(actor, previous))
    if not is_finished(previous.lifecycle_state):
        raise ValidationError(_("The next self-assessment can start once this one has been finalised."))
    assessment = create_assessment(
        actor=actor,
        organisation=previous.organisation,
        framework=previous.framework,
        title=title,
        scoring_method=previous.scoring_method,
        scope=previous.scope,
        scope_unit=previous.scope_unit,
        show_names_in_consensus=previous.show_names_in_consensus,
    )
    assessment.previous = previous
    assessment.save(update_fields=["previous"])
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            assessment=assessment,
            subcriterion_id=link.subcriterion_id,
            evidence_id=link.evidence_id,
            added_by=actor,
            needs_review=True,
        )
        for link in previous.evidence_links.all()
    )
    record_event(
        "assessment.next_cycle",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"previous": previous.title},
    )
    return assessment
