"""Labels after they are awarded: the reminder before one expires, and who in the organisation hears
of its label (also for the decision, services/decision.py).

`manage.py remind_label_expiry` runs daily: every label valid until a day within `REMINDER_DAYS` and
not reminded yet gets one e-mail to each administrator of its organisation, in their language, saying
when it expires and that the organisation may apply again after a new self-assessment. `reminded_at`
keeps it to one reminder per label, so running the command twice sends nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opencaf.audit.services import record_event
from opencaf.core import mail
from opencaf.feedback.models import Label
from opencaf.organisations.choices import Role
from opencaf.organisations.models import MembershipRole, Organisation

if TYPE_CHECKING:
    from opencaf.accounts.models import User

REMINDER_DAYS = 90
EXPIRY_TEMPLATE = "feedback/email/label_expiry"

# Who hears of the decision on a case: those who write the application and the managers.
DECISION_ROLES = (Role.ORG_ADMIN, Role.CAF_LEADER, Role.MANAGER)
# Who is reminded that the label expires: the organisation's administrators.
REMINDER_ROLES = (Role.ORG_ADMIN,)


@dataclass(frozen=True)
class Recipient:
    user: User
    language: str


def recipients(organisation: Organisation, roles: tuple[str, ...]) -> list[Recipient]:
    """The organisation's active members holding one of `roles`, each once, in their language (their
    profile's, else the organisation's), in the order of their accounts."""
    grants = MembershipRole.objects.filter(
        membership__organisation=organisation, membership__user__is_active=True, role__in=roles
    ).select_related("membership__user")
    people = {grant.membership.user_id: grant.membership.user for grant in grants}
    return [
        Recipient(user=user, language=user.language or organisation.default_language)
        for _pk, user in sorted(people.items())
    ]


def due_expiry_reminders(today: date | None = None) -> list[Label]:
    """Labels still valid that expire within REMINDER_DAYS and have not been reminded of."""
    today = today or timezone.localdate()
    return list(
        Label.objects.filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(days=REMINDER_DAYS), reminded_at__isnull=True
        )
        .select_related("organisation", "network")
        .order_by("valid_until", "pk")
    )


@transaction.atomic
def send_expiry_reminder(label: Label) -> int:
    """Remind the organisation's administrators that the label expires; returns how many e-mails were
    queued (none when another run reminded of it in the meantime)."""
    if not Label.objects.select_for_update().filter(pk=label.pk, reminded_at__isnull=True).exists():
        return 0
    label.reminded_at = timezone.now()
    label.save(update_fields=["reminded_at"])
    people = recipients(label.organisation, REMINDER_ROLES)
    record_event(
        "feedback.label_expiry_reminded",
        actor=None,
        obj=label,
        organisation=label.organisation,
        changes={"valid_until": label.valid_until.isoformat(), "recipients": len(people)},
    )
    certificate_url = settings.SITE_URL + reverse("feedback:certificate", kwargs={"label_id": label.public_id})
    for person in people:
        context = {
            "name": person.user.full_name,
            "organisation": label.organisation.name,
            "network": label.network.name,
            "label_name": label.name_in(person.language),
            "number": label.number,
            "valid_until": label.valid_until,
            "certificate_url": certificate_url,
        }
        subject, body = mail.render_mail(EXPIRY_TEMPLATE, context, person.language)
        mail.send_after_commit(
            to=person.user.email,
            subject=subject,
            body=body,
            kind="label expiry reminder",
            reference=label.pk,
            headers={"Auto-Submitted": "auto-generated"},
        )
    return len(people)
