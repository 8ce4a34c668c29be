"""External feedback (the CAF Procedure on External Feedback, PEF) and the Effective CAF User label.

A procedure is data (frameworks/pef/*.yaml, see procedure_schema.py): loaded whole into `Procedure`,
its rules, scale, pillars and questions kept as the validated definition and read through the
model's accessors. A network runs one procedure (`NetworkProcedure`), chosen by its coordinators.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opencaf.organisations.models import Network


class SourceStatus(models.TextChoices):
    """How far a value of a procedure is confirmed (the same words as the CAF model's data)."""

    VERIFIED = "verified", _("Verified")
    VERIFIED_2013 = "verified_2013", _("Verified in the 2013 procedure")
    PARTIAL = "partial", _("Partly verified")
    UNVERIFIED = "unverified", _("Not verified")


def _in_language(texts: dict[str, str], language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en", "")


class Procedure(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True)  # empty: the European procedure
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices)
    definition = models.JSONField(_("definition"))  # the resolved, validated file
    digest = models.CharField(_("digest"), max_length=64)  # of the definition, to know it changed
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("external feedback procedure")
        verbose_name_plural = _("external feedback procedures")

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return _in_language(self.definition["procedure"]["name"], language)

    def organiser(self, language: str | None = None) -> str:
        return _in_language(self.definition["procedure"]["organiser"], language)

    def label_name(self, language: str | None = None) -> str:
        return _in_language(self.definition["rules"]["label"]["name"], language)

    @property
    def rules(self) -> dict[str, Any]:
        return self.definition["rules"]

    @property
    def validity_months(self) -> int:
        return int(self.rules["label"]["validity_months"])

    @property
    def window_months(self) -> tuple[int, int]:
        """Months after the report's acceptance when applications open and close."""
        window = self.rules["window"]
        return int(window["opens_after_months"]), int(window["closes_after_months"])

    @property
    def actors_per_case(self) -> int:
        return int(self.rules["actors"]["per_case"])


class NetworkProcedure(models.Model):
    """The procedure a network's organisations apply under."""

    network = models.OneToOneField(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="feedback_procedure"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="networks"
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chosen by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("network's feedback procedure")
        verbose_name_plural = _("networks' feedback procedures")

    def __str__(self) -> str:
        return f"{self.network}: {self.procedure.code}"
