"""Reads of the people app's reviews part: review cycles for HR (progress, who has not finished, the
figures per unit through the anonymity gate), a person's review for the person and their line manager
(read through `readable_review`, which records the reading), the team of a line manager, the
competency model laid out for the assessment form, and the People page's section.

Who may read what is access.py's: a person's ratings only the person and the manager named on the
review; HR the progress (names and states, never ratings) and the gated figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from opencaf.core.ids import get_by_public_id
from opencaf.lib import anonymity
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Organisation
from opencaf.people import gaps
from opencaf.people.access import PeopleAccess
from opencaf.people.models import (
    Competency,
    CycleState,
    DevelopmentAction,
    DevelopmentPlan,
    Employee,
    Indicator,
    ModelVersion,
    Rating,
    RatingSource,
    Review,
    ReviewCycle,
)

PAGE_SIZE = 25
NOT_OBSERVED = "none"  # the form's value for "not observed"


def _language() -> str:
    return get_language() or "en"


def minimum_for(organisation: Organisation) -> int:
    """The smallest group whose figures are shown: the network's minimum, else the default."""
    network = organisation.network if organisation.network_id else None
    return network.anonymity_minimum if network is not None else anonymity.DEFAULT_MINIMUM


# --- the competency model, laid out --------------------------------------------------------------------


@dataclass(frozen=True)
class LevelOption:
    level: int
    name: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class CompetencyItem:
    code: str
    name: str
    definition: str
    levels: tuple[LevelOption, ...]


@dataclass(frozen=True)
class ClusterItem:
    name: str
    competencies: tuple[CompetencyItem, ...]


def level_name(version: ModelVersion, level: int) -> str:
    names = version.level_names or []
    if 1 <= level <= len(names):
        name = text_in(names[level - 1], _language(), "en")
        if name:
            return name
    return _("Level %(level)d") % {"level": level}


def layout(version: ModelVersion) -> list[ClusterItem]:
    """The version's clusters and competencies in order, each with its definition and the behavioural
    indicators of every level, in the reader's language (two queries)."""
    language = _language()
    competencies = list(
        Competency.objects.filter(version=version)
        .select_related("cluster")
        .order_by("cluster__position", "cluster_id", "position", "id")
    )
    indicators: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = Indicator.objects.filter(competency__version=version).order_by("competency_id", "level", "position", "id")
    for competency_id, level, texts in rows.values_list("competency_id", "level", "texts"):
        indicators[(competency_id, level)].append(text_in(texts, language, "en"))
    names = [level_name(version, level) for level in range(1, version.levels + 1)]
    clusters: dict[int, tuple[str, list[CompetencyItem]]] = {}
    for competency in competencies:
        levels = tuple(
            LevelOption(level, names[level - 1], tuple(indicators[(competency.pk, level)]))
            for level in range(1, version.levels + 1)
        )
        item = CompetencyItem(
            code=competency.code,
            name=text_in(competency.names, language, "en") or competency.code,
            definition=text_in(competency.definitions, language, "en"),
            levels=levels,
        )
        cluster = clusters.setdefault(competency.cluster_id, (text_in(competency.cluster.names, language, "en"), []))
        cluster[1].append(item)
    return [ClusterItem(name, tuple(items)) for name, items in clusters.values()]


# --- cycles, for HR --------------------------------------------------------------------------------------


def cycles_page(organisation: Organisation, number: str | None) -> Page[Any]:
    cycles = (
        ReviewCycle.objects.filter(organisation=organisation)
        .select_related("version__model")
        .annotate(
            people=Count("reviews"),
            self_done=Count("reviews", filter=Q(reviews__self_submitted_at__isnull=False)),
            manager_done=Count("reviews", filter=Q(reviews__manager_submitted_at__isnull=False)),
        )
        .order_by("-opens_on", "-pk")
    )
    return Paginator(cycles, PAGE_SIZE).get_page(number)


def cycle_of(access: PeopleAccess, cycle_id: object) -> ReviewCycle:
    """A cycle of the organisation (404 outside it)."""
    return get_by_public_id(
        ReviewCycle.objects.filter(organisation=access.organisation).select_related("version__model"), cycle_id
    )


def open_cycle(organisation: Organisation) -> ReviewCycle | None:
    return (
        ReviewCycle.objects.filter(organisation=organisation, state=CycleState.OPEN)
        .select_related("version")
        .order_by("-opens_on")
        .first()
    )


@dataclass(frozen=True)
class Progress:
    people: int
    self_done: int
    manager_done: int
    without_profile: int
    without_manager: int


