"""A quality framework (CAF 2020 and later versions) as curated reference data.

Translated texts use django-modeltranslation (see translation.py): `title` reads in the active
language and falls back to English. `own_translation` lists the languages whose texts are the
project's own translation rather than an official CAF translation, so the interface can say so.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ENABLER = "enabler", _("Enabler")
    RESULT = "result", _("Result")


class Method(models.TextChoices):
    CLASSICAL = "classical", _("Classical scoring")
    FINE_TUNED = "fine_tuned", _("Fine-tuned scoring")


class SourceStatus(models.TextChoices):
    VERIFIED = "verified", _("Verified against CAF 2020")
    VERIFIED_2013 = "verified_2013", _("Verified against CAF 2013 only")
    PARTIAL = "partial", _("Partly verified")
    UNVERIFIED = "unverified", _("Not yet verified")


class OwnTranslationMixin(models.Model):
    own_translation = models.JSONField(_("own translation in"), default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def is_own_translation(self) -> bool:
        return translation.get_language() in self.own_translation


class FrameworkVersion(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    version = models.CharField(_("version"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    kind_enabler = models.CharField(_("name of enablers"), max_length=80)
    kind_result = models.CharField(_("name of results"), max_length=80)
    source_status = models.TextField(_("source status"), blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ("-version", "code")

    def __str__(self) -> str:
        return self.name

    def kind_label(self, kind: str) -> str:
        return self.kind_enabler if kind == Kind.ENABLER else self.kind_result


class Criterion(OwnTranslationMixin):
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ("framework", "number")
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="unique_criterion_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Subcriterion(OwnTranslationMixin):
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="subcriteria"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="subcriteria"
    )
    code = models.CharField(_("code"), max_length=8)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    guidance = models.TextField(_("guidance"), blank=True)
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("subcriterion")
        verbose_name_plural = _("subcriteria")
        ordering = ("framework", "criterion__number", "position")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_subcriterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ScoringPanel(OwnTranslationMixin):
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="panels"
    )
    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    method = models.CharField(_("scoring method"), max_length=16, choices=Method.choices)
    applies_to = models.CharField(_("applies to"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices)
    # How dimension scores combine into one subcriterion score (fine-tuned scoring only). Kept as data
    # because the rule is not yet verified against the CAF 2020 guideline.
    aggregation_rule = models.CharField(_("aggregation rule"), max_length=16, blank=True)
    aggregation_status = models.CharField(
        _("aggregation rule status"), max_length=16, choices=SourceStatus.choices, blank=True
    )

    class Meta:
        verbose_name = _("scoring panel")
        verbose_name_plural = _("scoring panels")
        ordering = ("framework", "position")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_panel_code")]

    def __str__(self) -> str:
        return self.title

    @property
    def bands_have_phases(self) -> bool:
        """The classical enabler panel's bands each stand for a PDCA phase (Plan, Do, Check, Act)."""
        return self.applies_to == Kind.ENABLER and self.method == Method.CLASSICAL


class PanelBand(OwnTranslationMixin):
    panel = models.ForeignKey(ScoringPanel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="bands")
    position = models.PositiveSmallIntegerField(_("position"))
    min_score = models.PositiveSmallIntegerField(_("from"))
    max_score = models.PositiveSmallIntegerField(_("to"))
    phase = models.CharField(_("PDCA phase"), max_length=8, blank=True)
    meaning = models.TextField(_("meaning"))
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices, blank=True)

    class Meta:
        verbose_name = _("scoring band")
        verbose_name_plural = _("scoring bands")
        ordering = ("panel", "position")
        constraints = [models.UniqueConstraint(fields=["panel", "position"], name="unique_band_position")]

    def __str__(self) -> str:
        return f"{self.min_score}–{self.max_score}"


class PanelDimension(OwnTranslationMixin):
    panel = models.ForeignKey(
        ScoringPanel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"))
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices, blank=True)

    class Meta:
        verbose_name = _("scoring dimension")
        verbose_name_plural = _("scoring dimensions")
        ordering = ("panel", "position")
        constraints = [models.UniqueConstraint(fields=["panel", "code"], name="unique_dimension_code")]

    def __str__(self) -> str:
        return self.title


class DimensionLevel(models.Model):
    """What a band means for one dimension (e.g. the trend levels of fine-tuned results scoring)."""

    dimension = models.ForeignKey(
        PanelDimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="levels"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=200)

    class Meta:
        verbose_name = _("dimension level")
        verbose_name_plural = _("dimension levels")
        ordering = ("dimension", "position")

    def __str__(self) -> str:
        return self.text


class ProcessPhase(OwnTranslationMixin):
    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("process phase")
        verbose_name_plural = _("process phases")
        ordering = ("framework", "number")

    def __str__(self) -> str:
        return self.title


class ProcessStep(OwnTranslationMixin):
    phase = models.ForeignKey(ProcessPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    status = models.CharField(_("source status"), max_length=16, choices=SourceStatus.choices, blank=True)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ("phase__framework", "number")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
