"""Reading the scores of an external feedback case for its pages: who of the case's external feedback
actors (EFACs) has finished scoring, one actor's own scores, everyone's scores beside the agreed ones
(only once every actor has finished: the consensus pattern's independence), and the organisation's own
scores beside the agreed ones. The arithmetic is scoring.py's; the texts come from the procedure, in
the active language (selectors.procedures.procedure_view)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import pgettext

from opencaf.feedback import scoring
from opencaf.feedback.models import ActorScore, AgreedScore, CaseActor, Declaration, FeedbackCase
from opencaf.feedback.selectors.procedures import Pillar, ProcedureView, Question, ScalePoint, procedure_view


def working_assignments(case: FeedbackCase) -> QuerySet[CaseActor]:
    """The actors who score the case: every active one assigned, except those who declared a conflict
    of interest (they are out of the case). One who has not declared yet counts: the agreement waits
    for them."""
    return (
        CaseActor.objects.filter(case=case, actor__active=True)
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("actor__user")
    )


def question_count(case: FeedbackCase) -> int:
    return len(scoring.rules(case.procedure.definition).codes)


@dataclass(frozen=True)
class Participant:
    """One actor's progress in scoring the case."""

    assignment: CaseActor
    name: str
    scored: int
    finished_at: datetime | None
    declared: bool  # declared no conflict of interest (may work on the case)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


@dataclass(frozen=True)
class Progress:
    participants: list[Participant]
    questions: int
    agreed: int  # questions with an agreed score

    @property
    def all_finished(self) -> bool:
        """Every actor of the case finished scoring alone: the agreement may begin."""
        return bool(self.participants) and all(person.finished for person in self.participants)

    @property
    def waiting(self) -> list[Participant]:
        return [person for person in self.participants if not person.finished]

    @property
    def waiting_names(self) -> str:
        return str(get_text_list([person.name for person in self.waiting], pgettext("list of names", "and")))

    @property
    def all_agreed(self) -> bool:
        return self.agreed >= self.questions > 0

    def of(self, assignment: CaseActor | None) -> Participant | None:
        if assignment is None:
            return None
        return next((person for person in self.participants if person.assignment.pk == assignment.pk), None)


def progress(case: FeedbackCase) -> Progress:
    """Who has scored how much and finished, and how many questions are agreed (two queries)."""
    assignments = working_assignments(case).annotate(scored=Count("scores"))
    participants = [
        Participant(
            assignment=assignment,
            name=assignment.actor.user.display_name,
            scored=assignment.scored,
            finished_at=assignment.scores_done_at,
            declared=assignment.declaration == Declaration.NO_CONFLICT,
        )
        for assignment in assignments
    ]
    agreed = AgreedScore.objects.filter(case=case, question__in=scoring.rules(case.procedure.definition).codes)
    return Progress(participants=participants, questions=question_count(case), agreed=agreed.count())


# --- the thresholds, in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThresholdLine:
    result: scoring.ThresholdResult
    pillars_text: str  # "1 and 2"
    several: bool  # more than one pillar: "together"


@dataclass(frozen=True)
class MinimumLine:
    question: Question
    score: int
    minimum: int
    minimum_label: str


@dataclass(frozen=True)
class Verdict:
    """scoring.Evaluation with what the page needs to say it."""

    evaluation: scoring.Evaluation
    thresholds: list[ThresholdLine]
    below_minimum: list[MinimumLine]


def verdict(view: ProcedureView, evaluation: scoring.Evaluation) -> Verdict:
    questions = {question.code: question for pillar in view.pillars for question in pillar.questions}
    words = {point.value: point.label for point in view.scale_points}
    and_ = pgettext("list of numbers", "and")
    return Verdict(
        evaluation=evaluation,
        thresholds=[
            ThresholdLine(result, str(get_text_list([str(n) for n in result.pillars], and_)), len(result.pillars) > 1)
            for result in evaluation.thresholds
        ],
        below_minimum=[
            MinimumLine(questions[item.code], item.score, item.minimum, words.get(item.minimum, ""))
            for item in evaluation.below_minimum
        ],
    )


def agreed_scores(case: FeedbackCase) -> dict[str, AgreedScore]:
    return {record.question: record for record in case.agreed_scores.select_related("recorded_by")}


# --- one actor's own scores --------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnSheet:
    view: ProcedureView
    scores: dict[str, ActorScore]

    @property
    def scored(self) -> int:
        return sum(1 for code in self.codes if code in self.scores)

    @property
    def codes(self) -> list[str]:
        return [question.code for pillar in self.view.pillars for question in pillar.questions]


def own_sheet(case: FeedbackCase, assignment: CaseActor) -> OwnSheet:
    """The procedure's questions with the actor's own scores and notes (one query)."""
    return OwnSheet(
        view=procedure_view(case.procedure),
        scores={score.question: score for score in assignment.scores.all()},
    )


# --- everyone's scores beside the agreed ones ----------------------------------------------------------


@dataclass(frozen=True)
class Individual:
    name: str
    score: int | None
    label: str
    note: str


