"""The benchmark pages: who may see them, what they show (figures only for groups large enough, never a
peer's name), bad input, the refresh button and its progress, and bounded queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.benchmarking.models import RefreshStatus, SnapshotState
from opencaf.benchmarking.services import snapshots
from opencaf.benchmarking.tests.factories import consent, finished_assessment
from opencaf.benchmarking.tests.test_figures_builders import adopted_indicator, peers, shared_definition
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _org_url(world: World, **query: str) -> str:
    url = reverse("benchmarking:organisation", kwargs={"org_id": world.alice_org.public_id})
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def _network_url(name: str, world: World) -> str:
    return reverse(f"benchmarking:{name}", kwargs={"network_id": world.network.public_id})


def _member(world: World, *roles: str) -> User:
    user = UserFactory()
    add_member(world.alice_org, user, *roles)
    return user


def _counts(page: str) -> list[int]:
    return [int(count) for count in re.findall(r'data-organisations="(\d+)"', page)]


@pytest.fixture
def shared_network(world: World, caf_framework: Any) -> Any:
    """Alice's organisation shares a finished self-assessment; six peers of the network share theirs."""
    alice_assessment = finished_assessment(world.alice_org, caf_framework, {"1.1": 75}, default_score=55)
    consent(alice_assessment)
    built = peers(world.network, caf_framework, 6)
    snapshots.rebuild(world.network)
    return built


# --- who may see what ------------------------------------------------------------------------------------------


def test_organisation_page_permission_matrix(world: World, shared_network: Any) -> None:
    url = _org_url(world)
    allowed = [world.alice, _member(world, Role.MANAGER), _member(world, Role.CAF_LEADER)]
    for user in allowed:
        assert client_for(user).get(url).status_code == 200
    for user in (_member(world, Role.VIEWER), _member(world, Role.ASSESSOR, Role.ACTION_OWNER)):
        assert client_for(user).get(url).status_code == 403
    neighbour = UserFactory()
    add_member(OrganisationFactory(network=world.network), neighbour, Role.ORG_ADMIN)
    # another organisation of the network, another network's, the coordinators, someone of no organisation
    for outsider in (neighbour, world.bob, world.carol, world.dave, world.charlie):
        assert client_for(outsider).get(url).status_code == 404
    response = client_for(None).get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client_for(world.alice).post(url).status_code == 405


def test_an_organisation_outside_any_network_has_no_benchmark_page(world: World) -> None:
    loner = OrganisationFactory(network=None)
    add_member(loner, world.charlie, Role.ORG_ADMIN)
    url = reverse("benchmarking:organisation", kwargs={"org_id": loner.public_id})
    assert client_for(world.charlie).get(url).status_code == 404


def test_network_pages_permission_matrix(world: World) -> None:
    neighbour = UserFactory()
    add_member(OrganisationFactory(network=world.network), neighbour, Role.ORG_ADMIN)
    for name in ("network", "network_refresh_progress"):
        url = _network_url(name, world)
        assert client_for(world.carol).get(url).status_code == 200
        for outsider in (world.dave, world.alice, neighbour, world.bob, world.charlie):
            assert client_for(outsider).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302
    refresh = _network_url("network_refresh", world)
    for outsider in (world.dave, world.alice, neighbour, world.bob):
        assert client_for(outsider).post(refresh).status_code == 404
    assert client_for(None).post(refresh).status_code == 302
    assert client_for(world.carol).get(refresh).status_code == 405
    assert not AuditEvent.objects.filter(action="benchmarking.snapshot_refresh_requested").exists()
    assert not SnapshotState.objects.filter(status=RefreshStatus.QUEUED).exists()


# --- what the organisation's page shows ------------------------------------------------------------------------


def test_the_page_shows_own_scores_and_the_peer_groups_figures_without_names(world: World, shared_network: Any) -> None:
    page = client_for(world.alice).get(_org_url(world)).content.decode()
    assert world.alice_org.name in page
    for peer in shared_network:
        assert peer.organisation.name not in page
    assert 'data-group-organisations="7"' in page  # the six peers and Alice's organisation
    assert set(_counts(page)) == {7}
    assert re.search(r'<tr data-code="1\.1">.*?data-own="75\.0"', page, re.S)
    assert 'role="img"' in page and "aria-label=" in page


