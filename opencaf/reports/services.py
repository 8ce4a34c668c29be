"""Generating report documents in the background, and recording management's acceptance."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.assessments.models import SelfAssessment
from opencaf.audit.services import record_event
from opencaf.reports import permissions
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, render_docx, render_pdf, render_xlsx
from opencaf.reports.models import DocumentFormat, DocumentStatus, ReportAcceptance, ReportDocument

if TYPE_CHECKING:
    from opencaf.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def request_document(*, actor: User, assessment: SelfAssessment, fmt: str, language: str) -> ReportDocument:
    if not permissions.can_read_report(actor, assessment):
        raise PermissionDenied
    if fmt not in DocumentFormat.values or language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose a format and a language."))
    document = ReportDocument.objects.create(assessment=assessment, format=fmt, language=language, requested_by=actor)
    record_event(
        "report.requested",
        actor=actor,
        obj=document,
        organisation=assessment.organisation,
        changes={"format": fmt, "language": language},
    )
    from opencaf.reports.tasks import generate_report_document

    transaction.on_commit(lambda: generate_report_document.enqueue(document.pk))
    return document


def _progress(document: ReportDocument, status: str, progress: int) -> None:
    ReportDocument.objects.filter(pk=document.pk).update(status=status, progress=progress)


def generate_document(document_id: int) -> None:
    """The background work: content, charts, rendering. Progress is stored as it goes, so the page
    that requested the document can show it."""
    document = ReportDocument.objects.select_related("assessment__organisation", "assessment__framework").get(
        pk=document_id
    )
    try:
        _progress(document, DocumentStatus.RUNNING, 10)
        sar = build_sar(document.assessment, document.language)
        _progress(document, DocumentStatus.RUNNING, 35)
        if document.format == DocumentFormat.XLSX:
            content = render_xlsx(sar)
        else:
            chart_set = draw_charts(sar)
            _progress(document, DocumentStatus.RUNNING, 60)
            content = (
                render_pdf(sar, chart_set) if document.format == DocumentFormat.PDF else render_docx(sar, chart_set)
            )
        _progress(document, DocumentStatus.RUNNING, 90)
        document.file.save(document.filename, ContentFile(content), save=False)
        document.status, document.progress, document.finished_at = DocumentStatus.DONE, 100, timezone.now()
        document.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as error:  # reported on the page; the traceback goes to the log
        logger.exception("report document %s failed", document.pk)
        ReportDocument.objects.filter(pk=document.pk).update(
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
