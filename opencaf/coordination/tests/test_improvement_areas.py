"""The network's most frequent areas for improvement: who may see them, what counts (consenting
organisations' latest finished self-assessment only), the anonymity gate and the query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World, client_for
from opencaf.coordination.selectors.improvement_areas import Selection, improvement_areas, selection_size
from opencaf.coordination.tests.area_builders import assessment_with_areas, sharing_organisation
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

TITLE_1_1_SL = "Usmerjanje organizacije z razvijanjem njenega poslanstva, vizije in vrednot"


def _overview_url(world: World, **query: str) -> str:
    url = reverse("coordination:improvement_areas", kwargs={"network_id": world.network.public_id})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _texts_url(world: World, code: str, **query: str) -> str:
    url = reverse(
        "coordination:improvement_area_texts",
        kwargs={"network_id": world.network.public_id, "framework": "caf2020", "code": code},
    )
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _counts(world: World, selection: Selection | None = None) -> dict[str, int]:
    (section,) = improvement_areas(world.network, selection or Selection()).frameworks
    return {line.subcriterion.code: line.organisations for line in section.lines if line.organisations}


def _five_sharing(world: World, framework: Any, **fields: object) -> list[Any]:
    """Five sharing organisations: all name 1.1, three name 2.1, one names 3.1."""
    made = []
    for index in range(5):
        areas: dict[str, list[str]] = {"1.1": [f"Mission not known to staff {index}"]}
        if index < 3:
            areas["2.1"] = [f"No stakeholder analysis {index}", f"Strategy not reviewed {index}"]
        if index == 0:
            areas["3.1"] = ["No people plan"]
        made.append(sharing_organisation(world.network, framework, areas, name=f"Sharing {index}", **fields))
    return made


# --- who may see ------------------------------------------------------------------------------------


def test_the_network_s_coordinator_sees_the_ranking_without_names(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    response = client_for(world.carol).get(_overview_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    (section,) = response.context["overview"].frameworks
    top = [(line.subcriterion.code, line.organisations, line.percent, line.texts_shown) for line in section.lines[:3]]
    assert top == [("1.1", 5, 100, True), ("2.1", 3, 60, False), ("3.1", 1, 20, False)]
    assert section.organisations == 5 and len(section.lines) == 28  # every subcriterion, the rest at 0
    assert {line.organisations for line in section.lines[3:]} == {0}
    assert "Sharing 0" not in body and world.alice_org.name not in body
    assert "5 of the network's 6 organisations share their areas for improvement" in body
    assert _texts_url(world, "1.1") in body and _texts_url(world, "2.1") not in body


@pytest.mark.parametrize("who", ["dave", "alice", "member", "bob", "charlie"])
def test_everyone_else_gets_404(world: World, caf_framework: Any, who: str) -> None:
    _five_sharing(world, caf_framework)
    member = UserFactory()
    add_member(world.alice_org, member, Role.VIEWER)
    user = {"dave": world.dave, "alice": world.alice, "member": member, "bob": world.bob, "charlie": world.charlie}
    client = client_for(user[who])
    for url in (_overview_url(world), _texts_url(world, "1.1")):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_sign_in(world: World, caf_framework: Any) -> None:
    for url in (_overview_url(world), _texts_url(world, "1.1")):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_an_unknown_framework_or_subcriterion_is_404(world: World, caf_framework: Any) -> None:
    client = client_for(world.carol)
    assert client.get(_texts_url(world, "99.9")).status_code == 404
    url = reverse(
        "coordination:improvement_area_texts",
        kwargs={"network_id": world.network.public_id, "framework": "no-such-model", "code": "1.1"},
    )
    assert client.get(url).status_code == 404


# --- what counts -----------------------------------------------------------------------------------


def test_only_consenting_organisations_count(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    sharing_organisation(world.network, caf_framework, {"9.1": ["Not shared"], "1.1": ["x"]}, shares=False)
    other = OrganisationFactory(network=world.other_network, shares_improvement_areas=True)
    assessment_with_areas(other, caf_framework, {"9.1": ["Another network's"]})
    assert _counts(world) == {"1.1": 5, "2.1": 3, "3.1": 1}
    overview = improvement_areas(world.network, Selection())
    assert (overview.organisations, overview.consenting) == (7, 5)


def test_only_the_latest_finished_self_assessment_counts(world: World, caf_framework: Any) -> None:
    organisations = _five_sharing(world, caf_framework)
    first = organisations[0]
    assessment_with_areas(first, caf_framework, {"4.1": ["Older cycle"]}, days_ago=800, state="closed")
    assessment_with_areas(first, caf_framework, {"5.1": ["Newer cycle"]}, days_ago=10)
    assessment_with_areas(first, caf_framework, {"6.1": ["Consensus still open"]}, days_ago=1, state="consensus")
    # An organisation that shares but has not finished a self-assessment is not counted.
    waiting = OrganisationFactory(network=world.network, shares_improvement_areas=True)
    assessment_with_areas(waiting, caf_framework, {"7.1": ["Not finished"]}, state="individual")
    # The first organisation's newest finished cycle replaced the one made by _five_sharing.
    assert _counts(world) == {"1.1": 4, "2.1": 2, "5.1": 1}
    (section,) = improvement_areas(world.network, Selection()).frameworks
    assert section.organisations == 5


def test_strengths_do_not_count(world: World, caf_framework: Any) -> None:
    for index in range(5):
        organisation = OrganisationFactory(network=world.network, shares_improvement_areas=True)
        assessment_with_areas(organisation, caf_framework, {"1.2": [f"Area {index}"]}, strengths={"1.3": ["Good"]})
    assert _counts(world) == {"1.2": 5}


def test_an_organisation_counts_once_per_subcriterion(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)  # three of them name two areas under 2.1
    assert _counts(world)["2.1"] == 3


# --- the anonymity gate -----------------------------------------------------------------------------


def test_too_few_sharing_organisations_show_nothing_and_say_how_many_are_needed(
    world: World, caf_framework: Any
) -> None:
    for index in range(4):
        sharing_organisation(world.network, caf_framework, {"1.1": [f"Secret area {index}"]}, name=f"Few {index}")
    client = client_for(world.carol)
    response = client.get(_overview_url(world))
    (section,) = response.context["overview"].frameworks
    assert section.withheld and section.lines == [] and section.needed == 1
    body = response.content.decode()
    assert "Organisations still needed: 1." in body
    assert "Secret area" not in body and "100 %" not in body
    texts = client.get(_texts_url(world, "1.1"))
    assert texts.context["found"].organisations is None and texts.context["found"].texts == []
    assert "Secret area" not in texts.content.decode()


def test_a_larger_minimum_of_the_network_applies(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    world.network.anonymity_minimum = 6
    world.network.save()
    (section,) = improvement_areas(world.network, Selection()).frameworks
    assert section.withheld and section.needed == 1


def test_a_small_type_is_hidden_with_the_group_it_could_be_worked_out_from(world: World, caf_framework: Any) -> None:
    for _index in range(8):
        sharing_organisation(world.network, caf_framework, {"1.1": ["m"]}, org_type="municipality")
    for _index in range(2):
        sharing_organisation(world.network, caf_framework, {"2.1": ["a"]}, org_type="agency")
    client = client_for(world.carol)
    (whole,) = client.get(_overview_url(world)).context["overview"].frameworks
    assert whole.organisations == 10
    for org_type in ("agency", "municipality"):  # municipalities = 10 - agencies: hidden too
        response = client.get(_overview_url(world, org_type=org_type))
        (section,) = response.context["overview"].frameworks
        assert section.withheld and section.needed == 0 and section.lines == [], org_type
        assert "could be worked out from another selection" in response.content.decode()
    # A type nobody sharing has is about nobody: 0, shown.
    (school,) = improvement_areas(world.network, Selection(org_type="school")).frameworks
    assert school.organisations == 0


def test_types_and_regions_of_at_least_the_minimum_are_shown(world: World, caf_framework: Any) -> None:
    for _index in range(5):
        sharing_organisation(world.network, caf_framework, {"1.1": ["m"]}, org_type="municipality", region="Gorenjska")
    for _index in range(5):
        sharing_organisation(world.network, caf_framework, {"2.1": ["s"]}, org_type="school", region="Savinjska")
    OrganisationFactory(network=world.network, region="Pomurska")  # a region nobody sharing is in
    client = client_for(world.carol)
    response = client.get(_overview_url(world, region="Gorenjska"))
    assert [choice for choice, _label in response.context["form"].fields["region"].choices] == [
        "",
        "Gorenjska",
        "Pomurska",
        "Savinjska",
    ]
    (section,) = response.context["overview"].frameworks
    assert section.organisations == 5
    assert {line.subcriterion.code: line.organisations for line in section.lines if line.organisations} == {"1.1": 5}
    assert _counts(world, Selection(org_type="school")) == {"2.1": 5}
    assert _counts(world, Selection(org_type="school", region="Savinjska")) == {"2.1": 5}
    (empty,) = improvement_areas(world.network, Selection(org_type="school", region="Gorenjska")).frameworks
    assert empty.organisations == 0 and empty.lines == []
    (nobody,) = improvement_areas(world.network, Selection(region="Pomurska")).frameworks
    assert nobody.organisations == 0


def test_an_unknown_filter_is_reported_and_ignored(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    response = client_for(world.carol).get(_overview_url(world, region="Atlantis", org_type="castle"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"region", "org_type"}
    (section,) = response.context["overview"].frameworks
    assert section.organisations == 5


def test_the_gate_protects_a_pair_of_type_and_region() -> None:
    cells = {("municipality", "A"): 6, ("municipality", "B"): 2, ("school", "A"): 5, ("school", "B"): 5}
    # 2 municipalities in B is a small group; its row and its column each need another hidden cell, and
    # those cells' lines need theirs: every pair goes, while types and regions stay large enough.
    for pair in (("municipality", "A"), ("municipality", "B"), ("school", "A"), ("school", "B")):
        assert selection_size(cells, Selection(*pair), 5) is None, pair
    shown = [Selection(), Selection("municipality"), Selection("school"), Selection(region="A"), Selection(region="B")]
    assert [selection_size(cells, selection, 5) for selection in shown] == [18, 8, 10, 11, 7]
    even = {("municipality", "A"): 5, ("municipality", "B"): 5, ("school", "A"): 5, ("school", "B"): 6}
    assert selection_size(even, Selection("school", "B"), 5) == 6
    assert selection_size({}, Selection(), 5) == 0
    assert selection_size({("municipality", "A"): 3}, Selection(), 5) is None
    assert selection_size({("municipality", "A"): 3}, Selection("school"), 5) is None  # not even a zero


# --- the texts --------------------------------------------------------------------------------------


def test_texts_are_shown_alphabetically_without_names_once_enough_named_one(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    sharing_organisation(world.network, caf_framework, {"1.1": ["Kept private"]}, shares=False)
    client = client_for(world.carol)
    response = client.get(_texts_url(world, "1.1"))
    assert response.status_code == 200
    found = response.context["found"]
    assert found.texts == [f"Mission not known to staff {index}" for index in range(5)]
    assert (found.organisations, found.naming) == (5, 5)
    body = response.content.decode()
    assert "Mission not known to staff 4" in body and "Kept private" not in body
    assert "Sharing 0" not in body
    hidden = client.get(_texts_url(world, "2.1"))
    assert hidden.context["found"].texts == [] and hidden.context["found"].naming == 3
    assert "No stakeholder analysis" not in hidden.content.decode()


def test_texts_follow_the_selection_and_its_gate(world: World, caf_framework: Any) -> None:
    for index in range(5):
        sharing_organisation(world.network, caf_framework, {"1.1": [f"Gorenjska {index}"]}, region="Gorenjska")
    for index in range(2):
        sharing_organisation(world.network, caf_framework, {"1.1": [f"Savinjska {index}"]}, region="Savinjska")
    client = client_for(world.carol)
    whole = client.get(_texts_url(world, "1.1")).context["found"]
    assert len(whole.texts) == 7
    # Gorenjska (5) is hidden with Savinjska (2): the whole minus Gorenjska would give Savinjska away.
    for region in ("Gorenjska", "Savinjska"):
        found = client.get(_texts_url(world, "1.1", region=region)).context["found"]
        assert found.organisations is None and found.texts == [], region


def test_titles_are_in_the_viewer_s_language(world: World, caf_framework: Any) -> None:
    _five_sharing(world, caf_framework)
    world.carol.language = "sl"
    world.carol.save()
    client = client_for(world.carol)
    assert TITLE_1_1_SL in client.get(_overview_url(world)).content.decode()
    assert TITLE_1_1_SL in client.get(_texts_url(world, "1.1")).content.decode()


# --- queries ----------------------------------------------------------------------------------------


def _queries(world: World, url: str) -> int:
    client = client_for(world.carol)
    client.get(url)  # the session, the user and the framework's structure are loaded alike for both sizes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_organisations(
    world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    def add(count: int) -> None:
        for index in range(count):
            areas = {"1.1": [f"Area {index}"], "2.2": ["Another"], f"{index % 9 + 1}.1": ["Varied"]}
            sharing_organisation(world.network, caf_framework, areas, region=f"Region {index % 2}")

    add(10)  # five in each region: every page below shows its figures
    urls = [_overview_url(world), _overview_url(world, region="Region 1"), _texts_url(world, "1.1")]
    small = [_queries(world, url) for url in urls]
    add(20)  # 30 sharing organisations
    assert [_queries(world, url) for url in urls] == small
    client = client_for(world.carol)
    client.get(urls[0])
    for url in urls:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
