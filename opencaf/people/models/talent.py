"""Talent and succession: key positions with their risk of loss and impact, successors with their
readiness and development, and the talent grid (performance × potential) from the competency reviews.
HR and top management only."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Membership, Organisation


class Degree(models.TextChoices):
    LOW = "low", pgettext_lazy("risk or impact", "Low")
    MEDIUM = "medium", pgettext_lazy("risk or impact", "Medium")
    HIGH = "high", pgettext_lazy("risk or impact", "High")


class Readiness(models.TextChoices):
    NOW = "now", _("Ready now")
    ONE_TWO = "1-2", _("Ready in 1–2 years")
    THREE_PLUS = "3+", _("Ready in 3 years or more")


class KeyPosition(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="key_positions")
    title = models.CharField(pgettext_lazy("job", "position"), max_length=200)
    unit = models.CharField(pgettext_lazy("organisational unit", "unit"), max_length=120, blank=True)
    holder = models.ForeignKey(
        Membership, verbose_name=_("holder"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_of_loss = models.CharField(_("risk of loss"), max_length=8, choices=Degree.choices)
    impact = models.CharField(_("impact of loss"), max_length=8, choices=Degree.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("key position")
        verbose_name_plural = _("key positions")
        ordering = ("organisation", "title")

    def __str__(self) -> str:
        return self.title


class Successor(PublicIdModel):
    position = models.ForeignKey(KeyPosition, on_delete=models.CASCADE, related_name="successors")
    membership = models.ForeignKey(Membership, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="+")
    readiness = models.CharField(_("readiness"), max_length=8, choices=Readiness.choices)
    development = models.TextField(_("development actions"), blank=True)

    class Meta:
        verbose_name = _("successor")
        verbose_name_plural = _("successors")
        constraints = [models.UniqueConstraint(fields=["position", "membership"], name="unique_successor")]
