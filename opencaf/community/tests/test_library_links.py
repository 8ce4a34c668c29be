"""The scoring and consensus pages of a subcriterion list the library's good practices for it (the
assessments app's `subcriterion_links` registry, filled by the community app): at most five, newest
first, and a link to all of them in the library; only for members of an organisation in a network,
with a fixed number of queries."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.assessments import services as assessment_services
from opencaf.assessments.lifecycle import Action
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.subcriterion_links import links_by_code, links_for
from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
from opencaf.community import links
from opencaf.community.models import PracticeAudience, PracticeState
from opencaf.community.tests.test_library_search import make_practice
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    assessment = make_assessment(world.alice_org, world.alice, caf_framework)
    add_assessors(assessment, world.alice, 2)
    return start(assessment, world.alice)


def _page_url(name: str, assessment: SelfAssessment, code: str = "1.1") -> str:
    kwargs = {"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, "code": code}
    return reverse(name, kwargs=kwargs)


def _assessor(assessment: SelfAssessment) -> Any:
    return assessment.groups.get().seats.first().membership.user


def _library_url(world: World, code: str) -> str:
    base = reverse("community:library", kwargs={"network_id": world.network.public_id})
    return f"{base}?{urlencode({'subcriterion': code})}"


def _heading() -> str:
    with translation.override("en"):
        return escape(gettext("Good practices for this subcriterion"))


# --- the provider ------------------------------------------------------------------------------------


def test_the_library_practices_of_the_subcriterion_newest_first(world: World, project: SelfAssessment) -> None:
    ours = make_practice(world.alice_org, "Ours", subcriteria=("1.1",))
    theirs = make_practice(world.bob_org, "Theirs in public", audience=PracticeAudience.PUBLIC, subcriteria=("1.1",))
    make_practice(world.bob_org, "Theirs inside", subcriteria=("1.1",))
    make_practice(world.alice_org, "Another subcriterion", subcriteria=("1.2",))
    make_practice(world.alice_org, "Not published", state=PracticeState.SUBMITTED, subcriteria=("1.1",))
    (block,) = links_for(world.alice, project, "1.1")
    assert [link.title for link in block.links] == ["Theirs in public", "Ours"]
    assert [link.url for link in block.links] == [
        reverse("community:public_practice", kwargs={"practice_id": theirs.public_id}),
        reverse("community:practice", kwargs={"network_id": world.network.public_id, "practice_id": ours.public_id}),
    ]
    assert [link.note for link in block.links] == ["Bob Agency", "Alice Municipality"]
    assert block.more_url == _library_url(world, "1.1")
    assert links_by_code(world.alice, project, ["1.1", "1.2", "2.1"])["2.1"] == []


def test_at_most_five_titles_in_the_readers_language(world: World, project: SelfAssessment) -> None:
    for number in range(7):
        make_practice(
            world.alice_org, f"Practice {number}", translations={"sl": f"Praksa {number}"}, subcriteria=("1.1",)
        )
    make_practice(world.alice_org, "Only in English", subcriteria=("1.1",))
    with translation.override("sl"):
        (block,) = links_for(world.alice, project, "1.1")
    assert len(block.links) == links.MOST_SHOWN
    assert block.links[0].title == "Only in English" and block.links[0].language == "en"
    assert [link.title for link in block.links[1:]] == ["Praksa 6", "Praksa 5", "Praksa 4", "Praksa 3"]
    assert {link.language for link in block.links[1:]} == {"sl"}


def test_only_readers_of_the_library_get_links(world: World, project: SelfAssessment, caf_framework: Any) -> None:
    make_practice(world.alice_org, "Ours", subcriteria=("1.1",), audience=PracticeAudience.PUBLIC)
    assert links_for(world.charlie, project, "1.1") == []
    assert links_for(world.bob, project, "1.1") == []
    # An organisation outside any network has no library: nothing is asked of the database.
    loner = UserFactory()
    outside = OrganisationFactory(network=None)
    add_member(outside, loner, Role.ORG_ADMIN)
    assessment = make_assessment(outside, loner, caf_framework)
    assert links_for(loner, assessment, "1.1") == []


# --- on the pages ------------------------------------------------------------------------------------------


def test_the_scoring_page_lists_them(world: World, project: SelfAssessment) -> None:
    ours = make_practice(world.alice_org, "Complaints desk", subcriteria=("1.1",))
    client = client_for(_assessor(project))
    page = client.get(_page_url("assessments:score", project)).content.decode()
    assert _heading() in page and "Complaints desk" in page
    assert str(ours.public_id) in page
    assert escape(_library_url(world, "1.1")) in page
    other = client.get(_page_url("assessments:score", project, code="2.1")).content.decode()
    assert _heading() not in other and "Complaints desk" not in other
    # The autosave partial carries none of it.
    partial = client.post(_page_url("assessments:score", project), {"score": "45"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "Complaints desk" not in partial.content.decode()


def test_the_consensus_page_lists_them(world: World, project: SelfAssessment) -> None:
    make_practice(world.bob_org, "Open data portal", audience=PracticeAudience.PUBLIC, subcriteria=("1.1",))
    assessment_services.change_state(actor=world.alice, assessment=project, action=Action.OPEN_CONSENSUS)
    page = client_for(world.alice).get(_page_url("assessments:consensus_item", project)).content.decode()
    assert _heading() in page and "Open data portal" in page


def test_the_scoring_page_queries_do_not_grow(
    world: World, project: SelfAssessment, django_assert_max_num_queries: Any
) -> None:
    client = client_for(_assessor(project))
    url = _page_url("assessments:score", project)
    client.get(url)  # the framework's structure is read once per process
    for number in range(2):
        make_practice(world.alice_org, f"Practice {number}", subcriteria=("1.1",))
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(2, 20):
        make_practice(world.alice_org, f"Practice {number}", subcriteria=("1.1",), helped_by=(world.bob_org,))
    with django_assert_max_num_queries(40) as many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Practice ") == links.MOST_SHOWN


def test_two_queries_per_subcriterion_and_one_without_practices(
    world: World, project: SelfAssessment, django_assert_num_queries: Any
) -> None:
    for number in range(8):
        make_practice(world.alice_org, f"Practice {number}", subcriteria=("1.1", "1.2"))
    reader = UserFactory()
    add_member(world.alice_org, reader, Role.ASSESSOR)
    from opencaf.organisations.selectors import my_memberships, my_networks

    my_memberships(reader), my_networks(reader)  # the navigation bar loads these on every page anyway
    with django_assert_num_queries(2):  # the practices, then their titles
        links_for(reader, project, "1.1")
    with django_assert_num_queries(4):
        links_by_code(reader, project, ["1.1", "1.2"])
    with django_assert_num_queries(1):  # nothing for 2.1: no titles to read
        assert links_for(reader, project, "2.1") == []
