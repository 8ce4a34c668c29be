"""Self-assessment projects: the plan, the self-assessment groups, individual input and consensus.

Individual input belongs to a *seat* in a group, not to a person, so a member can be replaced
without losing what was entered. Consensus is one record per subcriterion of the project, with an
optimistic-lock version so that two people editing it never overwrite each other silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.lifecycle import State
from opencaf.core.models import PublicIdModel
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import FrameworkVersion, Method, ProcessStep, Subcriterion
from opencaf.organisations.choices import StaffLevel
from opencaf.organisations.models import Membership, Organisation


class AssessmentState(models.TextChoices):
    PLANNED = State.PLANNED.value, _("Planned")
    INDIVIDUAL = State.INDIVIDUAL.value, _("Individual assessment")
    CONSENSUS = State.CONSENSUS.value, _("Consensus")
    FINALISED = State.FINALISED.value, _("Finalised")
    CLOSED = State.CLOSED.value, _("Closed")
    PAUSED = State.PAUSED.value, _("Paused")


STATE_BADGE_CLASSES = {
    State.INDIVIDUAL: "text-bg-info",
    State.CONSENSUS: "text-bg-primary",
    State.PAUSED: "text-bg-warning",
    State.FINALISED: "text-bg-success",
    State.CLOSED: "text-bg-success",
}


class Scope(models.TextChoices):
    WHOLE = "whole", _("Whole organisation")
    UNIT = "unit", _("Part of the organisation")


class SelfAssessment(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="self_assessments"
    )
    framework = models.ForeignKey(FrameworkVersion, verbose_name=_("framework"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    scoring_method = models.CharField(_("scoring method"), max_length=16, choices=Method.choices)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.WHOLE)
    scope_unit = models.CharField(_("assessed unit"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=AssessmentState.choices, default=AssessmentState.PLANNED
    )
    paused_from = models.CharField(max_length=16, choices=AssessmentState.choices, blank=True, editable=False)
    individual_deadline = models.DateField(_("deadline for individual assessment"), null=True, blank=True)
    show_names_in_consensus = models.BooleanField(
        _("show names in the consensus workspace"),
        default=True,
        help_text=_("When off, individual input is shown without the assessors' names."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous self-assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_cycles",
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.title

    @property
    def lifecycle_state(self) -> State:
        return State(self.state)

    @property
    def state_badge_class(self) -> str:
        """The badge colour of the state; the badge always shows the state's name too."""
        return STATE_BADGE_CLASSES.get(self.lifecycle_state, "text-bg-secondary")


class PlanItemKind(models.TextChoices):
    STEP = "step", _("CAF step")
    TRAINING = "training", _("Training session")
    COMMUNICATION = "communication", _("Communication to staff and stakeholders")


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class PlanItem(PublicIdModel):
    """One line of the project plan: a CAF step, a training session or a communication."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="plan_items"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlanItemKind.choices, default=PlanItemKind.STEP)
    step = models.ForeignKey(ProcessStep, verbose_name=_("CAF step"), null=True, blank=True, on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    responsible = models.ForeignKey(
        Membership, verbose_name=_("responsible"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ("assessment", "start_date", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="plan_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.step_id and not self.title:
            return f"{self.step.number}. {self.step.title}"  # type: ignore[union-attr]
        return self.title


class AssessmentGroup(PublicIdModel):
    """A self-assessment group (SAG)."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    leader = models.ForeignKey(
        Membership, verbose_name=_("group leader"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("self-assessment group")
        verbose_name_plural = _("self-assessment groups")
        ordering = ("assessment", "name")

    def __str__(self) -> str:
        return self.name


class Seat(PublicIdModel):
    """A place in a self-assessment group. Individual input hangs on the seat, so replacing the
    person in it keeps everything entered so far."""

    group = models.ForeignKey(AssessmentGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="seats")
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="assessment_seats"
    )
    functional_area = models.CharField(_("functional area"), max_length=120)
    staff_level = models.CharField(_("level"), max_length=16, choices=StaffLevel.choices)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ("group", "created_at", "id")
        constraints = [models.UniqueConstraint(fields=["group", "membership"], name="unique_seat_per_group")]

    def __str__(self) -> str:
        return str(self.membership.user)


