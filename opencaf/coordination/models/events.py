"""Events of a network: introduction sessions, trainings, conferences and round tables, their sessions,
registrations (with a waiting list) and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Network, Organisation


class EventKind(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction session")
    TRAINING = "training", _("Training")
    CONFERENCE = "conference", _("Conference")
    ROUND_TABLE = "round_table", _("Round table")


class Audience(models.TextChoices):
    REPRESENTATIVES = "representatives", _("Quality representatives")
    SAG_MEMBERS = "sag_members", _("Members of self-assessment groups")
    ANYONE = "anyone", _("Anyone in the network")


class EventState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event", "Draft")
    PUBLISHED = "published", pgettext_lazy("event", "Open for registration")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class Event(PublicIdModel):
    """An introduction session, a (multi-day) training, a conference or a round table of the network,
    with one or more sessions, a capacity and registrations with a waiting list."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind of event"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)  # empty: no limit
    audience = models.CharField(_("for whom"), max_length=16, choices=Audience.choices, default=Audience.ANYONE)
    registration_closes = models.DateField(_("registration closes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=EventState.choices, default=EventState.DRAFT)
    # A short survey of the participants after the event (the surveys app), once the coordinator makes one.
    feedback_survey = models.ForeignKey(
        "surveys.Survey", verbose_name=_("feedback survey"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("-created_at", "id")

    def __str__(self) -> str:
        return self.title


class EventSession(models.Model):
    """One sitting of an event (a two-day training has two), where attendance is recorded."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("starts_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.starts_at:%Y-%m-%d %H:%M}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


class Registration(PublicIdModel):
    """A person registered for an event, by themselves or by their organisation's representative."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="event_registrations",
    )  # fmt: skip
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)  # the waiting list's order
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)  # one reminder per registration
    # The feedback form after the event: asked once, answered once. The answer itself is an
    # EventFeedback row that does not point back here, so nobody can tell who gave which answer.
    feedback_requested_at = models.DateTimeField(_("feedback requested"), null=True, blank=True)
    feedback_given_at = models.DateTimeField(_("feedback given"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="cancelled"),
                name="one_registration_per_person_and_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"


class Attendance(models.Model):
    """Whether a registered person was at one session."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["registration", "session"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.registration} {self.session}"


class EventFeedback(models.Model):
    """One participant's anonymous feedback on an event: the built-in short form the participants get
    by e-mail after it. No link to the registration and no date: the registration keeps the day it
    answered, and a date here would pair the two whenever one person answered on a given day."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    overall = models.PositiveSmallIntegerField(_("overall rating"))  # 1 to 5
    usefulness = models.PositiveSmallIntegerField(_("usefulness for your work"))  # 1 to 5
    organisation_rating = models.PositiveSmallIntegerField(_("organisation of the event"))  # 1 to 5
    liked = models.TextField(_("what was most useful"), blank=True)
    improve = models.TextField(_("what we could do better"), blank=True)

    class Meta:
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=5)
                & models.Q(usefulness__gte=1, usefulness__lte=5)
                & models.Q(organisation_rating__gte=1, organisation_rating__lte=5),
                name="event_feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.overall}/5)"
