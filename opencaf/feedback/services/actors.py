"""The network's external feedback actors (EFACs) and their own declaration of interests on a case.

- `add_actor`: a coordinator adds a person to the network's EFACs by e-mail address and full name. A
  person without an account gets one (no usable password; the network's default language) and an
  e-mail with a link to set their password (django-allauth's password reset key); a person with an
  account gets an e-mail saying they were added.
- `change_actor`: a coordinator changes an EFAC's qualification or (de)activates them. A deactivated
  EFAC keeps their past assignments but cannot be assigned and loses access to the cases (access.py).
- `declare_interests`: an EFAC assigned to a case declares, once, that they have no conflict of interest
  with the organisation (and may then work on the case) or that they have one (and leave the case; the
  coordinators are told).

Every function runs in one transaction, checks who acts again and records an audit event; the e-mails
go once it commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.feedback import lifecycle
from opencaf.feedback.models import CaseActor, Declaration, ExternalActor, FeedbackCase
from opencaf.feedback.services import organiser_mail
from opencaf.feedback.services.case_moves import locked
from opencaf.organisations.permissions import is_coordinator

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Network

QUALIFICATION_MAX = 300
FULL_NAME_MAX = 150
NOTE_MAX = 2000


@dataclass(frozen=True)
class Added:
    external_actor: ExternalActor
    account_created: bool


def set_password_url(user: User) -> str:
    """django-allauth's link to set a password (its password reset key), absolute. Valid for
    settings.PASSWORD_RESET_TIMEOUT and only until the password changes."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.conf import settings

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.SITE_URL + path


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


def _new_account(email: str, full_name: str, language: str) -> User:
    from allauth.account.models import EmailAddress

    from opencaf.accounts.models import User as UserModel

    user = UserModel.objects.create_user(email, None, full_name=full_name, language=language)  # no usable password
    # Not verified: setting the password through the link sent to it is what proves the address.
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


@transaction.atomic
def add_actor(*, actor: User, network: Network, email: str, full_name: str, qualification: str = "") -> Added:
    from opencaf.accounts.models import User as UserModel

    _require_coordinator(actor, network)
    email, full_name, qualification = email.strip().lower(), full_name.strip(), qualification.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if len(qualification) > QUALIFICATION_MAX:
        raise ValidationError(
            {"qualification": _("Keep the qualification to %(max)d characters.") % {"max": QUALIFICATION_MAX}}
        )
    user = UserModel.objects.filter(email__iexact=email).first()
    if user is None:
        if not full_name:
            raise ValidationError({"full_name": _("Give the person's full name: they have no account yet.")})
        if len(full_name) > FULL_NAME_MAX:
            raise ValidationError({"full_name": _("Keep the name to %(max)d characters.") % {"max": FULL_NAME_MAX}})
        user = _new_account(email, full_name, network.default_language)
        created = True
    else:
        created = False
        existing = ExternalActor.objects.filter(network=network, user=user).first()
        if existing is not None:
            if existing.active:
                message = _("%(name)s is already an external feedback actor of the network.")
            else:
                message = _("%(name)s is already in the list, deactivated: reactivate them from their page.")
            raise ValidationError({"email": message % {"name": user.display_name}})
        if not user.is_active:
            raise ValidationError({"email": _("The account with this address is closed. Ask an administrator.")})
    try:
        with transaction.atomic():
            external_actor = ExternalActor.objects.create(
                network=network, user=user, qualification=qualification, added_by=actor
            )
    except IntegrityError:  # added by another coordinator in the meantime
        raise ValidationError(
            {"email": _("%(name)s is already an external feedback actor of the network.") % {"name": user.display_name}}
        ) from None
    record_event(
        "feedback.actor_added",
        actor=actor,
        obj=external_actor,
        network=network,
        changes={"email": user.email, "qualification": qualification, "account_created": created},
    )
    organiser_mail.actor_added(external_actor, set_password_url=set_password_url(user) if created else "")
    return Added(external_actor, created)


@transaction.atomic
def change_actor(*, actor: User, external_actor: ExternalActor, qualification: str, active: bool) -> ExternalActor:
    """Change an EFAC's qualification and whether they are active; nothing recorded when nothing changed."""
    _require_coordinator(actor, external_actor.network)
    qualification = qualification.strip()
    if len(qualification) > QUALIFICATION_MAX:
        raise ValidationError(
            {"qualification": _("Keep the qualification to %(max)d characters.") % {"max": QUALIFICATION_MAX}}
        )
    current = ExternalActor.objects.select_for_update().select_related("user", "network").get(pk=external_actor.pk)
    changes = {}
    for field, value in (("qualification", qualification), ("active", active)):
        before = getattr(current, field)
        if before != value:
            changes[field] = {"before": before, "after": value}
            setattr(current, field, value)
    if changes:
        current.save(update_fields=list(changes))
        record_event("feedback.actor_changed", actor=actor, obj=current, network=current.network, changes=changes)
    return current


# --- the actor's own declaration ---------------------------------------------------------------------


@transaction.atomic
def declare_interests(*, actor: User, case: FeedbackCase, declaration: str, note: str = "") -> CaseActor:
    """The assigned EFAC's declaration on the case, once: no conflict of interest, or a conflict (with
    what it is; they leave the case, stop leading it, and the coordinators are told)."""
    current = locked(case)
    assignment = (
        CaseActor.objects.select_for_update(of=("self",))
        .select_related("actor__user")
        .filter(case=current, actor__user=actor, actor__active=True)
        .first()
    )
    if assignment is None:
        raise PermissionDenied
    if declaration not in (Declaration.NO_CONFLICT, Declaration.CONFLICT):
        raise ValidationError(_("Choose whether you have a conflict of interest."), code="invalid")
    if assignment.declaration != Declaration.PENDING:
        raise ValidationError(
            _(
                "You already declared your interests for this case; a declaration cannot be changed. If "
                "something has changed since, tell the network's coordinators."
            ),
            code="declared",
        )
    if current.lifecycle_state not in lifecycle.IN_HANDS_OF_ACTORS:
        raise ValidationError(
            _("This case is no longer with the external feedback actors: there is nothing to declare."), code="state"
        )
    note = note.strip() if declaration == Declaration.CONFLICT else ""
    if declaration == Declaration.CONFLICT and not note:
        raise ValidationError({"note": _("Say briefly what the conflict is, for the coordinators.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("Keep it to %(max)d characters.") % {"max": NOTE_MAX}})
    was_lead = assignment.lead
    assignment.declaration = declaration
    assignment.declaration_note = note
    assignment.declared_at = timezone.now()
    if declaration == Declaration.CONFLICT:
        assignment.lead = False  # a conflicted actor cannot lead; the coordinators choose another
    assignment.save(update_fields=["declaration", "declaration_note", "declared_at", "lead"])
    changes = {
        "external_actor": assignment.actor.user.display_name,
        "declaration": {"before": Declaration.PENDING.value, "after": declaration},
    }
    if note:
        changes["declaration_note"] = note
    if was_lead and not assignment.lead:
        changes["lead"] = {"before": True, "after": False}
    # On the network's log, not the organisation's: what the conflict is stays with the organiser.
    record_event("feedback.interests_declared", actor=actor, obj=current, network=current.network, changes=changes)
    assignment.case = current
    if declaration == Declaration.CONFLICT:
        organiser_mail.conflict_declared(assignment)
    return assignment
