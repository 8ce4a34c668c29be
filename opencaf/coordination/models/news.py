"""News of a network and its monthly e-newsletter: news items with language versions, newsletters
composed from them, the people who subscribed (double opt-in) and one delivery row per subscriber
and newsletter, which is what the background send works through and what its progress counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Network

from .campaigns import Campaign
from .events import Event


class NewsAudience(models.TextChoices):
    NETWORK = "network", _("Organisations of the network")
    PUBLIC = "public", _("Everyone (public)")


class NewsState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news", "Draft")
    PUBLISHED = "published", pgettext_lazy("news", "Published")


class NewsItem(PublicIdModel):
    """A piece of news by the network's quality unit, in one or more languages."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="news")
    # One version per language: {"sl": {"title": "…", "summary": "…", "body": "…"}, "bg": {…}}; plain
    # text, paragraphs separated by blank lines (rendered with linebreaks and urlize, never as HTML).
    texts = models.JSONField(_("language versions"), default=dict)
    audience = models.CharField(_("for whom"), max_length=16, choices=NewsAudience.choices, default=NewsAudience.PUBLIC)
    state = models.CharField(_("state"), max_length=16, choices=NewsState.choices, default=NewsState.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # What the news announces, linked from it (the campaign's public page is its news item).
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ("-published_at", "-created_at", "-id")
        indexes = [models.Index(fields=["network", "state", "audience", "published_at"], name="news_listing")]

    def __str__(self) -> str:
        for version in self.texts.values():
            if version.get("title"):
                return str(version["title"])
        return str(self.public_id)


class NewsletterState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("newsletter", "Draft")
    SENDING = "sending", _("Being sent")
    SENT = "sent", pgettext_lazy("newsletter", "Sent")


class Newsletter(PublicIdModel):
    """One issue of the network's e-newsletter: free text around a choice of news items, sent to every
    confirmed subscriber in their language and then kept in the public archive."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="newsletters"
    )
    issue_date = models.DateField(_("issue date"))  # the month it is for: "December 2026"
    # Per language: {"sl": {"subject": "…", "introduction": "…", "closing": "…"}}; plain text.
    texts = models.JSONField(_("language versions"), default=dict)
    news_items = models.ManyToManyField(NewsItem, verbose_name=_("news items"), blank=True, related_name="newsletters")
    state = models.CharField(_("state"), max_length=16, choices=NewsletterState.choices, default=NewsletterState.DRAFT)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)  # when the last delivery was tried
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ("-issue_date", "-id")

    def __str__(self) -> str:
        return f"{self.network} {self.issue_date:%Y-%m}"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscriber(PublicIdModel):
    """A person who asked for the network's e-newsletter; receives it only after confirming the address."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="subscribers"
    )
    email = models.EmailField(_("e-mail address"))  # stored in lower case: one subscription per address
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=16, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    # A random secret in every unsubscribe link: works for ever, from any old newsletter, without an
    # account, and reveals nothing about other subscribers. Replaced when the person subscribes again.
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation requested"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ("email", "id")
        constraints = [models.UniqueConstraint(fields=["network", "email"], name="one_subscription_per_address")]
        indexes = [models.Index(fields=["network", "status"], name="subscriber_status")]

    def __str__(self) -> str:
        return self.email


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", _("Not delivered")


class NewsletterDelivery(models.Model):
    """One newsletter to one subscriber: queued when the coordinator sends, then sent or failed.
    A failed delivery keeps the mail server's answer and can be queued again; nothing is lost."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("why it was not delivered"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [models.UniqueConstraint(fields=["newsletter", "subscriber"], name="one_delivery_per_subscriber")]
        indexes = [models.Index(fields=["newsletter", "status"], name="newsletter_delivery_status")]

    def __str__(self) -> str:
        return f"{self.newsletter} → {self.subscriber}"
