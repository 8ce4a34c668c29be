"""Reads of the people app's talent part: key positions with their successors, the succession cover, and
the talent grid of a competency review. HR and top management only (`PeopleAccess.sees_talent`).

Every page that names people with their place in a succession plan or in the grid is a read of personal
data: the selector that loads it for a page records "people.talent_read" (the actor, and the position or
the organisation) in the same transaction, so each page view writes one event. The forms and their
pages load through `position_for` / `successor_for`, which record nothing: they show what the person
is about to change, on the way from a page already recorded.

The grid reads the line manager's view only (`Review.performance`, `.potential`), and only once the
line manager has submitted their assessment: a draft is not yet anyone's view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opencaf.audit.services import record_event
from opencaf.core.ids import get_by_public_id, parse_public_id
from opencaf.organisations.models import Membership, Organisation
from opencaf.organisations.selectors import members_of
from opencaf.people import grid
from opencaf.people.access import PeopleAccess
from opencaf.people.models import CycleState, KeyPosition, Review, ReviewCycle, Successor

PER_PAGE = 50

BOX_LABELS: dict[grid.BoxCode, Promise] = {
    grid.BoxCode.UNTAPPED_POTENTIAL: _("Untapped potential"),
    grid.BoxCode.HIGH_POTENTIAL: _("High potential"),
    grid.BoxCode.FUTURE_LEADER: _("Future leader"),
    grid.BoxCode.INCONSISTENT: _("Inconsistent performer"),
    grid.BoxCode.CORE_PLAYER: _("Core contributor"),
    grid.BoxCode.HIGH_PERFORMER: _("High performer"),
    grid.BoxCode.NEEDS_ATTENTION: _("Needs attention"),
    grid.BoxCode.SOLID_CONTRIBUTOR: _("Solid contributor"),
    grid.BoxCode.TRUSTED_EXPERT: _("Trusted professional"),
}

PERFORMANCE_LABELS: dict[int, Promise] = {
    1: pgettext_lazy("performance", "Below expectations"),
    2: pgettext_lazy("performance", "Meets expectations"),
    3: pgettext_lazy("performance", "Exceeds expectations"),
}

POTENTIAL_LABELS: dict[int, Promise] = {
    1: pgettext_lazy("potential", "Limited"),
    2: pgettext_lazy("potential", "Moderate"),
    3: pgettext_lazy("potential", "High"),
}


def _visible(access: PeopleAccess) -> None:
    """One position (or successor) of the organisation: a 404 for a member without the right, so the
    address does not even confirm that the position exists."""
    if not access.sees_talent:
        raise Http404


def _read(access: PeopleAccess, obj: Any, changes: dict[str, Any]) -> None:
    with transaction.atomic():
        record_event(
            "people.talent_read", actor=access.user, obj=obj, organisation=access.organisation, changes=changes
        )


# --- key positions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionRow:
    position: KeyPosition
    successors: list[Successor]  # the nearest readiness first, then by name
    facts: grid.Position[int]

    @property
    def covered(self) -> bool:
        return self.facts.covered

    @property
    def at_risk(self) -> bool:
        return self.facts.at_risk


def _successors() -> QuerySet[Successor]:
    return Successor.objects.select_related("membership__user").order_by(
        "membership__user__full_name", "membership__user__email", "pk"
    )


def _positions(organisation: Organisation) -> QuerySet[KeyPosition]:
    return (
        KeyPosition.objects.filter(organisation=organisation)
        .select_related("holder__user")
        .prefetch_related(Prefetch("successors", queryset=_successors()))
        .order_by("title", "pk")
    )


def _readiness_rank(successor: Successor) -> int:
    value = successor.readiness
    return grid.READINESS_ORDER.index(grid.Readiness(value)) if value in grid.Readiness._value2member_map_ else 9


def _row(position: KeyPosition) -> PositionRow:
    successors = sorted(position.successors.all(), key=_readiness_rank)  # stable: names stay in order
    facts = grid.Position(
        key=position.pk,
        risk_of_loss=position.risk_of_loss,
        impact=position.impact,
        readinesses=tuple(successor.readiness for successor in successors),
    )
    return PositionRow(position=position, successors=successors, facts=facts)


@dataclass(frozen=True)
class KeyPositionList:
    page: Page[PositionRow]
    coverage: grid.Coverage


def read_key_positions(access: PeopleAccess, page_number: str | int | None = 1) -> KeyPositionList:
    """The organisation's key positions, those at risk first, then by title, a page of them, with the
    cover of all of them. Two queries whatever the number (the positions, their successors)."""
    rows = [_row(position) for position in _positions(access.organisation)]
    by_pk = {row.facts.key: row for row in rows}
    ordered = [by_pk[facts.key] for facts in grid.ordered([row.facts for row in rows])]
    page = Paginator(ordered, PER_PAGE).get_page(page_number)
    _read(access, access.organisation, {"view": "key_positions"})
    return KeyPositionList(page=page, coverage=grid.coverage(row.facts for row in rows))


def position_for(access: PeopleAccess, position_id: object) -> KeyPosition:
    """One key position of the organisation, for its forms; 404 outside it or without the right."""
    _visible(access)
    return get_by_public_id(
        KeyPosition.objects.filter(organisation=access.organisation).select_related("holder__user"), position_id
    )


def read_position(access: PeopleAccess, position_id: object) -> PositionRow:
    """One key position with its successors, for its page: the read is recorded."""
    _visible(access)
    position = get_by_public_id(_positions(access.organisation), position_id)
    _read(access, position, {"view": "key_position"})
    return _row(position)


def successor_for(access: PeopleAccess, position: KeyPosition, successor_id: object) -> Successor:
    _visible(access)
    return get_by_public_id(_successors().filter(position=position), successor_id)


def members(organisation: Organisation) -> QuerySet[Membership]:
    """Who may hold a key position or succeed to one: the organisation's members, by name."""
    return members_of(organisation)


