"""The competency model: versions of clusters, competencies and behavioural indicators per level, with
the interview question bank that belongs to each competency; and job profiles built on a version.

A model belongs to a network (shared by its organisations) or to one organisation. Its versions are
numbered; a published version never changes, so an assessment or an interview guide made with it keeps
its meaning. Editing means a new draft version, copied from the latest one, published when ready.
Competencies keep their code from version to version: that is how results of two cycles are compared.

Texts are written in several languages, stored as {"sl": "…", "en": "…"} (see `opencaf.lib.texts`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Membership, Network, Organisation


class VersionState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("competency model version", "Draft")
    PUBLISHED = "published", pgettext_lazy("competency model version", "Published")


class ClusterKind(models.TextChoices):
    CORE = "core", _("Core competencies")
    LEADERSHIP = "leadership", _("Leadership competencies")
    DIGITAL = "digital", _("Digital competencies")
    PROFESSIONAL = "professional", _("Professional competencies")


class DigCompArea(models.TextChoices):
    """The five competence areas of the European Digital Competence Framework (DigComp 2.2)."""

    INFORMATION = "information", _("Information and data literacy")
    COMMUNICATION = "communication", _("Communication and collaboration")
    CONTENT = "content", _("Digital content creation")
    SAFETY = "safety", _("Safety")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")


class QuestionKind(models.TextChoices):
    BEHAVIOURAL = "behavioural", _("Behavioural (what did you do)")
    SITUATIONAL = "situational", _("Situational (what would you do)")


class CompetencyModel(PublicIdModel):
    network = models.ForeignKey(
        Network, verbose_name=_("network"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="competency_models",
    )
    names = models.JSONField(_("name"), default=dict)
    source = models.CharField(_("started from"), max_length=40, blank=True)  # the starter model's code
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("competency model")
        verbose_name_plural = _("competency models")
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True, organisation__isnull=False)
                | Q(network__isnull=False, organisation__isnull=True),
                name="competency_model_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.names.get("en") or next(iter(self.names.values()), "")


class ModelVersion(PublicIdModel):
    model = models.ForeignKey(CompetencyModel, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    # How many proficiency levels every competency of this version has (4 or 5), and their names:
    # [{"en": "Basic", "sl": "…"}, …], level 1 first.
    levels = models.PositiveSmallIntegerField(_("proficiency levels"), default=4)
    level_names = models.JSONField(_("names of the levels"), default=list)
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("competency model version")
        verbose_name_plural = _("competency model versions")
        ordering = ("model", "-number")
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="unique_competency_model_version"),
            models.CheckConstraint(condition=Q(levels__gte=3, levels__lte=5), name="competency_levels_3_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.model} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.state == VersionState.PUBLISHED


class Cluster(models.Model):
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="clusters")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=16, choices=ClusterKind.choices)
    names = models.JSONField(_("name"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("version", "position", "id")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_cluster_code")]

    def __str__(self) -> str:
        return self.code


class Competency(models.Model):
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="competencies")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(_("code"), max_length=20)  # kept across versions: "DIG-3"
    names = models.JSONField(_("name"), default=dict)
    definitions = models.JSONField(_("definition"), default=dict)
    digcomp_area = models.CharField(_("DigComp area"), max_length=20, choices=DigCompArea.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ("version", "cluster__position", "position", "id")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_competency_code")]

    def __str__(self) -> str:
        return self.code


class Indicator(models.Model):
    """What a person at this level of the competency does, observably."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="indicators")
    level = models.PositiveSmallIntegerField(_("level"))
    texts = models.JSONField(_("behavioural indicator"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("competency", "level", "position", "id")

    def __str__(self) -> str:
        return f"{self.competency} {self.level}"


class InterviewQuestion(models.Model):
    """A question of the bank for a competency, with its anchored rating scale: for each level, what an
    answer at that level sounds like ({"1": {"en": "…"}, "2": …})."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    texts = models.JSONField(_("question"), default=dict)
    anchors = models.JSONField(_("anchored rating scale"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("competency", "position", "id")

    def __str__(self) -> str:
        return f"{self.competency} {self.kind}"


class JobProfile(PublicIdModel):
    """A position or job family: the level it requires in each competency of one model version; the
    key competencies are those a selection interview asks about."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="job_profiles"
    )
    version = models.ForeignKey(
        ModelVersion, verbose_name=_("competency model version"), on_delete=models.PROTECT, related_name="profiles"
    )
    title = models.CharField(_("title"), max_length=200)
    family = models.CharField(_("job family"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")
        ordering = ("organisation", "title")

    def __str__(self) -> str:
        return self.title


class Requirement(models.Model):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("required level"))
    key = models.BooleanField(_("key competency"), default=False)

    class Meta:
        ordering = ("profile", "competency__cluster__position", "competency__position")
        constraints = [models.UniqueConstraint(fields=["profile", "competency"], name="unique_profile_requirement")]

    def __str__(self) -> str:
        return f"{self.profile} {self.competency} {self.level}"


class Employee(PublicIdModel):
    """A member of the organisation as HR knows them: their job profile and line manager. The unit is
    the membership's department (one place for it)."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="employee")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employees")
    profile = models.ForeignKey(
        JobProfile, verbose_name=_("job profile"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    line_manager = models.ForeignKey(
        Membership,
        verbose_name=_("line manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team",
    )
    position_title = models.CharField(pgettext_lazy("job", "position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")

    def __str__(self) -> str:
        return str(self.membership.user)
