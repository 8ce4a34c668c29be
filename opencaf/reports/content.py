"""Everything the self-assessment report says, assembled once in the requested language and then
rendered as a web page, PDF, DOCX or XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone, translation

from opencaf.assessments.lifecycle import State
from opencaf.assessments.models import Consensus, EntryKind, IndividualScore, SelfAssessment
from opencaf.assessments.scoring import Totals, totals
from opencaf.assessments.selectors import seats_of, subcriteria_of


@dataclass
class SubcriterionSection:
    code: str
    title: str
    score: int | None
    not_assessed_reason: str
    strengths: list[str]
    areas: list[str]
    ideas: list[str]
    previous_score: int | None = None


@dataclass
class CriterionSection:
    number: int
    title: str
    kind: str
    score: float | None
    previous_score: float | None
    subcriteria: list[SubcriterionSection] = field(default_factory=list)


@dataclass
class GroupMember:
    name: str
    functional_area: str
    level: str


@dataclass
class ProcessLine:
    title: str
    kind: str
    start: date | None
    end: date | None
    status: str


@dataclass
class IndividualLine:
    code: str
    assessor: str
    score: int | None
    cannot_judge: bool
    dimensions: dict[str, int]
    entries: list[tuple[str, str]]  # (kind label, text)


@dataclass
class Sar:
    language: str
    organisation: str
    title: str
    framework: str
    method: str
    scope: str
    state: str
    generated_at: datetime
    enablers_label: str
    results_label: str
    groups: list[tuple[str, str, list[GroupMember]]]
    process: list[ProcessLine]
    criteria: list[CriterionSection]
    totals: Totals
    individuals: list[IndividualLine]
    previous_title: str = ""
    previous_totals: Totals | None = None
    accepted_by: str = ""
    accepted_at: datetime | None = None


def previous_assessment(assessment: SelfAssessment) -> SelfAssessment | None:
    """The cycle this one was started from, else the latest finished one before it."""
    if assessment.previous is not None and assessment.previous.lifecycle_state in (State.FINALISED, State.CLOSED):
        return assessment.previous
    return (
        SelfAssessment.objects.filter(
            organisation=assessment.organisation,
            framework=assessment.framework,
            state__in=[State.FINALISED.value, State.CLOSED.value],
            created_at__lt=assessment.created_at,
        )
        .order_by("-created_at")
        .first()
    )


def _scores(assessment: SelfAssessment) -> dict[int, Consensus]:
    return {
        record.subcriterion_id: record
        for record in Consensus.objects.filter(assessment=assessment).prefetch_related("entries")
    }


def build_sar(assessment: SelfAssessment, language: str) -> Sar:
    with translation.override(language):
        return _build(assessment, language)


def _build(assessment: SelfAssessment, language: str) -> Sar:
    subcriteria = subcriteria_of(assessment)
    records = _scores(assessment)
    previous = previous_assessment(assessment)
    previous_records = _scores(previous) if previous else {}
    kinds = {sub.criterion.number: sub.criterion.kind for sub in subcriteria}

    def score_map(source: dict[int, Consensus]) -> dict[str, float | None]:
        scores: dict[str, float | None] = {}
        for sub in subcriteria:
            record = source.get(sub.pk)
            scores[sub.code] = float(record.score) if record is not None and record.score is not None else None
        return scores

    current_totals = totals(score_map(records), kinds)
    previous_totals = totals(score_map(previous_records), kinds) if previous else None
    criteria: list[CriterionSection] = []
    for sub in subcriteria:
        if not criteria or criteria[-1].number != sub.criterion.number:
            number = sub.criterion.number
            criteria.append(
                CriterionSection(
                    number=number,
                    title=str(sub.criterion.title),
                    kind=sub.criterion.kind,
                    score=current_totals.criteria.get(number),
                    previous_score=previous_totals.criteria.get(number) if previous_totals else None,
                )
            )
        record = records.get(sub.pk)
        entries = list(record.entries.all()) if record else []
        before = previous_records.get(sub.pk)
        criteria[-1].subcriteria.append(
            SubcriterionSection(
                code=sub.code,
                title=str(sub.title),
                score=record.score if record else None,
                not_assessed_reason=record.not_assessed_reason if record else "",
                strengths=[e.text for e in entries if e.kind == EntryKind.STRENGTH],
                areas=[e.text for e in entries if e.kind == EntryKind.AREA],
                ideas=[e.text for e in entries if e.kind == EntryKind.IDEA],
                previous_score=before.score if before else None,
            )
        )
    seats = seats_of(assessment)
    groups: dict[str, tuple[str, list[GroupMember]]] = {}
    leaders = {group.pk: group.leader for group in assessment.groups.select_related("leader__user")}
    for seat in seats:
        leader = leaders.get(seat.group_id)
        groups.setdefault(seat.group.name, (leader.user.display_name if leader else "", []))[1].append(
            GroupMember(seat.membership.user.display_name, seat.functional_area, str(seat.get_staff_level_display()))
        )
    labels = {seat.pk: seat.membership.user.display_name for seat in seats}
    if not assessment.show_names_in_consensus:
        labels = {
            seat.pk: str(translation.gettext("Assessor %(number)s") % {"number": n}) for n, seat in enumerate(seats, 1)
        }
    codes = {sub.pk: sub.code for sub in subcriteria}
    individuals = [
        IndividualLine(
            code=codes[score.subcriterion_id],
            assessor=labels[score.seat_id],
            score=score.score,
            cannot_judge=score.cannot_judge,
            dimensions=dict(score.dimension_scores),
            entries=[(str(entry.get_kind_display()), entry.text) for entry in score.entries.all()],
        )
        for score in IndividualScore.objects.filter(seat__in=seats)
        .prefetch_related("entries")
        .order_by("subcriterion__criterion__number", "subcriterion__position", "seat_id")
    ]
    acceptance = getattr(assessment, "report_acceptance", None)
    plan = assessment.plan_items.select_related("step").order_by("start_date", "id")
    return Sar(
        language=language,
        organisation=assessment.organisation.name,
        title=assessment.title,
        framework=str(assessment.framework.name),
        method=str(assessment.get_scoring_method_display()),
        scope=assessment.scope_unit if assessment.scope == "unit" else str(assessment.get_scope_display()),
        state=str(assessment.get_state_display()),
        generated_at=timezone.localtime(),
        enablers_label=str(assessment.framework.kind_enabler),
        results_label=str(assessment.framework.kind_result),
        groups=[(name, leader, members) for name, (leader, members) in groups.items()],
        process=[
            ProcessLine(
                item.display_title,
                str(item.get_kind_display()),
                item.start_date,
                item.end_date,
                str(item.get_status_display()),
            )
            for item in plan
        ],
        criteria=criteria,
        totals=current_totals,
        individuals=individuals,
        previous_title=previous.title if previous else "",
        previous_totals=previous_totals,
        accepted_by=acceptance.accepted_by.display_name if acceptance and acceptance.accepted_by else "",
        accepted_at=acceptance.accepted_at if acceptance else None,
    )
