"""Structured selection interviews: a vacancy for a job profile, an interview guide drawn from the
question bank of its key competencies, a panel that scores each candidate independently and then
agrees per competency with a rationale, and a documented, ranked decision.

Candidate data is personal data kept only for the vacancy's retention period after the decision:
`purge_candidates` deletes it then (audited), keeping the vacancy and how many applied.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Membership, Organisation
from opencaf.people.models.competencies import Competency, InterviewQuestion, JobProfile


class VacancyState(models.TextChoices):
    PREPARING = "preparing", pgettext_lazy("vacancy", "Being prepared")
    INTERVIEWING = "interviewing", _("Interviews")
    AGREEING = "agreeing", _("Panel agreement")
    DECIDED = "decided", pgettext_lazy("vacancy", "Decided")
    CANCELLED = "cancelled", pgettext_lazy("vacancy", "Cancelled")


class Vacancy(PublicIdModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="vacancies")
    profile = models.ForeignKey(JobProfile, verbose_name=_("job profile"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=VacancyState.choices, default=VacancyState.PREPARING)
    retention_months = models.PositiveSmallIntegerField(_("keep candidate data for (months)"), default=6)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.TextField(_("decision and its reasons"), blank=True)
    candidates_purged_at = models.DateTimeField(_("candidate data deleted"), null=True, blank=True)
    candidates_count = models.PositiveSmallIntegerField(_("candidates"), default=0)  # kept after deletion

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ("organisation", "-created_at")

    def __str__(self) -> str:
        return self.title


class PanelMember(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="panel")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vacancy", "membership"], name="unique_panel_member")]

    def __str__(self) -> str:
        return str(self.membership)


class GuideQuestion(models.Model):
    """A question of the vacancy's interview guide: copied from the bank (texts and anchors kept even if
    the bank changes), or written for this vacancy."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="guide")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(InterviewQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=16)
    texts = models.JSONField(_("question"), default=dict)
    anchors = models.JSONField(_("anchored rating scale"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("vacancy", "position", "id")

    def __str__(self) -> str:
        return f"{self.vacancy} {self.competency}"


class Candidate(PublicIdModel):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    chosen = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ("vacancy", "name", "id")

    def __str__(self) -> str:
        return self.name


class PanelScore(models.Model):
    """One panel member's own score of a candidate on one question of the guide."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(GuideQuestion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "member", "question"], name="unique_panel_score")]

    def __str__(self) -> str:
        return f"{self.candidate} {self.question} {self.score}"


class AgreedScore(models.Model):
    """The panel's agreed score of a candidate in one competency, with its rationale."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="agreed")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("agreed score"))
    rationale = models.TextField(_("rationale"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "competency"], name="unique_agreed_candidate_score")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.competency} {self.score}"
