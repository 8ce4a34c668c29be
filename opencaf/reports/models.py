"""Self-assessment reports: documents generated in the background, and management's acceptance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import SelfAssessment
from opencaf.core.models import DocumentStatus as DocumentStatus  # re-exported: the report's pages name it here
from opencaf.core.models import GeneratedDocument


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX, editable)")
    XLSX = "xlsx", _("Excel (XLSX, all scores and entries)")


def _document_path(instance: ReportDocument, filename: str) -> str:
    return f"reports/{instance.assessment.organisation.public_id}/{instance.public_id}.{instance.format}"


class ReportDocument(GeneratedDocument):
    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="report_documents"
    )
    format = models.CharField(_("format"), max_length=8, choices=DocumentFormat.choices)
    file = models.FileField(_("file"), upload_to=_document_path, blank=True, max_length=300)

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        indexes = [models.Index(fields=["status", "progressed_at"], name="report_document_progress")]

    def __str__(self) -> str:
        return f"{self.assessment} ({self.format}, {self.language})"

    @property
    def filename(self) -> str:
        return self.download_name(self.assessment.title, self.format)


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
