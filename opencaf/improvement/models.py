"""Improvement plans: actions drawn from the self-assessment's findings, owned, dated, prioritised
and followed until done."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import SelfAssessment
from opencaf.core.models import PublicIdModel
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.prioritisation import Quadrant, priority, quadrant
from opencaf.organisations.models import Membership, Organisation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by management")


class Audience(models.TextChoices):
    NOBODY = "nobody", _("Not published")
    STAFF = "staff", _("Published to staff")
    PUBLIC = "public", _("Published to the public")


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class ActionStatus(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACT = "act", _("Act")
    DONE = "done", _("Done")


QUADRANT_LABELS = {
    Quadrant.QUICK_WIN: _("Quick win"),
    Quadrant.MAJOR_PROJECT: _("Major project"),
    Quadrant.FILL_IN: _("Fill-in"),
    Quadrant.RECONSIDER: _("Reconsider"),
}


def new_public_token() -> str:
    return secrets.token_urlsafe(24)


class ImprovementPlan(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="improvement_plans"
    )
    assessment = models.OneToOneField(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.PROTECT, related_name="improvement_plan"
    )
    # Empty unless someone entered a title: display_title composes the generated one.
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    audience = models.CharField(_("published"), max_length=16, choices=Audience.choices, default=Audience.NOBODY)
    # The address of the public read-only page; unguessable, and replaced if the plan is unpublished.
    public_token = models.CharField(max_length=64, unique=True, default=new_public_token, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """A title someone entered, else "Improvement plan: <self-assessment>" in the reader's language
        (composed when shown: a stored generated title would stay in its creator's language)."""
        if self.title:
            return self.title
        return gettext("Improvement plan: %(title)s") % {"title": self.assessment.title}

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class Action(PublicIdModel):
    plan = models.ForeignKey(ImprovementPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    expected_effect = models.TextField(_("expected effect"), blank=True)
    owner = models.ForeignKey(
        Membership, verbose_name=_("owner"), null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    person_days = models.DecimalField(
        _("person-days"), max_digits=7, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices, default=Level.MEDIUM)
    feasibility = models.PositiveSmallIntegerField(_("feasibility"), choices=Level.choices, default=Level.MEDIUM)
    status = models.CharField(_("PDCA status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.PLAN)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    subcriteria = models.ManyToManyField(Subcriterion, verbose_name=_("subcriteria"), blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_update_at = models.DateTimeField(_("last update"), default=timezone.now)
    # Raised whenever the owner changes, so e-mailed update links of the previous owner stop working.
    link_version = models.PositiveIntegerField(default=1, editable=False)
    # An open action carried over from the previous cycle's plan, to be reviewed by the planners.
    carried_from = models.ForeignKey(
        "self", verbose_name=_("carried over from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs_review = models.BooleanField(_("to be reviewed"), default=False)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ("due_date", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def priority(self) -> int:
        return priority(self.impact, self.feasibility)

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.impact, self.feasibility)

    @property
    def quadrant_label(self) -> str:
        return str(QUADRANT_LABELS[self.quadrant])


class Milestone(PublicIdModel):
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ("action", "due_date", "id")

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """One report on an action's progress: the history that keeps a plan alive."""

    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_link = models.BooleanField(_("through the e-mailed link"), default=False)
    status = models.CharField(_("PDCA status"), max_length=8, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ("action", "-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.action}: {self.progress} %"
