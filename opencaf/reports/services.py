"""Generating report documents in the background, and recording management's acceptance."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.assessments.models import SelfAssessment
from opencaf.audit.services import record_event
from opencaf.reports import permissions, selectors
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, render_docx, render_pdf, render_xlsx
from opencaf.reports.models import DocumentFormat, DocumentStatus, ReportAcceptance, ReportDocument

if TYPE_CHECKING:
    from opencaf.accounts.models import User

logger = logging.getLogger(__name__)


# A person may ask for this many new documents an hour; a request identical to an earlier one reuses
# that document and does not count. Generating a PDF takes seconds of a shared worker.
DOCUMENTS_PER_PERSON_PER_HOUR = 20

# Stored on the row in English for the administrators; the page shows it translated.
STALLED_ERROR = "The document could not be finished. Try again."

_IN_PROGRESS = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)


class TooManyDocumentsError(Exception):
    """The person has asked for too many new documents within the hour."""

    def __init__(self) -> None:
        super().__init__(
            ngettext(
                "You have asked for many documents in the last hour; at most %(count)d an hour can be "
                "generated per person. Download one of the documents below or try again later.",
                "You have asked for many documents in the last hour; at most %(count)d an hour can be "
                "generated per person. Download one of the documents below or try again later.",
                DOCUMENTS_PER_PERSON_PER_HOUR,
            )
            % {"count": DOCUMENTS_PER_PERSON_PER_HOUR}
        )


def stall_cutoff() -> datetime:
    """A job in progress whose last progress is older than this is taken for dead."""
    return timezone.now() - timedelta(seconds=settings.REPORT_JOB_STALL_AFTER)


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
    existing = (
        ReportDocument.objects.filter(assessment=assessment, format=fmt, language=language, fingerprint=fingerprint)
        .filter(Q(status=DocumentStatus.DONE) | Q(status__in=_IN_PROGRESS, progressed_at__gte=stall_cutoff()))
        .first()
    )
    if existing is not None:
        return existing
    hour_ago = timezone.now() - timedelta(hours=1)
    if ReportDocument.objects.filter(requested_by=actor, requested_at__gte=hour_ago).count() >= (
        DOCUMENTS_PER_PERSON_PER_HOUR
    ):
        raise TooManyDocumentsError
    document = ReportDocument.objects.create(
        assessment=assessment, format=fmt, language=language, requested_by=actor, fingerprint=fingerprint
    )
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

    transaction.on_commit(lambda: generate_report_document.enqueue(document.pk))


@transaction.atomic
def retry_document(*, actor: User, document: ReportDocument) -> ReportDocument:
    """Queue a failed document again, with the report as it is now. The same row is reused."""
    if not permissions.can_retry_document(actor, document):
        raise PermissionDenied
    now = timezone.now()
    retried = ReportDocument.objects.filter(pk=document.pk, status=DocumentStatus.FAILED).update(
        status=DocumentStatus.QUEUED,
        progress=0,
        error="",
        finished_at=None,
        progressed_at=now,
        fingerprint=selectors.report_fingerprint(document.assessment),
    )
    if not retried:
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


def fail_stalled_documents(*, assessment: SelfAssessment | None = None) -> int:
    """Mark failed every job that has made no progress for settings.REPORT_JOB_STALL_AFTER (its worker
    died, or no worker runs), so its page stops waiting and offers to try again. Returns how many.
    Called when a page reads the documents and, for every organisation, by a management command."""
    stalled = ReportDocument.objects.filter(status__in=_IN_PROGRESS, progressed_at__lt=stall_cutoff())
    if assessment is not None:
        stalled = stalled.filter(assessment=assessment)
    marked = 0
    for document in stalled.select_related("assessment__organisation"):
        with transaction.atomic():
            # Only if it is still as found: a worker may have moved it on in the meantime.
            changed = ReportDocument.objects.filter(
                pk=document.pk, status=document.status, progressed_at=document.progressed_at
            ).update(status=DocumentStatus.FAILED, error=STALLED_ERROR, finished_at=timezone.now())
            if changed:
                record_event(
                    "report.stalled",
                    actor=None,
                    obj=document,
                    organisation=document.assessment.organisation,
                    changes={"progress": document.progress},
                )
                marked += changed
    return marked


class _ClaimLostError(Exception):
    """Another run owns the row now (the document was tried again): this run stops writing."""


def _progress(document_id: int, *, attempt: int, progress: int) -> bool:
    """Store progress if this run still owns the row; False if it no longer does."""
    return bool(
        ReportDocument.objects.filter(pk=document_id, attempt=attempt, status=DocumentStatus.RUNNING).update(
            progress=progress, progressed_at=timezone.now()
        )
    )


def generate_document(document_id: int) -> None:
    """The background work: content, charts, rendering. Progress is stored as it goes, so the page
    that requested the document can show it and tell a dead job from a slow one.

    Idempotent: the run first claims a waiting row; a row that is running, ready or failed is left
    alone, so a task delivered twice makes one file. A retry claims the row anew (the next attempt),
    and a run whose claim is no longer the latest stops without writing."""
    claimed = ReportDocument.objects.filter(pk=document_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, attempt=F("attempt") + 1, progress=0, progressed_at=timezone.now()
    )
    if not claimed:
        logger.info("report document %s is not waiting; nothing to do", document_id)
        return
    document = ReportDocument.objects.select_related("assessment__organisation", "assessment__framework").get(
        pk=document_id
    )
    attempt = document.attempt

    def advance(progress: int) -> None:
        if not _progress(document_id, attempt=attempt, progress=progress):
            raise _ClaimLostError

    try:
        advance(10)
        sar = build_sar(document.assessment, document.language)
        advance(35)
        if document.format == DocumentFormat.XLSX:
            content = render_xlsx(sar)
        else:
            chart_set = draw_charts(sar)
            advance(60)
            content = (
                render_pdf(sar, chart_set) if document.format == DocumentFormat.PDF else render_docx(sar, chart_set)
            )
        advance(90)
        document.file.save(document.filename, ContentFile(content), save=False)
        now = timezone.now()
        finished = ReportDocument.objects.filter(pk=document_id, attempt=attempt, status=DocumentStatus.RUNNING)
        if not finished.update(
            file=document.file.name, status=DocumentStatus.DONE, progress=100, finished_at=now, progressed_at=now
        ):
            document.file.delete(save=False)  # the row belongs to a newer run: leave no orphan file
            raise _ClaimLostError
    except _ClaimLostError:
        logger.warning("report document %s: run %s was superseded; its work is dropped", document_id, attempt)
    except Exception as error:  # reported on the page; the traceback goes to the log
        logger.exception("report document %s failed", document_id)
        ReportDocument.objects.filter(pk=document_id, attempt=attempt).update(
            status=DocumentStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
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
