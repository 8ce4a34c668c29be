"""What an organisation shares for benchmarking, the peer groups coordinators define, and the snapshot
tables the benchmark pages read.

Consent is given per self-assessment (`ScoreSharing`) and per indicator (the indicator's visibility
"shared with the network", in the indicators app). The pages never read consensus records or
measurements directly: a background task copies what is consented into `ScoreSnapshot` and
`IndicatorSnapshot` whenever consented data changes, so a benchmark page reads a few indexed rows
whatever the size of the network, and withdrawing consent removes the rows at the next refresh."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.assessments.models import SelfAssessment
from opencaf.core.models import PublicIdModel
from opencaf.indicators.models import SharedDefinition
from opencaf.organisations.choices import Country, OrganisationType, SizeBand
from opencaf.organisations.models import Network, Organisation


class ScoreSharing(PublicIdModel):
    """An organisation's consent to share one finished self-assessment's consensus scores with its
    network, anonymously (never with its name), from `shared_from` on (an embargo) or at once."""

    assessment = models.OneToOneField(
        SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE, related_name="score_sharing"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    shared_from = models.DateField(_("shared from"), null=True, blank=True)
    # Whether the platform may suggest the organisation, by name, as a bench-learning partner to
    # comparable organisations: a consent of its own, separate from sharing figures anonymously.
    open_to_partners = models.BooleanField(_("may be suggested as a bench-learning partner"), default=False)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("given by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        verbose_name = _("consent to share scores")
        verbose_name_plural = _("consents to share scores")

    def __str__(self) -> str:
        return str(self.assessment)


class PeerGroup(PublicIdModel):
    """A group of organisations the coordinators define ("municipalities of Gorenjska", "tax offices"),
    beside the groups by type, size and country the platform forms by itself."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="peer_groups"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="peer_groups", blank=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="one_peer_group_per_name")]

    def __str__(self) -> str:
        return self.name


class SnapshotItemKind(models.TextChoices):
    CRITERION = "criterion", _("Criterion")
    SUBCRITERION = "subcriterion", _("Subcriterion")


class ScoreSnapshot(models.Model):
    """One consented score: an organisation's criterion or subcriterion score in one cycle, with what
    peer groups are formed by, copied at the refresh. Never shown with the organisation's name."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="+")
    framework_code = models.CharField(max_length=40)
    cycle = models.PositiveSmallIntegerField()  # the year the self-assessment was finalised
    kind = models.CharField(max_length=16, choices=SnapshotItemKind.choices)
    code = models.CharField(max_length=8)  # "3" for criterion 3, "3.2" for subcriterion 3.2
    score = models.DecimalField(max_digits=5, decimal_places=1)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    size_band = models.CharField(max_length=16, choices=SizeBand.choices)
    country = models.CharField(max_length=2, choices=Country.choices)
    visible_from = models.DateField(null=True, blank=True)  # the embargo, copied from the consent

    class Meta:
        verbose_name = _("benchmark score")
        verbose_name_plural = _("benchmark scores")
        indexes = [
            models.Index(fields=["network", "framework_code", "cycle", "kind", "code"], name="score_snapshot_item")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.cycle} {self.code}: {self.score}"


class IndicatorSnapshot(models.Model):
    """One consented indicator value: the latest value of a year of an indicator adopted from a shared
    definition and shared with the network."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    definition = models.ForeignKey(SharedDefinition, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    size_band = models.CharField(max_length=16, choices=SizeBand.choices)
    country = models.CharField(max_length=2, choices=Country.choices)

    class Meta:
        verbose_name = _("benchmark indicator value")
        verbose_name_plural = _("benchmark indicator values")
        indexes = [models.Index(fields=["network", "definition", "year"], name="indicator_snapshot_item")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.definition_id} {self.year}: {self.value}"


class RefreshStatus(models.TextChoices):
    IDLE = "idle", _("Up to date")
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being refreshed")
    FAILED = "failed", _("Failed")


class SnapshotState(models.Model):
    """The refresh of one network's snapshot: when it was asked for and last done, and its progress,
    so the coordinator's page shows it and a second request while one waits is not queued twice."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="benchmark_snapshot")
    status = models.CharField(max_length=16, choices=RefreshStatus.choices, default=RefreshStatus.IDLE)
    requested_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("benchmark snapshot")
        verbose_name_plural = _("benchmark snapshots")

    def __str__(self) -> str:
        return str(self.network)


class PartnerRequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("partner request", "Withdrawn")


class PartnerRequest(PublicIdModel):
    """A request for a bench-learning contact: an organisation asks a comparable one that scored high
    on a subcriterion to share what it learned. Until the other side accepts, each sees the other only
    as the platform described it (type, size, score band); on acceptance both see names and the
    addresses of the people who asked and answered."""

    requester = models.ForeignKey(
        Organisation, verbose_name=_("asking organisation"), on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey(
        Organisation, verbose_name=_("organisation asked"), on_delete=models.CASCADE, related_name="+"
    )
    subcriterion_code = models.CharField(_("subcriterion"), max_length=8)
    message = models.TextField(_("message"))
    state = models.CharField(
        _("state"), max_length=16, choices=PartnerRequestState.choices, default=PartnerRequestState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("bench-learning contact request")
        verbose_name_plural = _("bench-learning contact requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "partner", "subcriterion_code"],
                condition=models.Q(state="pending"),
                name="one_pending_partner_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.partner_id} ({self.subcriterion_code})"
