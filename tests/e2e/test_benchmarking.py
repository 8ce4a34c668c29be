"""Benchmarking in a real browser, in the demo network: the municipality's quality representative shares
the scores of a finished self-assessment with the keyboard (a date far ahead refused, the focus on the
error summary), the coordinator refreshes the network's figures, the representative compares the
municipality with its peers (a table that reflows into compact cards on a phone, box plots with a text
alternative, wide on a desktop under a 0–100 scale, never another organisation's name); a peer group too
small shows no figures; the coordinator builds a peer group; a bench-learning partner is asked for a
contact and accepts, and only then do both sides see names. axe runs on every page.

The demo seeds organisations and users only: the peers, their shared self-assessments and the
municipality's own finished one are built here with the benchmarking test builders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from browsing import PHONE, fits, shot, tab_to
from django.utils import timezone, translation
from django.utils.translation import pgettext

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 900}
MUNICIPALITY = "Občina Zgornja Dolina (demo)"
PEER = "Primerjalna občina"  # the peers' names start with it: none may show on an anonymous page
PEERS = 8
OWN_WEAK_SCORE = 20  # the municipality's score on subcriterion 1.1, its weakest
PARTNER_EMAIL = "partner@example.org"


@dataclass
class Scene:
    """The demo network with the municipality's finished self-assessment and its sharing peers."""

    network: Any
    municipality: Any
    assessment: Any
    peers: list[Any]  # SharingOrganisation (the builders'): organisation, assessment, consent
    partner: Any | None = None  # the peer open to bench-learning partners, when built


def _build_scene(*, municipality_shares: bool, with_partner: bool = False) -> Scene:
    """Eight municipalities of the demo network share a finished self-assessment each (every subcriterion
    40, 45 … 75); the demo municipality has one of its own (55, and 20 on 1.1), shared when told. With a
    partner, the last peer scored 90 on 1.1 and may be suggested, and has an administrator who signs in."""
    from opencaf.benchmarking.tests.factories import consent, finished_assessment, sharing_organisation
    from opencaf.frameworks.models import FrameworkVersion
    from opencaf.organisations.models import Organisation

    framework = FrameworkVersion.objects.get(code="caf2020")
    municipality = Organisation.objects.get(name=MUNICIPALITY)
    network = municipality.network
    assert network is not None
    assessment = finished_assessment(
        municipality, framework, {"1.1": OWN_WEAK_SCORE}, default_score=55, title="Samoocenjevanje CAF 2025"
    )
    if municipality_shares:
        consent(assessment)
    peers = []
    for index in range(PEERS):
        is_partner = with_partner and index == PEERS - 1
        peers.append(
            sharing_organisation(
                network,
                framework,
                {"1.1": 90} if is_partner else None,
                default_score=40 + 5 * index,
                open_to_partners=is_partner,
                name=f"{PEER} {index + 1}",
            )
        )
    partner = peers[-1].organisation if with_partner else None
    if partner is not None:
        _administrator(partner, PARTNER_EMAIL, "Pavla Partnerska")
    return Scene(network, municipality, assessment, peers, partner)


def _administrator(organisation: Any, email: str, full_name: str) -> Any:
    """A quality representative (organisation administrator) who signs in with the demo password."""
    from allauth.account.models import EmailAddress

    from opencaf.accounts.models import User
    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import add_member

    user = User.objects.create_user(email, "demo", full_name=full_name, language="sl")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    add_member(organisation, user, Role.ORG_ADMIN)
    return user


def _refresh(network: Any) -> None:
    """What the background task does (the journeys that are not about the refresh button)."""
    from opencaf.benchmarking.services import snapshots

    assert snapshots.run_refresh(network.pk) == "done"


def _submit(page: Any, selector: str) -> Any:
    """Reach the button with the keyboard, press Enter, and return the response of the page it opens."""
    tab_to(page, selector)
    assert_focus_visible(page)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    return navigation.value


