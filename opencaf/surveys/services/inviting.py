"""Inviting people to answer: e-mailed single-use links (to members or to a list of addresses),
reminders to those who have not answered, and printed one-time codes for staff without e-mail.

Every invitation is mailed in the background in the recipient's language (core.mail); the hooks count
what was sent and mark what could not be delivered, which the survey page shows as progress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.organisations.models import Membership
from opencaf.surveys import permissions
from opencaf.surveys.lifecycle import State
from opencaf.surveys.models import Invitation, InvitationKind, Survey
from opencaf.surveys.texts import text_in
from opencaf.surveys.tokens import link_token, paper_code, token_hash

if TYPE_CHECKING:
    from opencaf.accounts.models import User

MAX_PAPER_CODES = 1000  # per batch: a print run for a whole organisation's staff without e-mail


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def _require_run(actor: User, survey: Survey) -> None:
    if not permissions.access_for(actor, survey).can_run:
        raise PermissionDenied
    if survey.lifecycle_state not in (State.DRAFT, State.OPEN):
        raise ValidationError(_("Invitations can be added only before or while the survey is open."))


def _next_batch(survey: Survey) -> int:
    return (Invitation.objects.filter(survey=survey).aggregate(last=Max("batch"))["last"] or 0) + 1


@transaction.atomic
def invite(*, actor: User, survey: Survey, recipients: Sequence[Recipient]) -> int:
    """Invite each address once (addresses already invited are skipped); mail them now if the survey
    is open, else when it opens. Returns how many were added."""
    _require_run(actor, survey)
    known = {email.lower() for email in Invitation.objects.filter(survey=survey).values_list("email", flat=True)}
    batch = _next_batch(survey)
    new = []
    for recipient in recipients:
        email = recipient.email.strip().lower()
        if not email or email in known:
            continue
        known.add(email)
        language = recipient.language if recipient.language in survey.languages else survey.languages[0]
        invitation = Invitation(survey=survey, kind=InvitationKind.EMAIL, email=email, language=language, batch=batch)
        invitation.token_hash = token_hash(link_token(invitation.public_id))
        new.append(invitation)
    Invitation.objects.bulk_create(new)
    if new:
        record_event(
            "surveys.invitations_added",
            actor=actor,
            obj=survey,
            organisation=survey.organisation,
            changes={"count": len(new)},
        )
    if survey.lifecycle_state == State.OPEN:
        for invitation in new:
            _mail(invitation, survey, reminder=False)
    return len(new)


def invite_members(*, actor: User, survey: Survey) -> int:
    """Invite every member of the organisation, each in their own language."""
    members = Membership.objects.filter(organisation=survey.organisation, user__is_active=True).select_related("user")
    recipients = [Recipient(m.user.email, m.user.language or survey.organisation.default_language) for m in members]
    return invite(actor=actor, survey=survey, recipients=recipients)


def mail_waiting_invitations(survey: Survey) -> int:
    """At opening: mail the invitations added while the survey was a draft."""
    waiting = list(Invitation.objects.filter(survey=survey, kind=InvitationKind.EMAIL, sent_count=0, used=False))
    for invitation in waiting:
        _mail(invitation, survey, reminder=False)
    return len(waiting)


@transaction.atomic
def send_reminders(*, actor: User, survey: Survey) -> int:
    """Remind everyone invited by e-mail who has not answered yet (the same link as before)."""
    if not permissions.access_for(actor, survey).can_run:
        raise PermissionDenied
    if survey.lifecycle_state != State.OPEN:
        raise ValidationError(_("Reminders can be sent only while the survey is open."))
    waiting = list(
        Invitation.objects.filter(survey=survey, kind=InvitationKind.EMAIL, used=False, delivery_failed=False)
    )
    for invitation in waiting:
        _mail(invitation, survey, reminder=True)
    record_event(
        "surveys.reminders_sent",
        actor=actor,
        obj=survey,
        organisation=survey.organisation,
        changes={"count": len(waiting)},
    )
    return len(waiting)


def _mail(invitation: Invitation, survey: Survey, *, reminder: bool) -> None:
    url = settings.SITE_URL + reverse("surveys:invited", kwargs={"token": link_token(invitation.public_id)})
    context = {
        "survey_title": text_in(survey.title, invitation.language, survey.languages),
        "organisation": survey.organisation.name,
        "url": url,
        "closes_on": survey.closes_on,
        "reminder": reminder,
    }
    subject, body = mail.render_mail("surveys/email/invitation", context, invitation.language)
    mail.send_after_commit(
        to=invitation.email,
        subject=subject,
        body=body,
        kind="survey reminder" if reminder else "survey invitation",
        reference=invitation.pk,
        on_sent=invitation_sent,
        on_not_delivered=invitation_not_delivered,
    )


def invitation_sent(invitation_id: int) -> None:
    Invitation.objects.filter(pk=invitation_id).update(sent_count=F("sent_count") + 1, delivery_failed=False)


def invitation_not_delivered(invitation_id: int, reason: str) -> None:
    Invitation.objects.filter(pk=invitation_id).update(delivery_failed=True)


@transaction.atomic
def create_paper_codes(*, actor: User, survey: Survey, count: int, language: str) -> int:
    """A batch of one-time codes to print and hand out; returns the batch number (to print it again)."""
    _require_run(actor, survey)
    if not 1 <= count <= MAX_PAPER_CODES:
        raise ValidationError(_("Create between 1 and %(limit)d codes at a time.") % {"limit": MAX_PAPER_CODES})
    batch = _next_batch(survey)
    codes = []
    for _number in range(count):
        invitation = Invitation(survey=survey, kind=InvitationKind.PAPER, language=language, batch=batch)
        invitation.token_hash = token_hash(paper_code(invitation.public_id))
        codes.append(invitation)
    Invitation.objects.bulk_create(codes)
    record_event(
        "surveys.paper_codes_created",
        actor=actor,
        obj=survey,
        organisation=survey.organisation,
        changes={"count": count},
    )
    return batch


def find_invitation(survey_token: str) -> Invitation | None:
    """The invitation a link token or a typed paper code belongs to (None if there is none)."""
    return (
        Invitation.objects.select_related("survey", "survey__organisation", "survey__organisation__network")
        .filter(token_hash=token_hash(survey_token))
        .first()
    )
