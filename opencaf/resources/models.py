"""Resources: the money (EUR) and time (person-days) planned and spent per quarter on an improvement
action or on a process, so a plan's dashboard and the organisation's overview show what was spent
against what was planned (CAF 4.3 and 4.5 ask how financial and human resources are used).

An action keeps its planned totals on itself (`improvement.Action.budget_eur`, `person_days`); the
lines here split the plan by quarter and add what was actually spent, typed in or imported from the
finance system's export. A figure not known yet is empty, not zero (see `rules`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.improvement.models import Action
from opencaf.indicators.models import Process
from opencaf.organisations.models import Organisation

EUR_DIGITS, DAYS_DIGITS, PLACES = 14, 9, 2
FIGURES = ("planned_eur", "actual_eur", "planned_days", "actual_days")


class ResourceLine(models.Model):
    """One quarter of one improvement action or one process: planned and actual money and time."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="resource_lines"
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("improvement action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resource_lines",
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resource_lines",
    )
    # The canonical key of `indicators.rules.Period` for a quarter: "2026-Q1".
    quarter = models.CharField(_("quarter"), max_length=7)
    planned_eur = models.DecimalField(
        _("planned (EUR)"), max_digits=EUR_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    actual_eur = models.DecimalField(
        _("actual (EUR)"), max_digits=EUR_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    planned_days = models.DecimalField(
        _("planned person-days"), max_digits=DAYS_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    actual_days = models.DecimalField(
        _("actual person-days"), max_digits=DAYS_DIGITS, decimal_places=PLACES, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("resource line")
        verbose_name_plural = _("resource lines")
        ordering = ("quarter", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, process__isnull=True) | Q(action__isnull=True, process__isnull=False),
                name="resource_line_of_action_or_process",
            ),
            # Rows of the other kind have NULL here, and NULLs never clash in a unique constraint.
            models.UniqueConstraint(fields=["action", "quarter"], name="one_resource_line_per_action_quarter"),
            models.UniqueConstraint(fields=["process", "quarter"], name="one_resource_line_per_process_quarter"),
            models.CheckConstraint(condition=Q(quarter__regex=r"^[0-9]{4}-Q[1-4]$"), name="resource_line_quarter_key"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{figure}__isnull": True}) | Q(**{f"{figure}__gte": 0}),
                    name=f"resource_line_{figure}_not_negative",
                )
                for figure in FIGURES
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action or self.process} {self.quarter}"
