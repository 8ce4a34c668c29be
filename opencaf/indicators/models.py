"""Indicators: what an organisation measures about its processes and results, with a target and a
value per period. CAF results criteria (6.2, 7.2, 8.2, 9.1, 9.2) are scored on trends and on targets
met; the values kept here are what assessors score them from.

Periods are stored as their canonical key ("2026-03", "2026-Q1", "2026-H1", "2026"; see
`rules.Period`), so the frequency of the indicator decides which keys are valid.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.indicators.rules import Direction, Frequency
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership, Network, Organisation


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percentage (%)")
    COUNT = "count", _("Number")
    EUR = "eur", _("Euro (EUR)")
    DAYS = "days", _("Days")
    HOURS = "hours", _("Hours")
    SCORE = "score", _("Score")
    OTHER = "other", _("Other")


class DirectionChoice(models.TextChoices):
    HIGHER = Direction.HIGHER.value, _("Higher is better")
    LOWER = Direction.LOWER.value, _("Lower is better")
    BAND = Direction.BAND.value, _("Within a band")


class FrequencyChoice(models.TextChoices):
    MONTHLY = Frequency.MONTHLY.value, _("Monthly")
    QUARTERLY = Frequency.QUARTERLY.value, _("Quarterly")
    HALF_YEARLY = Frequency.HALF_YEARLY.value, _("Half-yearly")
    YEARLY = Frequency.YEARLY.value, _("Yearly")


class Visibility(models.TextChoices):
    INTERNAL = "internal", pgettext_lazy("indicator visibility", "Internal")
    PUBLISHED = "published", pgettext_lazy("indicator visibility", "Published")
    NETWORK = "network", _("Shared with the network for benchmarking")


class MeasurementStatus(models.TextChoices):
    PROVISIONAL = "provisional", pgettext_lazy("indicator value", "Provisional")
    FINAL = "final", pgettext_lazy("indicator value", "Final")


class DefinitionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("shared definition", "Draft")
    PUBLISHED = "published", pgettext_lazy("shared definition", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("shared definition", "Withdrawn")


class SharedDefinition(PublicIdModel):
    """An indicator defined once by a network's coordinators, exactly enough that every
    organisation that adopts it counts the same thing, so their numbers can be compared.

    A published definition does not change (values already reported were counted by it); a
    correction is a new definition, and the old one is withdrawn. Adopting one creates the
    organisation's own `Indicator` with the defining fields copied and kept locked.
    """

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="indicator_definitions"
    )
    # A stable key within the network ("days-to-decide"); the starter library uses it to add each
    # of its definitions once.
    code = models.SlugField(_("code"), max_length=60)
    name = models.JSONField(_("name"), default=dict)  # {"sl": "…", "bg": "…", "en": "…"}
    definition = models.JSONField(_("exact definition"), default=dict)  # what is counted, how, from where
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    unit_label = models.CharField(_("unit (other)"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=16, choices=DirectionChoice.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=FrequencyChoice.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=1, validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    subcriteria = models.JSONField(_("CAF subcriteria"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DefinitionStatus.choices, default=DefinitionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("shared indicator definition")
        verbose_name_plural = _("shared indicator definitions")
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="one_definition_per_code")]

    def __str__(self) -> str:
        return text_in(self.name, settings.LANGUAGE_CODE) or self.code

    def name_in(self, language: str) -> str:
        return text_in(self.name, language, "en") or self.code


class Indicator(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="indicators"
    )
    # One text per language where given: {"sl": "…", "en": "…"} (`lib.texts.text_in` picks one).
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    unit_label = models.CharField(_("unit (other)"), max_length=40, blank=True)
    direction = models.CharField(_("direction"), max_length=16, choices=DirectionChoice.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=FrequencyChoice.choices)
    decimals = models.PositiveSmallIntegerField(
        _("decimal places"), default=1, validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    # The margin within which a value short of its target counts as "at risk" rather than "off track".
    tolerance = models.DecimalField(
        _("tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Membership,
        verbose_name=pgettext_lazy("indicator owner", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_indicators",
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    subcriteria = models.JSONField(_("CAF subcriteria"), default=list, blank=True)  # codes: ["6.2", "9.1"]
    # Adopted from the network's shared set: name, definition, unit, direction, frequency and
    # decimals are the definition's and cannot be changed here.
    definition = models.ForeignKey(
        SharedDefinition,
        verbose_name=_("shared definition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    # A calculated indicator: its value for a period is numerator / denominator * multiplier (a
    # share in % uses 100, "per 1,000 inhabitants" 1000), worked out when both values are there.
    numerator = models.ForeignKey(
        "self", verbose_name=_("numerator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("denominator"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    multiplier = models.DecimalField(_("multiplier"), max_digits=10, decimal_places=2, default=Decimal(1))
    archived = models.BooleanField(_("archived"), default=False)
    # Raised whenever the owner changes, so a value link sent to the previous owner stops working.
    link_version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "definition"],
                condition=models.Q(definition__isnull=False),
                name="one_adoption_per_definition",
            )
        ]

    def __str__(self) -> str:
        return text_in(self.name, settings.LANGUAGE_CODE) or str(self.public_id)

    def name_in(self, language: str) -> str:
        """The name in `language`, else in English, else in any language it has."""
        return text_in(self.name, language, "en") or str(self.public_id)

    @property
    def frequency_value(self) -> Frequency:
        return Frequency(self.frequency)

    @property
    def direction_value(self) -> Direction:
        return Direction(self.direction)

    @property
    def is_calculated(self) -> bool:
        return self.numerator_id is not None and self.denominator_id is not None


class Target(models.Model):
    """What the organisation aims for in one period, and why."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    low = models.DecimalField(_("lowest acceptable"), max_digits=18, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(_("highest acceptable"), max_digits=18, decimal_places=4, null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"


class Measurement(models.Model):
    """The value of one period, with who entered it and whether it is final."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeasurementStatus.choices, default=MeasurementStatus.FINAL
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_period")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"


class ProcessKind(models.TextChoices):
    KEY = "key", _("Key process")
    SUPPORT = "support", _("Support process")
    MANAGEMENT = "management", _("Management process")


class Process(PublicIdModel):
    """One of the organisation's processes (CAF criterion 5): what it is for, whom it serves,
    who owns it, and the indicators that measure it. An indicator may measure several processes
    or none."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="processes"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of process"), max_length=16, choices=ProcessKind.choices, default=ProcessKind.KEY)
    purpose = models.TextField(_("purpose"), blank=True)
    customers = models.TextField(_("customers and stakeholders"), blank=True)
    owner = models.ForeignKey(
        Membership,
        verbose_name=pgettext_lazy("process owner", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_processes",
    )
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), blank=True, related_name="processes")
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ("name", "id")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="one_process_per_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ValueReminder(models.Model):
    """That an owner was reminded of their due values on a day: `send_indicator_reminders` sends
    at most one reminder per owner a day, however often it runs."""

    owner = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "sent_on"], name="one_value_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.owner_id} {self.sent_on}"
