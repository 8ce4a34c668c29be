"""Reads of self-assessment reports, scoped to what the user may see."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max, Sum

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.assessments.subcriterion_figures import figures_by_code
from opencaf.frameworks.selectors import structure_of
from opencaf.organisations.choices import Role
from opencaf.organisations.selectors import holds_role
from opencaf.reports.models import ReportAcceptance, ReportDocument


def latest_documents(assessment: SelfAssessment, limit: int = 20) -> list[ReportDocument]:
    """The report's latest generated documents, newest first, with who asked for them."""
    return list(assessment.report_documents.select_related("requested_by")[:limit])


def reports_awaiting_acceptance(user: Any) -> list[SelfAssessment]:
    """Finished self-assessments whose report management has not accepted yet, in the organisations
    where the user is a manager. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        SelfAssessment.objects.filter(state__in=list(FINISHED), report_acceptance__isnull=True)
        .filter(holds_role(user, [Role.MANAGER]))
        .select_related("organisation")
        .order_by("finalised_at", "title", "id")
    )


def report_fingerprint(assessment: SelfAssessment) -> str:
    """A hash of what the report says, cheap to compute (a few small queries): the self-assessment's
    own fields, its consensus (every change bumps a version), its plan, management's acceptance and
    the measured results listed beside the subcriteria.
    Two document requests with the same fingerprint would produce the same document."""
    consensus = Consensus.objects.filter(assessment=assessment).aggregate(
        count=Count("id"), versions=Sum("version"), changed=Max("updated_at")
    )
    plan = list(
        assessment.plan_items.order_by("id").values_list(
            "id", "kind", "step_id", "title", "start_date", "end_date", "responsible_id", "status", "notes"
        )
    )
    acceptance = ReportAcceptance.objects.filter(assessment=assessment).values_list(
        "accepted_at", "accepted_by_id", "note"
    )
    facts = (
        assessment.pk,
        assessment.title,
        assessment.state,
        assessment.scoring_method,
        assessment.scope,
        assessment.scope_unit,
        assessment.finalised_at,
        assessment.framework_id,
        assessment.previous_id,
        assessment.organisation.name,
        sorted(consensus.items()),
        plan,
        list(acceptance),
        # Measured results (published surveys) the report lists beside the subcriteria.
        sorted(
            figures_by_code(assessment, [sub.code for sub in structure_of(assessment.framework).subcriteria]).items()
        ),
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()
