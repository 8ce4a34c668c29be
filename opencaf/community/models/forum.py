"""The expert forum of a network: categories, threads and posts written in Markdown (the source is kept,
the sanitised HTML is stored beside it), their edit history, attachments, reports and moderation,
subscriptions with e-mail notifications (at once or in a daily digest), mentions and unread markers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.coordination.models import Event
from opencaf.core.models import PublicIdModel
from opencaf.organisations.models import Network, Organisation


class ForumCategory(PublicIdModel):
    """A category of a network's forum ("CAF implementation", "Criterion 3: People", "Surveys"), named
    in each of the network's languages: `names` and `descriptions` map a language code to its text."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="forum_categories"
    )
    names = models.JSONField(_("names"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return next(iter(self.names.values()), "")


class Thread(PublicIdModel):
    category = models.ForeignKey(
        ForumCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="threads"
    )
    # Copied from the category so a network's threads are read without a join, and kept right on a move.
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # The newest visible post, for ordering and unread markers; kept by the services.
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    # A round table or conference of the network may have its thread.
    event = models.OneToOneField(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_thread"
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "pinned", "last_post_at"], name="thread_listing")]

    def __str__(self) -> str:
        return self.title


class Post(PublicIdModel):
    thread = models.ForeignKey(Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The author's organisation when they wrote it (shown beside the name); none for a coordinator.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"))  # Markdown, as written
    body_html = models.TextField(editable=False)  # rendered and sanitised once, at each save
    quoted = models.ForeignKey(
        "self", verbose_name=_("quoted post"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="post_in_thread")]

    def __str__(self) -> str:
        return f"{self.thread} #{self.pk}"


class PostRevision(models.Model):
    """A post's text before an edit: the edit history readers can open."""

    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced"), default=timezone.now)

    class Meta:
        verbose_name = _("earlier version of a post")
        verbose_name_plural = _("earlier versions of posts")
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class PostAttachment(PublicIdModel):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="forum/%Y/%m/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment of a post")
        verbose_name_plural = _("attachments of posts")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ReportOutcome(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Post hidden")
    DISMISSED = "dismissed", _("Dismissed")


class PostReport(PublicIdModel):
    post = models.ForeignKey(Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReportOutcome.choices, default=ReportOutcome.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report of a post")
        verbose_name_plural = _("reports of posts")
        ordering = ["-reported_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reported_by"], name="one_report_per_person_and_post")]


class ForumBan(models.Model):
    """A person may not post in a network's forum until `until` (reading stays possible)."""

    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=300)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("banned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    banned_at = models.DateTimeField(_("banned"), default=timezone.now)

    class Meta:
        verbose_name = _("ban from posting")
        verbose_name_plural = _("bans from posting")
        ordering = ["-until"]

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d %H:%M}"


class NotificationMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An e-mail for each new post")
    DAILY = "daily", _("A daily digest")


class ForumSubscription(models.Model):
    """A person follows a thread or a whole category; new posts reach them by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    category = models.ForeignKey(
        ForumCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    mode = models.CharField(
        _("notifications"), max_length=16, choices=NotificationMode.choices, default=NotificationMode.IMMEDIATE
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("forum subscription")
        verbose_name_plural = _("forum subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, category__isnull=True)
                | models.Q(thread__isnull=True, category__isnull=False),
                name="subscription_to_thread_or_category",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="one_subscription_per_thread"),
            models.UniqueConstraint(fields=["user", "category"], name="one_subscription_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id or self.category_id}"


class NotificationReason(models.TextChoices):
    SUBSCRIBED = "subscribed", _("You follow this")
    MENTIONED = "mentioned", _("You were mentioned")


class PendingNotification(models.Model):
    """A new post someone is to hear of: sent at once by a background task, or gathered into their
    daily digest. `sent_at` is set when the mail went, so nothing is sent twice and nothing lost."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=NotificationReason.choices)
    mode = models.CharField(max_length=16, choices=NotificationMode.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("forum notification")
        verbose_name_plural = _("forum notifications")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_notification_per_person_and_post")]
        indexes = [models.Index(fields=["mode", "sent_at"], name="notification_queue")]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.post_id}"


class ThreadVisit(models.Model):
    """When a person last read a thread: posts after it are unread for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    read_up_to = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thread read")
        verbose_name_plural = _("threads read")
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_visit_per_person_and_thread")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} up to {self.read_up_to:%Y-%m-%d %H:%M}"
