"""Steps every self-assessment service shares: re-checking permission, reloading the project, cleaning
entries and scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from opencaf.assessments.models import EntryKind, SelfAssessment
from opencaf.assessments.scoring import ScoreError, check_score, combine_dimensions
from opencaf.frameworks.models import Method, ScoringPanel

if TYPE_CHECKING:
    pass

MAX_ENTRIES_PER_KIND = 30


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def fresh(assessment: SelfAssessment) -> SelfAssessment:
    """The project as stored now: its state may have moved on since the caller loaded it."""
    return SelfAssessment.objects.select_related("organisation", "framework").get(pk=assessment.pk)


def clean_entries(entries: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for kind in EntryKind.values:
        lines = [line.strip() for line in entries.get(kind, []) if line.strip()]
        if len(lines) > MAX_ENTRIES_PER_KIND:
            raise ValidationError({kind: _("At most %(count)s entries.") % {"count": MAX_ENTRIES_PER_KIND}})
        if any(len(line) > 500 for line in lines):
            raise ValidationError({kind: _("Keep each entry under 500 characters.")})
        cleaned[kind] = lines
    return cleaned


def score_from(
    panel: ScoringPanel, method: str, score: int | None, dimension_scores: Mapping[str, int | None]
) -> tuple[int | None, dict[str, int]]:
    """Validate the input of one method and return (subcriterion score, dimension scores)."""
    try:
        if method == Method.CLASSICAL:
            return (check_score(score) if score is not None else None), {}
        names = [dimension.code for dimension in panel.dimensions.all()]
        given = {name: value for name, value in dimension_scores.items() if value is not None}
        for value in given.values():
            check_score(value)
        if set(given) != set(names):
            return None, given  # partly scored: kept, but no subcriterion score yet
        combined = combine_dimensions(given, names, panel.aggregation_rule or "mean")
        return round(combined), given
    except ScoreError as error:
        raise ValidationError(_("A score must be a whole number from 0 to 100.")) from error
