"""Generating report documents in the background, and recording management's acceptance."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opencaf.assessments.models import SelfAssessment
from opencaf.audit.services import record_event
from opencaf.core import document_jobs
from opencaf.reports import permissions, selectors
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, render_docx, render_pdf, render_xlsx
from opencaf.reports.models import DocumentFormat, ReportAcceptance, ReportDocument

if TYPE_CHECKING:
    from opencaf.accounts.models import User


# A person may ask for this many new documents an hour; a request identical to an earlier one reuses
# that document and does not count. Generating a PDF takes seconds of a shared worker.
DOCUMENTS_PER_PERSON_PER_HOUR = 20

TooManyDocumentsError = document_jobs.TooManyDocumentsError
STALLED_ERROR = document_jobs.STALLED_ERROR
stall_cutoff = document_jobs.stall_cutoff


@transaction.atomic
def request_document(*, actor: User, assessment: SelfAssessment, fmt: str, language: str) -> ReportDocument:
    """Queue a document, unless the same one (same format, language and report content) is already
    ready or on its way: then that one is returned and nothing is created."""
    if not permissions.can_read_report(actor, assessment):
        raise PermissionDenied
    if fmt not in DocumentFormat.values or language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a format and a language."))
    # Serialises requests for one report, so two identical requests at once make one document.
    SelfAssessment.objects.select_for_update().filter(pk=assessment.pk).exists()
    fingerprint = selectors.report_fingerprint(assessment)
    document, created = document_jobs.reuse_or_create(
        ReportDocument.objects.filter(assessment=assessment, format=fmt, language=language),
        fingerprint,
        ReportDocument.objects.filter(requested_by=actor),
        DOCUMENTS_PER_PERSON_PER_HOUR,
        lambda: ReportDocument.objects.create(
            assessment=assessment, format=fmt, language=language, requested_by=actor, fingerprint=fingerprint
        ),
    )
    if not created:
        return document
    record_event(
        "report.requested",
        actor=actor,
        obj=document,
        organisation=assessment.organisation,
        changes={"format": fmt, "language": language},
    )
    _enqueue_on_commit(document)
    return document


def _enqueue_on_commit(document: ReportDocument) -> None:
    from opencaf.reports.tasks import generate_report_document

    document_jobs.enqueue_on_commit(generate_report_document, document)


@transaction.atomic
def retry_document(*, actor: User, document: ReportDocument) -> ReportDocument:
    """Queue a failed document again, with the report as it is now. The same row is reused."""
    if not permissions.can_retry_document(actor, document):
        raise PermissionDenied
    if not document_jobs.reopen_failed(document, selectors.report_fingerprint(document.assessment)):
        raise ValidationError(_("Only a document that failed can be tried again."))
    record_event(
        "report.retried",
        actor=actor,
        obj=document,
        organisation=document.assessment.organisation,
        changes={"format": document.format, "language": document.language},
    )
    _enqueue_on_commit(document)
    return document


def _audit_stalled(document: ReportDocument) -> None:
    record_event(
        "report.stalled",
        actor=None,
        obj=document,
        organisation=document.assessment.organisation,
        changes={"progress": document.progress},
    )


def fail_stalled_documents(*, assessment: SelfAssessment | None = None) -> int:
    """Mark failed every report job that has made no progress for settings.DOCUMENT_JOB_STALL_AFTER
    (its worker died, or no worker runs), so its page stops waiting and offers to try again. Returns
    how many. Called when a page reads the documents and by `manage.py fail_stalled_documents`."""
    documents = ReportDocument.objects.select_related("assessment__organisation")
    if assessment is not None:
        documents = documents.filter(assessment=assessment)
    return document_jobs.fail_stalled(documents, _audit_stalled)


def _produce(document: ReportDocument, advance: Callable[[int], None]) -> tuple[str, bytes]:
    sar = build_sar(document.assessment, document.language)
    advance(35)
    if document.format == DocumentFormat.XLSX:
        return document.filename, render_xlsx(sar)
    chart_set = draw_charts(sar)
    advance(60)
    render = render_pdf if document.format == DocumentFormat.PDF else render_docx
    return document.filename, render(sar, chart_set)


def generate_document(document_id: int) -> None:
    """The background work: content, charts, rendering, with progress (see core.document_jobs)."""
    document_jobs.run(
        ReportDocument, document_id, _produce, related=("assessment__organisation", "assessment__framework")
    )


@transaction.atomic
def accept_report(*, actor: User, assessment: SelfAssessment, note: str) -> ReportAcceptance:
    if not permissions.can_accept_report(actor, assessment):
        raise PermissionDenied
    if ReportAcceptance.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("The report has already been accepted."))
    acceptance = ReportAcceptance.objects.create(assessment=assessment, accepted_by=actor, note=note.strip())
    record_event("report.accepted", actor=actor, obj=assessment, organisation=assessment.organisation)
    return acceptance
