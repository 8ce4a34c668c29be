"""Recognitions a network gives organisations for their use of CAF (in Slovenia: Začetnik CAF, Uporabnik
CAF, Uspešen uporabnik CAF): schemes with levels, each level with its criteria as a checklist, and the
awards, per year, with the ceremony and how long they stay valid."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Network, Organisation


class RecognitionScheme(PublicIdModel):
    """A kind of recognition the network gives, e.g. "National CAF recognitions"."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="recognition_schemes"
    )
    name = models.JSONField(_("name"), default=dict)  # {"sl": "…", "bg": "…", "en": "…"}
    description = models.JSONField(_("description"), default=dict, blank=True)
    # How many years an award stays valid after the year it was given for; empty: it does not lapse.
    validity_years = models.PositiveSmallIntegerField(_("valid for (years)"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)  # no new awards; past ones stay listed
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("recognition scheme")
        verbose_name_plural = _("recognition schemes")
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return next((str(text) for text in self.name.values() if text), str(self.public_id))


class RecognitionLevel(PublicIdModel):
    """One level of a scheme (beginner, user, successful user) with the criteria an organisation meets."""

    scheme = models.ForeignKey(RecognitionScheme, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.JSONField(_("name"), default=dict)
    # The checklist: [{"sl": "…", "en": "…"}, …]; an award records which items were confirmed.
    criteria = models.JSONField(_("criteria"), default=list, blank=True)

    class Meta:
        verbose_name = _("recognition level")
        verbose_name_plural = _("recognition levels")
        ordering = ("scheme", "position", "id")

    def __str__(self) -> str:
        return next((str(text) for text in self.name.values() if text), str(self.public_id))


class Award(PublicIdModel):
    """A recognition given to an organisation for a year; public unless the coordinator says otherwise."""

    level = models.ForeignKey(
        RecognitionLevel, verbose_name=_("recognition"), on_delete=models.PROTECT, related_name="awards"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="recognitions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    ceremony_on = models.DateField(_("ceremony"), null=True, blank=True)
    # Indices into the level's checklist that the coordinator confirmed when awarding.
    criteria_met = models.JSONField(_("criteria met"), default=list, blank=True)
    citation = models.TextField(_("citation"), blank=True)  # why, in a sentence or two; on the certificate
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    public = models.BooleanField(_("shown in the public list"), default=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ("-year", "organisation__name", "id")
        constraints = [
            models.UniqueConstraint(fields=["level", "organisation", "year"], name="one_award_per_level_and_year")
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.year} – {self.organisation}"
