"""Loading a framework model file into the database: validated first, then applied atomically.

Loading is idempotent: rows are matched by their natural keys (criterion number, subcriterion code,
panel code, positions) and updated in place, so later data that refers to them stays attached.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction

from opencaf.audit.services import record_event
from opencaf.frameworks.models import (
    Criterion,
    DimensionLevel,
    FrameworkVersion,
    PanelBand,
    PanelDimension,
    ProcessPhase,
    ProcessStep,
    ScoringPanel,
    Subcriterion,
)
from opencaf.frameworks.schema import LANGUAGES, validate_framework

if TYPE_CHECKING:
    from opencaf.accounts.models import User

DEFAULT_MODEL_FILES = [Path(__file__).resolve().parents[2] / "frameworks" / "caf2020" / "model.yaml"]


class FrameworkFileError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadResult:
    framework: FrameworkVersion
    changed: bool


def _texts(field: str, mapping: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": mapping[language].strip() for language in LANGUAGES}


def read_framework_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkFileError([f"{path}: {exc}"]) from exc
    problems = validate_framework(data)
    if problems:
        raise FrameworkFileError([f"{path}: {problem}" for problem in problems])
    return data


def _prune(queryset: Any, keep_ids: list[int]) -> None:
    queryset.exclude(pk__in=keep_ids).delete()


def _load_criteria(framework: FrameworkVersion, data: dict[str, Any]) -> None:
    criterion_ids, subcriterion_ids = [], []
    for item in data["criteria"]:
        criterion, _created = Criterion.objects.update_or_create(
            framework=framework,
            number=item["number"],
            defaults={
                "kind": item["kind"],
                "status": item["status"],
                "own_translation": item.get("own_translation", []),
                **_texts("title", item["title"]),
            },
        )
        criterion_ids.append(criterion.pk)
        for position, sub in enumerate(item["subcriteria"], start=1):
            subcriterion, _created = Subcriterion.objects.update_or_create(
                framework=framework,
                code=str(sub["code"]),
                defaults={
                    "criterion": criterion,
                    "position": position,
                    "status": sub["status"],
                    "note": sub.get("note", ""),
                    "own_translation": sub.get("own_translation", []),
                    **_texts("title", sub["title"]),
                    **(_texts("guidance", sub["guidance"]) if "guidance" in sub else {}),
                },
            )
            subcriterion_ids.append(subcriterion.pk)
    _prune(Subcriterion.objects.filter(framework=framework), subcriterion_ids)
    _prune(Criterion.objects.filter(framework=framework), criterion_ids)


def _load_panels(framework: FrameworkVersion, data: dict[str, Any]) -> None:
    panel_ids = []
    for position, item in enumerate(data["scoring"]["panels"], start=1):
        aggregation = item.get("aggregation") or {}
        panel, _created = ScoringPanel.objects.update_or_create(
            framework=framework,
            code=item["code"],
            defaults={
                "position": position,
                "method": item["method"],
                "applies_to": item["applies_to"],
                "status": item["status"],
                "aggregation_rule": aggregation.get("rule", ""),
                "aggregation_status": aggregation.get("status", ""),
                "own_translation": item.get("own_translation", []),
                **_texts("title", item["title"]),
            },
        )
        panel_ids.append(panel.pk)
        band_ids = []
        for band_position, band in enumerate(item["bands"], start=1):
            row, _created = PanelBand.objects.update_or_create(
                panel=panel,
                position=band_position,
                defaults={
                    "min_score": band["min"],
                    "max_score": band["max"],
                    "phase": band.get("phase") or "",
                    "status": band.get("status", ""),
                    "own_translation": band.get("own_translation", item.get("own_translation", [])),
                    **_texts("meaning", band["meaning"]),
                },
            )
            band_ids.append(row.pk)
        _prune(panel.bands.all(), band_ids)
        dimension_ids = []
        for dim_position, dim in enumerate(item.get("dimensions") or [], start=1):
            dimension, _created = PanelDimension.objects.update_or_create(
                panel=panel,
                code=dim["code"],
                defaults={
                    "position": dim_position,
                    "status": dim.get("status", ""),
                    "own_translation": dim.get("own_translation", []),
                    **_texts("title", dim["title"]),
                    **_texts("description", dim["description"]),
                },
            )
            dimension_ids.append(dimension.pk)
            dimension.levels.all().delete()
            DimensionLevel.objects.bulk_create(
                DimensionLevel(dimension=dimension, position=level_position, **_texts("text", level))
                for level_position, level in enumerate(dim.get("levels") or [], start=1)
            )
        _prune(panel.dimensions.all(), dimension_ids)
    _prune(ScoringPanel.objects.filter(framework=framework), panel_ids)


def _load_process(framework: FrameworkVersion, data: dict[str, Any]) -> None:
    phase_ids, step_ids = [], []
    for item in data["process"]["phases"]:
        phase, _created = ProcessPhase.objects.update_or_create(
            framework=framework,
            number=item["number"],
            defaults={"own_translation": item.get("own_translation", []), **_texts("title", item["title"])},
        )
        phase_ids.append(phase.pk)
        for step in item.get("steps") or []:
            row, _created = ProcessStep.objects.update_or_create(
                phase__framework=framework,
                number=step["number"],
                defaults={
                    "phase": phase,
                    "status": step.get("status", ""),
                    "own_translation": step.get("own_translation", []),
                    **_texts("title", step["title"]),
                    **_texts("description", step["description"]),
                },
            )
            step_ids.append(row.pk)
    _prune(ProcessStep.objects.filter(phase__framework=framework), step_ids)
    _prune(ProcessPhase.objects.filter(framework=framework), phase_ids)


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def load_framework(data: dict[str, Any], *, actor: User | None = None) -> LoadResult:
    """Create or update one framework version from validated model data."""
    problems = validate_framework(data)
    if problems:
        raise FrameworkFileError(problems)
    digest = content_hash(data)
    meta = data["framework"]
    existing = FrameworkVersion.objects.filter(code=meta["code"]).first()
    if existing is not None and existing.content_hash == digest:
        return LoadResult(existing, changed=False)
    framework, _created = FrameworkVersion.objects.update_or_create(
        code=meta["code"],
        defaults={
            "version": str(meta["version"]),
            "source_status": meta.get("source_status", ""),
            "content_hash": digest,
            **_texts("name", meta["name"]),
            **_texts("kind_enabler", data["kinds"]["enabler"]),
            **_texts("kind_result", data["kinds"]["result"]),
        },
    )
    _load_criteria(framework, data)
    _load_panels(framework, data)
    _load_process(framework, data)
    record_event("framework.loaded", actor=actor, obj=framework, changes={"hash": digest})
    return LoadResult(framework, changed=True)
