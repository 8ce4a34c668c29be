"""Good practices: what an organisation did about a problem, with its results, reviewed by the network's
coordinators before it is published to the network or to everyone, in one or more languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.core.models import PublicIdModel
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Network, Organisation


class PracticeState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("good practice", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("good practice", "Submitted for review")
    RETURNED = "returned", pgettext_lazy("good practice", "Returned with comments")
    PUBLISHED = "published", pgettext_lazy("good practice", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("good practice", "Withdrawn")


class PracticeAudience(models.TextChoices):
    NETWORK = "network", _("Organisations of the network")
    PUBLIC = "public", _("Everyone (public)")


class GoodPractice(PublicIdModel):
    """A practice of one organisation. Its texts live in `PracticeText`, one per language; the
    organisation writes it, a coordinator of its network reviews it (returns it with comments or
    publishes it to the network or to the public)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="good_practices"
    )
    # The organisation's network when it was written: the one whose coordinators review it and whose
    # library shows it. Copied so the library reads one column, not a join.
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="+")
    state = models.CharField(
        _("state"), max_length=16, choices=PracticeState.choices, default=PracticeState.DRAFT, db_index=True
    )
    audience = models.CharField(_("published for"), max_length=16, choices=PracticeAudience.choices, blank=True)
    original_language = models.CharField(_("language of the original"), max_length=8, choices=settings.LANGUAGES)
    subcriteria = models.ManyToManyField(
        Subcriterion, verbose_name=_("subcriteria"), related_name="good_practices", blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comments"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # Kept across a withdraw and a new publication, like a news item's first publication.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Optimistic locking: a save made from an older version is refused and the text kept.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["network", "state", "audience"], name="practice_library")]

    def __str__(self) -> str:
        text = next(iter(self.texts.all()), None) if hasattr(self, "_prefetched_objects_cache") else None
        return text.title if text is not None else f"{self.organisation} #{self.pk}"


class PracticeText(models.Model):
    """One language version of a practice: the original, or a translation added later."""

    practice = models.ForeignKey(
        GoodPractice, verbose_name=_("good practice"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    actions = models.TextField(_("what was done"))
    results = models.TextField(_("results (with figures)"))
    resources = models.TextField(_("resources needed"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("text of a good practice")
        verbose_name_plural = _("texts of good practices")
        constraints = [models.UniqueConstraint(fields=["practice", "language"], name="one_practice_text_per_language")]

    def __str__(self) -> str:
        return self.title


class PracticeAttachment(PublicIdModel):
    practice = models.ForeignKey(
        GoodPractice, verbose_name=_("good practice"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="practices/%Y/%m/", max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment of a good practice")
        verbose_name_plural = _("attachments of good practices")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.name


class HelpedMark(models.Model):
    """ "This helped us": one mark per organisation and practice, given by one of its members."""

    practice = models.ForeignKey(
        GoodPractice, verbose_name=_("good practice"), on_delete=models.CASCADE, related_name="helped_marks"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("“this helped us” mark")
        verbose_name_plural = _("“this helped us” marks")
        constraints = [
            models.UniqueConstraint(fields=["practice", "organisation"], name="one_helped_mark_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.practice_id}"
