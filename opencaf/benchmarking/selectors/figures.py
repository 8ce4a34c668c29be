"""Reads of the benchmark figures: an organisation's scores against a peer group, and the network-wide
distributions for the coordinators. Everything comes from the snapshot tables (`ScoreSnapshot`,
`IndicatorSnapshot`) and the organisation's own self-assessment, in a fixed number of queries whatever
the size of the network: the database counts organisations per item and score, and the quartiles are
worked out from those counts (`benchmarking.distribution`).

The anonymity gate (`opencaf.lib.anonymity`) decides per item whether a peer group's figures may be
shown, with the network's minimum (`Network.anonymity_minimum`, never below the platform's default):

- the whole network is one line: its figures show from the minimum on;
- groups by type, size band and country partition the network, so each item's counts by type (size,
  country) are one line with complementary suppression: a group hidden for one organisation is hidden
  for every other and on the coordinators' page, and no hidden group is "the network minus the rest";
- a group the coordinators define is a line of two: its members and the rest of the network, so that
  a group of all but two organisations does not give those two away by subtraction.

Only scores visible today count (a consent's embargo ends on its `shared_from`). Nothing here returns
anything per organisation but the viewer's own scores: no names, no lists, no ranks.

Counting a line reads every row of the network (the snapshot's index has no cycle): half a second for
5,000 organisations. So a line's counts are kept in the cache per snapshot version and day, and the
refresh task works out the usual ones beforehand; a page then reads them in one cache lookup (≈ 25 ms
for the whole page). The gate runs on every request, so a changed minimum applies at once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, cast

from django.core.cache import cache
from django.db.models import BooleanField, Case, Count, Exists, Max, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.selectors import CriterionScores, score_sheet
from opencaf.benchmarking.distribution import (
    BoxPlot,
    Breakdown,
    Distribution,
    Position,
    Visibility,
    box_plot,
    distribution,
    figures_of,
    merge,
    one_decimal,
    organisations_of,
    plot_range,
    position,
)
from opencaf.benchmarking.models import (
    IndicatorSnapshot,
    PeerGroup,
    ScoreSharing,
    ScoreSnapshot,
    SnapshotItemKind,
    SnapshotState,
)
from opencaf.frameworks.models import FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators.models import Indicator, Measurement
from opencaf.lib.anonymity import DEFAULT_MINIMUM
from opencaf.organisations.choices import Country, OrganisationType, SizeBand
from opencaf.organisations.models import Network, Organisation

IN_GROUP, REST = True, False


class GroupKind(StrEnum):
    NETWORK = "network"
    TYPE = "type"
    SIZE = "size"
    COUNTRY = "country"
    DEFINED = "defined"  # a peer group the coordinators defined


# The snapshot column each partition of the network is formed by.
BREAKDOWNS = {GroupKind.TYPE: "org_type", GroupKind.SIZE: "size_band", GroupKind.COUNTRY: "country"}


def minimum_of(network: Network) -> int:
    """The smallest group whose figures are shown: the network's, never below the platform's default."""
    return max(network.anonymity_minimum or DEFAULT_MINIMUM, DEFAULT_MINIMUM)


# --- peer groups ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerGroupChoice:
    key: str  # what the page's picker sends: the kind, or a defined group's public id
    kind: GroupKind
    label: str
    value: str = ""  # the organisation's type, size band or country for those kinds
    peer_group_id: int | None = None


def peer_groups_for(organisation: Organisation) -> list[PeerGroupChoice]:
    """The groups the organisation can compare itself with: the whole network, its type, its size
    band, its country, and every group the coordinators defined that it belongs to. One query."""
    own = {
        GroupKind.TYPE: (_("Same type: %(name)s"), OrganisationType, organisation.org_type),
        GroupKind.SIZE: (_("Same size: %(name)s"), SizeBand, organisation.size_band),
        GroupKind.COUNTRY: (_("Same country: %(name)s"), Country, organisation.country),
    }
    groups = [PeerGroupChoice(GroupKind.NETWORK.value, GroupKind.NETWORK, _("The whole network"))]
    for kind, (label, choices, value) in own.items():
        name = str(dict(choices.choices).get(value, value))
        groups.append(PeerGroupChoice(kind.value, kind, label % {"name": name}, value))
    defined = PeerGroup.objects.filter(network=organisation.network, organisations=organisation).order_by("name")
    for public_id, name, pk in defined.values_list("public_id", "name", "pk"):
        groups.append(PeerGroupChoice(str(public_id), GroupKind.DEFINED, name, peer_group_id=pk))
    return groups


# --- counting the snapshot ----------------------------------------------------------------------------------

# A breakdown is worked out once per snapshot version, day (embargoes end at midnight), framework, cycle
# and line, then read from the cache by every page that needs it; the refresh task works out the usual
# ones beforehand (`warm`). The key changes with every refresh, so nothing needs deleting.
CACHE_SECONDS = 36 * 60 * 60
_MISSING = object()


def visible_scores(network: Network, framework_code: str, cycle: int, today: date) -> QuerySet[ScoreSnapshot]:
    """The network's snapshot scores of one framework and cycle whose embargo has ended."""
    return ScoreSnapshot.objects.filter(network=network, framework_code=framework_code, cycle=cycle).filter(
        Q(visible_from__isnull=True) | Q(visible_from__lte=today)
    )


