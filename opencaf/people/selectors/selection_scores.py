"""Reads of a candidate's record (scores, notes) for the pages that show it: a panel member's own
scores of a candidate, the agreement on a candidate (every member's scores, their spread, the
suggestion, the agreed scores) and the decision (the ranked candidates with their totals).

Each of them audits the read (`people.candidate_read`, one event per candidate shown) in the same
transaction as it loads the record, and runs a fixed number of queries per candidate shown. Whether
the person may see other members' scores is the access object's to say (`sees_all_scores`); these
functions only load what they are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db import transaction

from opencaf.lib.texts import text_in
from opencaf.people import panel
from opencaf.people.models import AgreedScore, Candidate, Competency, PanelMember, PanelScore, Vacancy
from opencaf.people.selection_access import VacancyAccess
from opencaf.people.selectors.selection import (
    GuideItem,
    candidates_of,
    guide_competencies,
    guide_items,
    language,
    name_of,
    panel_of,
)
from opencaf.people.services.retention import record_candidate_read

if TYPE_CHECKING:
    from opencaf.accounts.models import User


def level_name(vacancy: Vacancy, level: int | None) -> str:
    names = vacancy.profile.version.level_names
    if level is None or not 1 <= level <= len(names):
        return ""
    return text_in(names[level - 1], language(), "en")


# --- a member's own scores ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnSheet:
    candidate: Candidate
    items: list[GuideItem]
    scores: dict[int, PanelScore]  # guide question pk -> the member's score
    submitted_at: datetime | None

    @property
    def scored(self) -> int:
        return sum(1 for score in self.scores.values() if score.score is not None)


def own_sheet(user: User, seat: PanelMember, candidate: Candidate) -> OwnSheet:
    """The guide and the member's own scores of the candidate; audits the read (three queries)."""
    with transaction.atomic():
        record_candidate_read(actor=user, candidate=candidate)
        items = guide_items(candidate.vacancy)
        scores = {score.question_id: score for score in PanelScore.objects.filter(candidate=candidate, member=seat)}
    submitted = next((score.submitted_at for score in scores.values() if score.submitted_at is not None), None)
    return OwnSheet(candidate=candidate, items=items, scores=scores, submitted_at=submitted)


# --- the agreement on one candidate ------------------------------------------------------------------


@dataclass(frozen=True)
class MemberAnswer:
    seat: PanelMember
    score: int | None
    note: str


@dataclass(frozen=True)
class QuestionRow:
    item: GuideItem
    answers: list[MemberAnswer]


@dataclass(frozen=True)
class MemberScore:
    seat: PanelMember
    score: Fraction | None  # the mean of the member's scores on the competency's questions

    @property
    def shown(self) -> float | None:
        return None if self.score is None else float(self.score)


@dataclass(frozen=True)
class AgreementSection:
    competency: Competency
    name: str
    questions: list[QuestionRow]
    members: list[MemberScore]
    spread: panel.Spread | None
    suggestion: int | None
    suggestion_label: str
    agreed: AgreedScore | None
    agreed_label: str

    @property
    def spread_low(self) -> float | None:
        return None if self.spread is None else float(self.spread.low)

    @property
    def spread_high(self) -> float | None:
        return None if self.spread is None else float(self.spread.high)

    @property
    def spread_width(self) -> float | None:
        return None if self.spread is None else float(self.spread.width)


@dataclass(frozen=True)
class AgreementSheet:
    candidate: Candidate
    panel: list[PanelMember]
    sections: list[AgreementSection]

    @property
    def agreed(self) -> int:
        return sum(1 for section in self.sections if section.agreed is not None)


