"""External feedback (the CAF Procedure on External Feedback, PEF) and the Effective CAF User label.

A procedure is data (frameworks/pef/*.yaml, see procedure_schema.py): loaded whole into `Procedure`,
its rules, scale, pillars and questions kept as the validated definition and read through the
model's accessors. A network runs one procedure (`NetworkProcedure`), chosen by its coordinators.

A case (`FeedbackCase`) is one organisation's application and all that follows (lifecycle.py): its
documents from the evidence register, the external feedback actors assigned (`CaseActor`, drawn from
the network's `ExternalActor` list), their own scores (`ActorScore`) and the agreed ones
(`AgreedScore`), the feedback report and its documents, and the `Label` when awarded.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opencaf.assessments.models import SelfAssessment
from opencaf.core.models import GeneratedDocument, PublicIdModel
from opencaf.evidence.models import EvidenceItem
from opencaf.feedback import lifecycle
from opencaf.organisations.models import Network, Organisation


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


# --- cases -------------------------------------------------------------------------------------------


class CaseState(models.TextChoices):
    """The states of `lifecycle.State`, with their names for people."""

    DRAFT = "draft", _("Application being prepared")
    SUBMITTED = "submitted", _("Submitted to the organiser")
    IN_FEEDBACK = "in_feedback", _("External feedback under way")
    REPORTED = "reported", _("Feedback report written: decision pending")
    AWARDED = "awarded", _("Label awarded")
    NOT_AWARDED = "not_awarded", _("Label not awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = sorted(state.value for state in lifecycle.OPEN)  # sorted: a stable migration


class FeedbackCase(PublicIdModel):
    """An organisation's application for external feedback on one finished self-assessment, and all that
    follows from it. The organisation writes its answers and own scores per pillar while it is a draft;
    at submission the dossier (what the platform knows of the self-assessment and what followed it) is
    frozen into `dossier`, so the external feedback actors read what was submitted."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="feedback_cases"
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="feedback_cases"
    )
    assessment = models.ForeignKey(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.PROTECT, related_name="feedback_cases"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="cases"
    )
    state = models.CharField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT)
    version = models.PositiveIntegerField(default=0, editable=False)  # optimistic locking of every change
    # pillar number (as text) -> the organisation's account of how it did what the pillar asks
    answers = models.JSONField(_("answers per pillar"), default=dict, blank=True)
    # question code -> the organisation's own score on the procedure's scale, shown beside the EFACs'
    own_scores = models.JSONField(_("own scores"), default=dict, blank=True)
    dossier = models.JSONField(_("dossier as submitted"), default=dict, blank=True)
    return_reason = models.TextField(_("reason for returning the application"), blank=True)
    visit_starts_at = models.DateTimeField(_("visit starts"), null=True, blank=True)
    visit_ends_at = models.DateTimeField(_("visit ends"), null=True, blank=True)
    visit_place = models.CharField(_("place of the visit"), max_length=300, blank=True)
    visit_agenda = models.TextField(_("agenda of the visit"), blank=True)
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by the organiser"), null=True, blank=True)
    reported_at = models.DateTimeField(_("report written"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("external feedback case")
        verbose_name_plural = _("external feedback cases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(state__in=OPEN_STATES), name="one_open_feedback_case"
            )
        ]
        indexes = [models.Index(fields=["network", "state"], name="feedback_case_network_state")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.assessment}"

    @property
    def lifecycle_state(self) -> lifecycle.State:
        return lifecycle.State(self.state)


class CaseDocument(models.Model):
    """An item of the organisation's evidence register attached to the application: the EFACs may open
    these (and nothing else of the register)."""

    case = models.ForeignKey(FeedbackCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents")
    evidence = models.ForeignKey(
        EvidenceItem, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="feedback_cases"
    )
    pillar = models.PositiveSmallIntegerField(_("pillar"), null=True, blank=True)  # none: the whole application
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ("pillar", "added_at")
        verbose_name = _("document of a case")
        verbose_name_plural = _("documents of cases")
        constraints = [models.UniqueConstraint(fields=["case", "evidence"], name="one_case_document_per_evidence")]

    def __str__(self) -> str:
        return f"{self.case}: {self.evidence}"


class ExternalActor(PublicIdModel):
    """A trained external feedback actor (EFAC) the network's organiser may assign to its cases."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="external_actors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="external_actor_of"
    )
    qualification = models.CharField(_("qualification"), max_length=300, blank=True)  # e.g. "EFAC training, EIPA 2024"
    active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ("user__full_name",)
        verbose_name = _("external feedback actor")
        verbose_name_plural = _("external feedback actors")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="one_external_actor_per_network")]

    def __str__(self) -> str:
        return str(self.user)


class Declaration(models.TextChoices):
    PENDING = "pending", _("Not declared yet")
    NO_CONFLICT = "no_conflict", _("No conflict of interest")
    CONFLICT = "conflict", _("Conflict of interest declared")


class CaseActor(PublicIdModel):
    """An EFAC assigned to one case. Only after declaring no conflict of interest may they open the case
    (the dossier, the report, the plan and the documents attached; nothing else of the organisation)."""

    case = models.ForeignKey(FeedbackCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="actors")
    actor = models.ForeignKey(
        ExternalActor, verbose_name=_("external feedback actor"), on_delete=models.PROTECT, related_name="cases"
    )
    lead = models.BooleanField(_("leads the case"), default=False)
    declaration = models.CharField(
        _("declaration of interests"), max_length=16, choices=Declaration.choices, default=Declaration.PENDING
    )
    declaration_note = models.TextField(_("what the conflict is"), blank=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    scores_done_at = models.DateTimeField(_("individual scoring finished"), null=True, blank=True)

    class Meta:
        ordering = ("-lead", "assigned_at")
        verbose_name = _("external feedback actor of a case")
        verbose_name_plural = _("external feedback actors of cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "actor"], name="one_assignment_per_actor"),
            models.UniqueConstraint(fields=["case"], condition=Q(lead=True), name="one_lead_actor_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.case})"

    @property
    def may_work(self) -> bool:
        return self.declaration == Declaration.NO_CONFLICT


class ActorScore(models.Model):
    """One EFAC's own score of one question of the procedure, given before they agree."""

    case_actor = models.ForeignKey(
        CaseActor, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="scores"
    )
    question = models.CharField(_("question"), max_length=8)  # the procedure's code, e.g. "1.5"
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ("question",)
        verbose_name = _("external feedback actor's score")
        verbose_name_plural = _("external feedback actors' scores")
        constraints = [models.UniqueConstraint(fields=["case_actor", "question"], name="one_actor_score_per_question")]

    def __str__(self) -> str:
        return f"{self.case_actor}: {self.question} = {self.score}"


class AgreedScore(models.Model):
    """The score the case's EFACs agree on for one question, with why (the consensus pattern)."""

    case = models.ForeignKey(
        FeedbackCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="agreed_scores"
    )
    question = models.CharField(_("question"), max_length=8)
    score = models.PositiveSmallIntegerField(_("score"))
    rationale = models.TextField(_("rationale"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("question",)
        verbose_name = _("agreed score")
        verbose_name_plural = _("agreed scores")
        constraints = [models.UniqueConstraint(fields=["case", "question"], name="one_agreed_score_per_question")]

    def __str__(self) -> str:
        return f"{self.case}: {self.question} = {self.score}"


class FeedbackReport(models.Model):
    """The EFACs' feedback report: per pillar, strengths and areas for improvement; a summary."""

    case = models.OneToOneField(FeedbackCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="report")
    # pillar number (as text) -> {"strengths": "...", "areas": "..."}
    pillars = models.JSONField(_("findings per pillar"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")

    def __str__(self) -> str:
        return str(self.case)


def _report_document_path(instance: FeedbackReportDocument, filename: str) -> str:
    return f"feedback/{instance.report.case.organisation.public_id}/{instance.public_id}.{instance.format}"


class FeedbackReportDocument(GeneratedDocument):
    """The feedback report as PDF or DOCX in one language, made in the background."""

    report = models.ForeignKey(
        FeedbackReport, verbose_name=_("feedback report"), on_delete=models.CASCADE, related_name="documents"
    )
    format = models.CharField(_("format"), max_length=8)  # "pdf" or "docx"
    file = models.FileField(_("file"), upload_to=_report_document_path, blank=True, max_length=300)

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("feedback report document")
        verbose_name_plural = _("feedback report documents")
        indexes = [models.Index(fields=["status", "progressed_at"], name="feedback_document_progress")]


class Label(PublicIdModel):
    """The Effective CAF User label (or the national variant's) awarded on a case, with its validity."""

    case = models.OneToOneField(FeedbackCase, verbose_name=_("case"), on_delete=models.PROTECT, related_name="label")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="labels"
    )
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="labels")
    name = models.JSONField(_("name of the label"))  # language -> name, as the procedure named it when awarded
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"))
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    public = models.BooleanField(_("listed in the public register"), default=True)

    class Meta:
        ordering = ("-awarded_on",)
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        indexes = [models.Index(fields=["network", "valid_until"], name="label_network_validity")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.number}"

    def name_in(self, language: str | None = None) -> str:
        return _in_language(self.name, language)