def _members_of(peer_group_id: int) -> QuerySet[Any]:
    return PeerGroup.organisations.through.objects.filter(peergroup_id=peer_group_id).values("organisation_id")


def _line_of(group: PeerGroupChoice) -> tuple[str, int | None]:
    """The column that splits the network into `group`'s line, and the defined group it is about. The
    whole network is the sum of any line: it reads the line by type."""
    if group.kind == GroupKind.DEFINED:
        return "in_group", group.peer_group_id
    return BREAKDOWNS.get(group.kind, "org_type"), None


def _keyed(rows: QuerySet[Any], column: str, peer_group_id: int | None) -> QuerySet[Any]:
    if peer_group_id is None:
        return rows
    member = Case(
        When(organisation_id__in=_members_of(peer_group_id), then=Value(IN_GROUP)),
        default=Value(REST),
        output_field=BooleanField(),
    )
    return rows.annotate(**{column: member})


def split(rows: QuerySet[Any], column: str, item: str = "code", value: str = "score") -> Breakdown:
    """Per item, the distribution of each group of the line and of all of them. One query, counting
    organisations per item, group and value."""
    counted: dict[Any, dict[Hashable, dict[float, int]]] = defaultdict(lambda: defaultdict(dict))
    grouped = rows.order_by().values(item, column, value).annotate(n=Count("id"))
    for key, group, number, count in grouped.values_list(item, column, value, "n"):
        counted[key][group][float(number)] = count
    items: dict[Any, dict[Hashable, Distribution]] = {}
    overall: dict[Any, Distribution] = {}
    for key, groups in counted.items():
        items[key] = {group: figures for group, histogram in groups.items() if (figures := distribution(histogram))}
        whole = distribution(merge(groups.values()))
        if whole is not None:
            overall[key] = whole
    return Breakdown(items, overall, {})


