"""Competency reviews: a cycle in which each employee assesses themselves and their line manager
assesses them against their job profile, then an individual development plan.

Who reads what (access.py): the person and their line manager only; HR sees who has finished, and
figures per unit only through the anonymity gate; nobody else anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Membership, Organisation
from opencaf.people.models.competencies import Competency, JobProfile, ModelVersion


class CycleState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("competency review", "Being prepared")
    OPEN = "open", pgettext_lazy("competency review", "Open")
    CLOSED = "closed", pgettext_lazy("competency review", "Closed")


class RatingSource(models.TextChoices):
    SELF = "self", pgettext_lazy("competency review", "Self-assessment")
    MANAGER = "manager", _("Line manager's assessment")


class ReviewCycle(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="review_cycles")
    version = models.ForeignKey(
        ModelVersion, verbose_name=_("competency model version"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    state = models.CharField(_("state"), max_length=16, choices=CycleState.choices, default=CycleState.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("competency review")
        verbose_name_plural = _("competency reviews")
        ordering = ("organisation", "-opens_on")
        constraints = [
            # One open cycle per organisation (the services check it first, with a message).
            models.UniqueConstraint(fields=["organisation"], condition=Q(state="open"), name="one_open_review_cycle")
        ]

    def __str__(self) -> str:
        return self.title


class Review(PublicIdModel):
    """One employee in one cycle. The profile's requirements are copied when the cycle opens
    (`required`, {competency code: level}), so a later change of the profile does not move the gaps."""

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reviews")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="competency_reviews")
    manager = models.ForeignKey(
        Membership, verbose_name=_("line manager"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile = models.ForeignKey(JobProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    required = models.JSONField(_("required levels"), default=dict)
    unit = models.CharField(
        pgettext_lazy("organisational unit", "unit"), max_length=120, blank=True
    )  # the department when the cycle opened
    self_submitted_at = models.DateTimeField(_("self-assessment submitted"), null=True, blank=True)
    manager_submitted_at = models.DateTimeField(_("manager's assessment submitted"), null=True, blank=True)
    # The line manager's view for the talent grid (1 low to 3 high); HR and top management read it.
    performance = models.PositiveSmallIntegerField(_("performance"), null=True, blank=True)
    potential = models.PositiveSmallIntegerField(_("potential"), null=True, blank=True)

    class Meta:
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        constraints = [models.UniqueConstraint(fields=["cycle", "membership"], name="unique_review_per_cycle")]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.membership.user}"


class Rating(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("by"), max_length=8, choices=RatingSource.choices)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)  # None: not observed
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "competency", "source"], name="unique_rating_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.competency} {self.source} {self.level}"


class ActionKind(models.TextChoices):
    TRAINING = "training", _("Training")
    ON_THE_JOB = "on_the_job", _("Learning on the job")
    MENTORING = "mentoring", _("Mentoring or coaching")
    OTHER = "other", pgettext_lazy("development action", "Other")


class ActionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("development action", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("development action", "In progress")
    DONE = "done", pgettext_lazy("development action", "Done")
    CANCELLED = "cancelled", pgettext_lazy("development action", "Cancelled")


class DevelopmentPlan(PublicIdModel):
    """A person's individual development plan (one per person and cycle; the actions carry on)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="development_plans")
    cycle = models.ForeignKey(ReviewCycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)  # by the person and their manager

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [models.UniqueConstraint(fields=["membership", "cycle"], name="unique_plan_per_cycle")]

    def __str__(self) -> str:
        return f"{self.membership.user} – {self.cycle}" if self.cycle_id else str(self.membership.user)


class DevelopmentAction(PublicIdModel):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    competency = models.ForeignKey(Competency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(pgettext_lazy("development action", "action"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=ActionKind.choices, default=ActionKind.TRAINING)
    days = models.DecimalField(_("training days"), max_digits=5, decimal_places=1, null=True, blank=True)
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=16, choices=ActionState.choices, default=ActionState.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ("plan", "due_on", "id")

    def __str__(self) -> str:
        return self.title
