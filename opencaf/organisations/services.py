"""Every change to networks, organisations, memberships and invitations.

Each function is atomic, takes the acting user as `actor`, re-checks permission, and writes its
audit event in the same transaction. E-mail goes out only after the transaction commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.organisations import permissions
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Membership, MembershipRole, Network, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User


# --- organisations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    name: str
    org_type: str
    country: str
    size_band: str
    default_language: str
    short_name: str = ""
    region: str = ""
    parent: Organisation | None = None
    # Imports name a parent that may be created earlier in the same file.
    parent_name: str = ""

    def model_fields(self) -> dict[str, object]:
        fields = dict(self.__dict__)
        fields.pop("parent_name")
        return fields


def _check_parent(network: Network, parent: Organisation | None) -> None:
    if parent is not None and parent.network_id != network.pk:
        raise ValidationError({"parent": _("The parent organisation must belong to the same network.")})


@transaction.atomic
def create_organisation(*, actor: User, network: Network, data: OrganisationData) -> Organisation:
    if not permissions.can_add_organisations(actor, network):
        raise PermissionDenied
    _check_parent(network, data.parent)
    if Organisation.objects.filter(network=network, name__iexact=data.name).exists():
        raise ValidationError({"name": _("An organisation with this name is already in the network.")})
    organisation = Organisation.objects.create(network=network, **data.model_fields())
    record_event("organisation.created", actor=actor, obj=organisation, organisation=organisation)
    return organisation


@transaction.atomic
def import_organisations(*, actor: User, network: Network, rows: list[OrganisationData]) -> list[Organisation]:
    """Create many organisations at once. Callers validate the whole file first; any failure here
    rolls back every row, so an import is never half-applied."""
    if not permissions.can_add_organisations(actor, network):
        raise PermissionDenied
    created = []
    by_name = {org.name.lower(): org for org in network.organisations.all()}
    for row in rows:
        if row.parent_name:
            row = replace(row, parent=by_name[row.parent_name.lower()], parent_name="")
        _check_parent(network, row.parent)
        if row.name.lower() in by_name:
            raise ValidationError(_("An organisation with this name is already in the network."))
        organisation = Organisation.objects.create(network=network, **row.model_fields())
        by_name[row.name.lower()] = organisation
        record_event("organisation.created", actor=actor, obj=organisation, organisation=organisation)
        created.append(organisation)
    record_event("organisation.imported", actor=actor, obj=network, network=network, changes={"count": len(created)})
    return created


# --- invitations ---------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_roles(roles: list[str]) -> list[str]:
    unknown = set(roles) - set(Role.values)
    if unknown or not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    return [role for role in Role.values if role in roles]


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("organisations:accept_invitation", kwargs={"token": token})


def _send_invitation_email(invitation: Invitation, token: str, language: str) -> None:
    """Queue the link for after the commit; the members page shows whether it was delivered."""
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "url": invitation_url(token),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject, body = mail.render_mail("organisations/email/invitation", context, language)
    mail.send_after_commit(
        to=invitation.email,
        subject=subject,
        body=body,
        kind="invitation",
        reference=invitation.pk,
        on_sent=record_invitation_sent,
        on_not_delivered=record_invitation_not_delivered,
    )


def record_invitation_sent(invitation_id: int) -> None:
    """core.mail hook: the invitation e-mail was accepted by the mail server."""
    Invitation.objects.filter(pk=invitation_id).update(delivery=Invitation.Delivery.SENT)


@transaction.atomic
def record_invitation_not_delivered(invitation_id: int, reason: str) -> None:
    """core.mail hook: every attempt failed; the members page offers to send it again."""
    invitation = Invitation.objects.select_related("organisation__network").filter(pk=invitation_id).first()
    if invitation is None:
        return
    invitation.delivery = Invitation.Delivery.NOT_DELIVERED
    invitation.save(update_fields=["delivery"])
    record_event(
        "invitation.not_delivered",
        actor=None,
        obj=invitation,
        organisation=invitation.organisation,
        changes={"email": invitation.email},
    )


@transaction.atomic
def invite_member(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    roles: list[str],
    department: str = "",
    staff_level: str = "",
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token."""
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    return _create_invitation(
        actor=actor,
        organisation=organisation,
        email=email,
        roles=roles,
        department=department,
        staff_level=staff_level,
    )


@transaction.atomic
def invite_nominated_representative(
    *, organisation: Organisation, email: str, invited_by: User | None
) -> Invitation | None:
    """Invite the quality representative an organisation named in reply to a network campaign, as its
    administrator. No member of the organisation acts: the authority is the campaign's signed link,
    which the caller (`coordination.services.campaigns.nominate`) has checked; the invitation is
    shown as sent by the campaign's coordinator. Someone already a member gets the role at once
    (and None is returned)."""
    email = email.strip().lower()
    membership = Membership.objects.filter(organisation=organisation, user__email__iexact=email).first()
    if membership is not None:
        _grant, created = MembershipRole.objects.get_or_create(membership=membership, role=Role.ORG_ADMIN)
        if created:
            record_event(
                "membership.roles_changed",
                actor=None,
                obj=membership,
                organisation=organisation,
                changes={"roles": {"added": [Role.ORG_ADMIN.value]}},
            )
        return None
    invitation, _token = _create_invitation(
        actor=invited_by, organisation=organisation, email=email, roles=[Role.ORG_ADMIN]
    )
    return invitation


