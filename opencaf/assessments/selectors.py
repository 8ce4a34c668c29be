"""Reads of self-assessments with the joins each page needs; the query count does not grow with
the number of assessors or subcriteria."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from opencaf.assessments.merging import FoldedEntry, fold
from opencaf.assessments.models import (
    Consensus,
    ConsensusDecision,
    EntryKind,
    EvidenceLink,
    IndividualEntry,
    IndividualScore,
    Seat,
    SelfAssessment,
)
from opencaf.assessments.scoring import (
    ScoreSpread,
    Totals,
    dimension_medians,
    divergence_key,
    spread,
    suggested_consensus,
    totals,
)
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Organisation

COMPLETE = Q(score__isnull=False) | Q(cannot_judge=True)


def assessments_of(organisation: Organisation) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.filter(organisation=organisation)
        .select_related("framework")
        .annotate(seat_count=Count("groups__seats", distinct=True))
        .order_by("-created_at")
    )


def subcriteria_of(assessment: SelfAssessment) -> list[Subcriterion]:
    return list(
        Subcriterion.objects.filter(framework_id=assessment.framework_id)
        .select_related("criterion")
        .order_by("criterion__number", "position")
    )


def seats_of(assessment: SelfAssessment) -> list[Seat]:
    return list(
        Seat.objects.filter(group__assessment=assessment)
        .select_related("group", "membership__user")
        .order_by("group__name", "created_at", "id")
    )


@dataclass
class SeatProgress:
    seat: Seat
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class CriterionProgress:
    number: int
    title: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress(
    assessment: SelfAssessment, seats: list[Seat], subcriteria: list[Subcriterion]
) -> tuple[list[SeatProgress], list[CriterionProgress]]:
    """Completed subcriteria per group member, and per criterion over all members."""
    rows = (
        IndividualScore.objects.filter(seat__in=seats)
        .filter(COMPLETE)
        .values("seat_id", "subcriterion__criterion__number")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_seat: dict[int, int] = defaultdict(int)
    per_criterion: dict[int, int] = defaultdict(int)
    for row in rows:
        per_seat[row["seat_id"]] += row["n"]
        per_criterion[row["subcriterion__criterion__number"]] += row["n"]
    criteria: dict[int, tuple[str, int]] = {}
    for sub in subcriteria:
        title, count = criteria.get(sub.criterion.number, (sub.criterion.title, 0))
        criteria[sub.criterion.number] = (title, count + 1)
    seat_rows = [SeatProgress(seat, per_seat.get(seat.pk, 0), len(subcriteria)) for seat in seats]
    criterion_rows = [
        CriterionProgress(number, title, per_criterion.get(number, 0), count * len(seats))
        for number, (title, count) in sorted(criteria.items())
    ]
    return seat_rows, criterion_rows


def my_scores(seat: Seat) -> dict[int, IndividualScore]:
    return {score.subcriterion_id: score for score in IndividualScore.objects.filter(seat=seat)}


# --- consensus -----------------------------------------------------------------------------------


@dataclass
class IndividualView:
    label: str  # the assessor's name, or "Assessor 3" when names are hidden
    score: IndividualScore | None


@dataclass
class SubcriterionWorkspace:
    subcriterion: Subcriterion
    individuals: list[IndividualView]
    spread: ScoreSpread | None
    suggestion: int | None
    consensus: Consensus | None
    entries: dict[str, list[FoldedEntry]] = field(default_factory=dict)
    suggested_dimensions: dict[str, int] = field(default_factory=dict)

    @property
    def cannot_judge_count(self) -> int:
        return sum(1 for item in self.individuals if item.score is not None and item.score.cannot_judge)


def _labels(assessment: SelfAssessment, seats: list[Seat], anonymous_label: Any) -> dict[int, str]:
    if assessment.show_names_in_consensus:
        return {seat.pk: seat.membership.user.display_name for seat in seats}
    return {seat.pk: str(anonymous_label(index)) for index, seat in enumerate(seats, start=1)}


def workspace(
    assessment: SelfAssessment, anonymous_label: Any, only: Subcriterion | None = None, with_entries: bool = True
) -> list[SubcriterionWorkspace]:
    """Everything the consensus workspace shows, in a fixed number of queries, most divergent first.

    Folding the entries is the expensive part; lists that show only the scores skip it.
    """
    subcriteria = [only] if only else subcriteria_of(assessment)
    seats = seats_of(assessment)
    labels = _labels(assessment, seats, anonymous_label)
    scores = IndividualScore.objects.filter(seat__in=seats, subcriterion__in=subcriteria)
    if with_entries:
        scores = scores.prefetch_related(
            Prefetch("entries", queryset=IndividualEntry.objects.order_by("kind", "position", "id"))
        )
    by_sub: dict[int, dict[int, IndividualScore]] = defaultdict(dict)
    for score in scores:
        by_sub[score.subcriterion_id][score.seat_id] = score
    consensus = {
        record.subcriterion_id: record
        for record in Consensus.objects.filter(assessment=assessment, subcriterion__in=subcriteria)
        .select_related("updated_by")
        .prefetch_related("entries")
    }
    result = []
    for sub in subcriteria:
        own = by_sub.get(sub.pk, {})
        individuals = [IndividualView(labels[seat.pk], own.get(seat.pk)) for seat in seats]
        values = [item.score.score for item in individuals if item.score is not None and item.score.score is not None]
        item_spread = spread(values)
        entries: dict[str, list[FoldedEntry]] = {}
        for kind in EntryKind.values if with_entries else ():
            pairs = [
                (labels[seat_id], entry.text)
                for seat_id, score in own.items()
                for entry in score.entries.all()
                if entry.kind == kind
            ]
            entries[kind] = fold(pairs)
        result.append(
            SubcriterionWorkspace(
                subcriterion=sub,
                individuals=individuals,
                spread=item_spread,
                suggestion=suggested_consensus(item_spread),
                consensus=consensus.get(sub.pk),
                entries=entries,
                suggested_dimensions=dimension_medians(
                    (item.score.dimension_scores for item in individuals if item.score and not item.score.cannot_judge),
                    [name for item in individuals if item.score for name in item.score.dimension_scores],
                ),
            )
        )
    if only is None:
        result.sort(key=lambda item: divergence_key(item.spread), reverse=True)
    return result


def decisions(consensus: Consensus | None) -> list[ConsensusDecision]:
    if consensus is None:
        return []
    return list(consensus.decisions.select_related("actor"))


def results(assessment: SelfAssessment) -> tuple[list[Subcriterion], dict[int, Consensus], Totals]:
    subcriteria = subcriteria_of(assessment)
    records = {c.subcriterion_id: c for c in Consensus.objects.filter(assessment=assessment)}
    scores: dict[str, float | None] = {}
    for sub in subcriteria:
        record = records.get(sub.pk)
        scores[sub.code] = float(record.score) if record is not None and record.score is not None else None
    kinds = {sub.criterion.number: sub.criterion.kind for sub in subcriteria}
    return subcriteria, records, totals(scores, kinds)


def evidence_of(assessment: SelfAssessment, subcriterion: Subcriterion) -> list[EvidenceLink]:
    return list(
        EvidenceLink.objects.filter(assessment=assessment, subcriterion=subcriterion).select_related(
            "evidence", "added_by"
        )
    )
