"""Reading the organisation's application for external feedback: which finished self-assessments it may
apply on and when (the window of the network's procedure), its cases and labels; a case's pillars,
questions and scale as the procedure defines them; the documents attached and those that could be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone

from opencaf.assessments.models import AssessmentState, SelfAssessment
from opencaf.core.ids import parse_public_id
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback.models import OPEN_STATES, CaseDocument, CaseState, FeedbackCase, Label, Procedure
from opencaf.feedback.selectors.procedures import procedure_of
from opencaf.feedback.window import Status, Window, window_after
from opencaf.organisations.models import Network, Organisation
from opencaf.reports.models import ReportAcceptance

# A self-assessment is finished once finalised (its scores locked) or closed.
FINISHED = (AssessmentState.FINALISED, AssessmentState.CLOSED)


# --- the procedure's parts, as a case uses them ------------------------------------------------------


def pillar_numbers(procedure: Procedure) -> list[int]:
    return [int(pillar["number"]) for pillar in procedure.definition.get("pillars") or []]


def question_codes(procedure: Procedure) -> list[str]:
    return [
        str(question["code"])
        for pillar in procedure.definition.get("pillars") or []
        for question in pillar.get("questions") or []
    ]


def scale_range(procedure: Procedure) -> tuple[int, int]:
    scale = procedure.definition["scale"]
    return int(scale["min"]), int(scale["max"])


def reread(case: FeedbackCase) -> FeedbackCase:
    """The case as saved now (after someone else changed it)."""
    return FeedbackCase.objects.select_related("organisation", "network", "assessment", "procedure").get(pk=case.pk)


def missing_pillars(case: FeedbackCase) -> list[int]:
    """The pillars the organisation has not answered yet."""
    answers = case.answers or {}
    return [number for number in pillar_numbers(case.procedure) if not str(answers.get(str(number), "")).strip()]


# --- the window ----------------------------------------------------------------------------------------


def accepted_on(acceptance: ReportAcceptance) -> date:
    return timezone.localdate(acceptance.accepted_at)


def application_window(acceptance: ReportAcceptance, procedure: Procedure) -> Window:
    opens, closes = procedure.window_months
    return window_after(accepted_on(acceptance), opens, closes)


@dataclass(frozen=True)
class Candidate:
    """A finished self-assessment whose report management accepted, and when it may be applied on."""

    assessment: SelfAssessment
    accepted_on: date
    window: Window | None  # None while no procedure is loaded
    status: Status | None
    can_apply: bool  # the person writes, the window is open, no case is open and none earned the label
    awarded: bool = False  # a case on this self-assessment earned the label

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    @property
    def not_yet(self) -> bool:
        return self.status is Status.NOT_YET

    @property
    def closed(self) -> bool:
        return self.status is Status.CLOSED


@dataclass(frozen=True)
class OrgFeedback:
    network: Network | None
    procedure: Procedure | None
    candidates: list[Candidate]
    cases: list[FeedbackCase]
    open_case: FeedbackCase | None
    labels: list[Label]


def finished_assessments(organisation: Organisation) -> list[SelfAssessment]:
    """The organisation's finished self-assessments whose report was accepted, the latest accepted first."""
    return list(
        SelfAssessment.objects.filter(organisation=organisation, state__in=FINISHED, report_acceptance__isnull=False)
        .select_related("report_acceptance")
        .order_by("-report_acceptance__accepted_at", "-pk")
    )


def org_feedback(organisation: Organisation, *, writer: bool, today: date | None = None) -> OrgFeedback:
    """What the organisation's external feedback page shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    network = organisation.network
    procedure = procedure_of(network).procedure if network is not None else None
    cases = list(
        FeedbackCase.objects.filter(organisation=organisation).select_related("assessment", "procedure", "network")
    )
    open_case = next((case for case in cases if case.state in OPEN_STATES), None)
    # A self-assessment on which a case is open or earned the label is not applied on again; a case
    # refused or withdrawn does not stop a new application within the window.
    awarded = {case.assessment_id for case in cases if case.state == CaseState.AWARDED}
    taken = awarded | {case.assessment_id for case in cases if case.state in OPEN_STATES}
    candidates = []
    for assessment in finished_assessments(organisation):
        acceptance = assessment.report_acceptance
        window = application_window(acceptance, procedure) if procedure is not None else None
        status = window.status(today) if window is not None else None
        candidates.append(
            Candidate(
                assessment=assessment,
                accepted_on=accepted_on(acceptance),
                window=window,
                status=status,
                can_apply=writer and status is Status.OPEN and open_case is None and assessment.pk not in taken,
                awarded=assessment.pk in awarded,
            )
        )
    labels = list(Label.objects.filter(organisation=organisation).select_related("network"))
    return OrgFeedback(network, procedure, candidates, cases, open_case, labels)


def assessment_of(organisation: Organisation, assessment_id: object) -> SelfAssessment:
    """One of the organisation's self-assessments by its public id; 404 for any other."""
    found = (
        SelfAssessment.objects.filter(organisation=organisation, public_id=parse_public_id(assessment_id))
        .select_related("report_acceptance")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- documents -----------------------------------------------------------------------------------------


def documents_of(case: FeedbackCase) -> list[CaseDocument]:
    return list(CaseDocument.objects.filter(case=case).select_related("evidence").order_by("pillar", "added_at", "pk"))


def document_count(case: FeedbackCase) -> int:
    return CaseDocument.objects.filter(case=case).count()


def attachable_evidence(case: FeedbackCase) -> list[EvidenceItem]:
    """The organisation's evidence not attached to the case yet."""
    return list(
        EvidenceItem.objects.filter(organisation_id=case.organisation_id)
        .exclude(feedback_cases__case=case)
        .order_by("title", "pk")
    )


def own_evidence(case: FeedbackCase, evidence_id: object) -> EvidenceItem:
    """An item of the case's organisation's evidence register; 404 for anyone else's."""
    found = EvidenceItem.objects.filter(
        organisation_id=case.organisation_id, public_id=parse_public_id(evidence_id)
    ).first()
    if found is None:
        raise Http404
    return found


def attached_document(case: FeedbackCase, evidence_id: object) -> CaseDocument:
    """The document attached to the case from this evidence; 404 when it is not attached."""
    found = (
        CaseDocument.objects.filter(case=case, evidence__public_id=parse_public_id(evidence_id))
        .select_related("evidence")
        .first()
    )
    if found is None:
        raise Http404
    return found


def pillar_titles(procedure: Procedure, language: str) -> dict[int, str]:
    """Each pillar's title in `language` (else English)."""
    titles: dict[int, str] = {}
    for pillar in procedure.definition.get("pillars") or []:
        texts: Any = pillar.get("title") or {}
        titles[int(pillar["number"])] = str(texts.get(language) or texts.get("en") or "")
    return titles