def _create_invitation(
    *,
    actor: User | None,
    organisation: Organisation,
    email: str,
    roles: list[str],
    department: str = "",
    staff_level: str = "",
) -> tuple[Invitation, str]:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        roles=_clean_roles(roles),
        department=department,
        staff_level=staff_level,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    record_event(
        "invitation.created",
        actor=actor,
        obj=invitation,
        organisation=organisation,
        changes={"email": email, "roles": invitation.roles},
    )
    from opencaf.accounts.models import User as UserModel

    existing = UserModel.objects.filter(email__iexact=email).first()
    language = (existing.language if existing else "") or organisation.default_language
    _send_invitation_email(invitation, token, language)
    return invitation, token


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event("invitation.revoked", actor=actor, obj=invitation, organisation=invitation.organisation)


class InvitationProblem(Exception):
    """Why an invitation link cannot be used; `reason` is one of the class constants."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"

    def __init__(self, reason: str, invitation: Invitation | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def find_usable_invitation(token: str, *, for_update: bool = False) -> Invitation:
    queryset = Invitation.objects.select_related("organisation", "organisation__network", "invited_by")
    if for_update:
        # Lock only the invitation row; the joined organisation, network and inviter stay unlocked.
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise InvitationProblem(InvitationProblem.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationProblem(InvitationProblem.USED, invitation)
    if invitation.revoked_at is not None:
        raise InvitationProblem(InvitationProblem.REVOKED, invitation)
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(InvitationProblem.EXPIRED, invitation)
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the organisation named in the invitation. The signed-in address must match."""
    invitation = find_usable_invitation(token, for_update=True)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation,
        user=user,
        defaults={"department": invitation.department, "staff_level": invitation.staff_level},
    )
    for role in invitation.roles:
        MembershipRole.objects.get_or_create(membership=membership, role=role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    organisation = invitation.organisation
    record_event("invitation.accepted", actor=user, obj=invitation, organisation=organisation)
    if created:
        record_event(
            "membership.created",
            actor=user,
            obj=membership,
            organisation=organisation,
            changes={"roles": invitation.roles},
        )
    permissions.forget_cached_roles(user)
    return membership


@transaction.atomic
def accept_invitation_as_new_user(*, token: str, full_name: str, password: str | None, language: str) -> Membership:
    """Create the account named in the invitation and join the organisation, all or nothing. Without a
    password (accepted through single sign-on) the account cannot sign in with one until it sets one."""
    from allauth.account.models import EmailAddress

    from opencaf.accounts.models import User as UserModel

    invitation = find_usable_invitation(token, for_update=True)
    if UserModel.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists. Sign in to accept."))
    user = UserModel.objects.create_user(
        invitation.email,
        password,
        full_name=full_name,
        language=language or invitation.organisation.default_language,
    )
    # Following the link proves the address belongs to the person.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return accept_invitation(token=token, user=user)


# --- memberships ---------------------------------------------------------------------------------


def _admin_count(organisation: Organisation) -> int:
    return MembershipRole.objects.filter(membership__organisation=organisation, role=Role.ORG_ADMIN).count()


@transaction.atomic
def change_member_roles(
    *, actor: User, membership: Membership, roles: list[str], department: str, staff_level: str
) -> Membership:
    organisation = membership.organisation
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    new_roles = _clean_roles(roles)
    before = sorted(membership.roles.values_list("role", flat=True))
    if Role.ORG_ADMIN in before and Role.ORG_ADMIN not in new_roles and _admin_count(organisation) <= 1:
        raise ValidationError({"roles": _("The organisation must keep at least one administrator.")})
    membership.roles.exclude(role__in=new_roles).delete()
    for role in new_roles:
        MembershipRole.objects.get_or_create(membership=membership, role=role)
    changes: dict[str, object] = {}
    if sorted(new_roles) != before:
        changes["roles"] = {"before": before, "after": sorted(new_roles)}
    for field, value in (("department", department), ("staff_level", staff_level)):
        if getattr(membership, field) != value:
            changes[field] = {"before": getattr(membership, field), "after": value}
            setattr(membership, field, value)
    membership.save(update_fields=["department", "staff_level"])
    if changes:
        record_event(
            "membership.roles_changed", actor=actor, obj=membership, organisation=organisation, changes=changes
        )
    permissions.forget_cached_roles(actor)
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    organisation = membership.organisation
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied
    roles = sorted(membership.roles.values_list("role", flat=True))
    if Role.ORG_ADMIN in roles and _admin_count(organisation) <= 1:
        raise ValidationError(_("The organisation must keep at least one administrator."))
    record_event(
        "membership.removed",
        actor=actor,
        obj=membership,
        organisation=organisation,
        changes={"email": membership.user.email, "roles": roles},
    )
    membership.delete()
    permissions.forget_cached_roles(actor)


# --- sharing areas for improvement with the network ------------------------------------------------


@transaction.atomic
def set_improvement_area_sharing(*, actor: User, organisation: Organisation, shares: bool) -> bool:
    """Give or withdraw the organisation's consent to count the agreed areas for improvement of its
    latest finished self-assessment in its network's overview (coordination), without its name.
    Only the organisation's administrators decide. Returns whether anything changed; a change is
    audited, repeating the current choice records nothing."""
    if Role.ORG_ADMIN not in permissions.roles_in(actor, organisation):
        raise PermissionDenied
    if organisation.network_id is None:
        raise ValidationError(
            _("This organisation is not part of a network, so there is no quality unit to share with.")
        )
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = locked.shares_improvement_areas
    organisation.shares_improvement_areas = shares
    if before == shares:
        return False
    locked.shares_improvement_areas = shares
    locked.save(update_fields=["shares_improvement_areas"])
    record_event(
        "organisation.sharing_changed",
        actor=actor,
        obj=locked,
        organisation=locked,
        changes={"shares_improvement_areas": {"before": before, "after": shares}},
    )
    return True
