"""The organiser's pages: the network's applications and external feedback actors, and on a case
accepting, returning, assigning and removing actors, the visit. Who reaches each (the coordinator of
the network; not a coordinator of another network, a member of the organisation, an actor of the case,
an actor of another case, an anonymous visitor), what each shows, and bounded queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.feedback.models import ActorScore, CaseActor, ExternalActor, FeedbackCase
from opencaf.feedback.tests.builders_organiser import CONFLICT, NO_CONFLICT, PENDING, Scene, person, scene
from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, label
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world: World, caf_framework: Any) -> Scene:
    return scene(world, caf_framework, state="submitted")


@pytest.fixture
def in_feedback(world: World, caf_framework: Any) -> Scene:
    return scene(world, caf_framework, state="in_feedback")


def _case_url(name: str, s: Scene, **kwargs: Any) -> str:
    return reverse(f"feedback:{name}", kwargs={"case_id": s.case.public_id, **kwargs})


def _outsiders(s: Scene) -> dict[str, Any]:
    """Who must get a 404 on a case's organiser pages."""
    w = s.world
    return {"coordinator of another network": w.dave, "another organisation": w.bob, "no organisation": w.charlie}


# --- the network's applications -------------------------------------------------------------------


def test_the_coordinator_sees_the_networks_applications_submitted_first(
    world: World, caf_framework: Any, submitted: Scene
) -> None:
    other = OrganisationFactory(network=world.network, name="Zeta Agency")
    moving = feedback_case(other, accepted_assessment(other, caf_framework, title="Zeta 2025"), state="in_feedback")
    moving.visit_starts_at = timezone.now() + timedelta(days=20)
    moving.save()
    assign(moving, submitted.actor, lead=True, declaration=NO_CONFLICT)
    response = client_for(world.carol).get(
        reverse("feedback:network_cases", kwargs={"network_id": world.network.public_id})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Alice Municipality") < body.index("Zeta Agency")  # submitted before in feedback
    assert "Erin External" in body and "Zeta 2025" in body
    with translation.override("en"):
        assert escape(gettext("Submitted to the organiser")) in body


def test_the_list_filters_by_state(world: World, caf_framework: Any, submitted: Scene) -> None:
    other = OrganisationFactory(network=world.network, name="Zeta Agency")
    feedback_case(other, accepted_assessment(other, caf_framework), state="awarded")
    url = reverse("feedback:network_cases", kwargs={"network_id": world.network.public_id})
    client = client_for(world.carol)
    assert "Zeta Agency" not in client.get(url).content.decode()  # finished ones are not shown by default
    awarded = client.get(url, {"state": "awarded"}).content.decode()
    assert "Zeta Agency" in awarded and "Alice Municipality</a>" not in awarded
    every = client.get(url, {"state": "all"}).content.decode()
    assert "Zeta Agency" in every and "Alice Municipality</a>" in every
    assert client.get(url, {"state": "nonsense"}).status_code == 200


def test_labels_that_expire_within_90_days_are_listed_unless_renewed(world: World, caf_framework: Any) -> None:
    today = timezone.localdate()
    soon = OrganisationFactory(network=world.network, name="Soon Expiring")
    case = feedback_case(soon, accepted_assessment(soon, caf_framework), state="awarded")
    label(case, awarded_on=today - timedelta(days=700), months=24, number="ECU-SOON")
    renewed = OrganisationFactory(network=world.network, name="Renewed Office")
    old = feedback_case(renewed, accepted_assessment(renewed, caf_framework), state="awarded")
    label(old, awarded_on=today - timedelta(days=700), months=24, number="ECU-OLD")
    new = feedback_case(renewed, accepted_assessment(renewed, caf_framework), state="awarded")
    label(new, awarded_on=today, months=24, number="ECU-NEW")
    far = OrganisationFactory(network=world.network, name="Far Away")
    label(feedback_case(far, accepted_assessment(far, caf_framework), state="awarded"), number="ECU-FAR")
    body = (
        client_for(world.carol)
        .get(reverse("feedback:network_cases", kwargs={"network_id": world.network.public_id}))
        .content.decode()
    )
    assert "ECU-SOON" in body
    assert "ECU-OLD" not in body and "ECU-FAR" not in body


def test_the_applications_list_runs_a_bounded_number_of_queries(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    actor = external_actor(world.network, person("erin@example.org", "Erin External"))
    for number in range(12):
        org = OrganisationFactory(network=world.network, name=f"Organisation {number}")
        case = feedback_case(org, accepted_assessment(org, caf_framework), state="in_feedback")
        assign(case, actor, lead=True)
        label(case, awarded_on=timezone.localdate() - timedelta(days=700), number=f"ECU-{number}")
    client = client_for(world.carol)
    url = reverse("feedback:network_cases", kwargs={"network_id": world.network.public_id})
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["alice", "dave", "bob", "charlie"])
def test_only_the_networks_coordinators_see_its_lists(world: World, who: str) -> None:
    client = client_for(getattr(world, who))
    for name in ("network_cases", "actors"):
        assert (
            client.get(reverse(f"feedback:{name}", kwargs={"network_id": world.network.public_id})).status_code == 404
        )


def test_an_actor_of_the_network_does_not_see_its_lists(in_feedback: Scene) -> None:
    in_feedback.assign(declaration=NO_CONFLICT)
    url = reverse("feedback:network_cases", kwargs={"network_id": in_feedback.world.network.public_id})
    assert client_for(in_feedback.efac).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = client_for(None).get(reverse("feedback:actors", kwargs={"network_id": world.network.public_id}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- the network's external feedback actors --------------------------------------------------------


def test_the_coordinator_adds_an_actor(world: World, django_capture_on_commit_callbacks: Any) -> None:
    url = reverse("feedback:actors", kwargs={"network_id": world.network.public_id})
    client = client_for(world.carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "nina@example.org", "full_name": "Nina New", "qualification": "EIPA"})
    assert response.status_code == 302
    actor = ExternalActor.objects.get(network=world.network)
    assert actor.user.email == "nina@example.org" and actor.qualification == "EIPA"
    assert [message.to for message in django_mail.outbox] == [["nina@example.org"]]
    page = client.get(url).content.decode()
    assert "Nina New" in page and "nina@example.org" in page


def test_adding_without_a_name_for_a_new_person_is_refused_on_the_field(world: World) -> None:
    url = reverse("feedback:actors", kwargs={"network_id": world.network.public_id})
    response = client_for(world.carol).post(url, {"email": "nina@example.org", "full_name": ""})
    assert response.status_code == 422
    with translation.override("en"):
        assert escape(gettext("Give the person's full name: they have no account yet.")) in response.content.decode()
    assert not ExternalActor.objects.exists()


def test_the_coordinator_deactivates_an_actor(in_feedback: Scene) -> None:
    w = in_feedback.world
    in_feedback.assign(declaration=NO_CONFLICT)
    url = reverse(
        "feedback:actor_edit", kwargs={"network_id": w.network.public_id, "actor_id": in_feedback.actor.public_id}
    )
    client = client_for(w.carol)
    page = client.get(url)
    assert page.status_code == 200 and "Alice Municipality" in page.content.decode()  # the cases assigned
    assert client.post(url, {"qualification": "EIPA 2025"}).status_code == 302  # "active" unticked
    in_feedback.actor.refresh_from_db()
    assert not in_feedback.actor.active and in_feedback.actor.qualification == "EIPA 2025"
    assert CaseActor.objects.filter(actor=in_feedback.actor).exists()  # past assignments stay
    assert (
        client_for(in_feedback.efac)
        .get(reverse("feedback:case", kwargs={"case_id": in_feedback.case.public_id}))
        .status_code
        == 404
    )


def test_an_actor_of_another_network_is_not_found_under_this_one(in_feedback: Scene) -> None:
    w = in_feedback.world
    url = reverse(
        "feedback:actor_edit",
        kwargs={"network_id": w.network.public_id, "actor_id": in_feedback.stranger_actor.public_id},
    )
    assert client_for(w.carol).get(url).status_code == 404
    url = reverse(
        "feedback:actor_edit", kwargs={"network_id": w.network.public_id, "actor_id": in_feedback.actor.public_id}
    )
    assert client_for(w.dave).post(url, {"qualification": "x"}).status_code == 404
    in_feedback.actor.refresh_from_db()
    assert in_feedback.actor.active


# --- accepting and returning ------------------------------------------------------------------------


def test_the_coordinator_accepts_from_the_case_page(submitted: Scene) -> None:
    client = client_for(submitted.world.carol)
    page = client.get(_case_url("case", submitted)).content.decode()
    assert _case_url("case_accept", submitted) in page and _case_url("case_return", submitted) in page
    response = client.post(_case_url("case_accept", submitted), {"version": "0"})
    assert response.status_code == 302 and response["Location"] == _case_url("case_assign", submitted)
    assert submitted.refresh().state == "in_feedback"


def test_a_stale_accept_is_refused_with_a_message(submitted: Scene) -> None:
    FeedbackCase.objects.filter(pk=submitted.case.pk).update(version=5)
    response = client_for(submitted.world.carol).post(
        _case_url("case_accept", submitted), {"version": "4"}, follow=True
    )
    assert submitted.refresh().state == "submitted"
    with translation.override("en"):
        expected = gettext(
            "Someone else changed this application in the meantime. Reload the page to see what changed."
        )
    assert escape(expected) in response.content.decode()


def test_the_coordinator_returns_the_application_with_reasons(submitted: Scene) -> None:
    client = client_for(submitted.world.carol)
    assert client.get(_case_url("case_return", submitted)).status_code == 200
    assert client.post(_case_url("case_return", submitted), {"reason": "", "version": "0"}).status_code == 422
    assert submitted.refresh().state == "submitted"
    response = client.post(_case_url("case_return", submitted), {"reason": "Add the plan.", "version": "0"})
    assert response.status_code == 302
    case = submitted.refresh()
    assert case.state == "draft" and case.return_reason == "Add the plan."


def test_a_closed_case_has_nothing_to_organise(world: World, caf_framework: Any) -> None:
    s = scene(world, caf_framework, state="withdrawn")
    client = client_for(world.carol)
    for name in ("case_accept", "case_return", "visit"):
        response = client.post(_case_url(name, s), {"reason": "x"})
        assert response.status_code == 302 and response["Location"] == _case_url("case", s), name
    assert s.refresh().state == "withdrawn"


@pytest.mark.parametrize("name", ["case_accept", "case_return", "case_assign", "visit"])
def test_members_and_actors_of_the_case_may_not_organise_it(in_feedback: Scene, name: str) -> None:
    in_feedback.assign(lead=True, declaration=NO_CONFLICT)
    for user in (in_feedback.world.alice, in_feedback.leader, in_feedback.viewer, in_feedback.efac):
        client = client_for(user)
        assert client.get(_case_url(name, in_feedback)).status_code in (403, 405)
        assert client.post(_case_url(name, in_feedback), {"reason": "x"}).status_code == 403
    assert in_feedback.refresh().state == "in_feedback"


@pytest.mark.parametrize("name", ["case_accept", "case_return", "case_assign", "visit", "declare"])
def test_outsiders_get_a_404(in_feedback: Scene, caf_framework: Any, name: str) -> None:
    in_feedback.assign(declaration=PENDING)
    bob_org = in_feedback.world.bob_org
    other = feedback_case(bob_org, accepted_assessment(bob_org, caf_framework, title="Bob 2025"), state="in_feedback")
    assign(other, in_feedback.stranger_actor, declaration=NO_CONFLICT)
    other_case_actor = in_feedback.stranger_efac  # an actor of another network's case
    people = {**_outsiders(in_feedback), "actor of another case": other_case_actor}
    for who, user in people.items():
        client = client_for(user)
        assert client.get(_case_url(name, in_feedback)).status_code in (404, 405), who
        assert client.post(_case_url(name, in_feedback), {"reason": "x"}).status_code == 404, who
    anonymous = client_for(None).post(_case_url(name, in_feedback))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert in_feedback.refresh().state == "in_feedback"


# --- assigning and removing actors ------------------------------------------------------------------


def test_the_coordinator_assigns_actors(in_feedback: Scene, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(in_feedback.world.carol)
    url = _case_url("case_assign", in_feedback)
    page = client.get(url).content.decode()
    assert "Erin External" in page and "Otto Other" not in page  # the other network's actor is not offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"external_actor": str(in_feedback.actor.public_id), "lead": "on"})
    assert response.status_code == 302
    assignment = CaseActor.objects.get(case=in_feedback.case)
    assert assignment.actor == in_feedback.actor and assignment.lead
    assert [message.to for message in django_mail.outbox] == [[in_feedback.efac.email]]
    # Once assigned, the actor is no longer offered, and a second lead is refused with the reason.
    page = client.get(url).content.decode()
    assert f'value="{in_feedback.actor.public_id}"' not in page
    response = client.post(url, {"external_actor": str(in_feedback.actor2.public_id), "lead": "on"})
    assert response.status_code == 422
    with translation.override("en"):
        expected = gettext(
            "Another external feedback actor already leads this case. Assign this one without leading it."
        )
    assert escape(expected) in response.content.decode()
    assert CaseActor.objects.filter(case=in_feedback.case).count() == 1


def test_assigning_an_actor_already_on_the_case_says_why(in_feedback: Scene) -> None:
    in_feedback.assign(in_feedback.actor2, declaration=CONFLICT)
    response = client_for(in_feedback.world.carol).post(
        _case_url("case_assign", in_feedback), {"external_actor": str(in_feedback.actor2.public_id)}
    )
    assert response.status_code == 422
    with translation.override("en"):
        expected = gettext(
            "%(name)s declared a conflict of interest with this organisation and cannot be assigned."
        ) % {"name": "Emil External"}
    assert escape(expected) in response.content.decode()


def test_more_actors_than_usual_get_a_warning(in_feedback: Scene) -> None:
    usual = in_feedback.case.procedure.actors_per_case
    w = in_feedback.world
    actors = [external_actor(w.network, person(f"x{n}@example.org", f"X {n}")) for n in range(usual)]
    for actor in actors:
        assign(in_feedback.case, actor)
    response = client_for(w.carol).post(
        _case_url("case_assign", in_feedback), {"external_actor": str(in_feedback.actor.public_id)}, follow=True
    )
    with translation.override("en"):
        expected = gettext("This application now has %(count)d actors; the procedure usually has %(usual)d.") % {
            "count": usual + 1,
            "usual": usual,
        }
    assert escape(expected) in response.content.decode()
    assert CaseActor.objects.filter(case=in_feedback.case).count() == usual + 1


def test_the_coordinator_removes_an_actor_who_has_not_scored(in_feedback: Scene) -> None:
    keep = in_feedback.assign(declaration=NO_CONFLICT)
    drop = in_feedback.assign(in_feedback.actor2, declaration=PENDING)
    ActorScore.objects.create(case_actor=keep, question="1.1", score=3)
    client = client_for(in_feedback.world.carol)
    page = client.get(_case_url("case_assign", in_feedback)).content.decode()
    assert _case_url("case_unassign", in_feedback, assignment_id=drop.public_id) in page
    assert _case_url("case_unassign", in_feedback, assignment_id=keep.public_id) not in page
    assert client.post(_case_url("case_unassign", in_feedback, assignment_id=drop.public_id)).status_code == 302
    response = client.post(_case_url("case_unassign", in_feedback, assignment_id=keep.public_id), follow=True)
    with translation.override("en"):
        expected = gettext("%(name)s has already scored this case and cannot be removed from it.") % {
            "name": "Erin External"
        }
    assert escape(expected) in response.content.decode()
    assert list(CaseActor.objects.filter(case=in_feedback.case)) == [keep]


def test_removing_is_for_the_coordinator_only(in_feedback: Scene) -> None:
    assignment = in_feedback.assign(declaration=NO_CONFLICT)
    url = _case_url("case_unassign", in_feedback, assignment_id=assignment.public_id)
    assert client_for(in_feedback.world.alice).post(url).status_code == 403
    assert client_for(in_feedback.efac).post(url).status_code == 403
    assert client_for(in_feedback.world.dave).post(url).status_code == 404
    assert client_for(in_feedback.world.carol).get(url).status_code == 405
    assert CaseActor.objects.filter(pk=assignment.pk).exists()


def test_the_assign_page_runs_a_bounded_number_of_queries(
    in_feedback: Scene, django_assert_max_num_queries: Any
) -> None:
    w = in_feedback.world
    for number in range(8):
        actor = external_actor(w.network, person(f"x{number}@example.org", f"X {number}"))
        if number % 2:
            assign(in_feedback.case, actor)
    client = client_for(w.carol)
    with django_assert_max_num_queries(14):
        assert client.get(_case_url("case_assign", in_feedback)).status_code == 200


# --- the visit ------------------------------------------------------------------------------------


def test_the_coordinator_schedules_the_visit(in_feedback: Scene) -> None:
    client = client_for(in_feedback.world.carol)
    url = _case_url("visit", in_feedback)
    assert client.get(url).status_code == 200
    data = {"starts_at": "2031-03-04T09:00", "ends_at": "2031-03-04T08:00", "place": "Town hall", "version": "0"}
    response = client.post(url, data)
    assert response.status_code == 422
    with translation.override("en"):
        assert escape(gettext("The visit must end after it starts.")) in response.content.decode()
    assert in_feedback.refresh().visit_starts_at is None
    response = client.post(url, {**data, "ends_at": "2031-03-04T15:00", "agenda": "Meet the group"})
    assert response.status_code == 302
    case = in_feedback.refresh()
    assert timezone.localtime(case.visit_starts_at).hour == 9 and case.visit_place == "Town hall"
    assert client.get(url).content.decode().count("2031-03-04T09:00") == 1  # the form shows it again


def test_a_visit_waits_for_acceptance(submitted: Scene) -> None:
    response = client_for(submitted.world.carol).get(_case_url("visit", submitted))
    assert response.status_code == 302 and response["Location"] == _case_url("case", submitted)
