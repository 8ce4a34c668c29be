"""Demo benchmarking in the Slovenian demo network. Every organisation with a finished self-assessment
(but those recognised as beginners for their first) gets an earlier cycle two years before (scored a
little lower: they improved) and shares its cycles with the network (one under an embargo, most open
to bench-learning partners); the coordinator defines a peer group; the snapshot is built; and the demo
municipality asks a comparable organisation for a bench-learning contact, which is accepted. Through
the services; dates moved to the story afterwards.

Twenty-six experienced CAF users join the network first (`benchmarking_peers`), so that the pages
compare with 30+ organisations. Needs the assessments and coordination demos. Idempotent: does nothing
when the network already has a consent to share scores."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.lifecycle import Action as Step
from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.benchmarking.models import PartnerRequest, ScoreSharing
from opencaf.benchmarking.selectors.partners import suggestions_for
from opencaf.benchmarking.services import partners, peer_groups, sharing, snapshots
from opencaf.demo import coordination_content
from opencaf.demo import coordination_news_content as news_content
from opencaf.demo.assessments import FRAMEWORK_CODE
from opencaf.demo.benchmarking_peers import seed_peers
from opencaf.demo.coordination import _consensus, _project, _seat
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import DEMO_NETWORK
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation

SEED = 2026
COORDINATOR = "coordinator@example.org"
MUNICIPALITY = "Občina Zgornja Dolina (demo)"
EMBARGOED = "SPIRIT Slovenija"  # its latest scores are shared from next month, after its board has seen them
NOT_PARTNERS = {"MNVP", "ZRSZ"}  # share their figures, but do not want to be suggested as partners
# Recognised as CAF beginners for their first self-assessment: no earlier cycle to invent.
FIRST_TIMERS = {award.organisation for award in news_content.AWARDS if award.level == news_content.BEGINNER}
PEER_GROUP = "Občine in upravne enote"
PEER_GROUP_ABOUT = "Organizacije, ki opravljajo storitve neposredno za občane: občine in upravne enote."
REQUEST = (
    "Pozdravljeni, pri tem podmerilu smo dosegli manj točk kot vi. Bi nam v pogovoru predstavili, "
    "kako ste se lotili izboljšav? Mojca Kovač, predstavnica vodstva za kakovost"
)
ANSWER = "Z veseljem. Predlagamo sestanek v začetku januarja; pokličite nas ali nam pišite."


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _administrator(organisation: Organisation) -> Membership:
    membership = (
        Membership.objects.filter(organisation=organisation, roles__role=Role.ORG_ADMIN)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise DemoError(f"{organisation} has no administrator to share its scores")
    return membership


def _latest_finished(network: Network) -> list[SelfAssessment]:
    """Each organisation's latest finished self-assessment, oldest organisation first."""
    latest: dict[int, SelfAssessment] = {}
    for assessment in (
        SelfAssessment.objects.filter(organisation__network=network, state__in=[state.value for state in FINISHED])
        .select_related("organisation", "framework")
        .order_by("organisation_id", "finalised_at")
    ):
        latest[assessment.organisation_id] = assessment
    return list(latest.values())


def seed_benchmarking() -> bool:
    network = Network.objects.get(name=DEMO_NETWORK)
    if ScoreSharing.objects.filter(organisation__network=network).exists():
        return False
    coordinator = User.objects.get(email=COORDINATOR)
    with transaction.atomic():
        rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        seed_peers(network, coordinator, FrameworkVersion.objects.get(code=FRAMEWORK_CODE))
        for assessment in _latest_finished(network):
            if not _named(assessment, *FIRST_TIMERS):
                earlier = _earlier_cycle(assessment, rng)
                _share(earlier, open_to_partners=False)
            embargo = (
                timezone.localdate().replace(day=1) + timedelta(days=45) if _named(assessment, EMBARGOED) else None
            )
            _share(assessment, open_to_partners=not _named(assessment, *NOT_PARTNERS), shared_from=embargo)
        _peer_group(network, coordinator)
        snapshots.rebuild(network)
        _contact(network)
    return True


def _named(assessment: SelfAssessment, *names: str) -> bool:
    organisation = assessment.organisation
    return organisation.name in names or organisation.short_name in names


def _earlier_cycle(latest: SelfAssessment, rng: random.Random) -> SelfAssessment:
    """The cycle two years before `latest`, recorded from the paper minutes of its consensus meeting:
    each subcriterion 0–15 points lower, in steps of 5."""
    leader = _administrator(latest.organisation)
    finalised = (latest.finalised_at or latest.created_at) - timedelta(days=730)
    assessment, group = _project(leader, latest.framework, f"Samoocenjevanje po modelu CAF {finalised.year}", "Skupina")
    _seat(leader.user, group, leader, leader.department or "Vodstvo", leader.staff_level or "middle")
    assessment = assessment_services.change_state(actor=leader.user, assessment=assessment, action=Step.START)
    assessment = assessment_services.change_state(actor=leader.user, assessment=assessment, action=Step.OPEN_CONSENSUS)
    scores = dict(Consensus.objects.filter(assessment=latest).values_list("subcriterion__code", "score"))
    for subcriterion in Subcriterion.objects.filter(framework=latest.framework).order_by("criterion__number", "code"):
        now = scores.get(subcriterion.code)
        before = None if now is None else max(0, now - 5 * rng.randint(0, 3))
        _consensus(leader.user, assessment, subcriterion, before, coordination_content.PAPER_RATIONALE)
    assessment = assessment_services.change_state(actor=leader.user, assessment=assessment, action=Step.FINALISE)
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        created_at=finalised - timedelta(days=100), finalised_at=finalised
    )
    return assessment


def _share(assessment: SelfAssessment, *, open_to_partners: bool, shared_from: date | None = None) -> None:
    actor = _administrator(assessment.organisation).user
    data = sharing.ConsentData(shared_from=shared_from, open_to_partners=open_to_partners)
    consent, _changed = sharing.give_consent(actor=actor, assessment=assessment, data=data)
    given = (assessment.finalised_at or timezone.now()) + timedelta(days=14)
    ScoreSharing.objects.filter(pk=consent.pk).update(given_at=given)


def _peer_group(network: Network, coordinator: User) -> None:
    group = peer_groups.create_peer_group(
        actor=coordinator, network=network, name=PEER_GROUP, description=PEER_GROUP_ABOUT
    )
    members = Organisation.objects.filter(network=network).filter(
        Q(org_type__in=("municipality", "administrative_unit"))
    )
    peer_groups.add_to_peer_group(actor=coordinator, group=group, organisations=list(members))


def _contact(network: Network) -> None:
    """The municipality asks the first organisation suggested for one of its weakest subcriteria."""
    municipality = Organisation.objects.get(network=network, name=MUNICIPALITY)
    spots = [spot for spot in suggestions_for(municipality).weak_spots if spot.suggestions]
    if not spots:
        raise DemoError("No bench-learning partner is suggested to the demo municipality")
    spot = spots[0]
    suggestion = spot.suggestions[0]
    asker = _administrator(municipality).user
    request = partners.request_contact(
        actor=asker,
        organisation=municipality,
        sharing_id=suggestion.sharing_id,
        subcriterion_code=spot.code,
        message=REQUEST,
    )
    partner = request.partner
    partners.accept_request(actor=_administrator(partner).user, organisation=partner, request=request, answer=ANSWER)
    asked = timezone.now() - timedelta(days=9)
    PartnerRequest.objects.filter(pk=request.pk).update(requested_at=asked, answered_at=asked + timedelta(days=2))