class IndividualScore(models.Model):
    """One assessor's input on one subcriterion."""

    seat = models.ForeignKey(Seat, verbose_name=_("group member"), on_delete=models.CASCADE, related_name="scores")
    subcriterion = models.ForeignKey(
        Subcriterion, verbose_name=_("subcriterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict, blank=True)
    cannot_judge = models.BooleanField(_("I cannot judge this"), default=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("individual score")
        verbose_name_plural = _("individual scores")
        constraints = [
            models.UniqueConstraint(fields=["seat", "subcriterion"], name="unique_individual_score"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="individual_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.seat} – {self.subcriterion.code}"

    @property
    def is_complete(self) -> bool:
        return self.cannot_judge or self.score is not None


class EntryKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    AREA = "area", _("Area for improvement")
    IDEA = "idea", _("Improvement idea")


class IndividualEntry(models.Model):
    individual = models.ForeignKey(
        IndividualScore, verbose_name=_("individual input"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    text = models.CharField(_("text"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("individual entry")
        verbose_name_plural = _("individual entries")
        ordering = ("individual", "kind", "position", "id")

    def __str__(self) -> str:
        return self.text


class Consensus(PublicIdModel):
    """The group's agreed score and wording for one subcriterion."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="consensus"
    )
    subcriterion = models.ForeignKey(
        Subcriterion, verbose_name=_("subcriterion"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("consensus score"), null=True, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict, blank=True)
    not_assessed_reason = models.TextField(_("reason for not assessing"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("consensus")
        verbose_name_plural = _("consensus records")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "subcriterion"], name="unique_consensus"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="consensus_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.subcriterion.code}"

    @property
    def is_decided(self) -> bool:
        return self.score is not None or bool(self.not_assessed_reason.strip())


class ConsensusEntry(models.Model):
    """The group's wording of a strength, area for improvement or idea."""

    consensus = models.ForeignKey(
        Consensus, verbose_name=_("consensus"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    text = models.CharField(_("text"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("consensus entry")
        verbose_name_plural = _("consensus entries")
        ordering = ("consensus", "kind", "position", "id")

    def __str__(self) -> str:
        return self.text


class ConsensusDecision(models.Model):
    """The decision log: every consensus score recorded, with who, when and why."""

    consensus = models.ForeignKey(
        Consensus, verbose_name=_("consensus"), on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    suggested_score = models.PositiveSmallIntegerField(_("median of individual scores"), null=True, blank=True)
    not_assessed_reason = models.TextField(_("reason for not assessing"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)

    class Meta:
        verbose_name = _("consensus decision")
        verbose_name_plural = _("consensus decisions")
        ordering = ("consensus", "-recorded_at", "-id")

    def __str__(self) -> str:
        return f"{self.consensus}: {self.score}"


class EvidenceLink(PublicIdModel):
    """Evidence from the register attached to a subcriterion of one self-assessment."""

    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="evidence_links"
    )
    subcriterion = models.ForeignKey(
        Subcriterion, verbose_name=_("subcriterion"), on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.ForeignKey(
        EvidenceItem, verbose_name=_("evidence"), on_delete=models.CASCADE, related_name="assessment_links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attached by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("attached"), default=timezone.now)
    # Carried over from the previous cycle: someone should confirm it still holds.
    needs_review = models.BooleanField(_("to be reviewed"), default=False)
    # Attached by an assessor during individual assessment: it belongs to its author (the leaders may
    # look) until consensus opens, so assessors are not swayed by each other's evidence. Two assessors
    # may therefore hold a link to the same item; from consensus on they show as one.
    individual = models.BooleanField(_("attached during individual assessment"), default=False)

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ("added_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "subcriterion", "evidence"],
                condition=models.Q(individual=False),
                name="unique_shared_evidence_link",
            ),
            models.UniqueConstraint(
                fields=["assessment", "subcriterion", "evidence", "added_by"],
                condition=models.Q(individual=True),
                name="unique_individual_evidence_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence} → {self.subcriterion.code}"
