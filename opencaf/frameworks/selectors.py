"""Reads of framework reference data, with the prefetches each page needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from opencaf.frameworks.models import (
    Criterion,
    FrameworkVersion,
    PanelDimension,
    ProcessPhase,
    ScoringPanel,
    Subcriterion,
)


def framework_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.all()


def get_framework(code: str) -> FrameworkVersion:
    framework = FrameworkVersion.objects.filter(code=code).first()
    if framework is None:
        raise Http404
    return framework


def criteria_with_subcriteria(framework: FrameworkVersion) -> QuerySet[Criterion]:
    return framework.criteria.prefetch_related(
        Prefetch("subcriteria", queryset=Subcriterion.objects.order_by("position"))
    )


def panels_with_bands(framework: FrameworkVersion, applies_to: str | None = None) -> QuerySet[ScoringPanel]:
    queryset = framework.panels.prefetch_related(
        "bands", Prefetch("dimensions", queryset=PanelDimension.objects.prefetch_related("levels"))
    )
    if applies_to:
        queryset = queryset.filter(applies_to=applies_to)
    return queryset


def get_subcriterion(framework: FrameworkVersion, code: str) -> Subcriterion:
    subcriterion = Subcriterion.objects.select_related("criterion").filter(framework=framework, code=code).first()
    if subcriterion is None:
        raise Http404
    return subcriterion


def process_phases(framework: FrameworkVersion) -> QuerySet[ProcessPhase]:
    return framework.phases.prefetch_related("steps")


# --- one framework version's structure, read once per process ------------------------------------


@dataclass(frozen=True)
class FrameworkStructure:
    """A framework version's subcriteria (each with its criterion) and scoring panels (each with its
    dimensions and bands), in their display order.

    The instances are shared by every request of the process: read them, never change them. Texts stay
    per request, since the translated fields read the active language when they are accessed."""

    subcriteria: tuple[Subcriterion, ...]
    panels: tuple[ScoringPanel, ...]
    _by_code: dict[str, Subcriterion] = field(repr=False)

    def subcriterion(self, code: str) -> Subcriterion | None:
        return self._by_code.get(code)

    def panel(self, method: str, applies_to: str) -> ScoringPanel:
        for panel in self.panels:
            if panel.method == method and panel.applies_to == applies_to:
                return panel
        raise ScoringPanel.DoesNotExist(f"no {method} panel for {applies_to}")


# Framework versions change only when load_frameworks finds new content, which gives them a new
# content hash and load time; keyed by both, a process notices a reload by any other process the
# next time it reads the version's row. One entry per version, so reloads do not accumulate.
_structures: dict[int, tuple[tuple[str, datetime], FrameworkStructure]] = {}


def structure_of(framework: FrameworkVersion) -> FrameworkStructure:
    """Every page of a self-assessment needs the framework's subcriteria and panels; they are
    reference data, so they are read from the database once per process and version, not per request
    (three to four queries and a few hundred model instances on every scoring and consensus page)."""
    stamp = (framework.content_hash, framework.loaded_at)
    cached = _structures.get(framework.pk)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    subcriteria = tuple(
        Subcriterion.objects.filter(framework_id=framework.pk)
        .select_related("criterion")
        .order_by("criterion__number", "position")
    )
    panels = tuple(ScoringPanel.objects.filter(framework_id=framework.pk).prefetch_related("dimensions", "bands"))
    structure = FrameworkStructure(subcriteria, panels, {sub.code: sub for sub in subcriteria})
    _structures[framework.pk] = (stamp, structure)
    return structure


def forget_structures() -> None:
    """Drop the structures read so far (a framework was just loaded, or a test starts afresh)."""
    _structures.clear()
