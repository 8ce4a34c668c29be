"""Test data builders for campaigns."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.coordination.models import Campaign, Recipient
from opencaf.organisations.models import Network, Organisation

MESSAGE = {
    "en": {"subject": "Start CAF, {organisation}", "body": "Dear {head}, reply by {deadline}: {link}"},
    "sl": {"subject": "Začnite s CAF, {organisation}", "body": "Spoštovani {head}, odgovorite do {deadline}: {link}"},
}


def make_campaign(network: Network, created_by: User | None = None, **fields: object) -> Campaign:
    values: dict[str, object] = {
        "title": "Invitation to CAF 2026",
        "message": MESSAGE,
        "deadline": timezone.localdate() + timedelta(days=30),
        "reminder_days": 7,
        "created_by": created_by,
        **fields,
    }
    return Campaign.objects.create(network=network, **values)


def add_recipient(campaign: Campaign, organisation: Organisation, **fields: object) -> Recipient:
    values: dict[str, object] = {
        "head_name": "Mayor Novak",
        "head_email": f"head-{organisation.pk}@example.org",
        "language": "en",
        **fields,
    }
    return Recipient.objects.create(campaign=campaign, organisation=organisation, **values)
