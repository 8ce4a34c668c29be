"""Reads of self-assessments with the joins each page needs; the query count does not grow with
the number of assessors or subcriteria."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from opencaf.assessments.individual_inputs import IndividualInput, SeatPerson, seats_with_input
from opencaf.assessments.lifecycle import FINISHED, State, is_finished
from opencaf.assessments.merging import FoldedEntry, fold
from opencaf.assessments.models import (
    AssessmentGroup,
    Consensus,
    ConsensusDecision,
    EntryKind,
    EvidenceLink,
    IndividualScore,
    PlanItem,
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
from opencaf.frameworks.models import Criterion, ScoringPanel, Subcriterion
from opencaf.frameworks.selectors import structure_of
from opencaf.lib.anonymity import pseudonyms
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
    """The framework's subcriteria in order, each with its criterion (shared instances: read only)."""
    return list(structure_of(assessment.framework).subcriteria)


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


def my_input_on(seat: Seat, subcriterion: Subcriterion) -> IndividualScore | None:
    """One assessor's input on one subcriterion, with its entries."""
    return IndividualScore.objects.filter(seat=seat, subcriterion=subcriterion).prefetch_related("entries").first()


def plan_of(assessment: SelfAssessment) -> list[PlanItem]:
    return list(assessment.plan_items.select_related("step", "responsible__user").order_by("start_date", "id"))


def groups_of(assessment: SelfAssessment) -> list[AssessmentGroup]:
    return list(assessment.groups.select_related("leader__user"))


# --- consensus -----------------------------------------------------------------------------------


def undecided_subcriteria(assessment: SelfAssessment) -> list[Subcriterion]:
    decided = Consensus.objects.filter(assessment=assessment).filter(
        Q(score__isnull=False) | ~Q(not_assessed_reason="")
    )
    return list(
        assessment.framework.subcriteria.exclude(pk__in=decided.values("subcriterion_id")).order_by(
            "criterion__number", "position"
        )
    )


def panel_for(assessment: SelfAssessment, subcriterion: Subcriterion) -> ScoringPanel:
    """The scoring panel of the assessment's method for this subcriterion's kind, with its dimensions
    and bands (shared instances: read only)."""
    return structure_of(assessment.framework).panel(assessment.scoring_method, subcriterion.criterion.kind)


@dataclass(frozen=True)
class Suggestion:
    """Where the consensus starts: the median score, and for fine-tuned scoring each dimension's median."""

    score: int | None
    dimensions: dict[str, int]


def suggestion_for(assessment: SelfAssessment, subcriterion: Subcriterion, dimensions: Sequence[str]) -> Suggestion:
    rows = list(
        IndividualScore.objects.filter(
            seat__group__assessment=assessment, subcriterion=subcriterion, cannot_judge=False
        ).values_list("score", "dimension_scores")
    )
    median = suggested_consensus(spread(float(score) for score, _dims in rows if score is not None))
    return Suggestion(median, dimension_medians((dims for _score, dims in rows), dimensions) if dimensions else {})


def median_suggestion(assessment: SelfAssessment, subcriterion: Subcriterion) -> int | None:
    return suggestion_for(assessment, subcriterion, []).score


@dataclass
class IndividualView:
    label: str  # the assessor's name, or "Assessor 3" when names are hidden
    score: IndividualInput | None
    dimension_cells: list[int | None] = field(default_factory=list)  # in the panel's dimension order


@dataclass
class SubcriterionWorkspace:
    """One subcriterion in full: every assessor's input, the folded entries and the consensus."""

    subcriterion: Subcriterion
    individuals: list[IndividualView]
    spread: ScoreSpread | None
    suggestion: int | None
    consensus: Consensus | None
    entries: dict[str, list[FoldedEntry]] = field(default_factory=dict)
    suggested_dimensions: dict[str, int] = field(default_factory=dict)
    seat_holders: frozenset[int] = frozenset()  # the user ids of everyone with a seat

    @property
    def cannot_judge_count(self) -> int:
        return sum(1 for item in self.individuals if item.score is not None and item.score.cannot_judge)


@dataclass(frozen=True)
class WorkspaceRow:
    """One line of the workspace list: how far views differ and whether the group has decided."""

    subcriterion: Subcriterion
    spread: ScoreSpread | None
    decided: bool
    score: int | None

    @property
    def suggestion(self) -> int | None:
        return suggested_consensus(self.spread)


