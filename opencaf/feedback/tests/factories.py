"""Builders for the external feedback tests (shared by every part; a part's own extras go in its own
`builders_<part>.py`): the procedures loaded, a finished self-assessment whose report management
accepted, a case in any state, the network's external feedback actors and their assignments."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.feedback.models import (
    CaseActor,
    Declaration,
    ExternalActor,
    FeedbackCase,
    Label,
    NetworkProcedure,
    Procedure,
)
from opencaf.feedback.services.procedures import load_procedures, read_procedures
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.models import Network, Organisation
from opencaf.reports.models import ReportAcceptance


@cache
def _shipped() -> dict[str, dict[str, Any]]:
    """frameworks/pef/*.yaml read and resolved once per process: the files do not change while the tests
    run, and reading them (with the CAF model they complete the steps from) cost more than loading them."""
    return read_procedures()


def procedures() -> dict[str, Procedure]:
    """The procedures shipped in frameworks/pef/, loaded (once per test database state), by code."""
    if not Procedure.objects.exists():
        load_procedures(deepcopy(_shipped()))
    return {procedure.code: procedure for procedure in Procedure.objects.all()}


def use_procedure(network: Network, code: str = "pef-eu") -> Procedure:
    procedure = procedures()[code]
    NetworkProcedure.objects.update_or_create(network=network, defaults={"procedure": procedure})
    return procedure


def accepted_assessment(
    organisation: Organisation,
    framework: FrameworkVersion,
    *,
    accepted_at: datetime | None = None,
    accepted_by: User | None = None,
    title: str = "Self-assessment 2025",
) -> SelfAssessment:
    """A finalised self-assessment whose report management accepted `accepted_at` (default: 8 months
    ago, inside the European window of 6 to 12 months)."""
    accepted_at = accepted_at or timezone.now() - timedelta(days=240)
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        scoring_method="classical",
        state="finalised",
        finalised_at=accepted_at - timedelta(days=14),
    )
    acceptance = ReportAcceptance.objects.create(assessment=assessment, accepted_by=accepted_by, note="")
    ReportAcceptance.objects.filter(pk=acceptance.pk).update(accepted_at=accepted_at)
    return assessment


def feedback_case(
    organisation: Organisation,
    assessment: SelfAssessment,
    *,
    state: str = "draft",
    procedure: Procedure | None = None,
    **fields: Any,
) -> FeedbackCase:
    """A case of the organisation on the assessment, in `state`, without going through the services."""
    assert organisation.network is not None
    procedure = procedure or procedures()["pef-eu"]
    now = timezone.now()
    dates: dict[str, Any] = {}
    if state != "draft":
        dates["submitted_at"] = now - timedelta(days=30)
    if state in ("in_feedback", "reported", "awarded", "not_awarded"):
        dates["accepted_at"] = now - timedelta(days=25)
    if state in ("reported", "awarded", "not_awarded"):
        dates["reported_at"] = now - timedelta(days=5)
    if state in ("awarded", "not_awarded"):
        dates["decided_at"] = now - timedelta(days=1)
    return FeedbackCase.objects.create(
        organisation=organisation,
        network=organisation.network,
        assessment=assessment,
        procedure=procedure,
        state=state,
        **{**dates, **fields},
    )


def external_actor(network: Network, user: User, *, active: bool = True) -> ExternalActor:
    return ExternalActor.objects.get_or_create(network=network, user=user, defaults={"active": active})[0]


def assign(
    case: FeedbackCase, actor: ExternalActor, *, lead: bool = False, declaration: str = Declaration.NO_CONFLICT
) -> CaseActor:
    declared = timezone.now() if declaration != Declaration.PENDING else None
    return CaseActor.objects.create(case=case, actor=actor, lead=lead, declaration=declaration, declared_at=declared)


def label(case: FeedbackCase, *, awarded_on: Any = None, months: int = 24, number: str = "") -> Label:
    awarded_on = awarded_on or timezone.localdate()
    year, month = divmod(awarded_on.month - 1 + months, 12)
    valid_until = awarded_on.replace(year=awarded_on.year + year, month=month + 1, day=min(awarded_on.day, 28))
    return Label.objects.create(
        case=case,
        organisation=case.organisation,
        network=case.network,
        name=case.procedure.definition["rules"]["label"]["name"],
        awarded_on=awarded_on,
        valid_until=valid_until,
        number=number or f"ECU-{case.pk:05d}",
    )