def succession_coverage(organisation: Organisation) -> grid.Coverage:
    """The cover of the organisation's key positions (no names: for the People page and criterion 3's
    figures). Two small queries."""
    readinesses: dict[int, list[str]] = {}
    for position_id, readiness in Successor.objects.filter(position__organisation=organisation).values_list(
        "position_id", "readiness"
    ):
        readinesses.setdefault(position_id, []).append(readiness)
    positions = KeyPosition.objects.filter(organisation=organisation).values_list("pk", "risk_of_loss", "impact")
    return grid.coverage(
        grid.Position(key=pk, risk_of_loss=risk, impact=impact, readinesses=tuple(readinesses.get(pk, ())))
        for pk, risk, impact in positions
    )


# --- the talent grid ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    box: grid.Box
    label: str
    performance_label: str
    people: list[Review]


@dataclass(frozen=True)
class GridRow:
    potential: int
    label: str
    cells: list[GridCell]


@dataclass(frozen=True)
class TalentGrid:
    cycles: Sequence[ReviewCycle]  # those one may choose: every cycle past its preparation, newest first
    cycle: ReviewCycle | None
    rows: list[GridRow]
    columns: list[tuple[int, str]]  # performance from low to high, with its words
    unrated: list[Review]
    placed: int


def _rated() -> Q:
    return Q(
        reviews__manager_submitted_at__isnull=False,
        reviews__performance__isnull=False,
        reviews__potential__isnull=False,
    )


def _chosen(cycles: Sequence[ReviewCycle], cycle_id: object) -> ReviewCycle | None:
    """The cycle asked for (an unknown or foreign one is ignored, as any filter), else the newest one
    with ratings by line managers, else the newest."""
    if cycle_id:
        try:
            wanted = parse_public_id(cycle_id)
        except Http404:
            wanted = None
        for cycle in cycles:
            if cycle.public_id == wanted:
                return cycle
    return next((cycle for cycle in cycles if getattr(cycle, "rated", 0)), cycles[0] if cycles else None)


def _manager_view(review: Review) -> tuple[int | None, int | None]:
    if review.manager_submitted_at is None:
        return None, None
    return review.performance, review.potential


def read_talent_grid(access: PeopleAccess, cycle_id: object = None) -> TalentGrid:
    """The grid of one competency review: who sits in which box, and who has no rating by their line
    manager. Two queries (the cycles, the chosen one's reviews) whatever the number of people."""
    cycles = list(
        ReviewCycle.objects.filter(organisation=access.organisation)
        .exclude(state=CycleState.DRAFT)
        .annotate(rated=Count("reviews", filter=_rated()))
        .order_by("-opens_on", "-created_at", "-pk")
    )
    cycle = _chosen(cycles, cycle_id)
    reviews: list[Review] = []
    if cycle is not None:
        reviews = list(
            Review.objects.filter(cycle=cycle)
            .select_related("membership__user")
            .order_by("membership__user__full_name", "membership__user__email", "pk")
        )
    placement = grid.place((review, *_manager_view(review)) for review in reviews)
    columns = [(level, str(PERFORMANCE_LABELS[level])) for level in grid.LEVELS]
    rows = [
        GridRow(
            potential=boxes[0].potential,
            label=str(POTENTIAL_LABELS[boxes[0].potential]),
            cells=[
                GridCell(
                    box=box,
                    label=str(BOX_LABELS[box.code]),
                    performance_label=str(PERFORMANCE_LABELS[box.performance]),
                    people=placement.boxes[box.code],
                )
                for box in boxes
            ],
        )
        for boxes in grid.rows()
    ]
    changes: dict[str, Any] = {"view": "talent_grid"}
    if cycle is not None:
        changes["review_cycle"] = cycle.title
    _read(access, access.organisation, changes)
    return TalentGrid(
        cycles=cycles,
        cycle=cycle,
        rows=rows,
        columns=columns,
        unrated=placement.unrated,
        placed=placement.placed,
    )


# --- the People page ---------------------------------------------------------------------------------


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """What the People page shows of this part to this person (empty: nothing): to HR and top
    management the cover of the key positions and the ways in; to anyone else nothing at all."""
    if not access.sees_talent:
        return {}
    return {"coverage": succession_coverage(access.organisation)}
