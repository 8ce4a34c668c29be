"""Going back a phase (individual scoring reopened for late assessors) and starting the next
self-assessment from a finished one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.lifecycle import Action, State, TransitionError, is_finished, reopen_individual
from opencaf.assessments.models import Consensus, EvidenceLink, SelfAssessment
from opencaf.assessments.services._common import fresh, require
from opencaf.assessments.services.project import create_assessment
from opencaf.audit.services import record_event

if TYPE_CHECKING:
    from opencaf.accounts.models import User


@transaction.atomic
def reopen_individual_scoring(*, actor: User, assessment: SelfAssessment) -> SelfAssessment:
    """Consensus was opened too early: let assessors finish their own scoring again. Allowed only
    while no consensus has been recorded: after that, changed individual scores would contradict
    what the group agreed."""
    require(permissions.can_manage(actor, assessment))
    assessment = SelfAssessment.objects.select_for_update().select_related("organisation").get(pk=assessment.pk)
    current = assessment.lifecycle_state
    recorded = Consensus.objects.filter(assessment=assessment).exists()
    try:
        target = reopen_individual(current, consensus_recorded=recorded)
    except TransitionError as error:
        if recorded:
            message = _("Individual scoring cannot be reopened once consensus has been recorded.")
        else:
            message = _("Individual scoring can be reopened only while consensus is open.")
        raise ValidationError(message) from error
    assessment.state = target.value
    assessment.paused_from = ""
    assessment.save(update_fields=["state", "paused_from"])
    record_event(
        f"assessment.{Action.REOPEN_INDIVIDUAL.value}",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"state": {"before": current.value, "after": State.INDIVIDUAL.value}},
    )
    return assessment


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
    # Several assessors may have attached the same item to a subcriterion: it is carried over once, shared.
    carried = previous.evidence_links.order_by().values_list("subcriterion_id", "evidence_id").distinct()
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            assessment=assessment,
            subcriterion_id=subcriterion_id,
            evidence_id=evidence_id,
            added_by=actor,
            needs_review=True,
        )
        for subcriterion_id, evidence_id in carried
    )
    record_event(
        "assessment.next_cycle",
        actor=actor,
        obj=assessment,
        organisation=assessment.organisation,
        changes={"previous": previous.title},
    )
    return assessment
