"""Self-assessment reports: documents generated in the background, and management's acceptance."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import SelfAssessment
from opencaf.core.models import PublicIdModel


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX, editable)")
    XLSX = "xlsx", _("Excel (XLSX, all scores and entries)")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def _document_path(instance: ReportDocument, filename: str) -> str:
    return f"reports/{instance.assessment.organisation.public_id}/{instance.public_id}.{instance.format}"


class ReportDocument(PublicIdModel):
    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="report_documents"
    )
    format = models.CharField(_("format"), max_length=8, choices=DocumentFormat.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=_document_path, blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # The last sign of life of the job: set when it is queued and at every progress step, so a job
    # whose worker died can be told from a slow one (settings.REPORT_JOB_STALL_AFTER).
    progressed_at = models.DateTimeField(_("last progress"), default=timezone.now)
    # Counts the runs that claimed this row; a run writes only while its own claim is the latest,
    # so a worker that comes back after a retry cannot overwrite the retried run.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    # What the report said when the document was requested (selectors.report_fingerprint): an
    # identical request reuses this row instead of generating the same document again.
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        ordering = ("-requested_at",)
        indexes = [models.Index(fields=["status", "progressed_at"], name="report_document_progress")]

    def __str__(self) -> str:
        return f"{self.assessment} ({self.format}, {self.language})"

    @property
    def in_progress(self) -> bool:
        return self.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)

    def is_stalled(self, cutoff: datetime) -> bool:
        """Still waiting or running, but without progress since `cutoff`: its worker has died."""
        return self.in_progress and self.progressed_at < cutoff

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == DocumentStatus.FAILED

    @property
    def filename(self) -> str:
        stem = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in self.assessment.title).strip()
        return f"{stem or 'report'}-{self.language}.{self.format}"


class ReportAcceptance(models.Model):
    """Management's acceptance of the self-assessment report (CAF step 6)."""

    assessment = models.OneToOneField(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="report_acceptance"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report acceptance")
        verbose_name_plural = _("report acceptances")

    def __str__(self) -> str:
        return str(self.assessment)
