"""Bench-learning contact requests: an organisation asks a suggested partner (see
`selectors.partners`) to share what it learned on a subcriterion; the partner accepts, with an
answer, or declines; the asker may withdraw while the request waits.

Until the partner accepts, neither side learns the other's name: the partner's administrators are told
by e-mail that "a municipality with 50–249 employees" asks, and the asker sees the partner only as
the suggestion described it. On acceptance both see the organisations' names and the names and
addresses of the person who asked and the person who answered.

Limits: one waiting request per pair of organisations and subcriterion (the database holds it too),
at most `MAX_PENDING` waiting requests per asking organisation, messages and answers of at most
`MESSAGE_MAX` / `ANSWER_MAX` characters. The partner must still qualify when the request is made
(its consent in force, comparable, high on one of the asker's weakest subcriteria).

Every step is atomic, audited in the log of the organisation that takes it, and e-mails go out after
the commit (core.mail), each in its recipient's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.audit.services import record_event
from opencaf.benchmarking.models import PartnerRequest, PartnerRequestState
from opencaf.benchmarking.permissions.partners import NOTIFIED_ROLES, can_act_on_partners
from opencaf.benchmarking.selectors import partners as selectors
from opencaf.core import mail
from opencaf.core.texts import too_long
from opencaf.frameworks.models import Subcriterion
from opencaf.lib.texts import paragraphs
from opencaf.organisations.choices import OrganisationType, SizeBand
from opencaf.organisations.models import MembershipRole, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

MESSAGE_MAX = 2000
ANSWER_MAX = 2000
MAX_PENDING = 10  # waiting requests an organisation may have sent at once


def _require_actor(actor: User, organisation: Organisation) -> None:
    if not can_act_on_partners(actor, organisation):
        raise PermissionDenied


def clean_text(text: object, *, field: str, limit: int, empty_message: str) -> str:
    """The text tidied; ValidationError on `field` when it is empty or too long."""
    cleaned = paragraphs(text)
    if not cleaned:
        raise ValidationError({field: [empty_message]})
    if len(cleaned) > limit:
        raise ValidationError({field: [too_long(limit)]})
    return cleaned


def _locked(request: PartnerRequest) -> PartnerRequest:
    # Only non-null foreign keys joined: PostgreSQL locks no row of an outer join.
    return PartnerRequest.objects.select_for_update().select_related("requester", "partner").get(pk=request.pk)


def _require_pending(request: PartnerRequest) -> None:
    if request.state != PartnerRequestState.PENDING:
        raise ValidationError(_("This request has already been answered or withdrawn."))


# --- asking ----------------------------------------------------------------------------------------------


@transaction.atomic
def request_contact(
    *, actor: User, organisation: Organisation, sharing_id: UUID, subcriterion_code: str, message: str
) -> PartnerRequest:
    """Ask the organisation that gave the consent `sharing_id` for a contact on `subcriterion_code`."""
    _require_actor(actor, organisation)
    text = clean_text(
        message,
        field="message",
        limit=MESSAGE_MAX,
        empty_message=_("Write a few words about what you would like to learn from them."),
    )
    # One asker at a time per organisation: the limit and the one-waiting-request rule hold under races.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    candidate = selectors.qualifying_partner(organisation, sharing_id, subcriterion_code)
    if candidate is None:
        raise ValidationError(
            _(
                "This organisation can no longer be suggested for this subcriterion (its consent or the "
                "scores changed). The suggestions below are up to date."
            )
        )
    pending = PartnerRequest.objects.filter(requester=organisation, state=PartnerRequestState.PENDING)
    if pending.filter(partner_id=candidate.organisation_id, subcriterion_code=subcriterion_code).exists():
        raise ValidationError(
            _(
                "You have already asked this organisation about this subcriterion. Wait for its answer, "
                "or withdraw that request first."
            )
        )
    if pending.count() >= MAX_PENDING:
        raise ValidationError(
            ngettext(
                "Your organisation already has %(limit)s request waiting for an answer. Wait for an answer or "
                "withdraw a request before asking again.",
                "Your organisation already has %(limit)s requests waiting for an answer. Wait for an answer or "
                "withdraw a request before asking again.",
                MAX_PENDING,
            )
            % {"limit": MAX_PENDING}
        )
    request = PartnerRequest.objects.create(
        requester=organisation,
        partner_id=candidate.organisation_id,
        subcriterion_code=subcriterion_code,
        message=text,
        requested_by=actor,
    )
    notified = _notify_partner(request)
    record_event(
        "benchmarking.partner_requested",
        actor=actor,
        obj=request,
        organisation=organisation,
        changes={"partner_subcriterion": subcriterion_code, "partner_notified": notified},
    )
    return request


@transaction.atomic
def withdraw_request(*, actor: User, organisation: Organisation, request: PartnerRequest) -> PartnerRequest:
    """The asker takes back a request that is still waiting."""
    _require_actor(actor, organisation)
    if request.requester_id != organisation.pk:
        raise PermissionDenied
    request = _locked(request)
    _require_pending(request)
    request.state = PartnerRequestState.WITHDRAWN
    request.save(update_fields=["state"])
    record_event(
        "benchmarking.partner_request_withdrawn",
        actor=actor,
        obj=request,
        organisation=organisation,
        changes={"partner_subcriterion": request.subcriterion_code},
    )
    return request


# --- answering -------------------------------------------------------------------------------------------


def _answer(
    actor: User, organisation: Organisation, request: PartnerRequest, state: PartnerRequestState, answer: str
) -> tuple[PartnerRequest, int]:
    """Record the partner's answer and tell the asker; the request and how many were told by e-mail."""
    _require_actor(actor, organisation)
    if request.partner_id != organisation.pk:
        raise PermissionDenied
    request = _locked(request)
    _require_pending(request)
    request.state = state
    request.answer = answer
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    return request, _notify_asker(request)


