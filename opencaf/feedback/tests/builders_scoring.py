"""Builders for the tests of the external feedback scores: a case in feedback with two actors (Erin
leads, Frank), their own scores and the agreed ones, written straight to the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.feedback import scoring
from opencaf.feedback.models import ActorScore, AgreedScore, CaseActor, Declaration, FeedbackCase
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.tests.factories import UserFactory

if TYPE_CHECKING:  # the browser journeys import these builders too, beside another conftest
    from conftest import World


@dataclass
class Scoring:
    case: FeedbackCase
    erin: User  # the lead actor
    frank: User
    erin_at: CaseActor
    frank_at: CaseActor


def codes(case: FeedbackCase) -> list[str]:
    return list(scoring.rules(case.procedure.definition).codes)


def scoring_case(
    world: World, framework: FrameworkVersion, *, state: str = "in_feedback", frank: str = Declaration.NO_CONFLICT,
    **fields: Any,
) -> Scoring:  # fmt: skip
    """A case of Alice's organisation in `state` with two actors of her network assigned."""
    case = feedback_case(world.alice_org, accepted_assessment(world.alice_org, framework), state=state, **fields)
    erin = UserFactory(email="erin@example.org", full_name="Erin External", language="en")
    frank_user = UserFactory(email="frank@example.org", full_name="Frank Fieldwork", language="en")
    erin_at = assign(case, external_actor(world.network, erin), lead=True)
    frank_at = assign(case, external_actor(world.network, frank_user), declaration=frank)
    return Scoring(case, erin, frank_user, erin_at, frank_at)


def give_scores(assignment: CaseActor, scores: dict[str, int] | int, *, finished: bool = False) -> None:
    """The actor's own scores (a number for every question, or some questions' scores)."""
    values = dict.fromkeys(codes(assignment.case), scores) if isinstance(scores, int) else scores
    for code, value in values.items():
        ActorScore.objects.update_or_create(case_actor=assignment, question=code, defaults={"score": value})
    if finished:
        CaseActor.objects.filter(pk=assignment.pk).update(scores_done_at=timezone.now())
        assignment.refresh_from_db()


def agree(case: FeedbackCase, scores: dict[str, int] | int, by: User | None = None) -> None:
    values = dict.fromkeys(codes(case), scores) if isinstance(scores, int) else scores
    for code, value in values.items():
        AgreedScore.objects.update_or_create(
            case=case, question=code, defaults={"score": value, "rationale": "Agreed", "recorded_by": by, "version": 1}
        )
