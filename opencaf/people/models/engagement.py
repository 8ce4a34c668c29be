"""Involving staff: workshops, interviews and focus groups recorded with anonymised notes and themes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Organisation


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")


class EngagementActivity(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="engagement_activities")
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    participants = models.PositiveSmallIntegerField(_("participants"))
    # Written without names (the service refuses a member's name): what was said, not who said it.
    notes = models.TextField(_("notes"), blank=True)
    themes = models.JSONField(_("themes"), default=list)  # short phrases, in the notes' language
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("engagement activity")
        verbose_name_plural = _("engagement activities")
        ordering = ("organisation", "-held_on")

    def __str__(self) -> str:
        return self.title
