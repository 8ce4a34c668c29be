"""Everything the self-assessment report says, assembled once in the requested language and then
rendered as a web page, PDF, DOCX or XLSX."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone, translation

from opencaf.assessments.models import EntryKind, IndividualScore, SelfAssessment
from opencaf.assessments.scoring import Totals
from opencaf.assessments.selectors import ScoreSheet, assessor_labels, plan_of, score_sheet, seats_of
from opencaf.assessments.subcriterion_figures import SubcriterionFigures, figures_by_code


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
    figures: list[SubcriterionFigures] = field(default_factory=list)  # measured results (surveys, …)


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


def build_sar(assessment: SelfAssessment, language: str) -> Sar:
    with translation.override(language):
        return _build(assessment, language)


def _criteria(sheet: ScoreSheet) -> list[CriterionSection]:
    sections = []
    measured = figures_by_code(sheet.assessment, [row.subcriterion.code for row in sheet.subcriteria])
    for block in sheet.criteria:
        section = CriterionSection(
            number=block.criterion.number,
            title=str(block.criterion.title),
            kind=block.criterion.kind,
            score=block.score,
            previous_score=block.previous_score,
        )
        for row in block.subcriteria:
            entries = list(row.consensus.entries.all()) if row.consensus is not None else []
            section.subcriteria.append(
                SubcriterionSection(
                    code=row.subcriterion.code,
                    title=str(row.subcriterion.title),
                    score=row.score,
                    not_assessed_reason=row.not_assessed_reason,
                    strengths=[e.text for e in entries if e.kind == EntryKind.STRENGTH],
                    areas=[e.text for e in entries if e.kind == EntryKind.AREA],
                    ideas=[e.text for e in entries if e.kind == EntryKind.IDEA],
                    previous_score=row.previous_score,
                    figures=measured.get(row.subcriterion.code, []),
                )
            )
        sections.append(section)
    return sections


def _build(assessment: SelfAssessment, language: str) -> Sar:
    sheet = score_sheet(assessment, with_entries=True)
    subcriteria = [row.subcriterion for row in sheet.subcriteria]
    criteria = _criteria(sheet)
    previous = sheet.previous
    seats = seats_of(assessment)
    groups: dict[str, tuple[str, list[GroupMember]]] = {}
    leaders = {group.pk: group.leader for group in assessment.groups.select_related("leader__user")}
    for seat in seats:
        leader = leaders.get(seat.group_id)
        groups.setdefault(seat.group.name, (leader.user.display_name if leader else "", []))[1].append(
            GroupMember(seat.membership.user.display_name, seat.functional_area, str(seat.get_staff_level_display()))
        )
    labels = assessor_labels(assessment)
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
    plan = plan_of(assessment)
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
        totals=sheet.totals,
        individuals=individuals,
        previous_title=previous.title if previous else "",
        previous_totals=sheet.previous_totals,
        accepted_by=acceptance.accepted_by.display_name if acceptance and acceptance.accepted_by else "",
        accepted_at=acceptance.accepted_at if acceptance else None,
    )