def assert_focus_visible(page: Any) -> None:
    """The focused element has a solid outline at least 2 px wide (WCAG 2.4.7): no faint glow."""
    outline = page.evaluate(
        """() => { const style = getComputedStyle(document.activeElement);
                   return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
    )
    assert outline[0] not in ("none", "hidden") and outline[1] >= 2, f"faint focus ring: {outline}"


def _other_names(scene: Scene) -> list[str]:
    """Every organisation of the network but the municipality: none may appear on its pages."""
    from opencaf.organisations.models import Organisation

    names = Organisation.objects.filter(network=scene.network).exclude(pk=scene.municipality.pk)
    return list(names.values_list("name", flat=True))


def _assert_no_names(page: Any, names: list[str]) -> None:
    html = page.content()
    shown = [name for name in names if name in html]
    assert not shown, f"names of other organisations on {page.url}: {shown}"


def _on_phone(page: Any, name: str, axe_report: Any, label: str) -> None:
    """The page at 390 px: nothing wider than the screen, axe clean, photographed; then back to desktop."""
    page.set_viewport_size(PHONE)
    fits(page)
    axe_report.check(page, f"{label} (390)")
    shot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def _cells(page: Any, code: str) -> list[str]:
    """The texts of the data cells of an item's row, decimal commas read as points."""
    texts = page.locator(f'main tr[data-code="{code}"] td').all_inner_texts()
    return [text.strip().replace(",", ".") for text in texts]


# --- 1. sharing, the refresh, and the comparison ----------------------------------------------------------


def test_share_scores_refresh_and_compare_with_peers(page: Any, login: Any, logout: Any, axe_report: Any) -> None:
    from opencaf.benchmarking.models import RefreshStatus, ScoreSharing, SnapshotState

    scene = _build_scene(municipality_shares=False)
    org_id, assessment_id = scene.municipality.public_id, scene.assessment.public_id
    page.set_viewport_size(DESKTOP)

    # The quality representative opens "Sharing scores" from the organisation's tabs.
    login(page, "quality@example.org")
    page.goto(f"/org/{org_id}/")
    with page.expect_navigation():
        page.locator(f'nav a[href="/org/{org_id}/benchmarking/sharing/"]').click()
    assert page.locator("main tbody tr").count() == 1
    axe_report.check(page, "sharing scores (nothing shared)")
    shot(page, "sharing-empty")
    _submit(page, f'main a[href="/org/{org_id}/benchmarking/sharing/{assessment_id}/"]')
    axe_report.check(page, "consent form")
    shot(page, "consent-form")

    # A date far ahead is refused: the error summary takes the focus and links the field.
    page.locator('input[name="shared_from"]').fill((timezone.localdate() + timedelta(days=365 * 40)).isoformat())
    response = _submit(page, 'main form button[type="submit"]')
    assert response.status == 422
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    assert_focus_visible(page)
    assert page.locator('[data-error-summary] a[href="#id_shared_from"]').count() == 1
    assert page.locator('input[name="shared_from"]').get_attribute("aria-invalid") == "true"
    axe_report.check(page, "consent form refused")
    shot(page, "consent-form-refused")
    assert not ScoreSharing.objects.filter(assessment=scene.assessment).exists()

    # A date in the past (shared at once), the partner consent ticked with the space bar, sent with Enter.
    page.locator('input[name="shared_from"]').fill((timezone.localdate() - timedelta(days=10)).isoformat())
    tab_to(page, 'input[name="open_to_partners"]')
    assert_focus_visible(page)
    page.keyboard.press("Space")
    response = _submit(page, 'main form button[type="submit"]')
    assert response.ok and page.url.endswith(f"/org/{org_id}/benchmarking/sharing/")
    sharing = ScoreSharing.objects.get(assessment=scene.assessment)
    assert sharing.shared_from == timezone.localdate() - timedelta(days=10) and sharing.open_to_partners
    with translation.override("sl"):
        shared = pgettext("scores", "Shared")
    assert page.locator("main tbody td .badge").first.inner_text() == shared  # the th has the assessment's state
    axe_report.check(page, "sharing scores (shared)")
    shot(page, "sharing-shared")
    _on_phone(page, "sharing-shared", axe_report, "sharing scores")
    logout(page)

    # The coordinator refreshes the network's figures (the test task backend runs the task at once).
    login(page, "coordinator@example.org")
    network_url = f"/network/{scene.network.public_id}/benchmarking/"
    page.goto(network_url)
    axe_report.check(page, "network benchmark")
    response = _submit(page, 'main form[action$="/benchmarking/refresh/"] button[type="submit"]')
    assert response.ok and page.url.endswith(network_url)
    state = SnapshotState.objects.get(network=scene.network)
    assert state.status == RefreshStatus.IDLE and state.refreshed_at is not None
    # The distributions: the eight peers and the municipality, on every criterion.
    counts = page.locator('main tr[data-code="1"] td[data-organisations]').all_inner_texts()
    assert counts == [str(PEERS + 1)]
    assert page.locator('main tr[data-code="1.1"] svg[role="img"]').get_attribute("aria-label")
    _assert_no_names(page, [*_other_names(scene), MUNICIPALITY])
    _assert_plots_on_the_scale(page)
    axe_report.check(page, "network benchmark refreshed")
    shot(page, "network-benchmark")
    page.set_viewport_size(PHONE)
    _assert_compact_card(page, "1.1")
    page.set_viewport_size(DESKTOP)
    _on_phone(page, "network-benchmark", axe_report, "network benchmark")
    logout(page)

    # The representative compares the municipality with its peers.
    login(page, "quality@example.org")
    page.goto(f"/org/{org_id}/")
    with page.expect_navigation():
        page.locator(f'nav a[href="/org/{org_id}/benchmarking/"]').click()
    _assert_scores_against_peers(page)
    axe_report.check(page, "organisation benchmark (whole network)")
    shot(page, "organisation-benchmark")

    # ... with the organisations of the same type: the nine municipalities.
    page.locator('main select[name="group"]').select_option("type")
    _submit(page, 'main form[method="get"] button[type="submit"]')
    assert "group=type" in page.url
    assert page.locator("main [data-group-visibility]").get_attribute("data-group-organisations") == str(PEERS + 1)
    _assert_scores_against_peers(page)
    _assert_no_names(page, _other_names(scene))
    axe_report.check(page, "organisation benchmark (same type)")

    # On a phone the table turns into one block per row and nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    fits(page)
    row = page.locator('main tr[data-code="1.1"]')
    assert row.evaluate("(tr) => getComputedStyle(tr).display") in ("block", "grid")  # a card, not a table row
    assert row.locator("td").first.evaluate("(td) => getComputedStyle(td, '::before').content") != "none"
    _assert_compact_card(page, "1.1")
    axe_report.check(page, "organisation benchmark (390)")
    shot(page, "organisation-benchmark-390")
    axe_report.assert_clean()


def _assert_scores_against_peers(page: Any) -> None:
    """Subcriterion 1.1: own score 20, nine organisations from 20 to 75 with the median 55, and a box
    plot that says the same in words."""
    own, _change, count, low, lower_quartile, median, upper_quartile, high, _position, _plot = _cells(page, "1.1")
    assert page.locator('main tr[data-code="1.1"] td[data-own]').get_attribute("data-own") == "20.0"
    assert own == "20.0" and count == str(PEERS + 1)
    assert (low, median, high) == ("20.0", "55.0", "75.0")
    assert float(low) <= float(lower_quartile) <= float(median) <= float(upper_quartile) <= float(high)
    plot = page.locator('main tr[data-code="1.1"] svg[role="img"]')
    described = (plot.get_attribute("aria-label") or "").replace(",", ".")
    assert all(figure in described for figure in ("20.0", "55.0", "75.0")), described
    assert page.locator("main #box-plot-legend").count() == 1  # how to read the plots
    # Every criterion and subcriterion has its row with figures: nothing hidden for nine organisations.
    assert page.locator("main tr[data-code] td[data-hidden]").count() == 0
    _assert_plots_on_the_scale(page)


def _assert_plots_on_the_scale(page: Any) -> None:
    """On a desktop the plot column takes most of the free width (nothing scrolls sideways), and its header
    holds the 0–100 scale of the CAF scores, as wide as the plots below it and hidden from screen readers
    (each plot says its figures in words)."""
    assert page.viewport_size == DESKTOP
    fits(page, DESKTOP["width"])
    plot = page.locator('main tr[data-code] svg[role="img"]').first.bounding_box()
    assert plot["width"] >= 300, f"a narrow box plot: {plot}"
    scale = page.locator("main thead svg[data-scale]")
    assert scale.count() == 1 and scale.get_attribute("aria-hidden") == "true"
    assert scale.locator("text").all_text_contents() == ["0", "25", "50", "75", "100"]
    ticks = scale.bounding_box()
    assert abs(ticks["x"] - plot["x"]) < 1 and abs(ticks["width"] - plot["width"]) < 1, (ticks, plot)
    assert page.locator('main tr[data-code="1.1"] svg[role="img"] [data-gridlines] line').count() == 3


def _assert_compact_card(page: Any, code: str) -> None:
    """On a phone a row is a compact card: nothing wider than the screen, its figures two to a line, then
    the 0–100 scale (hidden from screen readers) over a box plot as wide as the card."""
    assert page.viewport_size == PHONE
    fits(page)
    row = page.locator(f'main tr[data-code="{code}"]')
    tops = row.evaluate(
        """(tr) => [...tr.querySelectorAll('td:not(.bp-plot)')].map(td => Math.round(td.getBoundingClientRect().top))"""
    )
    assert len(set(tops)) <= (len(tops) + 1) // 2 + 1, f"one figure a line: {tops}"
    card, plot = row.bounding_box(), row.locator('svg[role="img"]').bounding_box()
    assert plot["width"] >= card["width"] - 1 > 300, (plot, card)  # a box plot as wide as the phone
    scale = row.locator("svg[data-scale]")
    assert scale.is_visible() and scale.get_attribute("aria-hidden") == "true"
    assert scale.bounding_box()["y"] < plot["y"]


# --- 2. a group below the minimum -------------------------------------------------------------------------


def test_a_peer_group_below_the_minimum_shows_no_figures(page: Any, login: Any, axe_report: Any) -> None:
    from opencaf.benchmarking.tests.factories import peer_group

    scene = _build_scene(municipality_shares=True)
    group = peer_group(scene.network, "Občini ob reki", [scene.municipality, scene.peers[0].organisation])
    _refresh(scene.network)

    login(page, "quality@example.org")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/org/{scene.municipality.public_id}/benchmarking/")
    page.locator('main select[name="group"]').select_option(str(group.public_id))
    _submit(page, 'main form[method="get"] button[type="submit"]')
    assert f"group={group.public_id}" in page.url

    message = page.locator("main [data-group-visibility]")
    assert message.get_attribute("data-group-visibility") in ("too_small", "hidden")
    assert message.get_attribute("role") == "status" and message.is_visible()
    # No figure, no plot: each row says why instead (its cell spans the figures' columns).
    assert page.locator("main td[data-organisations]").count() == 0
    assert page.locator('main svg[role="img"]').count() == 0
    assert page.locator("main #box-plot-legend").count() == 0  # no plots, nothing to explain
    assert page.locator("main svg[data-scale]").count() == 0  # nor a scale for them
    rows = page.locator("main tr[data-code]").count()
    assert rows > 0 and page.locator("main tr[data-code] td[data-hidden]").count() == rows
    # The own scores are still there.
    assert page.locator('main tr[data-code="1.1"] td[data-own]').get_attribute("data-own") == "20.0"
    _assert_no_names(page, _other_names(scene))
    axe_report.check(page, "organisation benchmark (group too small)")
    shot(page, "organisation-benchmark-too-small")
    _on_phone(page, "organisation-benchmark-too-small", axe_report, "organisation benchmark (group too small)")
    axe_report.assert_clean()


# --- 3. the coordinator's peer groups ---------------------------------------------------------------------


def test_coordinator_builds_a_peer_group(page: Any, login: Any, axe_report: Any) -> None:
    from opencaf.benchmarking.models import PeerGroup

    scene = _build_scene(municipality_shares=True)
    network_id = scene.network.public_id
    login(page, "coordinator@example.org")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/network/{network_id}/")
    with page.expect_navigation():
        page.locator(f'nav a[href="/network/{network_id}/benchmarking/peer-groups/"]').click()
    axe_report.check(page, "peer groups (none)")
    with page.expect_navigation():
        page.locator(f'main a[href="/network/{network_id}/benchmarking/peer-groups/new/"]').click()

    # An empty name is refused with the error summary focused; then the group is created.
    response = _submit(page, 'main form button[type="submit"]')
    assert response.status == 422
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    assert page.locator('[data-error-summary] a[href="#id_name"]').count() == 1
    axe_report.check(page, "new peer group refused")
    page.locator('input[name="name"]').fill("Primerjalne občine")
    page.locator('textarea[name="description"]').fill("Občine, s katerimi se primerjamo.")
    _submit(page, 'main form button[type="submit"]')
    group = PeerGroup.objects.get(network=scene.network)
    assert page.url.endswith(f"/peer-groups/{group.public_id}/")
    axe_report.check(page, "peer group (empty)")

    # Add organisations, narrowed with the filter: the peers, not the other demo organisations.
    with page.expect_navigation():
        page.locator(f'main a[href$="/peer-groups/{group.public_id}/add/"]').click()
    axe_report.check(page, "add organisations (all)")
    filters = page.locator('main form[method="get"]')
    filters.locator('input[name="name"]').fill(PEER)
    filters.locator('select[name="org_type"]').select_option("municipality")
    _submit(page, 'main form[method="get"] button[type="submit"]')
    listed = page.locator('main input[name="organisations"]')
    assert listed.count() == PEERS
    assert MUNICIPALITY not in page.locator("main fieldset").inner_text()
    axe_report.check(page, "add organisations (filtered)")
    shot(page, "peer-group-add")
    _on_phone(page, "peer-group-add", axe_report, "add organisations (filtered)")
    chosen = [peer.organisation for peer in scene.peers[:3]]
    for organisation in chosen:
        page.locator(f'main input[name="organisations"][value="{organisation.public_id}"]').check()
    _submit(page, 'main form[method="post"] button[type="submit"]')
    assert page.url.endswith(f"/peer-groups/{group.public_id}/")
    assert set(group.organisations.all()) == set(chosen)
    assert page.locator('main input[name="organisations"]').count() == 3

    # Remove one from the group's page.
    page.locator(f'main input[name="organisations"][value="{chosen[0].public_id}"]').check()
    _submit(page, 'main form[action$="/remove/"] button[type="submit"]')
    assert set(group.organisations.all()) == set(chosen[1:])
    assert page.locator('main input[name="organisations"]').count() == 2
    axe_report.check(page, "peer group (two organisations)")
    shot(page, "peer-group")
    _on_phone(page, "peer-group", axe_report, "peer group")
    page.goto(f"/network/{network_id}/benchmarking/peer-groups/")
    assert page.locator("main tbody tr").count() == 1
    axe_report.check(page, "peer groups (one)")
    axe_report.assert_clean()


# --- 4. bench-learning partners ---------------------------------------------------------------------------


def test_bench_learning_partners_see_names_only_after_acceptance(
    page: Any, login: Any, logout: Any, axe_report: Any
) -> None:
    from opencaf.benchmarking.models import PartnerRequest, PartnerRequestState, ScoreSharing

    scene = _build_scene(municipality_shares=True, with_partner=True)
    partner = scene.partner
    assert partner is not None
    _refresh(scene.network)
    sharing_id = ScoreSharing.objects.get(organisation=partner).public_id
    own_page = f"/org/{scene.municipality.public_id}/bench-learning/"
    partner_page = f"/org/{partner.public_id}/bench-learning/"

    # The representative finds a suggested partner for subcriterion 1.1, without its name.
    login(page, "quality@example.org")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/org/{scene.municipality.public_id}/")
    with page.expect_navigation():
        page.locator(f'nav a[href="{own_page}"]').click()
    # Its weakest subcriterion comes first; the partner, with 75 elsewhere, is suggested on the others too.
    weakest = page.locator('main section[aria-labelledby="weak-1"]')
    assert weakest.locator("h4").inner_text().startswith("1.1 ")
    suggestion = weakest.locator(f'li.partner-suggestion[data-sharing="{sharing_id}"]')
    assert suggestion.count() == 1
    suggested = page.locator("main li.partner-suggestion").evaluate_all("items => items.map(li => li.dataset.sharing)")
    assert set(suggested) == {str(sharing_id)}  # only the partner agreed to be suggested
    band = suggestion.locator(".score-band").inner_text()
    assert "86" in band and "100" in band and "90" not in band  # a band, not the score
    _assert_no_names(page, _other_names(scene))
    axe_report.check(page, "partners (suggestion)")
    shot(page, "partners-suggestion")

    # The contact form opens from its summary with the keyboard; the message is sent with Enter.
    tab_to(page, f'main section[aria-labelledby="weak-1"] li[data-sharing="{sharing_id}"] summary')
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    suggestion.locator("textarea").fill("Kako ste vključili zaposlene v načrtovanje?")
    _submit(page, f'main section[aria-labelledby="weak-1"] li[data-sharing="{sharing_id}"] button[type="submit"]')
    sent = PartnerRequest.objects.get()
    assert (sent.requester, sent.partner, sent.subcriterion_code) == (scene.municipality, partner, "1.1")
    assert sent.state == PartnerRequestState.PENDING
    row = page.locator(f'main #sent tr[data-request="{sent.public_id}"]')
    assert row.count() == 1 and row.locator(".counterpart-name").count() == 0
    _assert_no_names(page, _other_names(scene))
    axe_report.check(page, "partners (request sent)")
    shot(page, "partners-sent")
    _on_phone(page, "partners-sent", axe_report, "partners (request sent)")
    logout(page)

    # The partner's administrator sees the request without the municipality's name, and accepts it.
    login(page, PARTNER_EMAIL)
    page.goto(partner_page)
    received = page.locator(f'main #received tr[data-request="{sent.public_id}"]')
    assert received.count() == 1 and received.locator(".counterpart-name").count() == 0
    assert MUNICIPALITY not in page.content() and "quality@example.org" not in page.content()
    axe_report.check(page, "partners (request received)")
    shot(page, "partners-received")
    received.locator("textarea").fill("Z veseljem. Pokličite nas v torek.")
    _submit(page, f'main form[action$="/requests/{sent.public_id}/accept/"] button[type="submit"]:not([formaction])')
    sent.refresh_from_db()
    assert sent.state == PartnerRequestState.ACCEPTED
    received = page.locator(f'main #received tr[data-request="{sent.public_id}"]')
    assert received.locator(".counterpart-name").inner_text() == MUNICIPALITY
    assert received.locator('a[href="mailto:quality@example.org"]').count() == 1
    axe_report.check(page, "partners (request accepted)")
    shot(page, "partners-accepted")
    _on_phone(page, "partners-accepted", axe_report, "partners (request accepted)")
    logout(page)

    # Back at the municipality, the partner's name and contact appear with the answer.
    login(page, "quality@example.org")
    page.goto(own_page)
    row = page.locator(f'main #sent tr[data-request="{sent.public_id}"]')
    assert row.locator(".counterpart-name").inner_text() == partner.name
    assert row.locator(f'a[href="mailto:{PARTNER_EMAIL}"]').count() == 1
    assert "Pokličite nas v torek" in row.inner_text()
    axe_report.check(page, "partners (accepted, seen by the asker)")
    axe_report.assert_clean()
