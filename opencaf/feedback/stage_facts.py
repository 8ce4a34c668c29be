"""External feedback and the label in the coordination portfolio (`coordination.stage_facts`).

An organisation reaches the stage "external feedback" on the day the application on its current
self-assessment was submitted to the organiser, unless withdrawn or returned to it for more (a returned
application counts again from the day it is submitted again); and "label" on the day a label was
awarded on that self-assessment, while the label is valid (until its last day, `valid_until`).

Registered from FeedbackConfig.ready() by `register()`, with the organisation's history (history.py).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.expressions import BaseExpression

from opencaf.coordination import stage_facts
from opencaf.coordination.stages import Stage
from opencaf.feedback import history
from opencaf.feedback.models import CaseState, FeedbackCase, Label

# Not (or no longer) with the organiser: still being prepared, back for more, or withdrawn.
NOT_SUBMITTED = (CaseState.DRAFT, CaseState.WITHDRAWN)


def submitted_cases() -> QuerySet[FeedbackCase]:
    """The applications on the current self-assessment (`OuterRef("pk")`) that count as submitted."""
    return FeedbackCase.objects.filter(assessment=OuterRef("pk"), submitted_at__isnull=False).exclude(
        state__in=NOT_SUBMITTED
    )


def valid_labels(today: date) -> QuerySet[Label]:
    """The labels awarded on the current self-assessment (`OuterRef("pk")`) and valid on `today`."""
    return Label.objects.filter(case__assessment=OuterRef("pk"), awarded_on__lte=today, valid_until__gte=today)


def known(today: date) -> dict[Stage, BaseExpression]:
    return {Stage.EXTERNAL_FEEDBACK: Exists(submitted_cases()), Stage.LABEL: Exists(valid_labels(today))}


def dated(today: date) -> dict[Stage, BaseExpression]:
    return {
        Stage.EXTERNAL_FEEDBACK: Subquery(submitted_cases().order_by("submitted_at").values("submitted_at")[:1]),
        Stage.LABEL: Subquery(valid_labels(today).order_by("awarded_on").values("awarded_on")[:1]),
    }


SOURCE = stage_facts.Source(
    stages=frozenset({Stage.EXTERNAL_FEEDBACK, Stage.LABEL}),
    known=known,
    dated=dated,
    history=history.entries,
    labels=history.labels,
)


def register() -> None:
    stage_facts.register("feedback", SOURCE)
