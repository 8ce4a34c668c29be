"""Building blocks every app's models share."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicIdModel(models.Model):
    """A model addressed in URLs by a random UUID, never by its sequential primary key, so a URL
    reveals nothing about how many objects exist or where another organisation's objects are."""

    public_id = models.UUIDField(_("public ID"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class GeneratedDocument(PublicIdModel):
    """A document made by a background job (a report, a survey's results summary), with the job's
    state on the row so its page can show progress. `opencaf.core.document_jobs` runs the jobs;
    each app adds what the document is of (a self-assessment, a survey) and its format."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), blank=True, max_length=300)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # The last sign of life of the job: set when it is queued and at every progress step, so a job
    # whose worker died can be told from a slow one (settings.DOCUMENT_JOB_STALL_AFTER).
    progressed_at = models.DateTimeField(_("last progress"), default=timezone.now)
    # Counts the runs that claimed this row; a run writes only while its own claim is the latest,
    # so a worker that comes back after a retry cannot overwrite the retried run.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    # What the source said when the document was requested: an identical request reuses this row
    # instead of generating the same document again.
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-requested_at",)

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

    def download_name(self, title: str, extension: str) -> str:
        """ "<title>-<language>.<extension>", the title kept to letters, digits, spaces, - and _."""
        stem = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in title).strip()
        return f"{stem or 'document'}-{self.language}.{extension}"


class PendingImport(PublicIdModel):
    """A checked import file waiting for its uploader to confirm it (see `opencaf.core.importing`).

    The file is kept here rather than in the page, so what is applied is exactly the file that was
    checked and nobody can alter it between the preview and the confirmation. It is not organisation
    data: it belongs to one person and one import target (`kind` and `scope_key`), and lives for an
    hour at most.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of import"), max_length=60)
    scope_key = models.CharField(_("imported into"), max_length=100)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self) -> str:
        return self.filename
