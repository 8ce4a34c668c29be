"""The network's most frequent areas for improvement, from the organisations that consent to share them
(`Organisation.shares_improvement_areas`, given by the organisation's administrators).

What counts: for each consenting organisation of the network, its latest self-assessment whose
consensus is recorded (a finished one: `assessments.lifecycle.FINISHED`), and of it only the areas for
improvement the group agreed in consensus (`ConsensusEntry` of kind "area"). A subcriterion counts an
organisation once, however many areas it names there. Organisations without such a self-assessment are
counted as consenting but are not part of the figures.

Anonymity: the organisations behind the figures of one framework version form one population, which
the page shows whole, by type, by region and by type and region together (its filters). Their sizes go
through the gate (`lib.anonymity.suppress_views`, one pair table), so a selection of fewer organisations
than the network's minimum, or one whose size could be worked out from the others by subtraction, shows
no figure and no text. The texts of one subcriterion are shown only when at least the minimum of the
selection's organisations named an area there, alphabetically and never with an organisation's name.

There is no read model of agreed findings in assessments yet, so this module reads its tables directly
(like `selectors/portfolio.py`), in a fixed number of aggregate queries whatever the number of
organisations: no query per organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from opencaf.assessments.lifecycle import FINISHED
from opencaf.assessments.models import ConsensusEntry, EntryKind, SelfAssessment
from opencaf.frameworks.models import FrameworkVersion, Subcriterion
from opencaf.frameworks.selectors import structure_of
from opencaf.lib.anonymity import suppress_views
from opencaf.organisations.models import Network, Organisation

TYPE, REGION = "type", "region"
BREAKDOWNS = (TYPE, REGION)

Cells = Mapping[tuple[str, str], int]  # (organisation type, region) -> organisations


@dataclass(frozen=True)
class Selection:
    """The page's filters: an organisation type and a region, each empty for "any"."""

    org_type: str = ""
    region: str = ""

    @property
    def is_whole(self) -> bool:
        return not self.org_type and not self.region

    def as_q(self, prefix: str = "") -> Q:
        query = Q()
        if self.org_type:
            query &= Q(**{f"{prefix}org_type": self.org_type})
        if self.region:
            query &= Q(**{f"{prefix}region": self.region})
        return query


@dataclass(frozen=True)
class AreaLine:
    subcriterion: Subcriterion  # its code, and its title in the active language
    organisations: int  # that named at least one area for improvement under it
    percent: int  # of the selection's organisations, rounded
    texts_shown: bool  # at least the minimum of organisations named one


@dataclass(frozen=True)
class FrameworkAreas:
    framework: FrameworkVersion
    organisations: int | None  # the selection's organisations with a recorded consensus; None: withheld
    lines: list[AreaLine]  # every subcriterion, most often named first; empty when withheld or none
    needed: int  # when the whole network has too few: how many more organisations must share

    @property
    def withheld(self) -> bool:
        return self.organisations is None


@dataclass(frozen=True)
class AreasOverview:
    organisations: int  # of the network
    consenting: int  # of them sharing their areas for improvement
    minimum: int  # the network's anonymity minimum
    frameworks: list[FrameworkAreas]


@dataclass(frozen=True)
class AreaTexts:
    framework: FrameworkVersion
    subcriterion: Subcriterion
    organisations: int | None  # the selection's organisations; None: withheld
    naming: int | None  # of them, how many named an area here; None: withheld
    texts: list[str]  # alphabetically; empty unless at least the minimum named one

    @property
    def shown(self) -> bool:
        return bool(self.texts)


# --- the population -------------------------------------------------------------------------------


