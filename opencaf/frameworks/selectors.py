"""Reads of framework reference data, with the prefetches each page needs."""

from __future__ import annotations

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
