"""Signed, expiring links that let an invited organisation answer a campaign without an account.

The link carries the recipient's public id and its link version, signed with the site's secret and
a salt of its own. It stops working when it expires (`CAMPAIGN_LINK_VALID_DAYS`), once the reply is
recorded (the version is raised, and the page says the reply is in), when the campaign is closed,
or if anything in it is changed. Same rules as the action and indicator links.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse

from opencaf.coordination.models import CampaignState, Recipient, ReplyStatus

SALT = "opencaf.coordination.nomination"


class LinkProblem(Exception):
    TAMPERED = "tampered"
    EXPIRED = "expired"
    ANSWERED = "answered"  # the organisation has replied already
    CLOSED = "closed"  # the campaign is closed
    REPLACED = "replaced"  # a newer link was sent, or the invitation was withdrawn

    def __init__(self, reason: str, language: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        # The recipient's language when the link is genuine, so the page speaks the e-mail's language.
        self.language = language


def make_token(recipient: Recipient) -> str:
    return signing.dumps({"r": str(recipient.public_id), "v": recipient.link_version}, salt=SALT, compress=True)


def nomination_url(recipient: Recipient) -> str:
    return settings.SITE_URL + reverse("coordination:nomination", kwargs={"token": make_token(recipient)})


def _payload(raw: Any) -> tuple[str, int]:
    try:
        return str(raw["r"]), int(raw["v"])
    except (KeyError, TypeError, ValueError):
        raise LinkProblem(LinkProblem.TAMPERED) from None


def _find(recipient_id: str) -> Recipient | None:
    recipients = Recipient.objects.select_related("campaign__network", "campaign__created_by", "organisation")
    try:
        return recipients.filter(public_id=recipient_id).first()
    except ValidationError:  # not a UUID: only a payload signed by mistake can say so
        return None


def read_token(token: str) -> Recipient:
    """The recipient the link is for, or LinkProblem saying why it cannot be used."""
    max_age = settings.CAMPAIGN_LINK_VALID_DAYS * 24 * 3600
    try:
        raw: Any = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        found = _find(_payload(signing.loads(token, salt=SALT))[0])
        raise LinkProblem(LinkProblem.EXPIRED, found.language if found else "") from None
    except signing.BadSignature:
        raise LinkProblem(LinkProblem.TAMPERED) from None
    recipient_id, version = _payload(raw)
    recipient = _find(recipient_id)
    if recipient is None:
        raise LinkProblem(LinkProblem.REPLACED)
    if recipient.status in (ReplyStatus.NOMINATED, ReplyStatus.DECLINED):
        raise LinkProblem(LinkProblem.ANSWERED, recipient.language)
    if recipient.campaign.state == CampaignState.CLOSED:
        raise LinkProblem(LinkProblem.CLOSED, recipient.language)
    if recipient.link_version != version:
        raise LinkProblem(LinkProblem.REPLACED, recipient.language)
    return recipient