def _latest_recorded(network: Network) -> QuerySet[SelfAssessment]:
    """Each consenting organisation's latest self-assessment with a recorded consensus (one query as a
    subquery: no later finished self-assessment of the same organisation exists)."""
    finished = [state.value for state in FINISHED]
    later = SelfAssessment.objects.filter(organisation_id=OuterRef("organisation_id"), state__in=finished).filter(
        Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return SelfAssessment.objects.filter(
        organisation__network=network, organisation__shares_improvement_areas=True, state__in=finished
    ).filter(~Exists(later))


def _population(latest: QuerySet[SelfAssessment]) -> dict[int, dict[tuple[str, str], int]]:
    """framework id -> (type, region) -> organisations with a recorded consensus."""
    cells: dict[int, dict[tuple[str, str], int]] = {}
    rows = (
        latest.values("framework_id", "organisation__org_type", "organisation__region")
        .annotate(n=Count("id"))
        .order_by("framework_id", "organisation__org_type", "organisation__region")
    )
    for row in rows:
        key = (row["organisation__org_type"], row["organisation__region"])
        cells.setdefault(row["framework_id"], {})[key] = row["n"]
    return cells


def selection_size(cells: Cells, selection: Selection, minimum: int) -> int | None:
    """How many organisations of the population the selection holds, or None where the gate withholds
    it (too few, or recoverable by subtraction from what the other selections show)."""
    if not cells:
        return 0
    counts: dict[tuple[str, ...], int] = dict(cells.items())
    views = suppress_views(counts, BREAKDOWNS, minimum, pairs=[BREAKDOWNS])
    if views.total is None:
        return None  # the whole population is small: nothing about it, not even a zero
    types = {org_type for org_type, _region in cells}
    regions = {region for _org_type, region in cells}
    if selection.org_type not in {"", *types} or selection.region not in {"", *regions}:
        return 0  # a type or region nobody of the population has: about nobody. Other zeros: the gate's
    if selection.is_whole:
        return views.total
    if selection.org_type and selection.region:
        return views.pairs[BREAKDOWNS].cells.count((selection.org_type, selection.region))
    if selection.org_type:
        return views.single[TYPE].count(selection.org_type)
    return views.single[REGION].count(selection.region)


def _needed(cells: Cells, minimum: int) -> int:
    total = sum(cells.values())
    return minimum - total if 0 < total < minimum else 0


# --- the overview ---------------------------------------------------------------------------------


def _named(latest: QuerySet[SelfAssessment], selection: Selection) -> dict[int, int]:
    """subcriterion id -> the selection's organisations that named an area for improvement there (one
    consensus record per organisation and subcriterion; grouped by the subcriterion alone, which was
    twice as fast as grouping by type and region too for 5,000 organisations)."""
    return dict(
        ConsensusEntry.objects.filter(
            kind=EntryKind.AREA, consensus__assessment__in=latest.filter(selection.as_q("organisation__"))
        )
        .values("consensus__subcriterion_id")
        .annotate(n=Count("consensus_id", distinct=True))
        .order_by()
        .values_list("consensus__subcriterion_id", "n")
    )


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _lines(subcriteria: Iterable[Subcriterion], named: Mapping[int, int], size: int, minimum: int) -> list[AreaLine]:
    lines = []
    for subcriterion in subcriteria:  # in the framework's order, which breaks ties below
        count = named.get(subcriterion.pk, 0)
        lines.append(AreaLine(subcriterion, count, _percent(count, size), count >= minimum))
    return sorted(lines, key=lambda line: -line.organisations)


def improvement_areas(network: Network, selection: Selection) -> AreasOverview:
    """The subcriteria ranked by how many consenting organisations of the selection named an area for
    improvement there, per framework version in use, through the anonymity gate."""
    minimum = network.anonymity_minimum
    totals = Organisation.objects.filter(network=network).aggregate(
        organisations=Count("id"), consenting=Count("id", filter=Q(shares_improvement_areas=True))
    )
    latest = _latest_recorded(network)
    population = _population(latest)
    frameworks = FrameworkVersion.objects.filter(pk__in=list(population)).order_by("-version", "code")
    sizes = {framework: selection_size(population[framework.pk], selection, minimum) for framework in frameworks}
    # Only what the gate shows is counted (one query for every framework version in use).
    named = _named(latest, selection) if any(sizes.values()) else {}
    sections = []
    for framework, size in sizes.items():
        lines = _lines(structure_of(framework).subcriteria, named, size, minimum) if size else []
        sections.append(FrameworkAreas(framework, size, lines, _needed(population[framework.pk], minimum)))
    return AreasOverview(totals["organisations"], totals["consenting"], minimum, sections)


# --- one subcriterion's texts ---------------------------------------------------------------------


def subcriterion_in_use(framework_code: str, code: str) -> tuple[FrameworkVersion, Subcriterion]:
    """The framework version and subcriterion named in the address; 404 for an unknown one."""
    framework = FrameworkVersion.objects.filter(code=framework_code).first()
    subcriterion = structure_of(framework).subcriterion(code) if framework is not None else None
    if framework is None or subcriterion is None:
        raise Http404
    return framework, subcriterion


def _sort_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


def area_texts(
    network: Network, framework: FrameworkVersion, subcriterion: Subcriterion, selection: Selection
) -> AreaTexts:
    """The agreed areas for improvement under one subcriterion, from the selection's consenting
    organisations: none unless the gate shows the selection and at least the minimum named one."""
    minimum = network.anonymity_minimum
    latest = _latest_recorded(network)
    cells = _population(latest).get(framework.pk, {})
    size = selection_size(cells, selection, minimum)
    if not size:
        return AreaTexts(framework, subcriterion, size, None if size is None else 0, [])
    rows: list[Any] = list(
        ConsensusEntry.objects.filter(
            kind=EntryKind.AREA,
            consensus__subcriterion=subcriterion,
            consensus__assessment__in=latest.filter(selection.as_q("organisation__")),
        ).values_list("consensus__assessment_id", "text")
    )
    naming = len({assessment_id for assessment_id, _text in rows})
    texts = sorted((text.strip() for _assessment_id, text in rows), key=_sort_key) if naming >= minimum else []
    return AreaTexts(framework, subcriterion, size, naming, texts)
