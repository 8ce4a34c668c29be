"""Reads of a network's campaigns, for its coordinators; every query is scoped to the network."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from opencaf.coordination.models import Campaign, Recipient, ReplyStatus
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network, Organisation


def campaigns_of(network: Network) -> QuerySet[Campaign]:
    """The network's campaigns with their counts per reply status, newest first."""
    return Campaign.objects.filter(network=network).annotate(
        recipient_count=Count("recipients"),
        nominated_count=Count("recipients", filter=Q(recipients__status=ReplyStatus.NOMINATED)),
        declined_count=Count("recipients", filter=Q(recipients__status=ReplyStatus.DECLINED)),
    )


def get_campaign(network: Network, campaign_id: object) -> Campaign:
    return get_by_public_id(Campaign.objects.filter(network=network).select_related("network"), campaign_id)


def get_recipient(campaign: Campaign, recipient_id: object) -> Recipient:
    return get_by_public_id(campaign.recipients.select_related("organisation", "campaign__network"), recipient_id)


@dataclass(frozen=True)
class RecipientRow:
    recipient: Recipient
    not_delivered: str  # why the last invitation could not be delivered; empty when it was not refused


@dataclass(frozen=True)
class CampaignOverview:
    rows: list[RecipientRow]
    counts: dict[str, int]  # per ReplyStatus value
    not_reached: int  # not sent yet, or refused by the mail server

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if row.not_delivered)


def overview(campaign: Campaign) -> CampaignOverview:
    """Every organisation of the campaign with its status and failed sends: one query, whatever the size."""
    recipients = list(campaign.recipients.select_related("organisation"))
    rows = [
        RecipientRow(recipient, recipient.delivery_error if recipient.status == ReplyStatus.PENDING else "")
        for recipient in recipients
    ]
    counts = Counter(recipient.status for recipient in recipients)
    return CampaignOverview(
        rows=rows,
        counts={status: counts.get(status, 0) for status in ReplyStatus.values},
        not_reached=sum(
            1 for recipient in recipients if recipient.status == ReplyStatus.PENDING and not recipient.queued_at
        ),
    )


def organisations_to_pick(
    network: Network, campaign: Campaign, org_type: str, size_band: str, region: str = ""
) -> list[Organisation]:
    """The network's organisations of the type, region and size asked for that the campaign does not invite yet."""
    organisations = Organisation.objects.filter(network=network).exclude(campaign_invitations__campaign=campaign)
    if org_type:
        organisations = organisations.filter(org_type=org_type)
    if region:
        organisations = organisations.filter(region=region)
    if size_band:
        organisations = organisations.filter(size_band=size_band)
    return list(organisations.order_by("name"))