def agreement_sheet(user: User, access: VacancyAccess, candidate: Candidate) -> AgreementSheet:
    """Every member's scores and notes of the candidate by competency, the spread, the suggestion (the
    median rounded half up) and the agreed score; audits the read. Only for those who see every
    member's scores (access.sees_all_scores). Six queries whatever the size of panel or guide."""
    vacancy = access.vacancy
    with transaction.atomic():
        record_candidate_read(actor=user, candidate=candidate)
        items = guide_items(vacancy)
        seats = panel_of(vacancy)
        given = {
            (score.member_id, score.question_id): score for score in PanelScore.objects.filter(candidate=candidate)
        }
        agreed = {
            record.competency_id: record
            for record in AgreedScore.objects.filter(candidate=candidate).select_related("recorded_by")
        }
    competencies = {item.question.competency_id: item.question.competency for item in items}
    result = panel.summarise(
        members=[seat.pk for seat in seats],
        candidates=[candidate.pk],
        questions={item.question.pk: item.question.competency_id for item in items},
        scores={(member, candidate.pk, question): score.score for (member, question), score in given.items()},
        agreed={(candidate.pk, pk): record.score for pk, record in agreed.items()},
        competencies=list(competencies),
    ).of(candidate.pk)
    sections = []
    for row in result.competencies:
        competency = competencies[row.competency]
        questions = [
            QuestionRow(
                item=item,
                answers=[
                    MemberAnswer(
                        seat=seat,
                        score=given[(seat.pk, item.question.pk)].score
                        if (seat.pk, item.question.pk) in given
                        else None,
                        note=given[(seat.pk, item.question.pk)].note if (seat.pk, item.question.pk) in given else "",
                    )
                    for seat in seats
                ],
            )
            for item in items
            if item.question.competency_id == competency.pk
        ]
        record = agreed.get(competency.pk)
        sections.append(
            AgreementSection(
                competency=competency,
                name=name_of(competency),
                questions=questions,
                members=[MemberScore(seat, row.member_scores.get(seat.pk)) for seat in seats],
                spread=row.spread,
                suggestion=row.suggestion,
                suggestion_label=level_name(vacancy, row.suggestion),
                agreed=record,
                agreed_label=level_name(vacancy, record.score if record else None),
            )
        )
    return AgreementSheet(candidate=candidate, panel=seats, sections=sections)


# --- the decision ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedCandidate:
    candidate: Candidate
    rank: int | None
    total: Fraction | None
    scores: list[tuple[str, int | None]]  # (competency name, agreed score) in the guide's order

    @property
    def total_shown(self) -> float | None:
        return None if self.total is None else float(self.total)


@dataclass(frozen=True)
class DecisionSheet:
    competencies: list[tuple[Competency, str]]
    ranking: list[RankedCandidate]
    complete: bool


def decision_sheet(user: User, access: VacancyAccess) -> DecisionSheet:
    """The candidates by rank with their agreed scores and totals (panel.py); audits the read of each
    candidate shown (one event each). Only for those who see every member's scores."""
    vacancy = access.vacancy
    with transaction.atomic():
        candidates = candidates_of(vacancy)
        competencies = guide_competencies(vacancy)
        agreed = {
            (candidate, competency): score
            for candidate, competency, score in AgreedScore.objects.filter(candidate__vacancy=vacancy).values_list(
                "candidate_id", "competency_id", "score"
            )
        }
        for candidate in candidates:
            candidate.vacancy = vacancy  # loaded already
            record_candidate_read(actor=user, candidate=candidate)
    result = panel.summarise(
        members=[],
        candidates=[candidate.pk for candidate in candidates],
        questions={},
        scores={},
        agreed=agreed,
        competencies=[competency.pk for competency in competencies],
    )
    by_pk = {candidate.pk: candidate for candidate in candidates}
    names = [name_of(competency) for competency in competencies]
    ranking = [
        RankedCandidate(
            candidate=by_pk[row.candidate],
            rank=row.rank,
            total=row.total,
            scores=[(name, item.agreed) for name, item in zip(names, row.competencies, strict=True)],
        )
        for row in result.ranking
    ]
    return DecisionSheet(
        competencies=list(zip(competencies, names, strict=True)),
        ranking=ranking,
        complete=not result.unagreed,
    )
