"""Reads of the people app's selection part: the People page's section, the list of vacancies, a
vacancy's overview and what stands in the way of its next move, its interview guide, panel and
candidates. The pages that show a candidate's record (scores, notes) read it in selection_scores.py,
which audits the read.

Each read runs a fixed number of queries whatever the number of vacancies, candidates or questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from opencaf.lib.texts import text_in
from opencaf.organisations.models import Membership
from opencaf.people import retention
from opencaf.people.access import PeopleAccess
from opencaf.people.lifecycle import FINISHED_VACANCY
from opencaf.people.models import (
    Candidate,
    Competency,
    GuideQuestion,
    InterviewQuestion,
    JobProfile,
    PanelMember,
    PanelScore,
    QuestionKind,
    Vacancy,
    VacancyState,
)
from opencaf.people.selection_access import VacancyAccess

PAGE_SIZE = 25
IN_PROGRESS = (VacancyState.PREPARING, VacancyState.INTERVIEWING, VacancyState.AGREEING)


def language() -> str:
    return get_language() or "en"


def names_list(names: list[str]) -> str:
    """ "A, B and C" in the active language."""
    return str(get_text_list(names, pgettext("list of names", "and")))


def name_of(competency: Competency) -> str:
    return text_in(competency.names, language(), "en") or competency.code


def _candidate_count() -> Subquery:
    counted = (
        Candidate.objects.filter(vacancy=OuterRef("pk"))
        .order_by()
        .values("vacancy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def seat_annotations(prefix: str = "") -> dict[str, Any]:
    """A seat's candidates and how many of them the member has submitted scores for."""
    counted = (
        Candidate.objects.filter(vacancy=OuterRef(f"{prefix}vacancy"))
        .order_by()
        .values("vacancy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "candidates": Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        "submitted": Count(
            f"{prefix}scores__candidate", filter=Q(**{f"{prefix}scores__submitted_at__isnull": False}), distinct=True
        ),
    }


# --- the People page and the home page ---------------------------------------------------------------


@dataclass(frozen=True)
class SeatRow:
    vacancy: Vacancy
    chair: bool
    candidates: int
    submitted: int

    @property
    def to_score(self) -> int:
        """Candidates still to score (only while the interviews run)."""
        if self.vacancy.state != VacancyState.INTERVIEWING:
            return 0
        return max(self.candidates - self.submitted, 0)


def my_seats(membership: Membership, states: tuple[str, ...] = IN_PROGRESS) -> list[SeatRow]:
    """The person's seats on panels of vacancies in the given states (one query)."""
    seats = (
        PanelMember.objects.filter(membership=membership, vacancy__state__in=states)
        .select_related("vacancy")
        .annotate(**seat_annotations())
        .order_by("-vacancy__created_at", "pk")
    )
    return [SeatRow(seat.vacancy, seat.chair, seat.candidates, seat.submitted) for seat in seats]  # type: ignore[attr-defined]


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """A panel member's vacancies with what they still have to score; for HR the vacancies in progress
    (empty: the section is not shown)."""
    section: dict[str, Any] = {}
    seats = my_seats(access.membership)
    if seats:
        section["seats"] = seats
        section["to_score"] = sum(row.to_score for row in seats)
    if access.is_hr:
        section["in_progress"] = list(
            Vacancy.objects.filter(organisation=access.organisation, state__in=IN_PROGRESS)
            .annotate(candidate_total=Coalesce(_candidate_count(), Value(0)))
            .order_by("-created_at")[:10]
        )
        section["is_hr"] = True
    return section


# --- the list of vacancies ---------------------------------------------------------------------------


def vacancies_page(access: PeopleAccess, number: object, state: str = "") -> Page[Vacancy]:
    """HR: every vacancy of the organisation; a panel member: those they sit on. Newest first, with
    the number of candidates and, for the person's own seat, how many they have submitted (3 queries)."""
    vacancies: QuerySet[Vacancy] = Vacancy.objects.filter(organisation=access.organisation).select_related("profile")
    mine = PanelMember.objects.filter(vacancy=OuterRef("pk"), membership=access.membership)
    if not access.is_hr:
        vacancies = vacancies.filter(panel__membership=access.membership)
    if state in VacancyState.values:
        vacancies = vacancies.filter(state=state)
    submitted = (
        PanelScore.objects.filter(
            candidate__vacancy=OuterRef("pk"), member__membership=access.membership, submitted_at__isnull=False
        )
        .order_by()
        .values("member")
        .annotate(n=Count("candidate", distinct=True))
        .values("n")
    )
    annotated = vacancies.annotate(
        candidate_total=Coalesce(_candidate_count(), Value(0)),
        my_seat=Subquery(mine.values("pk")[:1]),
        my_submitted=Coalesce(Subquery(submitted, output_field=IntegerField()), Value(0)),
    ).order_by("-created_at", "-pk")
    return Paginator(annotated, PAGE_SIZE).get_page(number if isinstance(number, int | str) else None)  # type: ignore[return-value]


# --- one vacancy -------------------------------------------------------------------------------------


