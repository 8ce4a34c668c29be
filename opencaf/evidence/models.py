"""The organisation's evidence register: documents and links, uploaded once and referred to from
any subcriterion of any self-assessment cycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Organisation


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


def _upload_path(instance: EvidenceItem, filename: str) -> str:
    # Stored under an unguessable name; the original name is kept in the row for downloads.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.organisation.public_id}/{instance.public_id}.{extension}"


class EvidenceItem(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=_upload_path, blank=True, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ("-created_at",)
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="file") & ~models.Q(file="")) | (models.Q(kind="link") & ~models.Q(url="")),
                name="evidence_has_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title
