"""The second demo layer: the demo municipality's two self-assessments."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from opencaf.assessments.merging import fold
from opencaf.assessments.models import (
    Consensus,
    EntryKind,
    EvidenceLink,
    IndividualEntry,
    IndividualScore,
    PlanItem,
    PlanItemKind,
    PlanStatus,
    Seat,
    SelfAssessment,
)
from opencaf.assessments.scoring import spread
from opencaf.audit.models import AuditEvent
from opencaf.demo.assessments import MUNICIPALITY, TITLE_CURRENT, TITLE_PAST, DemoResult, seed_assessments
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import seed_organisations
from opencaf.evidence.models import EvidenceItem
from opencaf.frameworks.models import Method

SLOVENIAN_LETTERS = re.compile("[čšžČŠŽ]")


@pytest.fixture
def seeded(db: None) -> DemoResult:
    call_command("load_frameworks", verbosity=0)
    seed_organisations()
    return seed_assessments()


def _assessment(title: str) -> SelfAssessment:
    return SelfAssessment.objects.get(organisation__name=MUNICIPALITY, title=title)


def _counts() -> tuple[int, ...]:
    return (
        SelfAssessment.objects.count(),
        Seat.objects.count(),
        IndividualScore.objects.count(),
        IndividualEntry.objects.count(),
        Consensus.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_self_assessments(seeded: DemoResult) -> None:
    assert seeded.created and seeded.past_consensus == 28 and seeded.seats == 9

    # Idempotent: a second run creates nothing.
    before = _counts()
    assert not seed_assessments().created
    assert _counts() == before

    # The past cycle is closed, every subcriterion decided, and it happened in 2024.
    past = _assessment(TITLE_PAST)
    assert past.state == "closed" and past.scoring_method == Method.CLASSICAL
    records = list(Consensus.objects.filter(assessment=past))
    assert len(records) == 28 and all(record.is_decided for record in records)
    assert sum(1 for record in records if record.rationale) >= 3
    assert past.created_at.year == 2024 and past.finalised_at is not None and past.finalised_at.year == 2024
    past_plan = PlanItem.objects.filter(assessment=past)
    assert {item.status for item in past_plan} == {PlanStatus.DONE}
    assert {item.start_date.year for item in past_plan if item.start_date} == {2024}

    # The current cycle waits for the consensus meeting.
    current = _assessment(TITLE_CURRENT)
    assert current.state == "consensus" and current.scoring_method == Method.FINE_TUNED
    assert current.individual_deadline is not None and current.individual_deadline.isoformat() == "2026-11-13"
    assert Consensus.objects.filter(assessment=current).count() == 3
    plan = PlanItem.objects.filter(assessment=current).select_related("step")
    steps = {item.step.number: item.status for item in plan if item.step}
    assert [steps[number] for number in range(1, 6)] == ["done"] * 4 + ["in_progress"]
    assert {steps[number] for number in range(6, 11)} == {"not_started"}
    assert {item.kind for item in plan if not item.step} == {PlanItemKind.TRAINING, PlanItemKind.COMMUNICATION}

    # Nine assessors with realistic progress: everyone but the newest has scored most subcriteria.
    seats = Seat.objects.filter(group__assessment=current).select_related("membership__user")
    assert seats.count() == 9
    complete = {
        seat.membership.user.email: sum(1 for score in seat.scores.all() if score.is_complete) for seat in seats
    }
    assert complete.pop("assessor9@example.org") == 20
    assert min(complete.values()) >= 24
    scores = IndividualScore.objects.filter(seat__group__assessment=current)
    assert scores.filter(cannot_judge=True).exists()
    assert all(
        set(score.dimension_scores) == {"plan", "do", "check", "act"}
        for score in scores.filter(subcriterion__criterion__kind="enabler", score__isnull=False)
    )

    # Entries in Slovenian, enough of them, and with near-duplicates the workspace folds together.
    entries = IndividualEntry.objects.filter(individual__seat__group__assessment=current)
    texts = list(entries.values_list("text", flat=True))
    assert len(texts) >= 300
    assert sum(1 for text in texts if SLOVENIAN_LETTERS.search(text)) > len(texts) / 3
    areas_by_subcriterion: dict[int, list[tuple[str, str]]] = {}
    for seat_id, sub_id, text in entries.filter(kind=EntryKind.AREA).values_list(
        "individual__seat_id", "individual__subcriterion_id", "text"
    ):
        areas_by_subcriterion.setdefault(sub_id, []).append((str(seat_id), text))
    assert any(len(fold(areas)) < len(areas) for areas in areas_by_subcriterion.values())

    # Some subcriteria divide the group, so sorting by divergence shows something.
    by_subcriterion: dict[int, list[float]] = {}
    for sub_id, score in scores.filter(score__isnull=False).values_list("subcriterion_id", "score"):
        by_subcriterion.setdefault(sub_id, []).append(float(score or 0))
    spreads = [spread(values) for values in by_subcriterion.values()]
    assert max(item.stdev for item in spreads if item is not None) > 15

    # Everything went through the services, so it is audited.
    assert AuditEvent.objects.filter(action="assessment.individual_scored").count() >= scores.count()
    assert AuditEvent.objects.filter(action="assessment.consensus_recorded").count() == 28 + 3

    # A few documents in the evidence register, attached to the subcriteria they support.
    assert EvidenceItem.objects.filter(kind="file").count() == 1
    assert EvidenceItem.objects.filter(kind="link").count() == 3
    assert EvidenceLink.objects.filter(subcriterion__code="6.1").exists()


def test_needs_the_demo_organisations(db: None) -> None:
    call_command("load_frameworks", verbosity=0)
    with pytest.raises(DemoError, match="seed_demo"):
        seed_assessments()


def test_needs_the_framework(db: None) -> None:
    seed_organisations()
    with pytest.raises(DemoError, match="load_frameworks"):
        seed_assessments()


def test_refused_outside_development(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_ALLOWED = False
    with pytest.raises(DemoError, match="DEBUG"):
        seed_assessments()
