from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from conftest import World, client_for
from opencaf.assessments import services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import Consensus, IndividualScore, SelfAssessment
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _url(name: str, assessment: SelfAssessment, **extra: str) -> str:
    return reverse(
        name, kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, **extra}
    )


@pytest.fixture
def project(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 3)
    return start(assessment, world.alice)


def test_leader_creates_a_self_assessment(world: World, caf_framework: FrameworkVersion) -> None:
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    client = client_for(leader)
    url = reverse("assessments:new", kwargs={"org_id": world.alice_org.public_id})
    assert client.get(url).status_code == 200
    invalid = client.post(
        url, {"title": "", "framework": caf_framework.pk, "scoring_method": "classical", "scope": "unit"}
    )
    assert invalid.status_code == 200
    assert {"title", "scope_unit"} <= set(invalid.context["form"].errors)
    response = client.post(
        url,
        {
            "title": "SA 2026",
            "framework": caf_framework.pk,
            "scoring_method": "fine_tuned",
            "scope": "whole",
            "show_names_in_consensus": "on",
        },
    )
    assert response.status_code == 302
    assessment = SelfAssessment.objects.get(title="SA 2026")
    detail = client.get(_url("assessments:detail", assessment))
    assert detail.status_code == 200
    assert b"Start individual assessment" in detail.content


@pytest.mark.parametrize(("role", "status"), [(Role.ASSESSOR, 403), (Role.VIEWER, 403), (Role.MANAGER, 403)])
def test_others_cannot_create(world: World, caf_framework: FrameworkVersion, role: str, status: int) -> None:
    person = UserFactory()
    add_member(world.alice_org, person, role)
    url = reverse("assessments:new", kwargs={"org_id": world.alice_org.public_id})
    assert client_for(person).get(url).status_code == status


def test_members_see_the_list_but_coordinators_do_not(world: World, project: SelfAssessment) -> None:
    url = reverse("assessments:list", kwargs={"org_id": world.alice_org.public_id})
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert client_for(viewer).get(url).status_code == 200
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(world.carol).get(_url("assessments:detail", project)).status_code == 404


