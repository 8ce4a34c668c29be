"""The consensus pages' one-statement read of every assessor's input (individual_inputs) gives what
the ORM gives for the same question, on SQLite and on PostgreSQL, and nothing of another
self-assessment or another subcriterion."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import World
from opencaf.assessments import services
from opencaf.assessments.individual_inputs import IndividualInput, SeatPerson, seats_with_input
from opencaf.assessments.models import IndividualEntry, IndividualScore, Seat, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion, Subcriterion


def _orm_read(assessment: SelfAssessment, subcriterion: Subcriterion) -> tuple[list, dict, dict]:
    people = [
        SeatPerson(*row)
        for row in Seat.objects.filter(group__assessment=assessment)
        .order_by("group__name", "created_at", "id")
        .values_list("pk", "membership__user_id", "membership__user__full_name", "membership__user__email")
    ]
    scores = IndividualScore.objects.filter(seat__group__assessment=assessment, subcriterion=subcriterion)
    inputs = {
        score.seat_id: IndividualInput(score.score, score.cannot_judge, score.dimension_scores) for score in scores
    }
    entries: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for entry in IndividualEntry.objects.filter(individual__in=scores).select_related("individual"):
        entries[entry.individual.seat_id].append((entry.kind, entry.position, entry.pk, entry.text))
    ordered = {seat: [(kind, text) for kind, _position, _pk, text in sorted(typed)] for seat, typed in entries.items()}
    return people, inputs, ordered


def test_one_statement_reads_what_the_orm_reads(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    second_group = services.create_group(actor=world.alice, assessment=assessment, name="A group", leader=None)
    late, early = add_assessors(assessment, world.alice, 2), add_assessors(assessment, world.alice, 2, second_group)
    # The same person's name twice would not tell seats apart: one seat added earlier than the rest.
    Seat.objects.filter(pk=early[1].pk).update(created_at=timezone.now() - timedelta(days=1))
    start(assessment, world.alice)
    sub, other_sub = Subcriterion.objects.get(code="2.1"), Subcriterion.objects.get(code="2.2")
    saved = {
        late[0]: (
            70,
            False,
            {"plan": 80, "do": 60},
            {"strength": ["Jasni cilji", "Dober <b>pregled</b>"], "idea": ["X"]},
        ),
        early[0]: (None, True, {}, {}),
        early[1]: (40, False, {"plan": 40}, {"area": ["Manjka merjenje", "Ni povratnih informacij"]}),
    }
    for seat, (score, cannot_judge, dimensions, entries) in saved.items():
        services.save_individual(
            actor=seat.membership.user,
            seat=seat,
            subcriterion=sub,
            score=score,
            dimension_scores=dimensions,
            cannot_judge=cannot_judge,
            entries=entries,
        )
    # Input on another subcriterion and in another self-assessment stays out.
    services.save_individual(
        actor=late[1].membership.user,
        seat=late[1],
        subcriterion=other_sub,
        score=90,
        dimension_scores={},
        cannot_judge=False,
        entries={"strength": ["Drugo podmerilo"]},
    )
    elsewhere = make_assessment(world.alice_org, world.alice, caf_framework)
    outsider = add_assessors(elsewhere, world.alice, 1)[0]
    start(elsewhere, world.alice)
    services.save_individual(
        actor=outsider.membership.user,
        seat=outsider,
        subcriterion=sub,
        score=10,
        dimension_scores={},
        cannot_judge=False,
        entries={"strength": ["Druga samoocena"]},
    )

    with CaptureQueriesContext(connection) as queries:
        read = seats_with_input(assessment, sub)
    assert len(queries) == 1
    people, inputs, entries = _orm_read(assessment, sub)
    assert read.people == people
    assert [person.seat_id for person in read.people] == [early[1].pk, early[0].pk, late[0].pk, late[1].pk]
    assert read.inputs == inputs and set(inputs) == {late[0].pk, early[0].pk, early[1].pk}
    assert read.inputs[early[0].pk].cannot_judge is True and read.inputs[late[0].pk].cannot_judge is False
    assert read.entries == entries
    assert read.entries[late[0].pk] == [
        ("idea", "X"),
        ("strength", "Jasni cilji"),
        ("strength", "Dober <b>pregled</b>"),
    ]
    assert outsider.pk not in read.inputs and all(person.seat_id != outsider.pk for person in read.people)


def test_a_self_assessment_without_seats_reads_nothing(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    read = seats_with_input(assessment, Subcriterion.objects.get(code="1.1"))
    assert read.people == [] and read.inputs == {} and read.entries == {}
