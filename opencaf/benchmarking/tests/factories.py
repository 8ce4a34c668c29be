"""Building benchmarking test data: organisations with finished self-assessments, their consensus scores,
their consent to share them, and coordinators' peer groups.

Rows are written straight to the tables (the consensus services are tested in assessments, the consent
services in test_sharing*.py), so a test of the figures or the partners part can build a network of
twenty sharing organisations in a few queries each. Every builder is usable by the three benchmarking
parts (sharing, figures, partners).

    org = sharing_organisation(world.network, caf_framework, scores={"1.1": 80}, default_score=40)
    org.assessment, org.sharing  # the finished self-assessment and its consent (None when shares=False)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.benchmarking.models import PeerGroup, ScoreSharing
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory


def finished_assessment(
    organisation: Organisation,
    framework: FrameworkVersion,
    scores: Mapping[str, int | None] | None = None,
    *,
    default_score: int | None = 50,
    state: str = "finalised",
    finalised_at: datetime | None = None,
    title: str = "Self-assessment",
) -> SelfAssessment:
    """A self-assessment in `state` (finalised unless told) with one consensus score per subcriterion of
    the framework: `scores` by code ("1.1": 80), `default_score` for the others (None: not assessed).
    An unfinished state ("consensus", "individual") builds the same rows for tests of refusals."""
    finished = state in ("finalised", "closed")
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        scoring_method="classical",
        state=state,
        finalised_at=(finalised_at or timezone.now()) if finished else None,
    )
    given = scores or {}
    Consensus.objects.bulk_create(
        Consensus(
            assessment=assessment,
            subcriterion=subcriterion,
            score=given.get(subcriterion.code, default_score),
            not_assessed_reason="" if given.get(subcriterion.code, default_score) is not None else "Not assessed",
        )
        for subcriterion in Subcriterion.objects.filter(framework=framework)
    )
    return assessment


def consent(
    assessment: SelfAssessment,
    *,
    shared_from: date | None = None,
    open_to_partners: bool = False,
    given_by: User | None = None,
) -> ScoreSharing:
    """The organisation's consent to share the assessment's consensus scores (no audit row, no refresh)."""
    return ScoreSharing.objects.create(
        assessment=assessment,
        organisation=assessment.organisation,
        shared_from=shared_from,
        open_to_partners=open_to_partners,
        given_by=given_by,
    )


@dataclass
class SharingOrganisation:
    """An organisation built by `sharing_organisation`, with what was built for it."""

    organisation: Organisation
    assessment: SelfAssessment
    sharing: ScoreSharing | None

    @property
    def public_id(self) -> object:
        return self.organisation.public_id


def sharing_organisation(
    network: Network,
    framework: FrameworkVersion,
    scores: Mapping[str, int | None] | None = None,
    *,
    default_score: int | None = 50,
    shares: bool = True,
    shared_from: date | None = None,
    open_to_partners: bool = False,
    finalised_at: datetime | None = None,
    **organisation_fields: object,
) -> SharingOrganisation:
    """A new organisation of the network (OrganisationFactory: municipality, 50–249, SI unless told by
    `org_type=`, `size_band=`, `country=`, `region=`, `name=`) with one finished self-assessment scored
    as told, and its consent to share it unless `shares=False`."""
    organisation = cast(Organisation, OrganisationFactory(network=network, **organisation_fields))
    assessment = finished_assessment(
        organisation, framework, scores, default_score=default_score, finalised_at=finalised_at
    )
    sharing = consent(assessment, shared_from=shared_from, open_to_partners=open_to_partners) if shares else None
    return SharingOrganisation(organisation, assessment, sharing)


def peer_group(
    network: Network, name: str = "Peer group", organisations: Iterable[Organisation] = (), *, description: str = ""
) -> PeerGroup:
    """A coordinators' peer group of the network with these member organisations (no audit row)."""
    group = PeerGroup.objects.create(network=network, name=name, description=description)
    group.organisations.add(*organisations)
    return group