def guide_competencies(vacancy: Vacancy) -> list[Competency]:
    """The competencies the guide asks about, in the model's order (one query)."""
    return list(
        Competency.objects.filter(pk__in=vacancy.guide.values("competency"))
        .select_related("cluster")
        .order_by("cluster__position", "position", "pk")
    )


def key_competencies(vacancy: Vacancy) -> list[Competency]:
    return [
        requirement.competency
        for requirement in vacancy.profile.requirements.filter(key=True).select_related("competency__cluster")
    ]


def panel_of(vacancy: Vacancy) -> list[PanelMember]:
    """The panel, the chair first (one query)."""
    return list(
        vacancy.panel.select_related("membership__user").order_by("-chair", "membership__user__full_name", "pk")
    )


def candidates_of(vacancy: Vacancy) -> list[Candidate]:
    return list(vacancy.candidates.order_by("name", "pk"))


def submitted_pairs(vacancy: Vacancy) -> set[tuple[int, int]]:
    """(seat pk, candidate pk) for every candidate a member has submitted their scores of (one query)."""
    return set(
        PanelScore.objects.filter(candidate__vacancy=vacancy, submitted_at__isnull=False)
        .values_list("member_id", "candidate_id")
        .distinct()
    )


def start_blockers(vacancy: Vacancy) -> list[str]:
    """What is missing before the interviews can start, each as a sentence (empty: nothing)."""
    missing = []
    panel = panel_of(vacancy)
    if len(panel) < 2:
        missing.append(_("The selection panel needs at least two members."))
    if not any(seat.chair for seat in panel):
        missing.append(_("No one chairs the selection panel."))
    asked = set(vacancy.guide.values_list("competency_id", flat=True))
    unasked = [name_of(competency) for competency in key_competencies(vacancy) if competency.pk not in asked]
    if unasked:
        missing.append(
            _("The interview guide has no question about these key competencies: %(names)s.")
            % {"names": names_list(unasked)}
        )
    if not vacancy.candidates.exists():
        missing.append(_("No candidate has been added."))
    return missing


@dataclass(frozen=True)
class Unsubmitted:
    seat: PanelMember
    candidates: list[Candidate]


def unsubmitted(vacancy: Vacancy) -> list[Unsubmitted]:
    """Each panel member with the candidates they have not submitted their scores of (3 queries)."""
    done = submitted_pairs(vacancy)
    candidates = candidates_of(vacancy)
    result = []
    for seat in panel_of(vacancy):
        waiting = [candidate for candidate in candidates if (seat.pk, candidate.pk) not in done]
        if waiting:
            result.append(Unsubmitted(seat, waiting))
    return result


def agreement_blockers(vacancy: Vacancy) -> list[str]:
    """Who has not submitted their scores of whom, as one sentence (empty: nothing)."""
    waiting = unsubmitted(vacancy)
    if not waiting:
        return []
    parts = [
        _("%(member)s for %(candidates)s")
        % {
            "member": item.seat.membership.user.display_name,
            "candidates": names_list([candidate.name for candidate in item.candidates]),
        }
        for item in waiting
    ]
    return [
        _("Not every panel member has submitted their scores. Not submitted yet: %(list)s.")
        % {"list": "; ".join(parts)}
    ]


def unagreed(vacancy: Vacancy) -> list[tuple[Candidate, list[Competency]]]:
    """Each candidate with the competencies of the guide that have no agreed score yet (3 queries)."""
    competencies = guide_competencies(vacancy)
    agreed = set(vacancy.candidates.filter(agreed__isnull=False).values_list("pk", "agreed__competency_id"))
    result = []
    for candidate in candidates_of(vacancy):
        missing = [competency for competency in competencies if (candidate.pk, competency.pk) not in agreed]
        if missing:
            result.append((candidate, missing))
    return result


def decision_blockers(vacancy: Vacancy) -> list[str]:
    missing = unagreed(vacancy)
    if not missing:
        return []
    parts = [
        _("%(candidate)s in %(competencies)s")
        % {"candidate": candidate.name, "competencies": names_list([name_of(c) for c in competencies])}
        for candidate, competencies in missing
    ]
    return [_("An agreed score is still missing: %(list)s.") % {"list": "; ".join(parts)}]


@dataclass(frozen=True)
class SeatProgress:
    seat: PanelMember
    submitted: int


@dataclass
class Overview:
    """What a vacancy's page shows: the counts, the panel's progress (who has submitted for how many
    candidates, never a score), what the next move lacks, and for a panel member their candidates."""

    panel: list[PanelMember]
    candidates: list[Candidate]
    questions: int
    progress: list[SeatProgress] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    my_submitted: set[int] = field(default_factory=set)  # candidate pks the person has submitted
    deletion_due_on: date | None = None  # when the candidates' data goes (finished, not deleted yet)


