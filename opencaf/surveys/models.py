"""Surveys: their questions, who was asked, and the anonymous answers, kept apart.

Texts a survey's author writes (titles, questions, options) carry one text per language as a JSON
mapping {"sl": "…", "en": "…"}; `texts.text_in()` picks the respondent's language.

Anonymity by construction (DESIGN §5): `Response`, `Answer` and `TextAnswer` hold no user, token,
e-mail, address, browser or time, and their keys are random UUIDs, so neither a column nor the order
of keys says who answered or when. Who was asked and who took part lives in `Invitation`, which has
no link to any response: the only thing they share is the survey.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import GeneratedDocument, PublicIdModel
from opencaf.organisations.models import Organisation
from opencaf.surveys.lifecycle import State
from opencaf.surveys.rules import Kind


class Audience(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    CITIZENS = "citizens", _("Citizens and customers")
    BUSINESSES = "businesses", _("Businesses")
    SOCIETY = "society", _("Society and stakeholders")
    OTHER = "other", pgettext_lazy("survey audience", "Other")


class SurveyState(models.TextChoices):
    DRAFT = State.DRAFT.value, pgettext_lazy("survey state", "Draft")
    OPEN = State.OPEN.value, pgettext_lazy("survey state", "Open")
    CLOSED = State.CLOSED.value, pgettext_lazy("survey state", "Closed")
    PUBLISHED = State.PUBLISHED.value, _("Results published")


class QuestionKind(models.TextChoices):
    SINGLE = Kind.SINGLE.value, _("Single choice")
    MULTIPLE = Kind.MULTIPLE.value, _("Multiple choice")
    RATING = Kind.RATING.value, _("Rating scale")
    GRID = Kind.GRID.value, _("Grid of rating items")
    NUMBER = Kind.NUMBER.value, pgettext_lazy("type of question", "Number")
    NPS = Kind.NPS.value, _("Net Promoter Score (0–10)")
    SHORT_TEXT = Kind.SHORT_TEXT.value, _("Short text")
    LONG_TEXT = Kind.LONG_TEXT.value, _("Long text")


class Breakdown(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    AGE_BAND = "age_band", _("Age band")
    YEARS_OF_SERVICE = "years_of_service", _("Years of service")
    CUSTOMER_TYPE = "customer_type", _("Customer type")
    CHANNEL = "channel", _("Channel used")
    OTHER = "other", pgettext_lazy("breakdown", "Other")


class Survey(PublicIdModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.JSONField(_("title"), default=dict)
    introduction = models.JSONField(_("introduction"), default=dict, blank=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    languages = models.JSONField(_("languages"), default=list)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=SurveyState.choices, default=SurveyState.DRAFT)
    # The public link's key: random, and replaced when the organisation wants the old link dead.
    link_key = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    public_link = models.BooleanField(_("answerable through a public link"), default=False)
    previous_wave = models.ForeignKey(
        "self",
        verbose_name=_("previous wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_waves",
    )
    template_code = models.CharField(max_length=60, blank=True, editable=False)
    # Counted apart from the answers: how many submitted. The responses table alone could tell, but
    # the counter lets the survey list show it without counting rows.
    response_count = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        from opencaf.surveys.texts import text_in

        return text_in(self.title, self.languages)

    @property
    def lifecycle_state(self) -> State:
        return State(self.state)


class Section(models.Model):
    """A page of the survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.JSONField(_("title"), default=dict, blank=True)
    introduction = models.JSONField(_("introduction"), default=dict, blank=True)
    # Shown only when an earlier question was answered with one of these option codes.
    show_if_question = models.ForeignKey("Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    show_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"{self.survey_id} / {self.position}"


class Question(PublicIdModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("type of question"), max_length=16, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("explanation"), default=dict, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    breakdown = models.CharField(_("breakdown"), max_length=20, choices=Breakdown.choices, blank=True)
    # Rating scale (also the scale of a grid's items).
    scale_min = models.SmallIntegerField(_("lowest value"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest value"), null=True, blank=True)
    low_label = models.JSONField(_("label of the lowest value"), default=dict, blank=True)
    high_label = models.JSONField(_("label of the highest value"), default=dict, blank=True)
    dont_know = models.BooleanField(_("offer “don't know”"), default=False)
    # Number.
    number_min = models.DecimalField(_("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    number_max = models.DecimalField(_("largest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    subcriteria = models.JSONField(_("CAF subcriteria"), default=list, blank=True)  # codes: ["7.1"]
    show_if_question = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    show_if_values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("section__position", "position", "id")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code_unique")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.code


class Option(models.Model):
    """A choice of a single- or multiple-choice question, or a row of a grid (`is_item`)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=40)
    text = models.JSONField(default=dict)
    is_item = models.BooleanField(default=False)

    class Meta:
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=["question", "is_item", "code"], name="survey_option_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


# --- what was answered: nothing here says by whom or when -----------------------------------------


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    language = models.CharField(max_length=8)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    """One value: an option chosen, a rating (of a grid item), a number; `dont_know` instead of a value."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of their own: the two indexes below begin with them (each index is written for every
    # one of the thirty rows an answer stores, and the table grows by a million rows a year).
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", db_index=False)
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(Option, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    dont_know = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["question", "option"]), models.Index(fields=["response", "question"])]

    def __str__(self) -> str:
        return str(self.pk)


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    RELEASED = "released", _("Released")
    WITHHELD = "withheld", _("Withheld")


class TextAnswer(models.Model):
    """A free-text answer. Nobody reads it until a moderator has released it (possibly redacted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="texts")
    # No index of its own: the index below begins with it.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="text_answers", db_index=False)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING)
    released_text = models.TextField(blank=True)  # the text as released, with any redactions

    class Meta:
        indexes = [models.Index(fields=["question", "status"])]

    def __str__(self) -> str:
        return str(self.pk)


# --- who was asked: nothing here says what they answered -----------------------------------------


class InvitationKind(models.TextChoices):
    EMAIL = "email", _("E-mail invitation")
    PAPER = "paper", _("Paper code")


class Invitation(PublicIdModel):
    """A single-use way in: an e-mailed link or a printed code. Only the token's hash is stored.

    `used` says that someone answered with it, never what: no key, time or order links it to a
    response. Until submission `draft` holds the answers saved so far; submission moves them into an
    anonymous response and empties the draft in the same transaction.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=8, choices=InvitationKind.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    token_hash = models.CharField(max_length=64, unique=True)
    batch = models.PositiveIntegerField(default=0)  # the paper batch or mailing it came from
    used = models.BooleanField(default=False)
    draft = models.JSONField(default=dict, blank=True)
    sent_count = models.PositiveSmallIntegerField(default=0)  # the invitation and any reminders
    delivery_failed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"], condition=~Q(email=""), name="survey_invitation_email_unique"
            )
        ]


def _summary_path(instance: SummaryDocument, filename: str) -> str:
    return f"surveys/{instance.survey.organisation.public_id}/{instance.public_id}.pdf"


class SummaryDocument(GeneratedDocument):
    """A survey's results as a PDF summary, made in the background (`core.document_jobs`): the same
    gated figures as the results page, overall or by the breakdowns chosen there."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="summary_documents"
    )
    breakdowns = models.JSONField(_("broken down by"), default=list, blank=True)  # question codes, at most two
    file = models.FileField(_("file"), upload_to=_summary_path, blank=True, max_length=300)

    class Meta(GeneratedDocument.Meta):
        verbose_name = _("results summary")
        verbose_name_plural = _("results summaries")
        indexes = [models.Index(fields=["status", "progressed_at"], name="survey_summary_progress")]

    def __str__(self) -> str:
        return f"{self.survey} ({self.language})"

    @property
    def filename(self) -> str:
        return self.download_name(str(self.survey), "pdf")
