"""A property of the benchmark pages: for random networks (organisations of random types and sizes,
random consents and embargoes, a coordinators' group of random members, a random minimum), the
selectors and the rendered pages never show a figure for a group below the minimum, never name an
organisation but the viewer's own, count exactly the consents visible today (withdrawn or embargoed
ones never), and never leave a hidden group of the type breakdown recoverable by subtraction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import World, client_for
from opencaf.benchmarking.distribution import distribution
from opencaf.benchmarking.selectors import figures as selectors
from opencaf.benchmarking.services import snapshots
from opencaf.benchmarking.tests.factories import consent, finished_assessment, peer_group, sharing_organisation
from opencaf.organisations.models import Organisation

TYPES = ("municipality", "school", "agency")
SIZES = ("1-49", "50-249")
# None: no consent (never given, or withdrawn); else the embargo in days from today (≤ 0: visible).
CONSENTS = st.one_of(st.none(), st.just(0), st.just(-30), st.integers(-400, 400))


@dataclass(frozen=True)
class Spec:
    org_type: str
    size_band: str
    consent: int | None  # see CONSENTS
    in_group: bool
    score: int


# Municipalities are the most common, so that some groups by type pass the minimum and others not.
SPECS = st.builds(
    Spec,
    st.sampled_from((*TYPES, "municipality")),
    st.sampled_from(SIZES),
    CONSENTS,
    st.booleans(),
    st.integers(0, 100),
)
# A network where the whole, the municipalities and the coordinators' group pass the minimum and the two
# schools do not: the municipalities must be hidden too, or the schools are the network minus them.
COMPLEMENT = [Spec("municipality", SIZES[index % 2], 0, index % 3 > 0, 10 * index) for index in range(9)] + [
    Spec("school", "1-49", 0, False, 33),
    Spec("school", "1-49", None, True, 90),  # withdrawn
    Spec("school", "50-249", 365, True, 95),  # embargoed
    Spec("school", "50-249", -10, False, 66),
]
# Two types large enough: both shown.
BALANCED = [Spec(TYPES[index % 2], SIZES[index % 2], -index, index % 2 == 0, 7 * index) for index in range(12)]


def _visible(spec: Spec) -> bool:
    return spec.consent is not None and spec.consent <= 0


def _build(world: World, framework: Any, viewer: Spec, others: list[Spec], minimum: int) -> list[Organisation]:
    world.network.anonymity_minimum = minimum
    world.network.save(update_fields=["anonymity_minimum"])
    Organisation.objects.filter(pk=world.alice_org.pk).update(org_type=viewer.org_type, size_band=viewer.size_band)
    world.alice_org.refresh_from_db()
    today = timezone.localdate()
    own = finished_assessment(world.alice_org, framework, default_score=viewer.score)
    if viewer.consent is not None:
        consent(own, shared_from=today + timedelta(days=viewer.consent) if viewer.consent else None)
    built = [
        sharing_organisation(
            world.network,
            framework,
            default_score=spec.score,
            shares=spec.consent is not None,
            shared_from=today + timedelta(days=spec.consent) if spec.consent else None,
            name=f"Secret Peer {index}",
            org_type=spec.org_type,
            size_band=spec.size_band,
        ).organisation
        for index, spec in enumerate(others)
    ]
    members = [org for org, spec in zip(built, others, strict=True) if spec.in_group]
    peer_group(world.network, "Chosen peers", [*members, *([world.alice_org] if viewer.in_group else [])])
    snapshots.rebuild(world.network)
    return built


def _members(group: selectors.PeerGroupChoice, spec: Spec, viewer: Spec) -> bool:
    """Whether an organisation described by `spec` belongs to `group` as the viewer sees it."""
    return {
        selectors.GroupKind.NETWORK: True,
        selectors.GroupKind.TYPE: spec.org_type == viewer.org_type,
        selectors.GroupKind.SIZE: spec.size_band == viewer.size_band,
        selectors.GroupKind.COUNTRY: True,  # everyone is in Slovenia
        selectors.GroupKind.DEFINED: spec.in_group,
    }[group.kind]


def _check_selectors(world: World, viewer: Spec, others: list[Spec], minimum: int) -> None:
    for group in selectors.peer_groups_for(world.alice_org):
        page = selectors.organisation_benchmark(world.alice_org, group_key=group.key)
        counted = [spec for spec in [viewer, *others] if _visible(spec) and _members(group, spec, viewer)]
        items = [item for block in page.criteria for item in [block.criterion, *block.subcriteria]]
        shown = [item for item in items if item.figures is not None]
        if page.visibility == selectors.Visibility.SHOWN:
            assert page.organisations == len(counted) >= minimum
            # Every subcriterion was scored: each item counts exactly the visible consents.
            expected = distribution(_histogram(counted))
            sub = next(item for item in items if item.code == "1.1")
            assert sub.figures is None or sub.figures == expected
        else:
            assert page.organisations is None and not shown
        if len(counted) < minimum:
            assert page.visibility != selectors.Visibility.SHOWN and not shown
        assert all(item.figures.count >= minimum for item in shown if item.figures is not None)


def _histogram(specs: list[Spec]) -> dict[float, int]:
    histogram: dict[float, int] = {}
    for spec in specs:
        histogram[float(spec.score)] = histogram.get(float(spec.score), 0) + 1
    return histogram


def _check_network(world: World, viewer: Spec, minimum: int) -> None:
    page = selectors.network_benchmark(world.network)
    if page.organisations is None:
        assert not page.by_type and all(item.network.figures is None for item in page.items)
        return
    assert page.organisations >= minimum
    shown = {code: count for code, _label, count, _state in page.by_type if count is not None}
    hidden = [code for code, _label, count, _state in page.by_type if count is None]
    assert all(count >= minimum for count in shown.values())
    # No hidden group can be had by subtraction: never one alone, never a small union.
    assert len(hidden) != 1
    assert not 0 < page.organisations - sum(shown.values()) < minimum
    # A type hidden here is hidden on the organisation's page too, and the other way round.
    mine = selectors.organisation_benchmark(world.alice_org, group_key="type")
    assert (mine.visibility == selectors.Visibility.SHOWN) == (viewer.org_type in shown)


def _check_pages(world: World, built: list[Organisation], minimum: int) -> None:
    names = [org.name for org in built]
    client = client_for(world.alice)
    for group in selectors.peer_groups_for(world.alice_org):
        url = reverse("benchmarking:organisation", kwargs={"org_id": world.alice_org.public_id})
        page = client.get(url, {"group": group.key}).content.decode()
        assert world.alice_org.name in page
        assert not [name for name in names if name in page]
        assert all(int(count) >= minimum for count in re.findall(r'data-organisations="(\d+)"', page))
    page = client_for(world.carol).get(
        reverse("benchmarking:network", kwargs={"network_id": world.network.public_id}), {"org_type": "school"}
    )
    content = page.content.decode()
    assert not [name for name in [*names, world.alice_org.name] if name in content]
    assert all(int(count) >= minimum for count in re.findall(r'data-organisations="(\d+)"', content))


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(viewer=SPECS, others=st.lists(SPECS, min_size=4, max_size=20), minimum=st.integers(5, 7))
@example(viewer=Spec("municipality", "1-49", 0, True, 50), others=COMPLEMENT, minimum=5)
@example(viewer=Spec("school", "1-49", -1, False, 20), others=COMPLEMENT, minimum=5)
@example(viewer=Spec("school", "50-249", 0, True, 61), others=BALANCED, minimum=6)
def test_pages_never_reveal_a_small_group_or_a_name(
    viewer: Spec, others: list[Spec], minimum: int, world: World, caf_framework: Any
) -> None:
    with transaction.atomic():  # each example starts from the same world
        built = _build(world, caf_framework, viewer, others, minimum)
        _check_selectors(world, viewer, others, minimum)
        _check_network(world, viewer, minimum)
        _check_pages(world, built, minimum)
        transaction.set_rollback(True)