def overview(access: VacancyAccess) -> Overview:
    vacancy = access.vacancy
    if access.purged:
        return Overview(panel=panel_of(vacancy), candidates=[], questions=vacancy.guide.count())
    panel = panel_of(vacancy)
    candidates = candidates_of(vacancy)
    done = submitted_pairs(vacancy)
    result = Overview(panel=panel, candidates=candidates, questions=vacancy.guide.count())
    if vacancy.state in FINISHED_VACANCY and vacancy.decided_at is not None:
        result.deletion_due_on = retention.deletion_due_on(
            timezone.localdate(vacancy.decided_at), vacancy.retention_months
        )
    result.progress = [
        SeatProgress(seat, sum(1 for candidate in candidates if (seat.pk, candidate.pk) in done)) for seat in panel
    ]
    if access.seat is not None:
        result.my_submitted = {candidate_pk for seat_pk, candidate_pk in done if seat_pk == access.seat.pk}
    if access.is_hr:
        if access.state == VacancyState.PREPARING:
            result.blockers = start_blockers(vacancy)
        elif access.state == VacancyState.INTERVIEWING:
            result.blockers = agreement_blockers(vacancy)
        elif access.state == VacancyState.AGREEING:
            result.blockers = decision_blockers(vacancy)
    return result


# --- the interview guide -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    level: int
    name: str
    text: str


@dataclass(frozen=True)
class GuideItem:
    number: int  # 1, 2, … in the guide's order: how the panel refers to a question
    question: GuideQuestion
    text: str
    kind_label: str
    anchors: list[Anchor]
    written: bool  # written for this vacancy, not from the bank
    competency_name: str = ""


@dataclass(frozen=True)
class GuideSection:
    competency: Competency
    name: str
    definition: str
    key: bool
    items: list[GuideItem]


def anchors_of(question: GuideQuestion, levels: int, level_names: list[Any]) -> list[Anchor]:
    lang = language()
    return [
        Anchor(
            level=level,
            name=text_in(level_names[level - 1], lang, "en") if level - 1 < len(level_names) else "",
            text=text_in(question.anchors.get(str(level)) or {}, lang, "en"),
        )
        for level in range(1, levels + 1)
    ]


def guide_items(vacancy: Vacancy) -> list[GuideItem]:
    """Every question of the guide numbered in the guide's order: competencies in the model's order,
    then the questions as placed (one query)."""
    version = vacancy.profile.version
    kinds = dict(QuestionKind.choices)
    questions = list(
        vacancy.guide.select_related("competency__cluster").order_by(
            "competency__cluster__position", "competency__position", "competency_id", "position", "pk"
        )
    )
    return [
        GuideItem(
            number=index,
            question=question,
            text=text_in(question.texts, language(), "en"),
            kind_label=str(kinds.get(question.kind, question.kind)),
            anchors=anchors_of(question, version.levels, version.level_names),
            written=question.source_id is None,
            competency_name=text_in(question.competency.names, language(), "en"),
        )
        for index, question in enumerate(questions, start=1)
    ]


def guide_sections(vacancy: Vacancy) -> list[GuideSection]:
    """The guide by competency, the key competencies of the profile included even without a question
    (so the page shows what is missing); three queries."""
    items = guide_items(vacancy)
    keys = key_competencies(vacancy)
    key_pks = {competency.pk for competency in keys}
    competencies: dict[int, Competency] = {item.question.competency_id: item.question.competency for item in items}
    for competency in keys:
        competencies.setdefault(competency.pk, competency)
    ordered = sorted(competencies.values(), key=lambda c: (c.cluster.position if c.cluster_id else 0, c.position, c.pk))
    lang = language()
    return [
        GuideSection(
            competency=competency,
            name=name_of(competency),
            definition=text_in(competency.definitions, lang, "en"),
            key=competency.pk in key_pks,
            items=[item for item in items if item.question.competency_id == competency.pk],
        )
        for competency in ordered
    ]


def bank_questions(vacancy: Vacancy) -> QuerySet[InterviewQuestion]:
    """The questions of the bank of the profile's model version not in the guide yet."""
    return (
        InterviewQuestion.objects.filter(competency__version=vacancy.profile.version_id)
        .exclude(pk__in=vacancy.guide.exclude(source=None).values("source"))
        .select_related("competency__cluster")
        .order_by("competency__cluster__position", "competency__position", "position", "pk")
    )


def version_competencies(vacancy: Vacancy) -> QuerySet[Competency]:
    return Competency.objects.filter(version=vacancy.profile.version_id).order_by("cluster__position", "position")


def members_to_add(vacancy: Vacancy) -> QuerySet[Membership]:
    """The organisation's members not on the panel yet."""
    return (
        Membership.objects.filter(organisation=vacancy.organisation_id)
        .exclude(pk__in=vacancy.panel.values("membership"))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def level_names(vacancy: Vacancy) -> list[str]:
    """The names of the model version's levels in the active language, level 1 first."""
    return [text_in(names, language(), "en") for names in vacancy.profile.version.level_names]


def profiles_for_vacancy(access: PeopleAccess) -> QuerySet[JobProfile]:
    """The organisation's job profiles a vacancy may be opened for (not archived)."""
    return JobProfile.objects.filter(organisation=access.organisation, archived=False).order_by("title")


def members_on_panel(vacancy: Vacancy) -> QuerySet[Membership]:
    """The memberships of the panel's members (to find one by its public id)."""
    return Membership.objects.filter(pk__in=vacancy.panel.values("membership")).select_related("user")