def progress(cycle: ReviewCycle) -> Progress:
    figures = Review.objects.filter(cycle=cycle).aggregate(
        people=Count("pk"),
        self_done=Count("pk", filter=Q(self_submitted_at__isnull=False)),
        manager_done=Count("pk", filter=Q(manager_submitted_at__isnull=False)),
        without_profile=Count("pk", filter=Q(profile__isnull=True)),
        without_manager=Count("pk", filter=Q(manager__isnull=True)),
    )
    return Progress(**figures)


def unfinished_page(cycle: ReviewCycle, number: str | None) -> Page[Review]:
    """Who has not finished: names and states only (never a rating), by name."""
    reviews = (
        Review.objects.filter(cycle=cycle)
        .filter(Q(self_submitted_at__isnull=True) | Q(manager_submitted_at__isnull=True))
        .select_related("membership__user", "manager__user")
        .only(
            "public_id",
            "unit",
            "self_submitted_at",
            "manager_submitted_at",
            "membership__user__full_name",
            "membership__user__email",
            "manager__user__full_name",
            "manager__user__email",
        )
        .order_by("membership__user__full_name", "pk")
    )
    return Paginator(reviews, PAGE_SIZE).get_page(number)


def submitted_levels(
    review_ids: list[int],
) -> tuple[dict[int, dict[str, int | None]], dict[int, dict[str, int | None]]]:
    """The ratings of the reviews by side ({review id: {code: level}}); the caller keeps only the
    submitted sides."""
    own: dict[int, dict[str, int | None]] = defaultdict(dict)
    boss: dict[int, dict[str, int | None]] = defaultdict(dict)
    rows = Rating.objects.filter(review_id__in=review_ids).values_list(
        "review_id", "competency__code", "source", "level"
    )
    for review_id, code, source, level in rows:
        (own if source == RatingSource.SELF else boss)[review_id][code] = level
    return own, boss


@dataclass(frozen=True)
class ShownFigure:
    """A unit's figure as the table prints it, in the reader's number format."""

    assessed: int
    share_percent: str
    mean_text: str


def _shown(figure: gaps.UnitFigure | None) -> ShownFigure | None:
    if figure is None:
        return None
    share, mean = figure.share_with_gap, figure.mean_gap
    return ShownFigure(
        assessed=figure.assessed,
        share_percent=formats.number_format(round((share or 0) * 100)),
        mean_text=formats.number_format(round(mean or 0, 1), 1),
    )


@dataclass(frozen=True)
class UnitColumn:
    name: str
    people: int | None  # None: not shown


@dataclass(frozen=True)
class UnitCell:
    label: str  # the unit's name (the cell's label when the table stacks on a phone)
    figure: ShownFigure | None


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    cells: tuple[UnitCell, ...]
    total: ShownFigure | None


@dataclass(frozen=True)
class UnitTable:
    gated: gaps.GatedUnits
    columns: tuple[UnitColumn, ...]
    rows: tuple[UnitRow, ...]


def unit_table(cycle: ReviewCycle) -> UnitTable:
    """The cycle's gaps per unit and competency, through the anonymity gate (three queries). Only
    submitted ratings count; people without requirements count towards their unit's size only."""
    reviews = list(
        Review.objects.filter(cycle=cycle).values_list(
            "pk", "unit", "required", "self_submitted_at", "manager_submitted_at"
        )
    )
    codes_names = [
        (code, text_in(names, _language(), "en") or code)
        for code, names in Competency.objects.filter(version_id=cycle.version_id)
        .order_by("cluster__position", "cluster_id", "position", "id")
        .values_list("code", "names")
    ]
    codes = [code for code, _name in codes_names]
    own, boss = submitted_levels([row[0] for row in reviews])
    people: dict[str, int] = {}
    rows: list[gaps.Row] = []
    for pk, unit, required, self_at, manager_at in sorted(reviews, key=lambda row: (row[1].casefold(), row[1])):
        people[unit] = people.get(unit, 0) + 1
        result = gaps.person_gaps(
            codes,
            required or {},
            own.get(pk, {}) if self_at is not None else None,
            boss.get(pk, {}) if manager_at is not None else None,
        )
        rows.extend(gaps.person_rows(unit, result))
    gated = gaps.gate_units(gaps.unit_figures(rows), people, codes, minimum_for(cycle.organisation))
    no_unit = pgettext("organisational unit", "No unit given")
    names = {unit: unit or no_unit for unit in gated.units}
    columns = tuple(UnitColumn(names[unit], gated.people.count(unit)) for unit in gated.units)
    table_rows = tuple(
        UnitRow(
            code=code,
            name=name,
            cells=tuple(UnitCell(names[unit], _shown(gated.cell(unit, code))) for unit in gated.units),
            total=_shown(gated.totals.get(code)),
        )
        for code, name in codes_names
    )
    return UnitTable(gated, columns, table_rows)