def test_a_group_below_the_minimum_shows_no_figures_and_says_why(world: World, caf_framework: Any) -> None:
    consent(finished_assessment(world.alice_org, caf_framework))
    peers(world.network, caf_framework, 3)
    snapshots.rebuild(world.network)
    world.alice.language = "sl"
    world.alice.save(update_fields=["language"])
    response = client_for(world.alice).get(_org_url(world))
    page = response.content.decode()
    assert response.status_code == 200 and _counts(page) == []
    assert 'data-group-visibility="too_small"' in page
    with translation.override("sl"):
        expected = ngettext(
            "Fewer than %(counter)s organisation shares scores in this group: no figures are shown, so no one "
            "can be recognised.",
            "Fewer than %(counter)s organisations share scores in this group: no figures are shown, so no one "
            "can be recognised.",
            5,
        ) % {"counter": 5}
    assert escape(expected) in page


def test_embargoed_scores_are_not_counted_until_their_day(world: World, caf_framework: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    consent(finished_assessment(world.alice_org, caf_framework))
    peers(world.network, caf_framework, 3)
    peers(world.network, caf_framework, 3, shared_from=timezone.localdate() + timedelta(days=10), name="Later")
    snapshots.rebuild(world.network)
    page = client_for(world.alice).get(_org_url(world)).content.decode()
    assert 'data-group-visibility="too_small"' in page and _counts(page) == []


def test_bad_choices_are_reported_and_the_default_shown(world: World, shared_network: Any) -> None:
    for query in ({"cycle": "abc"}, {"cycle": "1999"}, {"group": "not-a-group"}, {"cycle": "99999999999999999999"}):
        response = client_for(world.alice).get(_org_url(world, **query))
        assert response.status_code == 200, query
        assert 'role="alert"' in response.content.decode(), query
        assert set(_counts(response.content.decode())) == {7}


def test_a_coordinators_group_is_offered_to_its_members_only(world: World, shared_network: Any) -> None:
    from opencaf.benchmarking.tests.factories import peer_group

    theirs = peer_group(world.network, "Coastal municipalities", [peer.organisation for peer in shared_network])
    ours = peer_group(world.network, "Municipalities with a port", [world.alice_org])
    page = client_for(world.alice).get(_org_url(world)).content.decode()
    assert str(ours.public_id) in page and str(theirs.public_id) not in page
    # Chosen, a group of one shows no figures (nor, beside the network's, those of the rest).
    page = client_for(world.alice).get(_org_url(world, group=str(ours.public_id))).content.decode()
    assert _counts(page) == [] and 'data-group-visibility="hidden"' in page


def test_shared_indicators_are_compared_through_the_gate(world: World, shared_network: Any) -> None:
    definition = shared_definition(world.network)
    mine = adopted_indicator(world.alice_org, definition, {"2025": "12"})
    for index, peer in enumerate(shared_network):
        adopted_indicator(peer.organisation, definition, {"2025": str(10 + index)})
    snapshots.rebuild(world.network)
    page = client_for(world.alice).get(_org_url(world)).content.decode()
    row = re.search(rf'<tr data-indicator="{mine.public_id}">.*?</tr>', page, re.S)
    assert row is not None and 'data-organisations="7"' in row.group(0)


def _scales(html: str) -> list[str]:
    """The 0–100 scales drawn in `html` (each an svg marked data-scale)."""
    return re.findall(r"<svg[^>]*\bdata-scale\b[^>]*>.*?</svg>", html, re.S)


def test_score_plots_share_a_0_to_100_scale_and_indicator_plots_do_not(world: World, shared_network: Any) -> None:
    """The scores' plots are on the CAF scale: its ticks head their column (and each plot on a phone), hidden
    from screen readers; an indicator's plot has a range of its own, so it has no common scale."""
    definition = shared_definition(world.network)
    mine = adopted_indicator(world.alice_org, definition, {"2025": "12"})
    for index, peer in enumerate(shared_network):
        adopted_indicator(peer.organisation, definition, {"2025": str(10 + index)})
    snapshots.rebuild(world.network)
    pages = {
        "organisation": client_for(world.alice).get(_org_url(world)).content.decode(),
        "network": client_for(world.carol).get(_network_url("network", world)).content.decode(),
    }
    for name, page in pages.items():
        heads = re.findall(r"<thead>.*?</thead>", page, re.S)
        assert len(_scales(heads[-1] if name == "network" else heads[0])) == 1, name
        row = re.search(r'<tr data-code="1\.1">.*?</tr>', page, re.S)
        assert row is not None and len(_scales(row.group(0))) == 1 and "data-gridlines" in row.group(0), name
        for scale in _scales(page):
            assert 'aria-hidden="true"' in scale and 'role="img"' not in scale
            assert re.findall(r"<text[^>]*>(\d+)</text>", scale) == ["0", "25", "50", "75", "100"]
    indicators = re.search(r'aria-labelledby="indicators-heading">.*?</section>', pages["organisation"], re.S)
    assert indicators is not None and 'role="img"' in indicators.group(0)
    assert not _scales(indicators.group(0)) and "data-gridlines" not in indicators.group(0)
    assert f'data-indicator="{mine.public_id}"' in indicators.group(0)


# --- the coordinators' page -------------------------------------------------------------------------------------


def test_the_network_page_shows_the_network_and_a_type_through_the_gate(world: World, shared_network: Any) -> None:
    page = client_for(world.carol).get(_network_url("network", world)).content.decode()
    assert set(_counts(page)) == {7}
    for peer in shared_network:
        assert peer.organisation.name not in page
    assert world.alice_org.name not in page
    # Every organisation is a municipality: the type is the whole network.
    page = client_for(world.carol).get(_network_url("network", world) + "?org_type=municipality").content.decode()
    assert set(_counts(page)) == {7}
    page = client_for(world.carol).get(_network_url("network", world) + "?org_type=school").content.decode()
    assert 'data-hidden="empty"' in page
    response = client_for(world.carol).get(_network_url("network", world) + "?org_type=nonsense&cycle=x")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


def test_refresh_now_queues_once_audits_and_shows_progress(
    world: World, shared_network: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(world.carol).post(_network_url("network_refresh", world))
    assert response.status_code == 302 and response["Location"] == _network_url("network", world)
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(action="benchmarking.snapshot_refresh_requested", actor=world.carol).count() == 1
    progress = client_for(world.carol).get(_network_url("network_refresh_progress", world))
    assert progress.status_code == 200 and "hx-get" in progress.content.decode()  # polls while it waits
    key = re.search(r"seen=([^\"]+)\"", progress.content.decode())
    assert key is not None
    unchanged = client_for(world.carol).get(
        _network_url("network_refresh_progress", world) + f"?seen={key.group(1)}", headers={"HX-Request": "true"}
    )
    assert unchanged.status_code == 204
    callbacks[0]()  # the task runs
    done = client_for(world.carol).get(
        _network_url("network_refresh_progress", world) + f"?seen={key.group(1)}", headers={"HX-Request": "true"}
    )
    assert done.status_code == 200 and "hx-get" not in done.content.decode()  # finished: polling stops
    with translation.override("en"):
        assert gettext("Refresh now") in client_for(world.carol).get(_network_url("network", world)).content.decode()


# --- bounded queries ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 25])
def test_the_pages_run_a_bounded_number_of_queries(
    count: int, world: World, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    consent(finished_assessment(world.alice_org, caf_framework))
    definition = shared_definition(world.network)
    adopted_indicator(world.alice_org, definition, {"2025": "3"})
    for peer in peers(world.network, caf_framework, count):
        adopted_indicator(peer.organisation, definition, {"2025": "4"})
    snapshots.rebuild(world.network)
    alice, carol = client_for(world.alice), client_for(world.carol)
    with django_assert_max_num_queries(24):
        assert alice.get(_org_url(world)).status_code == 200
    with django_assert_max_num_queries(14):
        assert carol.get(_network_url("network", world) + "?org_type=municipality").status_code == 200
