from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import World
from opencaf.assessments import selectors, services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import ConsensusDecision, IndividualScore, PlanItemKind
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

EMPTY: dict[str, list[str]] = {}


def _score(seat, code: str, score: int | None = None, **kwargs):  # type: ignore[no-untyped-def]
    return services.save_individual(
        actor=seat.membership.user,
        seat=seat,
        subcriterion=Subcriterion.objects.get(code=code),
        score=score,
        dimension_scores=kwargs.get("dims", {}),
        cannot_judge=kwargs.get("cannot_judge", False),
        entries=kwargs.get("entries", EMPTY),
    )


def test_new_project_has_the_ten_steps_in_its_plan(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    steps = assessment.plan_items.filter(kind=PlanItemKind.STEP)
    assert steps.count() == 10
    assert AuditEvent.objects.filter(action="assessment.created", organisation=world.alice_org).exists()


def test_only_leaders_create_and_manage(world: World, caf_framework: FrameworkVersion) -> None:
    assessor = UserFactory()
    add_member(world.alice_org, assessor, Role.ASSESSOR)
    with pytest.raises(PermissionDenied):
        make_assessment(world.alice_org, assessor, caf_framework)
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    with pytest.raises(PermissionDenied):
        services.change_state(actor=assessor, assessment=assessment, action=Action.START)


def test_cannot_start_without_group_members(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    with pytest.raises(ValidationError):
        services.change_state(actor=world.alice, assessment=assessment, action=Action.START)


def test_classical_scoring_and_entries(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    (seat,) = add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    entries = {"strength": ["Clear mission", " ", "Visible leaders"], "area": ["No review of values"], "idea": []}
    individual = _score(seat, "1.1", 45, entries=entries)
    assert individual.score == 45
    assert [e.text for e in individual.entries.filter(kind="strength")] == ["Clear mission", "Visible leaders"]
    # Saving again replaces the lists instead of appending.
    _score(seat, "1.1", 55, entries={"strength": ["Clear mission"]})
    assert individual.entries.count() == 1
    assert AuditEvent.objects.filter(action="assessment.individual_scored").count() == 2
    with pytest.raises(ValidationError):
        _score(seat, "1.2", 101)


def test_fine_tuned_scoring_combines_dimensions(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    (seat,) = add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    partial = _score(seat, "2.1", dims={"plan": 60, "do": 40})
    assert partial.score is None and partial.dimension_scores == {"plan": 60, "do": 40}
    full = _score(seat, "2.1", dims={"plan": 60, "do": 40, "check": 30, "act": 11})
    assert full.score == round((60 + 40 + 30 + 11) / 4)
    result = _score(seat, "6.1", dims={"trends": 70, "targets": 51})
    assert result.score == round((70 + 51) / 2)


def test_cannot_judge(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    (seat,) = add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    individual = _score(seat, "4.5", 80, cannot_judge=True)
    assert individual.cannot_judge and individual.score is None and individual.is_complete


def test_only_the_seat_holder_scores_and_only_while_open(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    first, second = add_assessors(assessment, world.alice, 2)
    with pytest.raises(ValidationError):  # not started yet
        _score(first, "1.1", 40)
    start(assessment, world.alice)
    with pytest.raises(PermissionDenied):
        services.save_individual(
            actor=second.membership.user,
            seat=first,
            subcriterion=Subcriterion.objects.get(code="1.1"),
            score=10,
            dimension_scores={},
            cannot_judge=False,
            entries=EMPTY,
        )
    assessment.individual_deadline = timezone.localdate() - timedelta(days=1)
    assessment.save()
    first.group.assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        _score(first, "1.1", 40)


def test_replacing_a_member_keeps_the_input(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    (seat,) = add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    _score(seat, "3.1", 35)
    newcomer = add_member(world.alice_org, UserFactory(), Role.ASSESSOR)
    services.replace_seat_member(actor=world.alice, seat=seat, membership=newcomer)
    assert IndividualScore.objects.get(seat=seat).score == 35
    assert seat.membership == newcomer


def test_consensus_needs_rationale_to_leave_the_median(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    seats = add_assessors(assessment, world.alice, 3)
    start(assessment, world.alice)
    for seat, value in zip(seats, (30, 50, 70), strict=True):
        _score(seat, "1.1", value)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    sub = Subcriterion.objects.get(code="1.1")
    common = {
        "actor": world.alice,
        "assessment": assessment,
        "subcriterion": sub,
        "dimension_scores": {},
        "entries": EMPTY,
    }
    with pytest.raises(ValidationError):
        services.record_consensus(**common, expected_version=0, score=60, not_assessed_reason="", rationale="")
    consensus = services.record_consensus(**common, expected_version=0, score=50, not_assessed_reason="", rationale="")
    assert consensus.score == 50 and consensus.version == 1
    consensus = services.record_consensus(
        **common, expected_version=1, score=60, not_assessed_reason="", rationale="Evidence of annual reviews"
    )
    decisions = ConsensusDecision.objects.filter(consensus=consensus)
    assert [d.score for d in decisions] == [60, 50]
    assert decisions.first().suggested_score == 50  # type: ignore[union-attr]


def test_stale_consensus_save_is_refused(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    sub = Subcriterion.objects.get(code="2.2")
    common = {
        "actor": world.alice,
        "assessment": assessment,
        "subcriterion": sub,
        "dimension_scores": {},
        "entries": EMPTY,
    }
    services.record_consensus(**common, expected_version=0, score=40, not_assessed_reason="", rationale="first")
    with pytest.raises(services.StaleConsensusError) as stale:
        services.record_consensus(**common, expected_version=0, score=45, not_assessed_reason="", rationale="second")
    assert stale.value.current.score == 40


def test_opening_consensus_locks_individual_input(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    (seat,) = add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    seat.group.assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        _score(seat, "1.1", 40)


def test_finalise_requires_every_subcriterion(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    subs = list(Subcriterion.objects.filter(framework=caf_framework))
    for sub in subs[:-1]:
        services.record_consensus(
            actor=world.alice,
            assessment=assessment,
            subcriterion=sub,
            expected_version=0,
            score=None,
            dimension_scores={},
            not_assessed_reason="Not relevant for us this cycle",
            rationale="",
            entries=EMPTY,
        )
    with pytest.raises(ValidationError, match=subs[-1].code):
        services.change_state(actor=world.alice, assessment=assessment, action=Action.FINALISE)
    services.record_consensus(
        actor=world.alice,
        assessment=assessment,
        subcriterion=subs[-1],
        expected_version=0,
        score=None,
        dimension_scores={},
        not_assessed_reason="No data",
        rationale="",
        entries=EMPTY,
    )
    finalised = services.change_state(actor=world.alice, assessment=assessment, action=Action.FINALISE)
    assert finalised.state == "finalised" and finalised.finalised_at is not None


def test_pause_and_resume(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    paused = services.change_state(actor=world.alice, assessment=assessment, action=Action.PAUSE)
    assert paused.state == "paused" and paused.paused_from == "individual"
    resumed = services.change_state(actor=world.alice, assessment=paused, action=Action.RESUME)
    assert resumed.state == "individual"
    with pytest.raises(ValidationError):
        services.change_state(actor=world.alice, assessment=resumed, action=Action.CLOSE)
    actions = list(AuditEvent.objects.filter(action__startswith="assessment.").values_list("action", flat=True))
    assert {"assessment.pause", "assessment.resume", "assessment.start"} <= set(actions)


def test_fine_tuned_consensus_starts_from_each_dimensions_median(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    seats = add_assessors(assessment, world.alice, 3)
    start(assessment, world.alice)
    for seat, (trends, targets) in zip(seats, ((20, 90), (40, 30), (80, 50)), strict=True):
        _score(seat, "6.1", dims={"trends": trends, "targets": targets})
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    sub = Subcriterion.objects.get(code="6.1")
    suggestion = selectors.suggestion_for(assessment, sub, ["trends", "targets"])
    assert suggestion.dimensions == {"trends": 40, "targets": 50}
    common = {"actor": world.alice, "assessment": assessment, "subcriterion": sub, "score": None, "entries": EMPTY}
    # Taking every dimension's median needs no explanation, although the combined score (45) is not
    # the median of the individual combined scores (55).
    recorded = services.record_consensus(
        **common,
        expected_version=0,
        dimension_scores={"trends": 40, "targets": 50},
        not_assessed_reason="",
        rationale="",
    )
    assert recorded.score == 45 and recorded.dimension_scores == {"trends": 40, "targets": 50}
    with pytest.raises(ValidationError):
        services.record_consensus(
            **common,
            expected_version=1,
            dimension_scores={"trends": 40, "targets": 60},
            not_assessed_reason="",
            rationale="",
        )


def test_reopening_clears_the_finalisation_date(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 1)
    start(assessment, world.alice)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    for sub in Subcriterion.objects.filter(framework=caf_framework):
        services.record_consensus(
            actor=world.alice,
            assessment=assessment,
            subcriterion=sub,
            expected_version=0,
            score=None,
            dimension_scores={},
            not_assessed_reason="Out of scope",
            rationale="",
            entries=EMPTY,
        )
    services.change_state(actor=world.alice, assessment=assessment, action=Action.FINALISE)
    reopened = services.change_state(actor=world.alice, assessment=assessment, action=Action.REOPEN)
    assert reopened.state == "consensus" and reopened.finalised_at is None