def test_assessor_scores_with_autosave(world: World, project: SelfAssessment) -> None:
    seat = project.groups.get().seats.first()
    client = client_for(seat.membership.user)
    url = _url("assessments:score", project, code="1.1")
    page = client.get(url)
    assert page.status_code == 200 and b"hx-post" in page.content
    response = client.post(
        url,
        {"score": "45", "strength": "Clear mission\nVisible leaders", "area": "", "idea": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"Saved at" in response.content and b"31" in response.content  # the band 31-50 is named
    individual = IndividualScore.objects.get(seat=seat)
    assert individual.score == 45 and individual.entries.count() == 2
    bad = client.post(url, {"score": "140"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and b"Not saved" in bad.content
    assert IndividualScore.objects.get(seat=seat).score == 45
    overview = client.get(_url("assessments:my_input", project))
    assert b"1 of 28" in overview.content


def test_assessors_do_not_see_others_input_before_consensus(world: World, project: SelfAssessment) -> None:
    first, second = list(project.groups.get().seats.all())[:2]
    client = client_for(second.membership.user)
    assert client.get(_url("assessments:consensus", project)).status_code == 403
    assert client.get(_url("assessments:consensus_item", project, code="1.1")).status_code == 403
    # Their own page only shows their own seat.
    services.save_individual(
        actor=first.membership.user,
        seat=first,
        subcriterion=Subcriterion.objects.get(code="1.1"),
        score=77,
        dimension_scores={},
        cannot_judge=False,
        entries={"strength": ["Only mine"]},
    )
    page = client.get(_url("assessments:score", project, code="1.1"))
    assert b"Only mine" not in page.content
    # A member without a seat has no individual pages.
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert client_for(viewer).get(_url("assessments:my_input", project)).status_code == 404


def test_consensus_workflow(world: World, project: SelfAssessment) -> None:
    seats = list(project.groups.get().seats.all())
    sub = Subcriterion.objects.get(code="1.1")
    for seat, value, text in zip(
        seats, (30, 50, 90), ("Clear mission.", "clear   mission", "Good intranet"), strict=True
    ):
        services.save_individual(
            actor=seat.membership.user,
            seat=seat,
            subcriterion=sub,
            score=value,
            dimension_scores={},
            cannot_judge=False,
            entries={"strength": [text]},
        )
    services.change_state(actor=world.alice, assessment=project, action=Action.OPEN_CONSENSUS)
    # Members now see the workspace read-only.
    member = client_for(seats[0].membership.user)
    page = member.get(_url("assessments:consensus_item", project, code="1.1"))
    assert page.status_code == 200 and b"Record consensus" not in page.content
    assert (
        member.post(_url("assessments:consensus_item", project, code="1.1"), {"version": 0, "score": 10}).status_code
        == 403
    )
    # The leader sees duplicates folded and the median pre-filled.
    leader = client_for(world.alice)
    page = leader.get(_url("assessments:consensus_item", project, code="1.1"))
    assert page.context["form"].initial["score"] == 50
    strengths = page.context["item"].entries["strength"]
    assert [e.count for e in strengths] == [2, 1]
    workspace = leader.get(_url("assessments:consensus", project))
    assert workspace.context["items"][0].subcriterion.code == "1.1"  # most divergent first
    url = _url("assessments:consensus_item", project, code="1.1")
    override = leader.post(url, {"version": 0, "score": 70, "strength": "Clear mission", "rationale": ""})
    assert override.status_code == 422 and "rationale" in override.context["form"].errors
    ok = leader.post(url, {"version": 0, "score": 70, "strength": "Clear mission", "rationale": "Reviewed yearly"})
    assert ok.status_code == 302
    # A second editor still holding version 0 is refused and keeps their text.
    stale = leader.post(url, {"version": 0, "score": 50, "strength": "My own wording", "rationale": ""})
    assert stale.status_code == 409
    assert b"My own wording" in stale.content and b"Someone else saved" in stale.content
    assert Consensus.objects.get(subcriterion=sub).score == 70
    assert member.get(_url("assessments:meeting", project, code="1.1")).status_code == 200
    assert leader.get(_url("assessments:results", project)).status_code == 200


def test_names_can_be_hidden_in_consensus(world: World, project: SelfAssessment) -> None:
    project.show_names_in_consensus = False
    project.save()
    seat = project.groups.get().seats.first()
    services.change_state(actor=world.alice, assessment=project, action=Action.OPEN_CONSENSUS)
    page = client_for(world.alice).get(_url("assessments:consensus_item", project, code="2.1"))
    assert seat.membership.user.display_name.encode() not in page.content
    assert b"Assessor 1" in page.content


def test_state_changes_from_the_overview(world: World, project: SelfAssessment) -> None:
    client = client_for(world.alice)
    response = client.post(_url("assessments:state", project), {"action": "pause"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == "paused"
    client.post(_url("assessments:state", project), {"action": "finalise"})
    project.refresh_from_db()
    assert project.state == "paused"  # refused with a message, not a 500
    assessor = project.groups.get().seats.first().membership.user
    assert client_for(assessor).post(_url("assessments:state", project), {"action": "resume"}).status_code == 403


def test_reminders_reach_those_who_have_not_finished(world: World, project: SelfAssessment) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(world.alice).post(_url("assessments:reminders", project))
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert "28" in mail.outbox[0].body


def test_group_member_replacement_and_plan(world: World, project: SelfAssessment) -> None:
    client = client_for(world.alice)
    seat = project.groups.get().seats.first()
    newcomer = add_member(world.alice_org, UserFactory(), Role.ASSESSOR)
    url = _url("assessments:seat_replace", project, seat_id=str(seat.public_id))
    assert client.post(url, {"membership": newcomer.pk}).status_code == 302
    seat.refresh_from_db()
    assert seat.membership == newcomer
    item = project.plan_items.first()
    edit = _url("assessments:plan_edit", project, item_id=str(item.public_id))
    bad = client.post(edit, {"start_date": "2026-05-10", "end_date": "2026-05-01", "status": "done"})
    assert bad.status_code == 200 and "end_date" in bad.context["form"].errors
    assert (
        client.post(edit, {"start_date": "2026-05-01", "end_date": "2026-05-10", "status": "done"}).status_code == 302
    )
    new = _url("assessments:plan_new", project)
    assert client.post(new, {"kind": "training", "title": "SAG training", "status": "not_started"}).status_code == 302
    assert project.plan_items.filter(kind="training").count() == 1


def test_diversity_warning(world: World, caf_framework: FrameworkVersion) -> None:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    group = services_group(assessment, world)
    for _ in range(2):
        membership = add_member(world.alice_org, UserFactory(), Role.ASSESSOR)
        with TestCase.captureOnCommitCallbacks(execute=False):
            from django.db import transaction

            with transaction.atomic():
                services.add_seat(
                    actor=world.alice,
                    group=group,
                    membership=membership,
                    functional_area="Finance",
                    staff_level="middle",
                )
    page = client_for(world.alice).get(_url("assessments:detail", assessment))
    warnings = page.context["diversity_warnings"]
    assert len(warnings) == 2


def services_group(assessment: SelfAssessment, world: World):  # type: ignore[no-untyped-def]
    from django.db import transaction

    with transaction.atomic():
        return services.create_group(actor=world.alice, assessment=assessment, name="SAG A", leader=None)


def _bulk_scores(seats, subs) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for index, seat in enumerate(seats):
        for sub in subs:
            dims = ["plan", "do", "check", "act"] if sub.criterion.kind == "enabler" else ["trends", "targets"]
            rows.append(
                IndividualScore(
                    seat=seat,
                    subcriterion=sub,
                    score=(index * 7 + sub.pk) % 101,
                    dimension_scores={d: (index * 3 + i * 11) % 101 for i, d in enumerate(dims)},
                )
            )
    IndividualScore.objects.bulk_create(rows)


def _query_counts(client, assessment: SelfAssessment) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, extra in (
        ("consensus", {}),
        ("consensus_item", {"code": "4.5"}),
        ("meeting", {"code": "6.1"}),
        ("detail", {}),
        ("results", {}),
    ):
        client.get(_url(f"assessments:{name}", assessment, **extra))  # the framework's structure is read once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(f"assessments:{name}", assessment, **extra)).status_code == 200
        counts[name] = len(queries)
    return counts


def test_workspace_queries_do_not_grow_with_assessors(world: World, caf_framework: FrameworkVersion) -> None:
    """3 assessors and then 30 (x 28 fine-tuned subcriteria): the same number of queries."""
    assessment = make_assessment(world.alice_org, world.alice, caf_framework, method="fine_tuned")
    group_seats = add_assessors(assessment, world.alice, 3)
    assessment = start(assessment, world.alice)
    subs = list(Subcriterion.objects.filter(framework=caf_framework).select_related("criterion"))
    _bulk_scores(group_seats, subs)
    services.change_state(actor=world.alice, assessment=assessment, action=Action.OPEN_CONSENSUS)
    client = client_for(world.alice)
    small = _query_counts(client, assessment)
    more = add_assessors(assessment, world.alice, 27, group=group_seats[0].group)
    _bulk_scores(more, subs)
    large = _query_counts(client, assessment)
    assert large == small, (small, large)
    assert max(large.values()) <= 20
    # One subcriterion: the person, their memberships and networks, the self-assessment, everyone's
    # input in one statement, the consensus record, the evidence and register, two figure providers
    # and the good practices.
    assert large["consensus_item"] <= 11, large
    response = client.get(_url("assessments:consensus", assessment))
    assert len(response.context["items"]) == 28
    item = client.get(_url("assessments:consensus_item", assessment, code="4.5")).context["item"]
    assert len(item.individuals) == 30
    # Fine-tuned enabler panel (Plan, Do, Check, Act): every row has a cell per dimension, in order.
    assert {len(person.dimension_cells) for person in item.individuals} == {4}


def test_assessors_table_shows_each_score_its_absence_or_cannot_judge(world: World, project: SelfAssessment) -> None:
    import re

    from django.utils import translation

    scored, unable, silent = list(project.groups.get().seats.all())
    sub = Subcriterion.objects.get(code="1.1")
    for seat, score, cannot_judge in ((scored, 64, False), (unable, None, True)):
        services.save_individual(
            actor=seat.membership.user,
            seat=seat,
            subcriterion=sub,
            score=score,
            dimension_scores={},
            cannot_judge=cannot_judge,
            entries={},
        )
    services.change_state(actor=world.alice, assessment=project, action=Action.OPEN_CONSENSUS)
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    html = client_for(world.alice).get(_url("assessments:consensus_item", project, code="1.1")).content.decode()
    with translation.override("sl"):
        score_label = translation.gettext("Score")
        labels = {seat.pk: re.escape(seat.membership.user.display_name) for seat in (scored, unable, silent)}
        expected = {
            scored.pk: r"<strong>64</strong>",
            unable.pk: re.escape(translation.gettext("cannot judge")),
            silent.pk: r'<span class="text-body-secondary">' + re.escape(translation.gettext("not scored")),
        }
    assert score_label != "Score"  # the page is in Slovenian
    for seat_pk, cell in expected.items():
        row = rf"<td>{labels[seat_pk]}</td>\s*<td class=\"text-end\" data-label=\"{re.escape(score_label)}\">{cell}"
        assert re.search(row, html), seat_pk
