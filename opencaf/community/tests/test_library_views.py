"""The library pages: who may open a network's library and the public one, what a page shows and links
to, the search form sent by GET (bad input ignored with a message, never a 500), and a number of
queries that does not grow with the number of practices."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.community.models import PracticeAudience
from opencaf.community.selectors.library import PAGE_SIZE
from opencaf.community.tests.test_library_search import make_practice
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _library(world: World, query: str = "") -> str:
    url = reverse("community:library", kwargs={"network_id": world.network.public_id})
    return f"{url}?{query}" if query else url


def _public(query: str = "") -> str:
    url = reverse("community:public_library")
    return f"{url}?{query}" if query else url


def _practice_url(world: World, practice: Any) -> str:
    return reverse(
        "community:practice", kwargs={"network_id": world.network.public_id, "practice_id": practice.public_id}
    )


def _public_practice_url(practice: Any) -> str:
    return reverse("community:public_practice", kwargs={"practice_id": practice.public_id})


def _neighbour(world: World) -> Any:
    """A member of another organisation of Alice's network."""
    person = UserFactory()
    add_member(OrganisationFactory(network=world.network), person, Role.VIEWER)
    return person


# --- who may open them --------------------------------------------------------------------------------


def test_network_library_is_for_the_networks_members_and_coordinators(world: World) -> None:
    make_practice(world.alice_org, "Complaints desk")
    url = _library(world)
    for person in (world.alice, _neighbour(world), world.carol):
        response = client_for(person).get(url)
        assert response.status_code == 200, person
        assert "Complaints desk" in response.content.decode()
    for person in (world.bob, world.dave, world.charlie):
        assert client_for(person).get(url).status_code == 404, person
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    # Another network's library is not Alice's to read, nor a network that does not exist.
    other = reverse("community:library", kwargs={"network_id": world.other_network.public_id})
    assert client_for(world.alice).get(other).status_code == 404
    missing = reverse("community:library", kwargs={"network_id": "00000000-0000-4000-8000-000000000000"})
    assert client_for(world.carol).get(missing).status_code == 404


def test_pages_only_read(world: World) -> None:
    assert client_for(world.alice).post(_library(world)).status_code == 405
    assert client_for(None).post(_public()).status_code == 405


def test_public_library_is_for_everyone_and_shows_public_practices_only(world: World) -> None:
    public = make_practice(world.alice_org, "Open data portal", audience=PracticeAudience.PUBLIC)
    make_practice(world.alice_org, "Inside the network")
    for person in (None, world.alice, _neighbour(world), world.bob, world.carol, world.dave, world.charlie):
        response = client_for(person).get(_public())
        page = response.content.decode()
        assert response.status_code == 200, person
        assert "Open data portal" in page and "Inside the network" not in page, person
        assert _public_practice_url(public) in page
        if person in (None, world.bob, world.dave, world.charlie):  # (the navigation bar names one's own network)
            assert world.network.name not in page  # the public library names organisations, not networks


def test_coordinators_see_the_networks_tabs(world: World) -> None:
    tab = reverse("coordination:news", kwargs={"network_id": world.network.public_id})
    assert tab in client_for(world.carol).get(_library(world)).content.decode()
    assert tab not in client_for(world.alice).get(_library(world)).content.decode()


# --- what a page shows ------------------------------------------------------------------------------------


def test_entries_link_to_the_page_their_reader_may_open(world: World) -> None:
    ours = make_practice(world.alice_org, "Ours", audience=PracticeAudience.PUBLIC)
    theirs = make_practice(world.bob_org, "Theirs", audience=PracticeAudience.PUBLIC)
    page = client_for(world.alice).get(_library(world)).content.decode()
    assert _practice_url(world, ours) in page
    assert _public_practice_url(theirs) in page
    assert _public_practice_url(ours) not in page
    with translation.override("en"):
        assert escape(gettext("From another network (public)")) in page
    assert page.count('class="practice-entry') == 2


def test_an_entry_shows_title_organisation_subcriteria_and_helped_count(world: World, caf_framework: Any) -> None:
    neighbour = OrganisationFactory(network=world.network)
    make_practice(
        world.alice_org,
        "Complaints desk",
        translations={"sl": "Enotna točka za pritožbe"},
        subcriteria=("5.2", "6.1"),
        helped_by=(neighbour,),
    )
    reader = Client(HTTP_ACCEPT_LANGUAGE="sl")
    page = reader.get(_public()).content.decode()
    assert "Enotna točka za pritožbe" not in page  # not public
    slovenian = UserFactory(language="sl")
    add_member(world.alice_org, slovenian, Role.VIEWER)
    response = client_for(slovenian).get(_library(world))
    page = response.content.decode()
    (entry,) = response.context["entries"]
    assert "Enotna točka za pritožbe" in page and "Alice Municipality" in page and "5.2, 6.1" in page
    assert entry.helped == 1 and entry.language == "sl"
    assert 'lang="sl"' in page


def test_an_empty_library_and_an_empty_search_say_so(world: World) -> None:
    client = client_for(world.alice)
    with translation.override("en"):
        nothing = escape(gettext("No good practice has been published yet."))
        no_match = escape(gettext("No good practice matches the search. Try fewer words or fewer filters."))
    assert nothing in client.get(_library(world)).content.decode()
    make_practice(world.alice_org, "Complaints desk")
    assert no_match in client.get(_library(world, "q=nowhere")).content.decode()


