"""Consensus: the group's agreed score and wording per subcriterion, with optimistic locking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.assessments import permissions
from opencaf.assessments.models import Consensus, ConsensusDecision, ConsensusEntry, SelfAssessment
from opencaf.assessments.selectors import panel_for, suggestion_for
from opencaf.assessments.services._common import clean_entries, fresh, require, score_from
from opencaf.audit.services import record_event
from opencaf.frameworks.models import Subcriterion

if TYPE_CHECKING:
    from opencaf.accounts.models import User


class StaleConsensusError(Exception):
    """Someone saved this subcriterion since the form was opened; carries the current record."""

    def __init__(self, current: Consensus) -> None:
        super().__init__("stale consensus")
        self.current = current


@transaction.atomic
def record_consensus(
    *,
    actor: User,
    assessment: SelfAssessment,
    subcriterion: Subcriterion,
    expected_version: int,
    score: int | None,
    dimension_scores: Mapping[str, int | None],
    not_assessed_reason: str,
    rationale: str,
    entries: Mapping[str, Sequence[str]],
) -> Consensus:
    """Record the group's score and wording for a subcriterion.

    The score starts from the median of the individual scores; a different score needs a written
    rationale. `expected_version` is the version the editor saw: if someone saved in between, the
    save is refused with StaleConsensusError so nobody's text is overwritten silently.
    """
    assessment = fresh(assessment)
    require(permissions.access_for(actor, assessment).can_edit_consensus)
    if subcriterion.framework_id != assessment.framework_id:
        raise ValidationError(_("This subcriterion is not part of the self-assessment."))
    consensus, _created = Consensus.objects.select_for_update().get_or_create(
        assessment=assessment, subcriterion=subcriterion
    )
    if consensus.version != expected_version:
        raise StaleConsensusError(consensus)
    reason = not_assessed_reason.strip()
    panel = panel_for(assessment, subcriterion)
    final_score: int | None
    dims: dict[str, int]
    if reason:
        final_score, dims = None, {}
    else:
        final_score, dims = score_from(panel, assessment.scoring_method, score, dimension_scores)
        if final_score is None:
            raise ValidationError(_("Enter the consensus score, or give a reason for not assessing this subcriterion."))
    names = [dimension.code for dimension in panel.dimensions.all()]
    suggestion = suggestion_for(assessment, subcriterion, names)
    # Fine-tuned scoring departs from the group when any dimension leaves its own median.
    departs = (
        any(dims.get(name) != value for name, value in suggestion.dimensions.items())
        if names
        else (final_score != suggestion.score)
    )
    if final_score is not None and departs and not rationale.strip():
        raise ValidationError(
            {"rationale": _("The score differs from the median of the individual scores: explain why.")}
        )
    cleaned = clean_entries(entries)
    before = consensus.score
    consensus.score, consensus.dimension_scores = final_score, dims
    consensus.not_assessed_reason, consensus.rationale = reason, rationale.strip()
    consensus.version += 1
    consensus.updated_by = actor
    consensus.save()
    consensus.entries.all().delete()
    ConsensusEntry.objects.bulk_create(
        ConsensusEntry(consensus=consensus, kind=kind, text=text, position=position)
        for kind, lines in cleaned.items()
        for position, text in enumerate(lines)
    )
    ConsensusDecision.objects.create(
        consensus=consensus,
        actor=actor,
        score=final_score,
        suggested_score=suggestion.score,
        not_assessed_reason=reason,
        rationale=rationale.strip(),
    )
    record_event(
        "assessment.consensus_recorded",
        actor=actor,
        obj=consensus,
        organisation=assessment.organisation,
        changes={"subcriterion": subcriterion.code, "score": {"before": before, "after": final_score}},
    )
    return consensus