@transaction.atomic
def accept_request(*, actor: User, organisation: Organisation, request: PartnerRequest, answer: str) -> PartnerRequest:
    """The partner accepts, with an answer: from now on both sides see each other's names and contacts."""
    _require_actor(actor, organisation)
    text = clean_text(
        answer,
        field="answer",
        limit=ANSWER_MAX,
        empty_message=_("Write an answer: how and when they may contact you, or what you can share."),
    )
    request, notified = _answer(actor, organisation, request, PartnerRequestState.ACCEPTED, text)
    record_event(
        "benchmarking.partner_request_accepted",
        actor=actor,
        obj=request,
        organisation=organisation,
        changes={"partner_subcriterion": request.subcriterion_code, "partner_notified": notified},
    )
    return request


@transaction.atomic
def decline_request(*, actor: User, organisation: Organisation, request: PartnerRequest) -> PartnerRequest:
    """The partner declines: neither side learns the other's name."""
    request, notified = _answer(actor, organisation, request, PartnerRequestState.DECLINED, "")
    record_event(
        "benchmarking.partner_request_declined",
        actor=actor,
        obj=request,
        organisation=organisation,
        changes={"partner_subcriterion": request.subcriterion_code, "partner_notified": notified},
    )
    return request


# --- e-mails ---------------------------------------------------------------------------------------------


def _page_url(organisation: Organisation) -> str:
    return settings.SITE_URL + reverse("benchmarking:partners", kwargs={"org_id": organisation.public_id})


def _subcriterion(request: PartnerRequest) -> Subcriterion | None:
    """The subcriterion asked about, in the asker's framework (its title is rendered per recipient)."""
    assessment = selectors.latest_finished_assessment(request.requester)
    if assessment is None:
        return None
    return Subcriterion.objects.filter(framework_id=assessment.framework_id, code=request.subcriterion_code).first()


def _notify_partner(request: PartnerRequest) -> int:
    """Tell the partner's administrators / quality representative, without the asker's name."""
    grants = (
        MembershipRole.objects.filter(
            membership__organisation_id=request.partner_id,
            membership__user__is_active=True,
            role__in=NOTIFIED_ROLES,
        )
        .select_related("membership__user", "membership__organisation")
        .order_by("membership__user_id")
    )
    recipients = {grant.membership.user_id: grant.membership for grant in grants}
    subcriterion = _subcriterion(request)
    requester = request.requester
    for membership in recipients.values():
        partner = membership.organisation
        context = {
            "request": request,
            "subcriterion": subcriterion,
            "asker_type": OrganisationType(requester.org_type).label,
            "asker_size": SizeBand(requester.size_band).label,
            "url": _page_url(partner),
        }
        language = membership.user.language or partner.default_language
        subject, body = mail.render_mail("benchmarking/email/partner_request", context, language)
        mail.send_after_commit(
            to=membership.user.email,
            subject=subject,
            body=body,
            kind="bench-learning request",
            reference=request.pk,
            on_not_delivered=record_partner_mail_not_delivered,
        )
    return len(recipients)


def _notify_asker(request: PartnerRequest) -> int:
    """Tell the person who asked how the partner answered (with names only when accepted)."""
    asker = request.requested_by
    if asker is None or not asker.is_active:
        return 0
    requester = request.requester
    context = {
        "request": request,
        "subcriterion": _subcriterion(request),
        "partner": request.partner,
        "answerer": request.answered_by,
        "url": _page_url(requester),
    }
    template = "partner_accepted" if request.state == PartnerRequestState.ACCEPTED else "partner_declined"
    language = asker.language or requester.default_language
    subject, body = mail.render_mail(f"benchmarking/email/{template}", context, language)
    mail.send_after_commit(
        to=asker.email,
        subject=subject,
        body=body,
        kind="bench-learning answer",
        reference=request.pk,
        on_not_delivered=record_asker_mail_not_delivered,
    )
    return 1


def _record_not_delivered(request_id: int, *, to_partner: bool) -> None:
    request = PartnerRequest.objects.select_related("requester__network", "partner__network").filter(pk=request_id)
    found = request.first()
    if found is None:  # deleted with its organisation meanwhile
        return
    record_event(
        "benchmarking.partner_mail_not_delivered",
        actor=None,
        obj=found,
        organisation=found.partner if to_partner else found.requester,
        changes={"partner_subcriterion": found.subcriterion_code},
    )


@transaction.atomic
def record_partner_mail_not_delivered(request_id: int, reason: str) -> None:
    """core.mail hook: the notice of a new request could not reach one of the partner's people."""
    _record_not_delivered(request_id, to_partner=True)


@transaction.atomic
def record_asker_mail_not_delivered(request_id: int, reason: str) -> None:
    """core.mail hook: the answer could not reach the person who asked."""
    _record_not_delivered(request_id, to_partner=False)
