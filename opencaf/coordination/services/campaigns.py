"""Campaigns: a network's invitation to its organisations to start CAF and name a quality
representative by a deadline. Every write is atomic and audited; e-mail goes out after the commit
(`core.mail`), and what the mail server refuses stays visible and can be sent again.

A recipient stays "not sent yet" until the mail server has accepted its invitation (`record_sent`);
one whose every attempt failed is audited (`record_not_delivered`) and is sent again by
`send_campaign` with the others not reached.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from opencaf.audit.services import record_event
from opencaf.coordination import links
from opencaf.coordination.models import Campaign, CampaignState, Recipient, ReplyStatus
from opencaf.core import mail
from opencaf.evidence import rules as upload_rules
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.permissions import is_coordinator
from opencaf.organisations.services import invite_nominated_representative

if TYPE_CHECKING:
    from opencaf.accounts.models import User

PLACEHOLDERS = ("organisation", "head", "deadline", "link")
ATTACHMENT_EXTENSIONS = ("pdf",)


@dataclass(frozen=True)
class CampaignData:
    title: str
    message: Mapping[str, Mapping[str, str]]  # {"sl": {"subject": …, "body": …}}
    links: str
    deadline: date
    reminder_days: int
    attachment: UploadedFile | None = None
    remove_attachment: bool = False


@dataclass(frozen=True)
class RecipientData:
    organisation: Organisation
    head_name: str
    head_email: str
    language: str


def _require_coordinator(actor: User, network: Network) -> None:
    if not is_coordinator(actor, network):
        raise PermissionDenied


# --- the invitation text ----------------------------------------------------------------------------


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in the text that are not placeholders; ValidationError for braces that do not pair."""
    try:
        fields = [field for _literal, field, _spec, _conversion in string.Formatter().parse(text) if field is not None]
    except ValueError:
        raise ValidationError(
            _(
                "A brace { or } does not pair. Write placeholders as {organisation}; "
                "to show a brace itself, write it twice."
            )
        ) from None
    return [field or "{}" for field in fields if field not in PLACEHOLDERS]


def _check_message(message: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    languages = dict(settings.LANGUAGES)
    cleaned: dict[str, dict[str, str]] = {}
    errors: dict[str, list[str]] = {}
    for language, texts in message.items():
        subject, body = texts.get("subject", "").strip(), texts.get("body", "").strip()
        if language not in languages or not (subject or body):
            continue
        for part, text in (("subject", subject), ("body", body)):
            field = f"{part}_{language}"
            if not text:
                errors.setdefault(field, []).append(_("Write both the subject and the text of this language."))
                continue
            try:
                unknown = unknown_placeholders(text)
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.messages)
                continue
            if unknown:
                errors.setdefault(field, []).append(
                    _("Unknown placeholder: %(names)s. Use only %(allowed)s.")
                    % {
                        "names": ", ".join("{" + name + "}" for name in unknown),
                        "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
                    }
                )
        cleaned[language] = {"subject": subject, "body": body}
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Write the invitation in at least one language."))
    return cleaned


