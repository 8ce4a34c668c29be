"""Reads of consents to share scores and of peer groups, scoped by the caller's access helper
(`permissions.sharing`): an organisation's own assessments, a network's own groups.

Also read by the other benchmarking parts: `consents_in(network)` (what the snapshot may copy, and who
may be suggested as a partner) and `peer_groups_of(organisation)` (the groups an organisation sees on
its benchmark page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from opencaf.assessments.lifecycle import FINISHED, is_finished
from opencaf.assessments.models import SelfAssessment
from opencaf.benchmarking.models import PeerGroup, ScoreSharing
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Network, Organisation

FINISHED_STATES = [state.value for state in FINISHED]
MEMBERS_PAGE_SIZE = 100
CANDIDATES_PAGE_SIZE = 100


# --- an organisation's consents ------------------------------------------------------------------------


class SharingState:
    """How one self-assessment's scores are shared, for the page's badge and wording."""

    NOT_SHARED = "not_shared"
    SHARED = "shared"  # in the network's benchmarks now
    EMBARGOED = "embargoed"  # consented, from a later day on
    HELD = "held"  # consented, but the assessment was reopened: nothing shared until it is finished again


@dataclass(frozen=True)
class SharingRow:
    assessment: SelfAssessment
    sharing: ScoreSharing | None
    state: str

    @property
    def finished(self) -> bool:
        return is_finished(self.assessment.lifecycle_state)


@dataclass(frozen=True)
class SharingOverview:
    rows: list[SharingRow]
    unfinished: int  # self-assessments not finished and never shared: not listed, counted


def sharing_state(assessment: SelfAssessment, sharing: ScoreSharing | None, today: date | None = None) -> str:
    if sharing is None:
        return SharingState.NOT_SHARED
    if not is_finished(assessment.lifecycle_state):
        return SharingState.HELD
    if sharing.shared_from is not None and sharing.shared_from > (today or timezone.localdate()):
        return SharingState.EMBARGOED
    return SharingState.SHARED


def _sharing_of(assessment: SelfAssessment) -> ScoreSharing | None:
    """The consent loaded with the assessment (select_related), without a query of its own."""
    try:
        return assessment.score_sharing
    except ScoreSharing.DoesNotExist:
        return None


def sharing_overview(organisation: Organisation) -> SharingOverview:
    """The organisation's finished self-assessments, and any other one that still has a consent (it was
    reopened), newest first, each with its consent; two queries whatever their number."""
    listed = (
        SelfAssessment.objects.filter(organisation=organisation)
        .filter(Q(state__in=FINISHED_STATES) | Q(score_sharing__isnull=False))
        .select_related("score_sharing")
        .order_by("-finalised_at", "-created_at", "-pk")
    )
    today = timezone.localdate()
    rows = []
    for assessment in listed:
        assessment.organisation = organisation
        sharing = _sharing_of(assessment)
        rows.append(SharingRow(assessment, sharing, sharing_state(assessment, sharing, today)))
    unfinished = (
        SelfAssessment.objects.filter(organisation=organisation, score_sharing__isnull=True)
        .exclude(state__in=FINISHED_STATES)
        .count()
    )
    return SharingOverview(rows, unfinished)


def get_assessment(organisation: Organisation, assessment_id: object) -> SharingRow:
    """One self-assessment of the organisation with its consent; 404 for another organisation's."""
    assessment = get_by_public_id(
        SelfAssessment.objects.filter(organisation=organisation).select_related("score_sharing"), assessment_id
    )
    assessment.organisation = organisation
    sharing = _sharing_of(assessment)
    return SharingRow(assessment, sharing, sharing_state(assessment, sharing))


# --- for the figures and partners parts ------------------------------------------------------------------


def consents_in(network: Network, *, on: date | None = None) -> QuerySet[ScoreSharing]:
    """The consents of the network's organisations whose self-assessment is finished; with `on`, only
    those in force that day (no embargo, or one that has ended). Never shown with names by themselves:
    `open_to_partners` says which organisation may be named as a bench-learning partner."""
    consents = ScoreSharing.objects.filter(
        organisation__network=network, assessment__organisation__network=network, assessment__state__in=FINISHED_STATES
    )
    if on is not None:
        consents = consents.filter(Q(shared_from__isnull=True) | Q(shared_from__lte=on))
    return consents


def peer_groups_of(organisation: Organisation) -> list[PeerGroup]:
    """The coordinators' peer groups of its network the organisation belongs to, by name."""
    if organisation.network_id is None:
        return []
    return list(PeerGroup.objects.filter(network_id=organisation.network_id, organisations=organisation))


# --- a network's peer groups --------------------------------------------------------------------------------


def peer_groups(network: Network) -> list[PeerGroup]:
    """The network's peer groups by name, each with `member_count`; one query."""
    return list(PeerGroup.objects.filter(network=network).annotate(member_count=Count("organisations")))


def members_page(group: PeerGroup, page_number: str | None) -> Page[Organisation]:
    """The group's organisations by name, a page at a time."""
    members = group.organisations.filter(network=group.network).order_by("name", "pk")
    return Paginator(members, MEMBERS_PAGE_SIZE).get_page(page_number)


def members_of(group: PeerGroup) -> QuerySet[Organisation]:
    """What a removal may name: the group's organisations."""
    return group.organisations.all()


@dataclass(frozen=True)
class CandidateFilter:
    org_type: str = ""
    size_band: str = ""
    region: str = ""
    name: str = ""


def candidates(group: PeerGroup, chosen: CandidateFilter | None = None) -> QuerySet[Organisation]:
    """The network's organisations not yet in the group, narrowed by the filter, by name."""
    found = Organisation.objects.filter(network=group.network).exclude(peer_groups=group).order_by("name", "pk")
    chosen = chosen or CandidateFilter()
    if chosen.org_type:
        found = found.filter(org_type=chosen.org_type)
    if chosen.size_band:
        found = found.filter(size_band=chosen.size_band)
    if chosen.region:
        found = found.filter(region=chosen.region)
    if chosen.name:
        found = found.filter(Q(name__icontains=chosen.name) | Q(short_name__icontains=chosen.name))
    return found


def candidates_page(group: PeerGroup, chosen: CandidateFilter, page_number: str | None) -> Page[Organisation]:
    return Paginator(candidates(group, chosen), CANDIDATES_PAGE_SIZE).get_page(page_number)
