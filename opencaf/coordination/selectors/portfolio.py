"""The portfolio: every organisation of a network with the facts of its current cycle, its stage and
its flags (`coordination.stages`), and each organisation's engagement log.

The facts of all the organisations are read in a fixed number of aggregate queries (`values()`, one
per kind of fact), never one per organisation, so the page costs the same queries for 10 or 5,000.

The current cycle of an organisation is its latest self-assessment that has started, else its
latest one still planned (whose groups can already be checked for diversity).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone

from opencaf.assessments.lifecycle import CONSENSUS_OPENED, State
from opencaf.assessments.models import Consensus, Seat, SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import EngagementEntry, Recipient, ReplyStatus
from opencaf.coordination.stages import (
    NOT_RECORDED,
    ORDER,
    Facts,
    Flag,
    Stage,
    flags,
    history,
    lacks_diversity,
    rank,
)
from opencaf.core.ids import get_by_public_id
from opencaf.frameworks.models import Subcriterion
from opencaf.improvement.models import Action, ActionStatus, ActionUpdate, ImprovementPlan, PlanStatus
from opencaf.organisations.choices import Role, StaffLevel
from opencaf.organisations.models import MembershipRole, Network, Organisation
from opencaf.reports.models import ReportAcceptance

START_EVENT = "assessment.start"  # recorded by assessments.services.change_state
PIPELINE_SHOWN = 10  # organisations listed in each column of the pipeline


@dataclass(frozen=True)
class PortfolioRow:
    organisation_id: int
    public_id: UUID
    name: str
    org_type: str
    size_band: str
    facts: Facts
    stage: Stage
    stage_on: date | None
    flags: list[Flag] = field(default_factory=list)


@dataclass(frozen=True)
class PipelineColumn:
    stage: Stage
    count: int
    first: list[PortfolioRow]
    recorded: bool  # False for the stages the platform records nothing for yet


def _day(moment: datetime | None, zone: tzinfo) -> date | None:
    # The zone is looked up once by the caller: timezone.localdate() looks it up on every call, which
    # was a third of the page's time for 5,000 organisations.
    return moment.astimezone(zone).date() if moment is not None else None


def _earliest(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None


def _by(rows: Iterable[Any], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: dict(row) for row in rows}


def _current_cycles(organisations: Q) -> dict[int, dict[str, Any]]:
    """organisation id -> its current self-assessment (see the module's docstring)."""
    current: dict[int, dict[str, Any]] = {}
    rows = (
        SelfAssessment.objects.filter(organisations)
        .values("id", "public_id", "organisation_id", "framework_id", "state", "paused_from", "created_at")
        .order_by("created_at", "id")
    )
    for row in rows:  # oldest first: a later one replaces an earlier one unless it has not started
        previous = current.get(row["organisation_id"])
        if previous is None or row["state"] != State.PLANNED or previous["state"] == State.PLANNED:
            current[row["organisation_id"]] = dict(row)
    return current


def _diversity(assessment_ids: Collection[int], scope: Q) -> dict[Any, int]:
    """assessment id -> how many of its groups lack diversity."""
    groups = (
        Seat.objects.filter(scope)
        .values("group__assessment_id", "group_id")
        .annotate(
            members=Count("id"),
            areas=Count(Lower(Trim("functional_area")), distinct=True),
            front_line=Count("id", filter=Q(staff_level=StaffLevel.FRONT_LINE)),
        )
        .order_by()
    )
    lacking: dict[Any, int] = {}
    for group in groups:
        assessment_id = group["group__assessment_id"]
        if assessment_id in assessment_ids and lacks_diversity(group["members"], group["areas"], group["front_line"]):
            lacking[assessment_id] = lacking.get(assessment_id, 0) + 1
    return lacking


def _in_consensus(cycle: Mapping[str, Any]) -> bool:
    state = State(cycle["state"])
    return state in CONSENSUS_OPENED or (state == State.PAUSED and cycle["paused_from"] == State.CONSENSUS)


def _undecided(cycles: Iterable[Mapping[str, Any]], scope: Q) -> dict[Any, int]:
    """assessment id -> subcriteria of its framework without a consensus decision, for the
    assessments in or past consensus (a score or a recorded reason for not assessing counts)."""
    opened = {cycle["id"]: cycle["framework_id"] for cycle in cycles if _in_consensus(cycle)}
    if not opened:
        return {}
    per_framework = dict(
        Subcriterion.objects.filter(framework_id__in=set(opened.values()))
        .values("framework_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("framework_id", "n")
    )
    decided = dict(
        Consensus.objects.filter(scope)
        .filter(Q(score__isnull=False) | ~Q(not_assessed_reason=""))
        .values("assessment_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("assessment_id", "n")
    )
    missing = {pk: per_framework.get(framework, 0) - decided.get(pk, 0) for pk, framework in opened.items()}
    return {pk: n for pk, n in missing.items() if n > 0}


def _plans(
    under: Callable[[str], Q], zone: tzinfo
) -> tuple[dict[Any, dict[str, Any]], dict[Any, dict[str, Any]], dict[Any, date | None]]:
    """Approved plans by assessment id, their actions' figures by plan id, and by plan id the day
    the first action moved on (from the actions' updates)."""
    approved = PlanStatus.APPROVED
    plans = _by(
        ImprovementPlan.objects.filter(under(""), status=approved).values("id", "assessment_id", "approved_at"),
        "assessment_id",
    )
    open_action = ~Q(status=ActionStatus.DONE)
    moved_on = ~Q(status=ActionStatus.PLAN) | Q(progress__gt=0)
    actions = _by(
        Action.objects.filter(under("plan__"), plan__status=approved)
        .values("plan_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=open_action),
            last_update=Max("last_update_at", filter=open_action),
            moved_on=Min("last_update_at", filter=moved_on),
        )
        .order_by(),
        "plan_id",
    )
    first_moves = (
        ActionUpdate.objects.filter(under("action__plan__"), action__plan__status=approved)
        .filter(moved_on)
        .values("action__plan_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    return plans, actions, {row["action__plan_id"]: _day(row["first"], zone) for row in first_moves}


def portfolio_of(
    network: Network, *, today: date, organisation_ids: Collection[int] | None = None
) -> list[PortfolioRow]:
    """Every organisation of the network (or the given ones) with its facts, stage and flags,
    ordered by name."""
    org_scope = Q(network=network) if organisation_ids is None else Q(network=network, pk__in=organisation_ids)

    def under(prefix: str) -> Q:
        return Q(**{f"{prefix}organisation__network": network}) & (
            Q() if organisation_ids is None else Q(**{f"{prefix}organisation_id__in": organisation_ids})
        )

    zone = timezone.get_current_timezone()
    organisations = list(
        Organisation.objects.filter(org_scope)
        .values("id", "public_id", "name", "org_type", "size_band")
        .order_by("name")
    )
    invitations = _by(
        Recipient.objects.filter(under(""), campaign__network=network)
        .exclude(status=ReplyStatus.PENDING)
        .values("organisation_id")
        .annotate(
            invited=Min(Coalesce("sent_at", "campaign__sent_at")),
            nominated=Min("replied_at", filter=Q(status=ReplyStatus.NOMINATED)),
        )
        .order_by(),
        "organisation_id",
    )
    administrators = dict(
        MembershipRole.objects.filter(under("membership__"), role=Role.ORG_ADMIN)
        .values("membership__organisation_id")
        .annotate(since=Min("membership__created_at"))
        .order_by()
        .values_list("membership__organisation_id", "since")
    )
    cycles = _current_cycles(under(""))
    cycle_ids = {cycle["id"] for cycle in cycles.values()}
    starts = dict(
        AuditEvent.objects.filter(network=network, action=START_EVENT)
        .filter(Q() if organisation_ids is None else Q(organisation_id__in=organisation_ids))
        .values("object_id")
        .annotate(on=Min("occurred_at"))
        .order_by()
        .values_list("object_id", "on")
    )
    reports: dict[Any, datetime] = dict(
        ReportAcceptance.objects.filter(under("assessment__")).values_list("assessment_id", "accepted_at")
    )
    plans, actions, first_moves = _plans(under, zone)
    diversity = _diversity(cycle_ids, under("group__assessment__"))
    undecided = _undecided(cycles.values(), under("assessment__"))

    rows = []
    for organisation in organisations:
        pk = organisation["id"]
        invitation = invitations.get(pk, {})
        cycle = cycles.get(pk)
        started = cycle is not None and cycle["state"] != State.PLANNED
        assessment_id = cycle["id"] if cycle else None
        plan = plans.get(assessment_id, {})
        figures = actions.get(plan.get("id"), {})
        facts = Facts(
            invited_on=_day(invitation.get("invited"), zone),
            representative_on=_earliest(_day(invitation.get("nominated"), zone), _day(administrators.get(pk), zone)),
            # Started without a recorded start (data loaded from elsewhere): the day it was created.
            started_on=_day(starts.get(str(cycle["public_id"])) or cycle["created_at"], zone)
            if cycle and started
            else None,
            report_accepted_on=_day(reports.get(assessment_id), zone),
            plan_approved_on=_day(plan.get("approved_at"), zone),
            progress_on=first_moves.get(plan.get("id")) or _day(figures.get("moved_on"), zone),
            actions=figures.get("total", 0),
            open_actions=figures.get("open", 0),
            last_action_update_on=_day(figures.get("last_update"), zone),
            groups_lacking_diversity=diversity.get(assessment_id, 0) if assessment_id else 0,
            undecided_subcriteria=undecided.get(assessment_id, 0) if assessment_id else 0,
        )
        milestones = history(facts)  # stage_of(facts) is its last one, read here without a second pass
        stage = milestones[-1].stage if milestones else Stage.NOTHING_YET
        reached = {milestone.stage: milestone.on for milestone in milestones}
        rows.append(
            PortfolioRow(
                organisation_id=pk,
                public_id=organisation["public_id"],
                name=organisation["name"],
                org_type=organisation["org_type"],
                size_band=organisation["size_band"],
                facts=facts,
                stage=stage,
                stage_on=reached.get(stage),
                flags=flags(facts, today),
            )
        )
    return rows


def filter_rows(
    rows: Iterable[PortfolioRow],
    *,
    org_type: str = "",
    size_band: str = "",
    stage: str = "",
    flag: str = "",
) -> list[PortfolioRow]:
    return [
        row
        for row in rows
        if (not org_type or row.org_type == org_type)
        and (not size_band or row.size_band == size_band)
        and (not stage or row.stage == stage)
        and (not flag or flag in row.flags)
    ]


def sort_rows(rows: list[PortfolioRow], order: str) -> list[PortfolioRow]:
    """By name (the rows' own order), or by stage then name: "stage" furthest first, "-stage" last."""
    if order == "stage":
        return sorted(rows, key=lambda row: -rank(row.stage))  # stable: names stay in order
    if order == "-stage":
        return sorted(rows, key=lambda row: rank(row.stage))
    return rows


def pipeline(rows: list[PortfolioRow]) -> list[PipelineColumn]:
    columns = []
    for stage in ORDER:
        at_stage = [row for row in rows if row.stage == stage]
        columns.append(PipelineColumn(stage, len(at_stage), at_stage[:PIPELINE_SHOWN], stage not in NOT_RECORDED))
    return columns


# --- one organisation -----------------------------------------------------------------------------


def get_organisation_in_network(network: Network, public_id: object) -> Organisation:
    """An organisation of the network; 404 for any other (the network was checked by the caller)."""
    return get_by_public_id(Organisation.objects.filter(network=network), public_id)


def engagement_log(network: Network, organisation: Organisation) -> QuerySet[EngagementEntry]:
    """The network's contacts with the organisation, newest first."""
    return EngagementEntry.objects.filter(network=network, organisation=organisation).select_related("author")
