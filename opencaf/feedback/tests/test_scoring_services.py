"""The services of the external feedback scores: each actor alone, finishing (and taking it back), the
agreed score with its rationale; every refusal leaves nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import ActorScore, AgreedScore, CaseActor, Declaration
from opencaf.feedback.services import scoring as services
from opencaf.feedback.tests.builders_scoring import Scoring, agree, codes, give_scores, scoring_case
from opencaf.feedback.tests.factories import assign, external_actor
from opencaf.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(world: World, caf_framework: Any) -> Scoring:
    return scoring_case(world, caf_framework)


def _written() -> tuple[int, int, int, list[Any]]:
    """What the scoring services write: scores, agreed scores, finished actors, audit events."""
    return (
        ActorScore.objects.count(),
        AgreedScore.objects.count(),
        CaseActor.objects.exclude(scores_done_at=None).count(),
        list(AuditEvent.objects.filter(action__startswith="feedback.score").values_list("action", flat=True)),
    )


def test_an_actor_saves_part_of_their_scores_then_finishes(s: Scoring) -> None:
    services.save_scores(actor=s.erin, case=s.case, scores={"1.1": 4, "1.2": 3}, notes={"1.1": " Saw minutes "})
    assert dict(s.erin_at.scores.values_list("question", "score")) == {"1.1": 4, "1.2": 3}
    assert s.erin_at.scores.get(question="1.1").note == "Saw minutes"
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is None
    event = AuditEvent.objects.get(action="feedback.scores_saved")
    # The network's log, not the organisation's; which questions, never the scores.
    assert event.organisation is None and event.network == s.case.network
    assert event.changes == {"scored_questions": "1.1, 1.2"}

    everything: dict[str, int | None] = dict.fromkeys(codes(s.case), 4)
    services.save_scores(actor=s.erin, case=s.case, scores={**everything, "1.2": None}, finish=False)
    assert not s.erin_at.scores.filter(question="1.2").exists()  # a score taken away
    services.save_scores(actor=s.erin, case=s.case, scores=everything, finish=True)
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is not None and s.erin_at.scores.count() == len(codes(s.case))
    assert AuditEvent.objects.filter(action="feedback.scores_finished", actor=s.erin).count() == 1
    # Saving nothing new records nothing.
    before = AuditEvent.objects.count()
    services.save_scores(actor=s.erin, case=s.case, scores=everything)
    assert AuditEvent.objects.count() == before


def test_finishing_needs_every_question_scored_and_says_which_are_missing(s: Scoring) -> None:
    give_scores(s.erin_at, {"1.1": 4})
    before = _written()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.save_scores(actor=s.erin, case=s.case, scores={"1.2": 3}, finish=True)
    assert refused.value.code == "missing"
    with translation.override("en"):
        assert "1.3" in refused.value.messages[0] and "3.8" in refused.value.messages[0]
        assert "1.1," not in refused.value.messages[0] and "1.2" not in refused.value.messages[0]
    assert _written() == before  # the score of 1.2 was not kept either


def test_once_finished_every_question_keeps_a_score_until_the_actor_takes_it_back(s: Scoring) -> None:
    give_scores(s.erin_at, 3, finished=True)
    services.save_scores(actor=s.erin, case=s.case, scores={"1.1": 5})  # correcting is fine
    with pytest.raises(ValidationError):
        services.save_scores(actor=s.erin, case=s.case, scores={"1.1": None})
    assert s.erin_at.scores.get(question="1.1").score == 5
    services.reopen_scores(actor=s.erin, case=s.case)
    s.erin_at.refresh_from_db()
    assert s.erin_at.scores_done_at is None
    assert AuditEvent.objects.filter(action="feedback.scores_reopened").count() == 1
    with pytest.raises(ValidationError):
        services.reopen_scores(actor=s.erin, case=s.case)  # not finished: nothing to take back


@pytest.mark.parametrize("bad", [0, 6, -1, True, "4"])
def test_a_score_off_the_scale_is_refused(s: Scoring, bad: object) -> None:
    before = _written()
    with pytest.raises(ValidationError):
        services.save_scores(actor=s.erin, case=s.case, scores={"1.1": 4, "1.2": bad})  # type: ignore[dict-item]
    assert _written() == before


def test_a_question_the_procedure_does_not_have_is_refused(s: Scoring) -> None:
    with pytest.raises(ValidationError):
        services.save_scores(actor=s.erin, case=s.case, scores={"1.1": 4, "9.1": 4})
    assert _written()[0] == 0


def test_only_an_actor_of_the_case_who_declared_no_conflict_scores(world: World, s: Scoring) -> None:
    pending = UserFactory(email="pending@example.org")
    assign(s.case, external_actor(world.network, pending), declaration=Declaration.PENDING)
    outsider = UserFactory(email="outsider@example.org")
    external_actor(world.network, outsider)  # in the network's pool, not assigned to this case
    before = _written()
    for person in (world.alice, world.carol, world.bob, pending, outsider):
        with pytest.raises(PermissionDenied):
            services.save_scores(actor=person, case=s.case, scores={"1.1": 4})
        with pytest.raises(PermissionDenied):
            services.record_agreement(
                actor=person, case=s.case, question="1.1", score=4, rationale="Why", expected_version=0
            )
    assert _written() == before


def test_an_actor_who_declared_a_conflict_is_out(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, frank=Declaration.CONFLICT)
    with pytest.raises(PermissionDenied):
        services.save_scores(actor=s.frank, case=s.case, scores={"1.1": 4})


@pytest.mark.parametrize("state", ["submitted", "reported", "awarded", "withdrawn"])
def test_scores_change_only_while_the_case_is_in_feedback(world: World, caf_framework: Any, state: str) -> None:
    s = scoring_case(world, caf_framework, state=state)
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    before = _written()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.save_scores(actor=s.erin, case=s.case, scores={"1.1": 5})
    assert refused.value.code == "state"
    for call in (
        lambda: services.reopen_scores(actor=s.erin, case=s.case),
        lambda: services.record_agreement(
            actor=s.erin, case=s.case, question="1.1", score=4, rationale="Why", expected_version=0
        ),
    ):
        with pytest.raises(ValidationError):
            call()
    assert _written() == before


def test_the_agreement_waits_for_every_actor_to_finish(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3)  # scored, not finished
    before = _written()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_agreement(
            actor=s.erin, case=s.case, question="1.1", score=4, rationale="Both saw it", expected_version=0
        )
    with translation.override("en"):
        assert refused.value.code == "not_finished" and "Frank Fieldwork" in refused.value.messages[0]
        assert "Erin External" not in refused.value.messages[0]
    assert _written() == before


def test_an_actor_not_declared_yet_holds_the_agreement_back(world: World, caf_framework: Any) -> None:
    s = scoring_case(world, caf_framework, frank=Declaration.PENDING)
    give_scores(s.erin_at, 4, finished=True)
    with pytest.raises(ValidationError):
        services.record_agreement(
            actor=s.erin, case=s.case, question="1.1", score=4, rationale="Why", expected_version=0
        )


def test_the_actors_record_the_agreed_score_with_its_rationale(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    record = services.record_agreement(
        actor=s.frank, case=s.case, question="1.1", score=4, rationale="  The minutes show it.  ", expected_version=0
    )
    assert (record.score, record.rationale, record.version, record.recorded_by) == (
        4,
        "The minutes show it.",
        1,
        s.frank,
    )
    record = services.record_agreement(
        actor=s.erin, case=s.case, question="1.1", score=3, rationale="On reflection.", expected_version=1
    )
    assert (record.score, record.version, record.recorded_by) == (3, 2, s.erin)
    events = AuditEvent.objects.filter(action="feedback.score_agreed").order_by("pk")
    assert [event.changes["agreed_score"] for event in events] == [
        {"before": None, "after": 4},
        {"before": 4, "after": 3},
    ]
    assert all(event.organisation is None and event.network == s.case.network for event in events)


def test_a_stale_agreement_is_refused_and_keeps_the_saved_one(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    agree(s.case, {"1.1": 4}, by=s.frank)  # version 1, recorded while Erin had the page open
    before = _written()
    with pytest.raises(services.StaleAgreementError) as refused:
        services.record_agreement(
            actor=s.erin, case=s.case, question="1.1", score=3, rationale="Mine", expected_version=0
        )
    assert refused.value.current.score == 4 and refused.value.current.version == 1
    assert _written() == before and AgreedScore.objects.get(question="1.1").score == 4


@pytest.mark.parametrize(
    ("score", "rationale", "field"),
    [(4, "   ", "rationale"), (None, "Why", "score"), (0, "Why", "score"), (6, "Why", "score")],
)
def test_an_agreed_score_needs_a_score_on_the_scale_and_a_rationale(
    s: Scoring, score: int | None, rationale: str, field: str
) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 3, finished=True)
    before = _written()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_agreement(
            actor=s.erin, case=s.case, question="1.1", score=score, rationale=rationale, expected_version=0
        )
    assert set(refused.value.message_dict) == {field}
    if field == "rationale":
        with translation.override("en"):
            assert refused.value.message_dict["rationale"] == [gettext("Say why the actors agree on this score.")]
    assert _written() == before


def test_an_unknown_question_cannot_be_agreed(s: Scoring) -> None:
    give_scores(s.erin_at, 4, finished=True)
    give_scores(s.frank_at, 4, finished=True)
    with pytest.raises(ValidationError):
        services.record_agreement(actor=s.erin, case=s.case, question="9.9", score=4, rationale="W", expected_version=0)
    assert not AgreedScore.objects.exists()