def _check_links(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    bad = [line for line in lines if not line.startswith(("https://", "http://"))]
    if bad:
        raise ValidationError({"links": _("Write one web address a line, starting with https://.")})
    return "\n".join(lines)


def _check_attachment(upload: UploadedFile) -> None:
    name = upload.name or ""
    head = upload.read(16)
    upload.seek(0)
    problem = upload_rules.check_upload(name, upload.size or 0, head)
    if problem is None and upload_rules.extension_of(name) not in ATTACHMENT_EXTENSIONS:
        problem = upload_rules.UploadProblem.EXTENSION
    messages = {
        upload_rules.UploadProblem.EMPTY: _("The file is empty."),
        upload_rules.UploadProblem.TOO_LARGE: _("The file is larger than %(size)s MB.")
        % {"size": upload_rules.MAX_BYTES // 2**20},
        upload_rules.UploadProblem.EXTENSION: _("Attach a PDF file."),
        upload_rules.UploadProblem.CONTENT: _("The file's content does not match its extension: it is not a PDF."),
    }
    if problem is not None:
        raise ValidationError({"attachment": messages[problem]})


def _check_data(data: CampaignData) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    fields: dict[str, object] = {"title": data.title.strip()}
    if not fields["title"]:
        errors["title"] = [_("This field is required.")]
    try:
        fields["message"] = _check_message(data.message)
    except ValidationError as error:
        errors.update(error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages})
    try:
        fields["links"] = _check_links(data.links)
    except ValidationError as error:
        errors.update(error.message_dict)
    if data.deadline <= timezone.localdate():
        errors["deadline"] = [_("The deadline must be in the future.")]
    if not 0 <= data.reminder_days <= 90:
        errors["reminder_days"] = [_("Enter a number of days from 0 to 90.")]
    if data.attachment is not None:
        try:
            _check_attachment(data.attachment)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    fields.update(deadline=data.deadline, reminder_days=data.reminder_days)
    return fields


# --- drafting ---------------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(*, actor: User, network: Network, data: CampaignData) -> Campaign:
    _require_coordinator(actor, network)
    fields = _check_data(data)
    campaign = Campaign(network=network, created_by=actor, **fields)
    if data.attachment is not None:
        campaign.attachment.save(data.attachment.name or "attachment.pdf", data.attachment, save=False)
    campaign.save()
    record_event("coordination.campaign_created", actor=actor, obj=campaign, network=network)
    return campaign


@transaction.atomic
def update_campaign(*, actor: User, campaign: Campaign, data: CampaignData) -> Campaign:
    """Change the invitation. After sending only the deadline and the reminder may change, as the
    organisations already read the rest."""
    _require_coordinator(actor, campaign.network)
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    fields = _check_data(data)
    if campaign.state == CampaignState.SENT:
        fields = {key: fields[key] for key in ("deadline", "reminder_days")}
    changes: dict[str, object] = {}
    for key in ("title", "message", "links", "deadline", "reminder_days"):  # spelled out for the audit test
        if key in fields and getattr(campaign, key) != fields[key]:
            changes[key] = {"before": str(getattr(campaign, key)), "after": str(fields[key])}
    for key, value in fields.items():
        setattr(campaign, key, value)
    if campaign.state == CampaignState.DRAFT:
        if (data.remove_attachment or data.attachment is not None) and campaign.attachment:
            campaign.attachment.delete(save=False)
            changes["attachment"] = {"before": "1", "after": ""}
        if data.attachment is not None:
            campaign.attachment.save(data.attachment.name or "attachment.pdf", data.attachment, save=False)
            changes["attachment"] = {"before": "", "after": campaign.attachment.name or ""}
    campaign.save()
    if changes:
        record_event(
            "coordination.campaign_changed", actor=actor, obj=campaign, network=campaign.network, changes=changes
        )
    return campaign


def check_recipient(data: RecipientData, network: Network) -> dict[str, str]:
    """What is wrong with one recipient, by field; empty when it may be added."""
    problems: dict[str, str] = {}
    if data.organisation.network_id != network.pk:
        problems["organisation"] = _("This organisation is not in the network.")
    if not data.head_name.strip():
        problems["head_name"] = _("Enter the head's name.")
    elif len(data.head_name.strip()) > 200:
        problems["head_name"] = _("The name is longer than 200 characters.")
    try:
        validate_email(data.head_email.strip())
    except ValidationError:
        problems["head_email"] = _("Enter a valid e-mail address.")
    if data.language not in dict(settings.LANGUAGES):
        problems["language"] = _("Unknown language.")
    return problems


@transaction.atomic
def add_recipients(*, actor: User, campaign: Campaign, rows: Sequence[RecipientData]) -> list[Recipient]:
    """Add organisations to an open campaign, all or none: an organisation twice, one already
    invited, one of another network or a bad address refuses the whole set."""
    _require_coordinator(actor, campaign.network)
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    if not rows:
        raise ValidationError(_("Choose at least one organisation."))
    invited = set(campaign.recipients.values_list("organisation_id", flat=True))
    seen: set[int] = set()
    errors: list[str] = []
    for row in rows:
        name = row.organisation.name
        for message in check_recipient(row, campaign.network).values():
            errors.append(f"{name}: {message}")
        if row.organisation.pk in invited:
            errors.append(_("%(name)s: already invited by this campaign.") % {"name": name})
        elif row.organisation.pk in seen:
            errors.append(_("%(name)s: listed more than once.") % {"name": name})
        seen.add(row.organisation.pk)
    if errors:
        raise ValidationError(errors)
    created = Recipient.objects.bulk_create(
        Recipient(
            campaign=campaign,
            organisation=row.organisation,
            head_name=row.head_name.strip(),
            head_email=row.head_email.strip().lower(),
            language=row.language,
        )
        for row in rows
    )
    record_event(
        "coordination.recipients_added",
        actor=actor,
        obj=campaign,
        network=campaign.network,
        changes={"organisations": [row.organisation.name for row in rows]},
    )
    return created


@transaction.atomic
def remove_recipient(*, actor: User, recipient: Recipient) -> None:
    """Take an organisation off the campaign before its invitation went out."""
    campaign = recipient.campaign
    _require_coordinator(actor, campaign.network)
    if recipient.status != ReplyStatus.PENDING or campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("Only an organisation whose invitation has not been sent can be removed."))
    record_event(
        "coordination.campaign_changed",
        actor=actor,
        obj=campaign,
        network=campaign.network,
        changes={"removed": recipient.organisation.name},
    )
    recipient.delete()