# --- one person's review ------------------------------------------------------------------------------


def my_latest_review(access: PeopleAccess) -> Review | None:
    """The person's review in the open cycle, else in the latest cycle that opened."""
    reviews = Review.objects.filter(membership=access.membership).exclude(cycle__state=CycleState.DRAFT)
    current = reviews.filter(cycle__state=CycleState.OPEN).order_by("-cycle__opens_on").first()
    return current or reviews.order_by("-cycle__opens_on", "-pk").first()


def _review_queryset(access: PeopleAccess) -> QuerySet[Review]:
    return Review.objects.filter(cycle__organisation=access.organisation).select_related(
        "cycle__version", "cycle__organisation", "membership__user", "manager__user"
    )


def readable_review(access: PeopleAccess, review_id: object) -> Review:
    """A review the person may read (theirs, or one they are named line manager on). HR gets a 403
    (they know reviews exist, not what they say); anyone else a 404, which says nothing of whom it
    concerns."""
    review = get_by_public_id(_review_queryset(access), review_id)
    if access.can_read_review(review):
        return review
    if access.is_hr:
        raise PermissionDenied
    raise Http404


@dataclass(frozen=True)
class SheetRow:
    item: CompetencyItem
    required: str  # the level's name, or "" when not required
    self_level: str
    self_comment: str
    manager_level: str
    manager_comment: str
    gap: gaps.Gap


@dataclass(frozen=True)
class SheetCluster:
    name: str
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class Sheet:
    """What a review page shows of a review to one reader."""

    clusters: tuple[SheetCluster, ...]
    shows_self: bool
    shows_manager: bool
    shows_gaps: bool
    person_gaps: gaps.PersonGaps
    shown: tuple[str, ...]  # the sides shown, for the audit of the reading

    @property
    def gap_rows(self) -> list[SheetRow]:
        return [row for cluster in self.clusters for row in cluster.rows if row.gap.has_gap]

    @property
    def talk_rows(self) -> list[SheetRow]:
        return [row for cluster in self.clusters for row in cluster.rows if row.gap.to_talk_about]


def _levels_and_comments(review: Review, source: str) -> tuple[dict[str, int | None], dict[str, str]]:
    levels: dict[str, int | None] = {}
    comments: dict[str, str] = {}
    for code, level, comment in Rating.objects.filter(review=review, source=source).values_list(
        "competency__code", "level", "comment"
    ):
        levels[code] = level
        comments[code] = comment
    return levels, comments


def answers(review: Review, source: str) -> tuple[dict[str, int | None], dict[str, str]]:
    """One side's ratings of the review (a draft included): {code: level or None}, {code: comment}."""
    return _levels_and_comments(review, source)


def _shown_level(version: ModelVersion, rated: bool, level: int | None) -> str:
    if not rated:
        return ""
    if level is None:
        return pgettext("competency rating", "Not observed")
    return f"{level} – {level_name(version, level)}"


def sheet(review: Review, access: PeopleAccess, cluster_items: list[ClusterItem] | None = None) -> Sheet:
    """The review as its reader may see it. The person sees their own ratings (a draft too), and the
    manager's with the gaps once the manager submitted. The manager sees the person's ratings once
    the person submitted, their own (a draft too), and the gaps (from the self-assessment until they
    submit theirs)."""
    version = review.cycle.version
    items = cluster_items if cluster_items is not None else layout(version)
    as_person = access.is_me(review.membership_id)
    own, own_comments = answers(review, RatingSource.SELF)
    boss, boss_comments = answers(review, RatingSource.MANAGER)
    shows_self = as_person or review.self_submitted_at is not None
    shows_manager = review.manager_submitted_at is not None or not as_person
    shows_gaps = review.manager_submitted_at is not None or (not as_person and review.self_submitted_at is not None)
    if not shows_self:
        own, own_comments = {}, {}
    if not shows_manager:
        boss, boss_comments = {}, {}
    codes = [item.code for cluster in items for item in cluster.competencies]
    result = gaps.person_gaps(
        codes,
        review.required or {},
        own if review.self_submitted_at is not None else None,
        boss if review.manager_submitted_at is not None else None,
    )
    by_code = {row.code: row for row in result.rows}
    clusters = []
    for cluster in items:
        rows = []
        for item in cluster.competencies:
            gap = by_code[item.code]
            rows.append(
                SheetRow(
                    item=item,
                    required=level_name(version, gap.required) if gap.required else "",
                    self_level=_shown_level(version, item.code in own, own.get(item.code)),
                    self_comment=own_comments.get(item.code, ""),
                    manager_level=_shown_level(version, item.code in boss, boss.get(item.code)),
                    manager_comment=boss_comments.get(item.code, ""),
                    gap=gap,
                )
            )
        clusters.append(SheetCluster(cluster.name, tuple(rows)))
    shown = tuple(
        side
        for side, yes in ((RatingSource.SELF.value, shows_self), (RatingSource.MANAGER.value, shows_manager))
        if yes
    )
    return Sheet(tuple(clusters), shows_self, shows_manager, shows_gaps, result, shown)