def _assessor_pseudonym(number: int) -> str:
    return gettext("Assessor %(number)s") % {"number": number}


def assessor_labels(assessment: SelfAssessment) -> dict[int, str]:
    """How each seat's input is signed in the workspace and the report, by seat id in group order:
    the person's name, or, when the leader hides names, "Assessor 3" (through the anonymity gate).

    One query for plain values: the consensus pages need only these labels, not the seats."""
    return _labels_of(assessment, _seat_people(assessment))


def _seat_people(assessment: SelfAssessment) -> list[SeatPerson]:
    """Each seat with its person, in group order (the order individual_inputs reads them in too)."""
    return [
        SeatPerson(*row)
        for row in Seat.objects.filter(group__assessment=assessment)
        .order_by("group__name", "created_at", "id")
        .values_list("pk", "membership__user_id", "membership__user__full_name", "membership__user__email")
    ]


def _labels_of(assessment: SelfAssessment, people: list[SeatPerson]) -> dict[int, str]:
    if assessment.show_names_in_consensus:
        return {person.seat_id: person.full_name or person.email for person in people}  # as User.display_name
    return pseudonyms([person.seat_id for person in people], _assessor_pseudonym)


def workspace_summary(assessment: SelfAssessment) -> list[WorkspaceRow]:
    """The workspace list, most divergent first, in three queries.

    Reads plain values rather than model instances: with 30 assessors the list summarises 840
    individual scores, and building a model object for each was most of the page's time.
    """
    subcriteria = subcriteria_of(assessment)
    values: dict[int, list[float]] = defaultdict(list)
    for subcriterion_id, score in IndividualScore.objects.filter(
        seat__group__assessment=assessment, score__isnull=False, cannot_judge=False
    ).values_list("subcriterion_id", "score"):
        if score is not None:  # filtered above; says so to the type checker
            values[subcriterion_id].append(float(score))
    decided = {
        subcriterion_id: (score, bool(score is not None or reason.strip()))
        for subcriterion_id, score, reason in Consensus.objects.filter(assessment=assessment).values_list(
            "subcriterion_id", "score", "not_assessed_reason"
        )
    }
    rows = [
        WorkspaceRow(
            subcriterion=sub,
            spread=spread(values.get(sub.pk, [])),
            decided=decided.get(sub.pk, (None, False))[1],
            score=decided.get(sub.pk, (None, False))[0],
        )
        for sub in subcriteria
    ]
    rows.sort(key=lambda row: divergence_key(row.spread), reverse=True)
    return rows


def consensus_item(
    assessment: SelfAssessment, subcriterion: Subcriterion, dimensions: Sequence[str]
) -> SubcriterionWorkspace:
    """Everything the consensus page of one subcriterion shows, in a fixed number of queries:
    each assessor's input (dimension scores laid out in `dimensions` order), the entries folded
    together, the spread and the suggested starting point."""
    # The seats, scores and entries in one statement written out (see individual_inputs).
    read = seats_with_input(assessment, subcriterion)
    labels = _labels_of(assessment, read.people)
    own = read.inputs
    individuals = []
    for seat_id, label in labels.items():
        given = own.get(seat_id)
        dims = given.dimension_scores if given is not None else {}
        cells = [dims.get(code) for code in dimensions]
        individuals.append(IndividualView(label, given, cells))
    item_spread = spread(
        [item.score.score for item in individuals if item.score is not None and item.score.score is not None]
    )
    entries: dict[str, list[FoldedEntry]] = {kind: [] for kind in EntryKind.values}
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for seat_id, typed in read.entries.items():
        for kind, text in typed:
            pairs[kind].append((labels[seat_id], text))
    entries.update({kind: fold(kind_pairs) for kind, kind_pairs in pairs.items()})
    # One record at most (unique per subcriterion): no ordering to compile.
    records = Consensus.objects.filter(assessment=assessment, subcriterion=subcriterion).order_by()
    record = next(iter(records.prefetch_related("entries")[:1]), None)
    judged = [score.dimension_scores for score in own.values() if not score.cannot_judge]
    return SubcriterionWorkspace(
        subcriterion=subcriterion,
        individuals=individuals,
        spread=item_spread,
        suggestion=suggested_consensus(item_spread),
        consensus=record,
        entries=entries,
        suggested_dimensions=dimension_medians(judged, dimensions),
        seat_holders=frozenset(person.user_id for person in read.people),
    )