# --- sending ----------------------------------------------------------------------------------------


def _fill(text: str, recipient: Recipient, language: str) -> str:
    with translation.override(language):
        deadline = formats.date_format(recipient.campaign.deadline, "DATE_FORMAT")
    values = {
        "organisation": recipient.organisation.name,
        "head": recipient.head_name,
        "deadline": deadline,
        "link": links.nomination_url(recipient),
    }
    return text.format_map(values)  # only the checked placeholders: no attribute or index lookups


def attachment_url(recipient: Recipient) -> str:
    if not recipient.campaign.attachment:
        return ""
    token = links.make_token(recipient)
    return settings.SITE_URL + reverse("coordination:nomination_attachment", kwargs={"token": token})


def _context(recipient: Recipient) -> dict[str, object]:
    campaign = recipient.campaign
    return {
        "recipient": recipient,
        "campaign": campaign,
        "links": campaign.links.splitlines(),
        "attachment_url": attachment_url(recipient),
        "url": links.nomination_url(recipient),
        "valid_days": settings.CAMPAIGN_LINK_VALID_DAYS,
    }


def _queue_invitation(recipient: Recipient) -> None:
    texts = recipient.campaign.message[recipient.language]
    context = {
        **_context(recipient),
        "subject": _fill(texts["subject"], recipient, recipient.language),
        "text": _fill(texts["body"], recipient, recipient.language),
    }
    subject, body = mail.render_mail("coordination/email/invitation", context, recipient.language)
    mail.send_after_commit(
        to=recipient.head_email,
        subject=subject,
        body=body,
        kind="campaign invitation",
        reference=recipient.pk,
        on_sent=record_sent,
        on_not_delivered=record_not_delivered,
    )


@transaction.atomic
def send_campaign(*, actor: User, campaign: Campaign) -> int:
    """E-mail every organisation not reached yet (all of them the first time), each in its language.
    Returns how many invitations were queued."""
    _require_coordinator(actor, campaign.network)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("The campaign is closed."))
    if campaign.deadline < timezone.localdate():
        raise ValidationError(_("The deadline has passed. Set a later deadline before sending."))
    # Not reached: never queued, or refused by the mail server since; one already waiting for the mail
    # worker is left alone, so a second click does not send twice.
    recipients = list(
        campaign.recipients.filter(status=ReplyStatus.PENDING, queued_at__isnull=True).select_related(
            "organisation", "campaign__network"
        )
    )
    if not recipients:
        raise ValidationError(
            _("Every organisation of the campaign has been reached already, or its e-mail is on its way.")
        )
    missing = sorted({recipient.language for recipient in recipients} - set(campaign.message))
    if missing:
        names = dict(settings.LANGUAGES)
        raise ValidationError(
            _("Write the invitation in %(languages)s too: some organisations receive it in that language.")
            % {"languages": ", ".join(str(names.get(code, code)) for code in missing)}
        )
    first = campaign.state == CampaignState.DRAFT
    if first:
        campaign.state = CampaignState.SENT
        campaign.sent_at = timezone.now()
        campaign.save(update_fields=["state", "sent_at"])
    campaign.recipients.filter(pk__in=[recipient.pk for recipient in recipients]).update(
        queued_at=timezone.now(), delivery_error=""
    )
    for recipient in recipients:
        recipient.campaign = campaign
        _queue_invitation(recipient)
    record_event(
        "coordination.campaign_sent",
        actor=actor,
        obj=campaign,
        network=campaign.network,
        changes={"recipients": len(recipients), "again": not first},
    )
    return len(recipients)


def record_sent(recipient_id: int) -> None:
    """core.mail hook: the mail server accepted the invitation."""
    Recipient.objects.filter(pk=recipient_id, status=ReplyStatus.PENDING).update(
        status=ReplyStatus.SENT, sent_at=timezone.now(), delivery_error=""
    )


