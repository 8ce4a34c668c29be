"""Networks (national quality units), organisations and the people in them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opencaf.core.models import PublicIdModel
from opencaf.organisations.choices import Country, OrganisationType, Role, SizeBand, StaffLevel


class Network(PublicIdModel):
    """A coordinating body, e.g. a ministry's quality sector, and the organisations it supports."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The smallest group of people whose survey figures may be shown (lib/anonymity.py), for every
    # organisation of the network; a network may raise it, never go below the platform's default.
    anonymity_minimum = models.PositiveSmallIntegerField(
        _("smallest group shown in survey results"),
        default=5,
        validators=[MinValueValidator(5), MaxValueValidator(50)],
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="NetworkCoordinator",
        related_name="coordinated_networks",
        verbose_name=_("coordinators"),
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class NetworkCoordinator(models.Model):
    network = models.ForeignKey(Network, verbose_name=_("network"), on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("network coordinator")
        verbose_name_plural = _("network coordinators")
        constraints = [models.UniqueConstraint(fields=["network", "user"], name="unique_network_coordinator")]

    def __str__(self) -> str:
        return f"{self.user} – {self.network}"


class Organisation(PublicIdModel):
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    org_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    size_band = models.CharField(_("size"), max_length=16, choices=SizeBand.choices)
    # Free text as the network names its regions (a statistical region, an oblast); the coordinator
    # picks and filters organisations by it.
    region = models.CharField(_("region"), max_length=100, blank=True)
    # Consent to let the network's quality unit count this organisation's agreed areas for improvement
    # (by subcriterion, without the texts' authors) in the network-wide overview. Off until given.
    shares_improvement_areas = models.BooleanField(
        _("share areas for improvement with the network's quality unit"), default=False
    )
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ("name",)
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="unique_organisation_name_in_network")]

    def __str__(self) -> str:
        return self.name


class Membership(PublicIdModel):
    """A person's place in one organisation; the roles they hold there are MembershipRole rows."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    staff_level = models.CharField(_("level"), max_length=16, choices=StaffLevel.choices, blank=True)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    @property
    def role_codes(self) -> list[str]:
        """Role codes in the canonical order of Role; uses the `held_roles` annotation (comma-separated
        codes, see selectors.memberships_for_user) or prefetched roles when available."""
        annotated = self.__dict__.get("held_roles")
        held = set(annotated.split(",")) if annotated is not None else {grant.role for grant in self.roles.all()}
        return [role for role in Role.values if role in held]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.role_codes]


class MembershipRole(models.Model):
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["membership", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return str(Role(self.role).label)


class Invitation(PublicIdModel):
    """A single-use, expiring invitation to join an organisation with given roles.

    Only a hash of the token is stored, so a database leak does not leak working links.
    """

    class Delivery(models.TextChoices):
        """Where the invitation e-mail is: it goes out in the background and may fail (core.mail)."""

        QUEUED = "queued", _("being sent")
        SENT = "sent", _("sent")
        NOT_DELIVERED = "not_delivered", _("not delivered")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    roles = models.JSONField(_("roles"), default=list)
    department = models.CharField(_("department"), max_length=120, blank=True)
    staff_level = models.CharField(_("level"), max_length=16, choices=StaffLevel.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    delivery = models.CharField(_("e-mail"), max_length=16, choices=Delivery.choices, default=Delivery.QUEUED)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in Role.values if code in self.roles]

    @property
    def not_delivered(self) -> bool:
        return self.delivery == self.Delivery.NOT_DELIVERED

    def is_pending(self, now: object | None = None) -> bool:
        moment = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > moment  # type: ignore[operator]