def record_reading(access: PeopleAccess, review: Review, shown: tuple[str, ...]) -> None:
    """A page is about to show the review's ratings to this person: record it (one event a page)."""
    from opencaf.people.services.reviews import record_review_read

    record_review_read(actor=access.user, review=review, shown=shown)


# --- a line manager's team ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    name: str
    unit: str
    review: Review | None
    employee: Employee | None  # when they are in the manager's team today
    plan: DevelopmentPlan | None
    may_assess: bool


def team(access: PeopleAccess, cycle: ReviewCycle | None) -> list[TeamRow]:
    """The manager's team in the cycle: the reviews they are named line manager on, and the employees
    whose line manager they are today (a newcomer has no review in the cycle); four queries."""
    me = access.membership
    reviews: dict[int, Review] = {}
    if cycle is not None:
        reviews = {
            review.membership_id: review
            for review in Review.objects.filter(cycle=cycle, manager=me).select_related("membership__user")
        }
    employees = {
        employee.membership_id: employee
        for employee in Employee.objects.filter(organisation=access.organisation, line_manager=me).select_related(
            "membership__user"
        )
    }
    people = set(reviews) | set(employees)
    plans: dict[int, DevelopmentPlan] = {}
    if cycle is not None and people:
        plans = {
            plan.membership_id: plan
            for plan in DevelopmentPlan.objects.filter(
                cycle=cycle, membership_id__in=people, membership__employee__line_manager=me
            )
        }
    today = timezone.localdate()
    rows = []
    for membership_id in people:
        review = reviews.get(membership_id)
        employee = employees.get(membership_id)
        membership = review.membership if review is not None else employee.membership  # type: ignore[union-attr]
        if review is not None:
            review.cycle = cycle  # type: ignore[assignment]
        may = (
            review is not None
            and cycle is not None
            and cycle.state == CycleState.OPEN
            and review.manager_submitted_at is None
            and (review.self_submitted_at is not None or today > cycle.closes_on)
        )
        rows.append(
            TeamRow(
                name=membership.user.display_name,
                unit=membership.department,
                review=review,
                employee=employee,
                plan=plans.get(membership_id),
                may_assess=may,
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.name))


def latest_cycle(organisation: Organisation) -> ReviewCycle | None:
    """The open cycle, else the one that opened last."""
    cycles = ReviewCycle.objects.filter(organisation=organisation).exclude(state=CycleState.DRAFT)
    return cycles.filter(state=CycleState.OPEN).first() or cycles.order_by("-opens_on", "-pk").first()


# --- the People page's section -------------------------------------------------------------------------


NEXT_ACTIONS = 3


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """What the People page shows of reviews to this person: their open self-assessment, the next
    actions of their development plan, for a line manager the team's assessments to give, for HR the
    cycles. A handful of queries whatever the organisation's size."""
    section: dict[str, Any] = {"is_hr": access.is_hr}
    current = open_cycle(access.organisation)
    section["cycle"] = current
    if current is not None:
        mine = Review.objects.filter(cycle=current, membership=access.membership).first()
        if mine is not None:
            section["my_review"] = mine
            section["my_review_draft"] = (
                mine.self_submitted_at is None and Rating.objects.filter(review=mine, source=RatingSource.SELF).exists()
            )
        pending = Review.objects.filter(cycle=current, manager=access.membership, manager_submitted_at__isnull=True)
        today = timezone.localdate()
        counts = pending.aggregate(
            waiting=Count("pk"),
            ready=Count("pk", filter=Q(self_submitted_at__isnull=False)),
        )
        ready = counts["waiting"] if today > current.closes_on else counts["ready"]
        section["team_pending"] = counts["waiting"]
        section["team_ready"] = ready
    section["is_line_manager"] = (
        bool(section.get("team_pending"))
        or Employee.objects.filter(organisation=access.organisation, line_manager=access.membership).exists()
    )
    plan = (
        DevelopmentPlan.objects.filter(membership=access.membership).order_by("-cycle__opens_on", "-created_at").first()
    )
    section["plan"] = plan
    if plan is not None:
        section["next_actions"] = list(
            DevelopmentAction.objects.filter(plan=plan, state__in=("planned", "in_progress")).order_by("due_on", "pk")[
                :NEXT_ACTIONS
            ]
        )
    return section
