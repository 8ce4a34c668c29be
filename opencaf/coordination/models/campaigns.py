"""Coordination of a network by its quality unit: campaigns that invite organisations to start CAF
and name their quality representative, and the engagement log of contacts with each organisation.
The portfolio (each organisation's stage) is derived from what happened on the platform
(`portfolio.py`), so it has no model of its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Network, Organisation


class CampaignState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Draft")
    SENT = "sent", pgettext_lazy("campaign", "Sent")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


class Campaign(PublicIdModel):
    """An invitation to a set of organisations of the network to start CAF self-assessment and name
    a quality representative of management by a deadline."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="campaigns")
    title = models.CharField(_("title"), max_length=200)
    # The invitation per language: {"sl": {"subject": "…", "body": "…"}, "bg": {…}}; the body may
    # use the placeholders {organisation}, {head}, {deadline} and {link}.
    message = models.JSONField(_("invitation"), default=dict)
    links = models.TextField(_("links"), blank=True)  # one address per line, e.g. a video
    attachment = models.FileField(_("attachment"), upload_to="campaigns/", blank=True)
    deadline = models.DateField(_("nomination deadline"))
    reminder_days = models.PositiveSmallIntegerField(_("reminder (days before the deadline)"), default=7)
    state = models.CharField(_("state"), max_length=16, choices=CampaignState.choices, default=CampaignState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ("-created_at", "id")

    def __str__(self) -> str:
        return self.title


class ReplyStatus(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    SENT = "sent", _("No reply")
    NOMINATED = "nominated", _("Representative named")
    DECLINED = "declined", _("Declined")


class Recipient(PublicIdModel):
    """One organisation invited by a campaign, the head it was addressed to, and its reply."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="campaign_invitations"
    )
    head_name = models.CharField(_("head's name"), max_length=200)
    head_email = models.EmailField(_("head's e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=ReplyStatus.choices, default=ReplyStatus.PENDING)
    # Raised when a link must stop working (sent again to another address, reply recorded).
    link_version = models.PositiveIntegerField(default=1, editable=False)
    # Queued for the mail worker and not refused since: not sent again until the worker has tried
    # (a second click on "send again" must not send twice). A refusal clears it and keeps the reason.
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    delivery_error = models.CharField(_("why it was not delivered"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    representative_position = models.CharField(_("representative's position"), max_length=200, blank=True)
    representative_email = models.EmailField(_("representative's e-mail address"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("invited organisation")
        verbose_name_plural = _("invited organisations")
        ordering = ("organisation__name", "id")
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation"], name="one_invitation_per_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.organisation}"


class ContactKind(models.TextChoices):
    CALL = "call", _("Phone call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("E-mail")
    MEETING = "meeting", _("Meeting")
    NOTE = "note", _("Note")


class EngagementEntry(models.Model):
    """A contact of the quality unit with an organisation of its network: who, when, what about."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="engagement_entries")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="engagement_entries"
    )
    kind = models.CharField(_("kind of contact"), max_length=16, choices=ContactKind.choices)
    happened_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("engagement log entry")
        verbose_name_plural = _("engagement log entries")
        ordering = ("-happened_on", "-id")

    def __str__(self) -> str:
        return f"{self.organisation} {self.happened_on} {self.kind}"
