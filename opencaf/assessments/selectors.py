"""Reads of self-assessments with the joins each page needs; the query count does not grow with
the number of assessors or subcriteria."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from opencaf.assessments.lifecycle import State
from opencaf.assessments.merging import FoldedEntry, fold
from opencaf.assessments.models import (
    AssessmentGroup,
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
from opencaf.core.queries import count_of
from opencaf.frameworks.models import Subcriterion
from opencaf.organisations.models import Organisation
from opencaf.organisations.selectors import holds_role

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


# --- the home page's to-do list ------------------------------------------------------------------


def _subcriteria_count(framework_ref: str) -> Any:
    return count_of(Subcriterion.objects.filter(framework=OuterRef(framework_ref)), "framework")


def seats_in_individual_phase(user: Any) -> list[Seat]:
    """The user's seats in self-assessments whose individual phase runs, each with `done` (subcriteria
    scored or marked "cannot judge") and `total` (subcriteria of the framework). One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    done = count_of(IndividualScore.objects.filter(seat=OuterRef("pk")).filter(COMPLETE), "seat")
    return list(
        Seat.objects.filter(membership__user=user, group__assessment__state=State.INDIVIDUAL)
        .select_related("group__assessment__organisation")
        .annotate(done=done, total=_subcriteria_count("group__assessment__framework"))
        .order_by("group__assessment__individual_deadline", "group__assessment__title", "id")
    )


def assessments_led_by(user: Any, leading_roles: Iterable[str]) -> list[SelfAssessment]:
    """Self-assessments in the individual or consensus phase that the user leads: with one of
    `leading_roles` in the organisation (`leads_project`) or as a group's leader (`leads_group`).
    Each has `total` subcriteria and `decided` consensus records. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    decided = Consensus.objects.filter(assessment=OuterRef("pk")).filter(
        Q(score__isnull=False) | ~Q(not_assessed_reason="")
    )
    return list(
        SelfAssessment.objects.filter(state__in=[State.INDIVIDUAL, State.CONSENSUS])
        .annotate(
            leads_project=holds_role(user, leading_roles),
            leads_group=Exists(AssessmentGroup.objects.filter(assessment=OuterRef("pk"), leader__user=user)),
        )
        .filter(Q(leads_project=True) | Q(leads_group=True))
        .select_related("organisation")
        .annotate(total=_subcriteria_count("framework"), decided=count_of(decided, "assessment"))
        .order_by("individual_deadline", "title", "id")
    )


def members_behind(user: Any, assessments: Sequence[SelfAssessment]) -> dict[int, int]:
    """Per self-assessment (id): group members who have not completed every subcriterion. For a
    project leader (`leads_project`) all groups count; for a group leader only the groups they lead.
    One query, whatever the number of assessments and members."""
    if not assessments:
        return {}
    whole = {a.pk for a in assessments if getattr(a, "leads_project", False)}
    totals_by_id = {a.pk: a.total for a in assessments}  # type: ignore[attr-defined]
    done = count_of(IndividualScore.objects.filter(seat=OuterRef("pk")).filter(COMPLETE), "seat")
    rows = (
        Seat.objects.filter(group__assessment__in=[a.pk for a in assessments])
        .annotate(done=done)
        .values_list("group__assessment_id", "group__leader__user_id", "done")
    )
    behind: dict[int, int] = defaultdict(int)
    for assessment_id, group_leader, completed in rows:
        counts = assessment_id in whole or group_leader == user.pk
        if counts and completed < totals_by_id[assessment_id]:
            behind[assessment_id] += 1
    return dict(behind)
