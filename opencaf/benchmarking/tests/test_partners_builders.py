"""Builders for the bench-learning partner tests (no tests here): finished self-assessments with consensus
scores, consents, snapshot rows and good practices, made with the models directly."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.benchmarking.models import ScoreSharing, ScoreSnapshot, SnapshotItemKind
from opencaf.community.models.practices import GoodPractice, PracticeText
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.models import Network, Organisation
from opencaf.organisations.tests.factories import OrganisationFactory

# Alice's five weakest subcriteria in `ALICE_SCORES`; every other subcriterion scored 60.
WEAK = {"1.1": 10, "1.2": 20, "2.1": 30, "3.1": 40, "4.1": 45}


def all_scores(framework: FrameworkVersion, low: Mapping[str, int] = WEAK, rest: int = 60) -> dict[str, int]:
    codes = Subcriterion.objects.filter(framework=framework).values_list("code", flat=True)
    return {code: low.get(code, rest) for code in codes}


def finished_assessment(
    organisation: Organisation, framework: FrameworkVersion, scores: Mapping[str, int | None], *, year: int = 2025
) -> SelfAssessment:
    assessment = SelfAssessment.objects.create(
        organisation=organisation,
        framework=framework,
        title=f"Self-assessment {year}",
        scoring_method="classical",
        state="finalised",
        finalised_at=timezone.now().replace(year=year),
    )
    subcriteria = {sub.code: sub for sub in Subcriterion.objects.filter(framework=framework)}
    Consensus.objects.bulk_create(
        Consensus(assessment=assessment, subcriterion=subcriteria[code], score=score) for code, score in scores.items()
    )
    return assessment


def share(
    assessment: SelfAssessment, *, open_to_partners: bool = False, shared_from: date | None = None
) -> ScoreSharing:
    return ScoreSharing.objects.create(
        assessment=assessment,
        organisation=assessment.organisation,
        open_to_partners=open_to_partners,
        shared_from=shared_from,
    )


def snapshot(
    assessment: SelfAssessment, scores: Mapping[str, float], *, cycle: int = 2025, visible_from: date | None = None
) -> None:
    organisation = assessment.organisation
    assert organisation.network is not None
    ScoreSnapshot.objects.bulk_create(
        ScoreSnapshot(
            network=organisation.network,
            organisation=organisation,
            assessment=assessment,
            framework_code=assessment.framework.code,
            cycle=cycle,
            kind=SnapshotItemKind.SUBCRITERION,
            code=code,
            score=Decimal(str(score)),
            org_type=organisation.org_type,
            size_band=organisation.size_band,
            country=organisation.country,
            visible_from=visible_from,
        )
        for code, score in scores.items()
    )


def peer(
    network: Network,
    framework: FrameworkVersion,
    scores: Mapping[str, float],
    *,
    open_to_partners: bool = True,
    shared_from: date | None = None,
    visible_from: date | None = None,
    **fields: Any,
) -> Organisation:
    """An organisation of the network that shares a finished self-assessment with these subcriterion
    scores (and in the snapshot), by default open to partners."""
    organisation = OrganisationFactory(network=network, **fields)
    assessment = finished_assessment(organisation, framework, {code: int(score) for code, score in scores.items()})
    share(assessment, open_to_partners=open_to_partners, shared_from=shared_from)
    snapshot(assessment, scores, visible_from=visible_from)
    return organisation


def practice(
    organisation: Organisation,
    framework: FrameworkVersion,
    codes: list[str],
    titles: Mapping[str, str],
    *,
    state: str = "published",
    original_language: str = "en",
) -> GoodPractice:
    assert organisation.network is not None
    item = GoodPractice.objects.create(
        organisation=organisation,
        network=organisation.network,
        state=state,
        audience="network" if state == "published" else "",
        original_language=original_language,
        contact_name="Pat Practice",
        contact_email="pat@example.org",
        published_at=timezone.now() if state == "published" else None,
    )
    item.subcriteria.set(Subcriterion.objects.filter(framework=framework, code__in=codes))
    for language, title in titles.items():
        PracticeText.objects.create(
            practice=item, language=language, title=title, problem="P.", actions="A.", results="R."
        )
    return item


def sharing_alice(world: Any, framework: FrameworkVersion, **fields: Any) -> SelfAssessment:
    """Alice's organisation with its finished, shared self-assessment (weakest: `WEAK`)."""
    assessment = finished_assessment(world.alice_org, framework, all_scores(framework))
    share(assessment, **fields)
    snapshot(assessment, WEAK)
    return assessment
