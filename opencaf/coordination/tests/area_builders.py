"""Organisations with agreed areas for improvement, written straight to the tables (the consensus
services are tested in assessments; here only what the overview counts matters)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.utils import timezone

from opencaf.assessments.models import Consensus, ConsensusEntry, SelfAssessment
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory


def assessment_with_areas(
    organisation: Organisation,
    framework: FrameworkVersion,
    areas: Mapping[str, Sequence[str]],
    *,
    state: str = "finalised",
    days_ago: int = 100,
    strengths: Mapping[str, Sequence[str]] | None = None,
) -> SelfAssessment:
    """A self-assessment whose consensus names the given areas for improvement (code -> texts)."""
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title="SA",
        scoring_method="classical",
        state=state,
        created_at=timezone.now() - timedelta(days=days_ago),
    )
    subcriteria = {sub.code: sub for sub in Subcriterion.objects.filter(framework=framework)}
    for code in {*areas, *(strengths or {})}:
        consensus = Consensus.objects.create(assessment=assessment, subcriterion=subcriteria[code], score=50)
        ConsensusEntry.objects.bulk_create(
            [
                *(
                    ConsensusEntry(consensus=consensus, kind="area", text=text, position=index)
                    for index, text in enumerate(areas.get(code, ()))
                ),
                *(
                    ConsensusEntry(consensus=consensus, kind="strength", text=text, position=index)
                    for index, text in enumerate((strengths or {}).get(code, ()))
                ),
            ]
        )
    return assessment


def sharing_organisation(
    network: Network,
    framework: FrameworkVersion,
    areas: Mapping[str, Sequence[str]],
    *,
    shares: bool = True,
    **fields: object,
) -> Organisation:
    """An organisation of the network with one finished self-assessment naming the areas."""
    organisation = OrganisationFactory(network=network, shares_improvement_areas=shares, **fields)
    assessment_with_areas(organisation, framework, areas)
    return organisation
