"""Building blocks every app's models share."""

from __future__ import annotations

import uuid

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
