"""The external feedback actor's pages: the declaration of interests (only the assigned actor; before it,
nothing of the case but the organisation's name, the self-assessment's title and the procedure), and
the person's own cases across networks, with an empty state for everyone else."""

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
from opencaf.feedback.models import CaseActor
from opencaf.feedback.tests.builders_organiser import CONFLICT, NO_CONFLICT, PENDING, Scene, scene
from opencaf.feedback.tests.factories import accepted_assessment, assign, feedback_case
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SECRET = "Our secret answer on pillar one"


@pytest.fixture
def assigned(world: World, caf_framework: Any) -> Scene:
    s = scene(world, caf_framework, state="in_feedback", answers={"1": SECRET}, visit_place="Secret room 7")
    s.assign(lead=True, declaration=PENDING)
    return s


def _declare(s: Scene) -> str:
    return reverse("feedback:declare", kwargs={"case_id": s.case.public_id})


def test_before_declaring_the_actor_sees_only_who_and_what(assigned: Scene) -> None:
    client = client_for(assigned.efac)
    case_page = client.get(reverse("feedback:case", kwargs={"case_id": assigned.case.public_id}))
    assert case_page.status_code == 302 and case_page["Location"] == _declare(assigned)
    page = client.get(_declare(assigned))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Alice Municipality" in body and assigned.case.assessment.title in body
    assert escape(assigned.case.procedure.name("bg")) in body
    assert SECRET not in body and "Secret room 7" not in body


def test_declaring_no_conflict_opens_the_case(assigned: Scene) -> None:
    client = client_for(assigned.efac)
    response = client.post(_declare(assigned), {"declaration": "no_conflict", "none-confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:case", kwargs={"case_id": assigned.case.public_id})
    assert CaseActor.objects.get().declaration == NO_CONFLICT
    assert client.get(response["Location"]).status_code == 200


def test_the_no_conflict_box_must_be_ticked(assigned: Scene) -> None:
    response = client_for(assigned.efac).post(_declare(assigned), {"declaration": "no_conflict"})
    assert response.status_code == 422
    assert CaseActor.objects.get().declaration == PENDING


def test_a_conflict_needs_a_note_and_takes_the_actor_out(
    assigned: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(assigned.efac)
    assert client.post(_declare(assigned), {"declaration": "conflict", "conflict-note": ""}).status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_declare(assigned), {"declaration": "conflict", "conflict-note": "My sister leads it."})
    assert response.status_code == 302 and response["Location"] == reverse("feedback:my_cases")
    assignment = CaseActor.objects.get()
    assert assignment.declaration == CONFLICT and assignment.declaration_note == "My sister leads it."
    assert [message.to for message in django_mail.outbox] == [[assigned.world.carol.email]]
    assert client.get(_declare(assigned)).status_code == 404
    assert client.get(reverse("feedback:case", kwargs={"case_id": assigned.case.public_id})).status_code == 404


def test_a_declaration_cannot_be_changed(assigned: Scene) -> None:
    client = client_for(assigned.efac)
    client.post(_declare(assigned), {"declaration": "no_conflict", "none-confirm": "on"})
    response = client.post(
        _declare(assigned), {"declaration": "conflict", "conflict-note": "Changed my mind"}, follow=True
    )
    assert CaseActor.objects.get().declaration == NO_CONFLICT
    with translation.override("bg"):  # Erin reads Bulgarian
        expected = gettext(
            "You already declared your interests for this case; a declaration cannot be changed. If "
            "something has changed since, tell the network's coordinators."
        )
    assert escape(expected) in response.content.decode()


@pytest.mark.parametrize("who", ["alice", "leader", "carol", "efac2", "dave", "bob", "stranger_efac"])
def test_only_the_assigned_actor_reaches_the_declaration(assigned: Scene, who: str) -> None:
    user = getattr(assigned, who, None) or getattr(assigned.world, who)
    client = client_for(user)
    assert client.get(_declare(assigned)).status_code == 404
    assert client.post(_declare(assigned), {"declaration": "no_conflict", "none-confirm": "on"}).status_code == 404
    assert CaseActor.objects.get().declaration == PENDING


def test_an_anonymous_visitor_is_sent_to_sign_in(assigned: Scene) -> None:
    response = client_for(None).get(_declare(assigned))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- my cases -------------------------------------------------------------------------------------


def test_my_cases_lists_the_actors_cases_across_networks(world: World, caf_framework: Any) -> None:
    s = scene(world, caf_framework, state="in_feedback", visit_place="Town hall")
    s.case.visit_starts_at = timezone.now() + timedelta(days=5)
    s.case.save()
    s.assign(lead=True, declaration=NO_CONFLICT)
    # In another network, the same person is an actor too, and must still declare.
    from opencaf.feedback.tests.factories import external_actor

    other_actor = external_actor(world.other_network, s.efac)
    bob_case = feedback_case(world.bob_org, accepted_assessment(world.bob_org, caf_framework), state="in_feedback")
    assign(bob_case, other_actor, declaration=PENDING)
    # A finished one, and one with a conflict (not listed).
    done_org = OrganisationFactory(network=world.network, name="Done Office")
    done = feedback_case(done_org, accepted_assessment(done_org, caf_framework), state="awarded")
    assign(done, s.actor, declaration=NO_CONFLICT)
    gone_org = OrganisationFactory(network=world.network, name="Conflicted Office")
    gone = feedback_case(gone_org, accepted_assessment(gone_org, caf_framework), state="in_feedback")
    assign(gone, s.actor, declaration=CONFLICT)
    body = client_for(s.efac).get(reverse("feedback:my_cases")).content.decode()
    assert body.index("Bob Agency") < body.index("Alice Municipality") < body.index("Done Office")
    assert "Conflicted Office" not in body and "Town hall" in body
    assert reverse("feedback:declare", kwargs={"case_id": bob_case.public_id}) in body
    assert reverse("feedback:case", kwargs={"case_id": s.case.public_id}) in body


def test_my_cases_has_an_empty_state_for_people_who_are_not_actors(world: World) -> None:
    response = client_for(world.charlie).get(reverse("feedback:my_cases"))
    assert response.status_code == 200
    with translation.override("en"):
        expected = gettext(
            "You are not assigned to any application for external feedback. When a network's coordinators "
            "assign you as an external feedback actor, the application appears here and you receive an e-mail."
        )
    assert expected in response.content.decode()  # {% translate %} text, as written


def test_my_cases_runs_a_bounded_number_of_queries(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    s = scene(world, caf_framework, state="in_feedback")
    s.assign(declaration=NO_CONFLICT)
    for _number in range(6):
        org = OrganisationFactory(network=world.network)
        assign(feedback_case(org, accepted_assessment(org, caf_framework), state="in_feedback"), s.actor)
    client = client_for(s.efac)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("feedback:my_cases")).status_code == 200