def decisions(consensus: Consensus | None) -> list[ConsensusDecision]:
    if consensus is None:
        return []
    return list(consensus.decisions.select_related("actor"))


def evidence_of(assessment: SelfAssessment, subcriterion: Subcriterion) -> list[EvidenceLink]:
    """The links with what a page prints of each item (on every scoring and consensus page: the
    item's description, file path and author were columns to build and never read)."""
    return list(
        EvidenceLink.objects.filter(assessment=assessment, subcriterion=subcriterion)
        .select_related("evidence")
        .only(
            "public_id",
            "evidence_id",
            "added_by_id",
            "needs_review",
            "individual",
            "evidence__public_id",
            "evidence__kind",
            "evidence__title",
            "evidence__size",
            "evidence__url",
        )
    )


# --- the scores: one read model for results, the report, benchmarking and the API ------------------


@dataclass(frozen=True)
class SubcriterionScore:
    subcriterion: Subcriterion
    consensus: Consensus | None  # with its entries prefetched when the sheet was built with entries
    previous_score: int | None

    @property
    def score(self) -> int | None:
        return self.consensus.score if self.consensus is not None else None

    @property
    def not_assessed_reason(self) -> str:
        return self.consensus.not_assessed_reason if self.consensus is not None else ""


@dataclass(frozen=True)
class CriterionScores:
    criterion: Criterion
    score: float | None
    previous_score: float | None
    subcriteria: list[SubcriterionScore]


@dataclass(frozen=True)
class ScoreSheet:
    """An assessment's consensus scores by criterion with their totals, beside the previous cycle's."""

    assessment: SelfAssessment
    criteria: list[CriterionScores]
    totals: Totals
    previous: SelfAssessment | None
    previous_totals: Totals | None

    @property
    def subcriteria(self) -> list[SubcriterionScore]:
        return [row for criterion in self.criteria for row in criterion.subcriteria]


def previous_cycle(assessment: SelfAssessment) -> SelfAssessment | None:
    """The finished cycle this one is compared with: the one it was started from, else the latest
    finished one of the same organisation and framework before it."""
    if assessment.previous is not None and is_finished(assessment.previous.lifecycle_state):
        return assessment.previous
    return (
        SelfAssessment.objects.filter(
            organisation_id=assessment.organisation_id,
            framework_id=assessment.framework_id,
            state__in=[state.value for state in FINISHED],
            created_at__lt=assessment.created_at,
        )
        .order_by("-created_at")
        .first()
    )


def _consensus_by_subcriterion(assessment: SelfAssessment, with_entries: bool) -> dict[int, Consensus]:
    records = Consensus.objects.filter(assessment=assessment)
    if with_entries:
        records = records.prefetch_related("entries")
    return {record.subcriterion_id: record for record in records}


def _score_map(subcriteria: list[Subcriterion], records: dict[int, Consensus]) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for sub in subcriteria:
        record = records.get(sub.pk)
        scores[sub.code] = float(record.score) if record is not None and record.score is not None else None
    return scores


def score_sheet(assessment: SelfAssessment, *, with_entries: bool = False) -> ScoreSheet:
    """The whole sheet in a fixed number of queries, whatever the number of subcriteria."""
    subcriteria = subcriteria_of(assessment)
    kinds = {sub.criterion.number: sub.criterion.kind for sub in subcriteria}
    records = _consensus_by_subcriterion(assessment, with_entries)
    current = totals(_score_map(subcriteria, records), kinds)
    previous = previous_cycle(assessment)
    before = _consensus_by_subcriterion(previous, False) if previous is not None else {}
    before_totals = totals(_score_map(subcriteria, before), kinds) if previous is not None else None
    criteria: list[CriterionScores] = []
    for sub in subcriteria:
        if not criteria or criteria[-1].criterion.number != sub.criterion.number:
            number = sub.criterion.number
            criteria.append(
                CriterionScores(
                    criterion=sub.criterion,
                    score=current.criteria.get(number),
                    previous_score=before_totals.criteria.get(number) if before_totals else None,
                    subcriteria=[],
                )
            )
        earlier = before.get(sub.pk)
        criteria[-1].subcriteria.append(
            SubcriterionScore(sub, records.get(sub.pk), earlier.score if earlier is not None else None)
        )
    return ScoreSheet(assessment, criteria, current, previous, before_totals)


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
