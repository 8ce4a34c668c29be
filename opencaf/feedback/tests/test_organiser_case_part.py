"""The organiser part of the case page (selectors/case_organiser.py, feedback/case/_organiser.html) and
the home page's to-do items of external feedback (todo.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.core.todo import Urgency, items_for
from opencaf.feedback.access import access_for
from opencaf.feedback.selectors.case_organiser import context
from opencaf.feedback.tests.builders_organiser import CONFLICT, NO_CONFLICT, PENDING, Scene, scene
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case
from opencaf.feedback.todo import actor_items, coordinator_items
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visited(world: World, caf_framework: Any) -> Scene:
    starts = timezone.now() + timedelta(days=3)
    s = scene(
        world,
        caf_framework,
        state="in_feedback",
        visit_starts_at=starts,
        visit_ends_at=starts + timedelta(hours=5),
        visit_place="Town hall, room 3",
        visit_agenda="Meet the self-assessment group",
    )
    s.assign(lead=True, declaration=NO_CONFLICT)
    s.assign(s.actor2, declaration=PENDING)
    return s


def _page(user: Any, s: Scene) -> str:
    response = client_for(user).get(reverse("feedback:case", kwargs={"case_id": s.case.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_sees_the_next_steps_and_every_actor(visited: Scene) -> None:
    body = _page(visited.world.carol, visited)
    assert reverse("feedback:case_assign", kwargs={"case_id": visited.case.public_id}) in body
    assert reverse("feedback:visit", kwargs={"case_id": visited.case.public_id}) in body
    assert "Erin External" in body and "Emil External" in body  # the pending one too
    with translation.override("en"):
        awaited = ngettext(
            "%(counter)s declaration of interests awaited", "%(counter)s declarations of interests awaited", 1
        )
        assert awaited % {"counter": 1} in body
    assert reverse("feedback:case_accept", kwargs={"case_id": visited.case.public_id}) not in body


def _part(body: str) -> str:
    """The organiser section of the case page."""
    start = body.index('aria-labelledby="organiser-part"')
    return body[start : body.index("</section>", start)]


def test_members_and_actors_see_the_visit_and_the_declared_actors_only(visited: Scene) -> None:
    for user in (visited.world.alice, visited.viewer, visited.efac):
        body = _part(_page(user, visited))
        assert "Town hall, room 3" in body and "Meet the self-assessment group" in body
        assert "Erin External" in body
        assert "Emil External" not in body  # not declared yet
        assert reverse("feedback:case_assign", kwargs={"case_id": visited.case.public_id}) not in body


def test_a_submitted_application_offers_the_coordinator_accept_and_return(world: World, caf_framework: Any) -> None:
    s = scene(world, caf_framework, state="submitted")
    body = _page(world.carol, s)
    assert reverse("feedback:case_accept", kwargs={"case_id": s.case.public_id}) in body
    assert reverse("feedback:case_return", kwargs={"case_id": s.case.public_id}) in body
    member = _page(world.alice, s)
    assert reverse("feedback:case_accept", kwargs={"case_id": s.case.public_id}) not in member


def test_the_part_reads_the_assignments_in_one_query(
    visited: Scene, django_assert_max_num_queries: Any, world: World, caf_framework: Any
) -> None:
    access = access_for(visited.world.carol, visited.case)
    assert access is not None
    with django_assert_max_num_queries(1):
        part = context(access)["organiser"]
        assert [item.actor.user.full_name for item in part.assignments] == ["Erin External", "Emil External"]
    assert part.coordinator and part.can_assign and not part.can_accept and part.pending == 1 and part.counted == 2
    other = OrganisationFactory(network=world.network)
    early = feedback_case(other, accepted_assessment(other, caf_framework), state="submitted")
    early_access = access_for(world.carol, early)
    assert early_access is not None
    with django_assert_max_num_queries(0):  # nobody is assigned before acceptance
        assert context(early_access)["organiser"].can_accept


def test_a_conflicted_actor_is_not_counted(visited: Scene) -> None:
    visited.assign(visited.stranger_actor, declaration=CONFLICT)
    access = access_for(visited.world.carol, visited.case)
    assert access is not None
    part = context(access)["organiser"]
    assert part.counted == 2 and len(part.assignments) == 3


# --- to-do items ----------------------------------------------------------------------------------


def test_coordinators_see_the_applications_waiting_for_them(world: World, caf_framework: Any) -> None:
    scene(world, caf_framework, state="submitted")
    other = OrganisationFactory(network=world.network)
    feedback_case(other, accepted_assessment(other, caf_framework), state="submitted")
    with translation.override("en"):
        (item,) = list(coordinator_items(world.carol))
        assert item.title == ngettext(
            "%(count)d application for external feedback waiting for you",
            "%(count)d applications for external feedback waiting for you",
            2,
        ) % {"count": 2}
    assert item.count == 2 and item.urgency == Urgency.WAITING and item.organisation == world.network.name
    assert item.url.startswith(reverse("feedback:network_cases", kwargs={"network_id": world.network.public_id}))
    assert list(coordinator_items(world.dave)) == [] and list(coordinator_items(world.alice)) == []


def test_actors_see_what_to_declare_and_the_visits_ahead(visited: Scene) -> None:
    with translation.override("en"):
        (visit,) = list(actor_items(visited.efac))
        (declare,) = list(actor_items(visited.efac2))
        assert declare.title == gettext("Declare your interests for %(organisation)s") % {
            "organisation": "Alice Municipality"
        }
    assert declare.url == reverse("feedback:declare", kwargs={"case_id": visited.case.public_id})
    assert declare.urgency == Urgency.WAITING
    assert visit.due == timezone.localdate(visited.case.visit_starts_at) and visit.urgency == Urgency.DUE_SOON
    assert visit.url == reverse("feedback:case", kwargs={"case_id": visited.case.public_id})
    assert list(actor_items(visited.world.charlie)) == []


def test_the_providers_are_registered_and_bounded(visited: Scene, django_assert_max_num_queries: Any) -> None:
    from opencaf.feedback import todo

    todo.register()
    with django_assert_max_num_queries(3):  # the networks coordinated, the waiting count, the assignments
        assert list(coordinator_items(visited.world.carol)) == []  # nothing submitted
        assert len(list(actor_items(visited.efac))) == 1
    titles = [item.title for item in items_for(visited.efac2)]
    with translation.override(visited.efac2.language or "en"):
        assert any("Alice Municipality" in title for title in titles)