@dataclass(frozen=True)
class AgreementItem:
    question: Question
    individuals: list[Individual]
    spread: scoring.Spread | None
    agreed: AgreedScore | None
    agreed_label: str

    @property
    def suggestion(self) -> int | None:
        """Where the agreement starts: the median of the individual scores when it is a whole number."""
        if self.spread is None or not self.spread.median.is_integer():
            return None
        return int(self.spread.median)


@dataclass(frozen=True)
class AgreementPillar:
    pillar: Pillar
    items: list[AgreementItem]


@dataclass(frozen=True)
class AgreementSheet:
    view: ProcedureView
    progress: Progress
    pillars: list[AgreementPillar] = field(default_factory=list)  # empty until every actor finished
    verdict: Verdict | None = None

    @property
    def open(self) -> bool:
        return self.progress.all_finished

    @property
    def points(self) -> list[ScalePoint]:
        return self.view.scale_points


def agreement_sheet(case: FeedbackCase) -> AgreementSheet:
    """Every actor's score of every question, their spread and the agreed score; nothing of anyone's
    scores until every actor has finished (four queries)."""
    view = procedure_view(case.procedure)
    done = progress(case)
    if not done.all_finished:
        return AgreementSheet(view=view, progress=done)
    words = {point.value: point.label for point in view.scale_points}
    by_question: dict[str, dict[int, ActorScore]] = defaultdict(dict)
    for score in ActorScore.objects.filter(case_actor__in=[p.assignment for p in done.participants]):
        by_question[score.question][score.case_actor_id] = score
    agreed = agreed_scores(case)
    pillars = []
    for pillar in view.pillars:
        items = []
        for question in pillar.questions:
            scores = by_question.get(question.code, {})
            individuals = []
            for person in done.participants:
                own = scores.get(person.assignment.pk)
                individuals.append(
                    Individual(
                        name=person.name,
                        score=own.score if own else None,
                        label=words.get(own.score, "") if own else "",
                        note=own.note if own else "",
                    )
                )
            record = agreed.get(question.code)
            items.append(
                AgreementItem(
                    question=question,
                    individuals=individuals,
                    spread=scoring.spread(person.score for person in individuals if person.score is not None),
                    agreed=record,
                    agreed_label=words.get(record.score, "") if record else "",
                )
            )
        pillars.append(AgreementPillar(pillar, items))
    evaluation = scoring.evaluate(case.procedure.definition, {code: record.score for code, record in agreed.items()})
    return AgreementSheet(view=view, progress=done, pillars=pillars, verdict=verdict(view, evaluation))


# --- the organisation's own scores beside the agreed ones ----------------------------------------------


def signed(value: int | None) -> str:
    """A difference as the tables show it: "+1", "−1" (a minus sign, not a hyphen), "0"; "" for none."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else f"\u2212{-value}" if value < 0 else "0"


@dataclass(frozen=True)
class ComparisonRow:
    question: Question
    line: scoring.Difference

    @property
    def difference(self) -> str:
        return signed(self.line.difference)


@dataclass(frozen=True)
class ComparisonPillar:
    pillar: Pillar
    rows: list[ComparisonRow]
    total: scoring.PillarDifference

    @property
    def difference(self) -> str:
        return signed(self.total.difference)

    @property
    def questions(self) -> int:
        return len(self.rows)

    @property
    def own_scored(self) -> int:
        """How many of the pillar's questions the organisation scored itself (its total counts only these)."""
        return sum(1 for row in self.rows if row.line.own is not None)

    @property
    def agreed_scored(self) -> int:
        """How many of the pillar's questions have an agreed score."""
        return sum(1 for row in self.rows if row.line.agreed is not None)


@dataclass(frozen=True)
class ComparisonSheet:
    view: ProcedureView
    pillars: list[ComparisonPillar]
    verdict: Verdict
    agreed: int  # questions agreed so far


def own_scores(case: FeedbackCase) -> dict[str, Any]:
    """The organisation's own scores as stored; whole numbers written as text are read as numbers."""
    return {
        str(code): int(value) if isinstance(value, str) and value.isdigit() else value
        for code, value in (case.own_scores or {}).items()
    }


def comparison_sheet(case: FeedbackCase) -> ComparisonSheet:
    """Per pillar and question, the organisation's own score, the agreed one and the difference (one
    query)."""
    view = procedure_view(case.procedure)
    agreed = {code: record.score for code, record in agreed_scores(case).items()}
    compared = scoring.compare(case.procedure.definition, own_scores(case), agreed)
    lines = {line.code: line for line in compared.questions}
    totals = {total.number: total for total in compared.pillars}
    pillars = [
        ComparisonPillar(
            pillar=pillar,
            rows=[ComparisonRow(question, lines[question.code]) for question in pillar.questions],
            total=totals[pillar.number],
        )
        for pillar in view.pillars
    ]
    evaluation = scoring.evaluate(case.procedure.definition, agreed)
    return ComparisonSheet(
        view=view,
        pillars=pillars,
        verdict=verdict(view, evaluation),
        agreed=sum(1 for line in compared.questions if line.agreed is not None),
    )