# --- the search form --------------------------------------------------------------------------------------


def test_search_and_filters_by_get(world: World, caf_framework: Any) -> None:
    school = OrganisationFactory(network=world.network, org_type="school", country="BG")
    make_practice(world.alice_org, "Complaints desk", subcriteria=("6.1",))
    make_practice(school, "Complaints at school", subcriteria=("3.2",))
    client = client_for(world.alice)

    def titles(query: str) -> list[str]:
        response = client.get(_library(world, query))
        assert response.status_code == 200
        return sorted(entry.title for entry in response.context["entries"])

    assert titles("q=complaints") == ["Complaints at school", "Complaints desk"]
    assert titles("q=complaints&subcriterion=6.1") == ["Complaints desk"]
    assert titles("org_type=school") == ["Complaints at school"]
    assert titles("country=BG&language=en") == ["Complaints at school"]
    assert titles("q=school+complaints") == ["Complaints at school"]
    # The form keeps what was asked for.
    form = client.get(_library(world, "q=desk&subcriterion=6.1")).context["form"]
    assert form["q"].value() == "desk" and form["subcriterion"].value() == "6.1"


def test_filters_not_understood_are_ignored_with_a_message(world: World, caf_framework: Any) -> None:
    make_practice(world.alice_org, "Complaints desk", subcriteria=("6.1",))
    client = client_for(world.alice)
    response = client.get(_library(world, "subcriterion=99.9&country=XX&language=xx&q=complaints"))
    assert response.status_code == 200
    assert [entry.title for entry in response.context["entries"]] == ["Complaints desk"]  # the words still apply
    assert set(response.context["form"].errors) == {"subcriterion", "country", "language"}
    with translation.override("en"):
        assert escape(gettext("Some filters were not understood and are ignored:")) in response.content.decode()
    too_long = client.get(_library(world, "q=" + "a" * 300))
    assert too_long.status_code == 200 and "q" in too_long.context["form"].errors
    # Anything as a page number gives a page; a page number alone is no search.
    for page in ("abc", "-1", "999", "1.5"):
        response = client.get(_library(world, f"page={page}"))
        assert response.status_code == 200 and not response.context["form"].is_bound, page


def test_pages_keep_the_search(world: World) -> None:
    for number in range(PAGE_SIZE + 3):
        make_practice(world.alice_org, f"Complaints {number}")
    make_practice(world.alice_org, "Staff survey", problem="Nothing.", actions="Nothing.", results="Nothing.")
    client = client_for(world.alice)
    first = client.get(_library(world, "q=complaints"))
    assert first.context["page"].paginator.count == PAGE_SIZE + 3
    assert "?q=complaints&amp;page=2" in first.content.decode()
    second = client.get(_library(world, "q=complaints&page=2"))
    assert len(second.context["entries"]) == 3
    assert "?q=complaints&amp;page=1" in second.content.decode()


# --- bounded queries ----------------------------------------------------------------------------------------


def _fill(world: World, count: int, caf_framework: Any) -> None:
    neighbour = OrganisationFactory(network=world.network)
    for number in range(count):
        organisation = world.alice_org if number % 2 else neighbour
        audience = PracticeAudience.PUBLIC if number % 3 else PracticeAudience.NETWORK
        make_practice(
            organisation,
            f"Complaints {number}",
            translations={"sl": f"Pritožbe {number}"},
            audience=audience,
            subcriteria=("1.1", "6.1"),
            helped_by=(world.bob_org,),
        )
        make_practice(world.bob_org, f"Public complaints {number}", audience=PracticeAudience.PUBLIC)


@pytest.mark.parametrize("query", ["", "q=complaints&subcriterion=6.1&org_type=municipality&language=sl"])
def test_network_library_queries_do_not_grow(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any, query: str
) -> None:
    client = client_for(world.alice)
    client.get(_library(world, query))  # the framework's structure is read once per process
    _fill(world, 2, caf_framework)
    with django_assert_max_num_queries(10) as few:
        small = client.get(_library(world, query))
    _fill(world, 20, caf_framework)
    with django_assert_max_num_queries(10) as many:
        large = client.get(_library(world, query))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(large.context["entries"]) > len(small.context["entries"])


def test_public_library_queries_do_not_grow(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(None)
    client.get(_public())
    _fill(world, 2, caf_framework)
    with django_assert_max_num_queries(7) as few:
        small = client.get(_public("q=complaints"))
    _fill(world, 20, caf_framework)
    with django_assert_max_num_queries(7) as many:
        large = client.get(_public("q=complaints"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(large.context["entries"]) == PAGE_SIZE > len(small.context["entries"])


def test_a_member_finds_the_way_back_to_their_organisation_and_a_coordinator_the_network_tabs(world: World) -> None:
    back = reverse("organisations:detail", kwargs={"org_id": world.alice_org.public_id})
    member_page = client_for(world.alice).get(_library(world)).content.decode()
    assert f'href="{back}"' in member_page
    coordinator_page = client_for(world.carol).get(_library(world)).content.decode()
    assert f'href="{back}"' not in coordinator_page
    assert reverse("community:review_queue", kwargs={"network_id": world.network.public_id}) in coordinator_page