@transaction.atomic
def record_not_delivered(recipient_id: int, reason: str) -> None:
    """core.mail hook: every attempt failed; the campaign page shows it and offers to send again."""
    recipient = Recipient.objects.select_related("organisation", "campaign__network").filter(pk=recipient_id).first()
    if recipient is None:
        return
    if recipient.status == ReplyStatus.PENDING:  # an invitation (not a reminder): it may be sent again
        recipient.queued_at = None
        recipient.delivery_error = reason[:500] or "?"
        recipient.save(update_fields=["queued_at", "delivery_error"])
    record_event(
        "coordination.invitation_not_delivered",
        actor=None,
        obj=recipient,
        organisation=recipient.organisation,
        network=recipient.campaign.network,
        changes={"email": recipient.head_email, "reason": reason[:500]},
    )


@transaction.atomic
def close_campaign(*, actor: User, campaign: Campaign) -> None:
    """No more replies: the links stop working and no reminder goes out."""
    _require_coordinator(actor, campaign.network)
    if campaign.state == CampaignState.CLOSED:
        raise ValidationError(_("The campaign is closed already."))
    campaign.state = CampaignState.CLOSED
    campaign.save(update_fields=["state"])
    record_event("coordination.campaign_closed", actor=actor, obj=campaign, network=campaign.network)


# --- replies through the signed link ---------------------------------------------------------------


def _lock_open(recipient: Recipient) -> Recipient:
    """The recipient, locked, if it may still reply; a double submit or a second tab finds the reply."""
    locked = (
        # Only the recipient's row: PostgreSQL cannot lock the nullable side of an outer join
        # (a campaign whose creator left).
        Recipient.objects.select_for_update(of=("self",))
        .select_related("campaign__network", "campaign__created_by", "organisation__network")
        .get(pk=recipient.pk)
    )
    if locked.status in (ReplyStatus.NOMINATED, ReplyStatus.DECLINED):
        raise links.LinkProblem(links.LinkProblem.ANSWERED, locked.language)
    if locked.campaign.state == CampaignState.CLOSED:
        raise links.LinkProblem(links.LinkProblem.CLOSED, locked.language)
    return locked


@transaction.atomic
def nominate(*, recipient: Recipient, name: str, position: str, email: str) -> Recipient:
    """Record the representative the organisation named and invite them as its administrator."""
    recipient = _lock_open(recipient)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter the representative's name.")
    if not position.strip():
        errors["position"] = _("Enter the representative's position.")
    try:
        validate_email(email.strip())
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    recipient.status = ReplyStatus.NOMINATED
    recipient.replied_at = timezone.now()
    recipient.representative_name = name.strip()
    recipient.representative_position = position.strip()
    recipient.representative_email = email.strip().lower()
    recipient.link_version += 1
    recipient.save()
    record_event(
        "coordination.nominated",
        actor=None,
        obj=recipient,
        organisation=recipient.organisation,
        network=recipient.campaign.network,
        changes={"name": recipient.representative_name, "email": recipient.representative_email},
    )
    invite_nominated_representative(
        organisation=recipient.organisation,
        email=recipient.representative_email,
        invited_by=recipient.campaign.created_by,
    )
    return recipient


@transaction.atomic
def decline(*, recipient: Recipient, reason: str) -> Recipient:
    recipient = _lock_open(recipient)
    recipient.status = ReplyStatus.DECLINED
    recipient.replied_at = timezone.now()
    recipient.decline_reason = reason.strip()
    recipient.link_version += 1
    recipient.save()
    record_event(
        "coordination.declined",
        actor=None,
        obj=recipient,
        organisation=recipient.organisation,
        network=recipient.campaign.network,
        changes={"reason": recipient.decline_reason},
    )
    return recipient


# --- reminders --------------------------------------------------------------------------------------


@transaction.atomic
def send_reminder(recipient: Recipient) -> None:
    """One reminder to a head who has not replied; `reminded_at` keeps it to one."""
    recipient = (
        Recipient.objects.select_for_update().select_related("campaign__network", "organisation").get(pk=recipient.pk)
    )
    if recipient.reminded_at is not None or recipient.status != ReplyStatus.SENT:
        return
    recipient.reminded_at = timezone.now()
    recipient.save(update_fields=["reminded_at"])
    subject, body = mail.render_mail("coordination/email/reminder", _context(recipient), recipient.language)
    mail.send_after_commit(
        to=recipient.head_email,
        subject=subject,
        body=body,
        kind="campaign reminder",
        reference=recipient.pk,
        on_not_delivered=record_not_delivered,
    )
    record_event(
        "coordination.reminder_sent",
        actor=None,
        obj=recipient,
        organisation=recipient.organisation,
        network=recipient.campaign.network,
    )