def _cached[T](network: Network, version: str, today: date, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    described = ":".join([str(network.pk), version, today.isoformat(), *map(str, parts)])
    key = f"benchmarking:{hashlib.sha256(described.encode()).hexdigest()}"  # any length, no spaces
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return cast(T, found)


def breakdown(
    network: Network, framework_code: str, cycle: int, group: PeerGroupChoice, today: date, version: str
) -> Breakdown:
    """`group`'s line over the network's scores of the cycle, from the cache when it was worked out
    for this snapshot `version` and day; else two queries over the snapshot."""
    column, peer_group_id = _line_of(group)

    def compute() -> Breakdown:
        rows = _keyed(visible_scores(network, framework_code, cycle, today), column, peer_group_id)
        found = split(rows, column)
        # Each organisation in the snapshot has a criterion row (it assessed something): counting those
        # reads a quarter of the rows.
        criteria = rows.filter(kind=SnapshotItemKind.CRITERION).order_by()
        counted = criteria.values(column).annotate(n=Count("organisation_id", distinct=True))
        return Breakdown(found.items, found.overall, dict(counted.values_list(column, "n")))

    return _cached(network, version, today, ("scores", framework_code, cycle, column, peer_group_id), compute)


def snapshot_state(network: Network) -> SnapshotState:
    """The network's refresh state as stored, or a new one (idle, never refreshed): no write on a read."""
    return SnapshotState.objects.filter(network=network).first() or SnapshotState(network=network)


def snapshot_version(network: Network, state: SnapshotState | None = None) -> str:
    """What changes with every rebuild of the network's snapshot (its time), for the cache keys."""
    if state is None:
        refreshed = SnapshotState.objects.filter(network=network).values_list("refreshed_at", flat=True).first()
    else:
        refreshed = state.refreshed_at
    return refreshed.isoformat() if refreshed is not None else "never"


def _mine(group: PeerGroupChoice) -> Hashable | None:
    """The key of `group` in its line (None: the whole network)."""
    return {GroupKind.NETWORK: None, GroupKind.DEFINED: IN_GROUP}.get(group.kind, group.value)


def warm(network: Network, framework_code: str, cycle: int, today: date | None = None) -> int:
    """Work out the breakdowns every page of the cycle reads (by type, size band, country and each
    defined group), so that no visitor waits for them. Returns how many."""
    today = today or timezone.localdate()
    version = snapshot_version(network)
    network_cycles(network, framework_code, today, version)
    lines = [PeerGroupChoice(kind.value, kind, "") for kind in BREAKDOWNS]
    lines += [
        PeerGroupChoice(str(pk), GroupKind.DEFINED, "", peer_group_id=pk)
        for pk in PeerGroup.objects.filter(network=network).values_list("pk", flat=True)
    ]
    for group in lines:
        breakdown(network, framework_code, cycle, group, today, version)
    return len(lines)


# --- the organisation's page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFigures:
    """One criterion or subcriterion: the organisation's own score and its peer group's figures."""

    code: str
    title: str
    is_criterion: bool
    own: float | None
    previous: float | None
    visibility: Visibility
    figures: Distribution | None  # None unless shown
    position: Position | None
    plot: BoxPlot | None

    @property
    def change(self) -> float | None:
        return self.own - self.previous if self.own is not None and self.previous is not None else None


@dataclass(frozen=True)
class CriterionBlock:
    criterion: ItemFigures
    subcriteria: list[ItemFigures]


@dataclass(frozen=True)
class OwnCycle:
    """One of the organisation's finished self-assessments, by the cycle it counts in."""

    assessment_id: int
    framework_id: int
    cycle: int
    shared: bool


@dataclass
class OrganisationBenchmark:
    organisation: Organisation
    network: Network
    minimum: int
    groups: list[PeerGroupChoice]
    group: PeerGroupChoice
    cycles: list[int]
    cycle: int | None
    framework: FrameworkVersion | None
    assessment: SelfAssessment | None  # its own latest finished self-assessment of the cycle
    shared: bool  # whether that self-assessment's scores are shared
    visibility: Visibility  # of the group as a whole
    organisations: int | None  # organisations sharing in the group, when that may be said
    criteria: list[CriterionBlock] = field(default_factory=list)
    indicators: list[IndicatorComparison] = field(default_factory=list)


def own_cycles(organisation: Organisation) -> list[OwnCycle]:
    """The organisation's finished self-assessments, latest first, each with its cycle (the year it
    was finalised) and whether it is shared. One query."""
    sharing = ScoreSharing.objects.filter(assessment=OuterRef("pk"))
    rows = (
        SelfAssessment.objects.filter(organisation=organisation, state__in=[state.value for state in FINISHED])
        .annotate(shared=Exists(sharing))
        .order_by("-finalised_at", "-created_at", "-pk")
        .values_list("pk", "framework_id", "finalised_at", "created_at", "shared")
    )
    return [
        OwnCycle(pk, framework_id, timezone.localtime(finalised_at or created_at).year, shared)
        for pk, framework_id, finalised_at, created_at, shared in rows
    ]


def network_cycles(network: Network, framework_code: str, today: date, version: str) -> list[int]:
    """The cycles with visible snapshot scores in the network, latest first (cached like a breakdown).
    One query over the criterion rows (every shared assessment has them), not over every subcriterion's."""

    def compute() -> list[int]:
        rows = ScoreSnapshot.objects.filter(network=network, framework_code=framework_code, kind="criterion")
        rows = rows.filter(Q(visible_from__isnull=True) | Q(visible_from__lte=today))
        return sorted(set(rows.order_by().values_list("cycle", flat=True).distinct()), reverse=True)

    return _cached(network, version, today, ("cycles", framework_code), compute)


def default_framework() -> FrameworkVersion | None:
    return FrameworkVersion.objects.order_by("-pk").first()


def _choose_cycle(asked: int | None, cycles: list[int], own: list[OwnCycle]) -> int | None:
    if asked in cycles:
        return asked
    shared = [item.cycle for item in own if item.shared]
    if shared:
        return shared[0]
    return own[0].cycle if own else (cycles[0] if cycles else None)


def _own_scores(criteria: list[CriterionScores]) -> dict[str, tuple[float | None, float | None]]:
    """Code → (score, previous cycle's score), criteria by number and subcriteria by code."""
    scores: dict[str, tuple[float | None, float | None]] = {}
    for block in criteria:
        scores[str(block.criterion.number)] = (block.score, block.previous_score)
        for row in block.subcriteria:
            previous = float(row.previous_score) if row.previous_score is not None else None
            scores[row.subcriterion.code] = (float(row.score) if row.score is not None else None, previous)
    return scores


def _rounded(value: float | None) -> float | None:
    """Own scores as the snapshot keeps the peers' (one decimal), so that "at the median" means it."""
    return float(one_decimal(value)) if value is not None else None


def item_figures(
    code: str,
    title: str,
    is_criterion: bool,
    own: tuple[float | None, float | None],
    shown: tuple[Visibility, Distribution | None],
) -> ItemFigures:
    score, previous = _rounded(own[0]), _rounded(own[1])
    visibility, figures = shown
    return ItemFigures(
        code=code,
        title=title,
        is_criterion=is_criterion,
        own=score,
        previous=previous,
        visibility=visibility if figures is not None or visibility != Visibility.SHOWN else Visibility.EMPTY,
        figures=figures,
        position=position(score, figures) if figures is not None and score is not None else None,
        plot=box_plot(figures, score, 0, 100),
    )


def framework_items(framework: FrameworkVersion) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The framework's criteria in order: (code, title, [(subcriterion code, title), …])."""
    items: list[tuple[str, str, list[tuple[str, str]]]] = []
    for sub in structure_of(framework).subcriteria:
        code = str(sub.criterion.number)
        if not items or items[-1][0] != code:
            items.append((code, str(sub.criterion.title), []))
        items[-1][2].append((sub.code, str(sub.title)))
    return items


def organisation_benchmark(
    organisation: Organisation, *, group_key: str | None = None, cycle: int | None = None, today: date | None = None
) -> OrganisationBenchmark:
    """The organisation's page: its scores of the cycle against the chosen peer group (default: the
    whole network; default cycle: its latest shared one). The organisation must belong to a network."""
    network = organisation.network
    assert network is not None, "benchmarks are within a network"
    today = today or timezone.localdate()
    minimum = minimum_of(network)
    groups = peer_groups_for(organisation)
    group = next((choice for choice in groups if choice.key == group_key), groups[0])
    own = own_cycles(organisation)
    # The framework of its latest self-assessment (of the platform's newest when it has none yet).
    framework = FrameworkVersion.objects.filter(pk=own[0].framework_id).first() if own else default_framework()
    version = snapshot_version(network)
    in_network = network_cycles(network, framework.code, today, version) if framework is not None else []
    cycles = sorted({item.cycle for item in own} | set(in_network), reverse=True)
    chosen = _choose_cycle(cycle, cycles, own)
    mine = next((item for item in own if item.cycle == chosen), None)
    assessment = None
    if mine is not None:
        assessment = SelfAssessment.objects.select_related("framework", "previous").get(pk=mine.assessment_id)
    page = OrganisationBenchmark(
        organisation, network, minimum, groups, group, cycles, chosen, framework, assessment,
        shared=bool(mine and mine.shared), visibility=Visibility.EMPTY, organisations=None,
    )  # fmt: skip
    page.indicators = indicator_comparisons(organisation, network, group, minimum, version)
    if framework is None or chosen is None:
        return page
    own_scores = _own_scores(score_sheet(assessment).criteria) if assessment is not None else {}
    found = breakdown(network, framework.code, chosen, group, today, version)
    page.visibility, page.organisations = organisations_of(found, _mine(group), minimum)
    for code, title, subcriteria in framework_items(framework):
        blocks = [
            item_figures(
                item_code,
                item_title,
                item_code == code,
                own_scores.get(item_code, (None, None)),
                # A group hidden as a whole shows no item, whatever the items' own counts.
                figures_of(found, _mine(group), item_code, minimum)
                if page.visibility == Visibility.SHOWN
                else (page.visibility, None),
            )
            for item_code, item_title in [(code, title), *subcriteria]
        ]
        page.criteria.append(CriterionBlock(blocks[0], blocks[1:]))
    return page


# --- shared indicators ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorComparison:
    """The organisation's indicator adopted from a shared definition, against the peer group's values
    of the same definition and year (its latest year with a value, else the peers' latest)."""

    indicator: Indicator
    year: int | None
    own: float | None
    visibility: Visibility
    figures: Distribution | None
    position: Position | None
    plot: BoxPlot | None


def _latest_by_year(values: list[tuple[str, Any]]) -> dict[int, float]:
    """A year's latest value (the latest period sorts last: one indicator's keys share a form)."""
    latest: dict[int, tuple[str, float]] = {}
    for period, number in sorted(values):
        if period[:4].isdigit():
            latest[int(period[:4])] = (period, float(number))
    return {year: number for year, (_period, number) in latest.items()}


def indicator_comparisons(
    organisation: Organisation, network: Network, group: PeerGroupChoice, minimum: int, version: str
) -> list[IndicatorComparison]:
    """Per shared definition the organisation adopted, its value against the group's. Five queries
    (one when it adopted none), gated per definition like the scores per item."""
    adopted = list(
        Indicator.objects.filter(organisation=organisation, definition__network=network, definition__isnull=False)
        .select_related("definition")
        .order_by("created_at", "pk")
    )
    if not adopted:
        return []
    own: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for indicator_id, period, number in Measurement.objects.filter(indicator__in=adopted).values_list(
        "indicator_id", "period", "value"
    ):
        own[indicator_id].append((period, number))
    snapshot = IndicatorSnapshot.objects.filter(network=network)
    peers_latest = dict(
        snapshot.filter(definition_id__in=[indicator.definition_id for indicator in adopted])
        .order_by()
        .values("definition_id")
        .annotate(year=Max("year"))
        .values_list("definition_id", "year")
    )
    chosen: dict[int, tuple[int | None, float | None]] = {}  # indicator id → (year, own value)
    pairs: set[tuple[int, int]] = set()
    for indicator in adopted:
        mine = _latest_by_year(own[indicator.pk])
        year = max(mine) if mine else peers_latest.get(indicator.definition_id or 0)
        chosen[indicator.pk] = (year, mine.get(year) if year is not None else None)
        if year is not None and indicator.definition_id is not None:
            pairs.add((indicator.definition_id, year))
    column, peer_group_id = _line_of(group)

    def compute() -> Breakdown:
        wanted = Q(pk__in=[])
        for definition_id, year in pairs:
            wanted |= Q(definition_id=definition_id, year=year)
        return split(_keyed(snapshot.filter(wanted), column, peer_group_id), column, "definition_id", "value")

    found = _cached(
        network, version, timezone.localdate(), ("indicators", column, peer_group_id, sorted(pairs)), compute
    )
    comparisons = []
    for indicator in adopted:
        year, value = chosen[indicator.pk]
        state, figures = figures_of(found, _mine(group), indicator.definition_id, minimum)
        low, high = plot_range(figures, value)
        comparisons.append(
            IndicatorComparison(
                indicator=indicator,
                year=year,
                own=value,
                visibility=state,
                figures=figures,
                position=position(value, figures) if figures is not None and value is not None else None,
                plot=box_plot(figures, value, low, high),
            )
        )
    return comparisons


# --- the coordinators' page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkItem:
    """One criterion or subcriterion across the network, and for the chosen type of organisation."""

    code: str
    title: str
    is_criterion: bool
    network: ItemFigures
    of_type: ItemFigures | None


@dataclass
class NetworkBenchmark:
    network: Network
    minimum: int
    framework: FrameworkVersion | None
    cycles: list[int]
    cycle: int | None
    org_type: str  # the type compared with the network, or ""
    state: SnapshotState
    organisations: int | None  # organisations sharing scores in the cycle, when that may be said
    by_type: list[tuple[str, str, int | None, Visibility]] = field(default_factory=list)  # code, label, count
    items: list[NetworkItem] = field(default_factory=list)


def network_benchmark(
    network: Network, *, cycle: int | None = None, org_type: str = "", today: date | None = None
) -> NetworkBenchmark:
    """The coordinators' page: per criterion and subcriterion, the network's distribution and the
    chosen type's, with the number of organisations sharing by type. A fixed number of queries."""
    today = today or timezone.localdate()
    minimum = minimum_of(network)
    framework = default_framework()
    state = snapshot_state(network)
    version = snapshot_version(network, state)
    cycles = network_cycles(network, framework.code, today, version) if framework else []
    chosen = cycle if cycle in cycles else (cycles[0] if cycles else None)
    if org_type not in OrganisationType.values:
        org_type = ""
    page = NetworkBenchmark(network, minimum, framework, cycles, chosen, org_type, state, None)
    if framework is None or chosen is None:
        return page
    by_type = PeerGroupChoice(GroupKind.TYPE.value, GroupKind.TYPE, "", org_type)
    found = breakdown(network, framework.code, chosen, by_type, today, version)
    whole_state, page.organisations = organisations_of(found, None, minimum)
    for code, label in OrganisationType.choices if whole_state == Visibility.SHOWN else ():
        if found.organisations.get(code):
            type_shown, count = organisations_of(found, code, minimum)
            page.by_type.append((code, str(label), count, type_shown))
    # The chosen type as a whole; hidden, it shows no item whatever the items' own counts.
    type_state = organisations_of(found, org_type, minimum)[0] if org_type else Visibility.EMPTY
    for code, title, subcriteria in framework_items(framework):
        for item_code, item_title in [(code, title), *subcriteria]:
            whole = figures_of(found, None, item_code, minimum)
            of_type = None
            if org_type:
                ahead = whole[0] if whole[0] != Visibility.SHOWN else type_state
                gated = figures_of(found, org_type, item_code, minimum) if ahead == Visibility.SHOWN else (ahead, None)
                of_type = item_figures(item_code, item_title, item_code == code, (None, None), gated)
            figures = item_figures(item_code, item_title, item_code == code, (None, None), whole)
            page.items.append(NetworkItem(item_code, item_title, item_code == code, figures, of_type))
    return page
