"""The portfolio: every organisation of a network with the facts of its current cycle, its stage and
its flags (`coordination.stages`), and each organisation's engagement log.

Two reads, each in a fixed number of aggregate queries (one per kind of fact), never one per
organisation, so a page costs the same queries for 10 or 5,000 organisations:

- `standings_of`: every organisation's stage and flags without any date (`stages.Signs`): the
  database answers whether each fact is known and whether its moment falls before the day's
  cut-offs. Enough to filter, sort, count and page thousands of organisations.
- `portfolio_of` / `rows_of`: the facts with their dates, for the organisations a page shows.

Reading and converting some 20,000 dates for 5,000 organisations was half the pages' time; the
first read reads no date, the second some 400 for a page of 100.

The current cycle of an organisation is its latest self-assessment that has started, else its
latest one still planned (whose groups can already be checked for diversity).

The stages apps above coordination record (external feedback, the label: `stage_facts`) come as
columns of the query that reads the current cycles, in both reads: no query more for them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from django.db.models import BooleanField, CharField, Count, ExpressionWrapper, Max, Min, Q, QuerySet
from django.db.models.functions import Cast, Coalesce, Lower, Trim
from django.utils import timezone

from opencaf.assessments.lifecycle import CONSENSUS_OPENED, State
from opencaf.assessments.models import Consensus, Seat, SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination import stage_facts
from opencaf.coordination.models import Attendance, EngagementEntry, EventKind, Recipient, ReplyStatus
from opencaf.coordination.stages import (
    ORDER,
    Facts,
    Flag,
    Signs,
    Stage,
    cutoffs,
    flags,
    history,
    lacks_diversity,
    rank,
    standing,
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
    region: str
    facts: Facts
    stage: Stage
    stage_on: date | None
    flags: list[Flag] = field(default_factory=list)


class Standing(NamedTuple):
    """An organisation's stage and flags without the dates that led to them (`standings_of`); a
    tuple, as there is one for every organisation of the network."""

    organisation_id: int
    name: str
    org_type: str
    size_band: str
    region: str
    stage: Stage
    flags: tuple[Flag, ...]


class Placed(Protocol):
    """What filtering, sorting and the pipeline read: a Standing or a PortfolioRow."""

    @property
    def organisation_id(self) -> int: ...
    @property
    def org_type(self) -> str: ...
    @property
    def size_band(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def flags(self) -> Sequence[Flag]: ...


@dataclass(frozen=True)
class PipelineColumn:
    stage: Stage
    count: int
    first: list[Standing]
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


def _current_cycles(organisations: Q, *columns: str, **annotations: Any) -> dict[int, dict[str, Any]]:
    """organisation id -> its current self-assessment (see the module's docstring) with its id,
    framework, state and the columns asked for."""
    current: dict[int, dict[str, Any]] = {}
    rows = (
        SelfAssessment.objects.filter(organisations)
        .values("id", "organisation_id", "framework_id", "state", "paused_from", *columns, **annotations)
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


def _attended_trainings(network: Network, scope: Q) -> QuerySet[Attendance]:
    """Presences at the network's trainings (introduction sessions and conferences do not make an
    organisation "trained"), of registrations of the organisations in `scope`."""
    return Attendance.objects.filter(
        scope, present=True, session__event__network=network, session__event__kind=EventKind.TRAINING
    )


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
    # The given ones as one subquery of the network's organisations, reused by every query below:
    # the list of ids is checked and converted once, not once a query (a fifth of a page's time).
    chosen = Organisation.objects.filter(org_scope).values("pk")

    def under(prefix: str) -> Q:
        if organisation_ids is None:
            return Q(**{f"{prefix}organisation__network": network})
        return Q(**{f"{prefix}organisation__in": chosen})

    zone = timezone.get_current_timezone()
    organisations = list(
        Organisation.objects.filter(org_scope)
        .values("id", "public_id", "name", "org_type", "size_band", "region")
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
    trainings = dict(
        _attended_trainings(network, under("registration__"))
        .values("registration__organisation_id")
        .annotate(on=Min("session__starts_at"))
        .order_by()
        .values_list("registration__organisation_id", "on")
    )
    cycles = _current_cycles(under(""), "public_id", "created_at", **stage_facts.dated(today))
    cycle_ids = {cycle["id"] for cycle in cycles.values()}
    starts = dict(
        AuditEvent.objects.filter(network=network, action=START_EVENT)
        .filter(Q() if organisation_ids is None else Q(organisation__in=chosen))
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
            trained_on=_day(trainings.get(pk), zone),
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
            feedback_on=stage_facts.day(cycle, Stage.EXTERNAL_FEEDBACK, zone) if cycle else None,
            label_on=stage_facts.day(cycle, Stage.LABEL, zone) if cycle else None,
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
                region=organisation["region"],
                facts=facts,
                stage=stage,
                stage_on=reached.get(stage),
                flags=flags(facts, today),
            )
        )
    return rows


# --- every organisation, without dates ------------------------------------------------------------


def _from(day: date, zone: tzinfo) -> datetime:
    """The first moment of the day: a moment is of an earlier day exactly when it is before this one."""
    return datetime.combine(day, time.min, tzinfo=zone)


def _before(column: str, moment: datetime) -> ExpressionWrapper:
    """True when the column's moment is before `moment` (None when it has none), asked of the database."""
    return ExpressionWrapper(Q(**{f"{column}__lt": moment}), output_field=BooleanField())


def _uuid_text(text: str) -> str:
    """A UUID written with or without hyphens (as databases cast it to text), written one way."""
    return text.replace("-", "").lower()


def standings_of(network: Network, *, today: date) -> list[Standing]:
    """Every organisation of the network with its stage and flags on `today`, ordered by name; the
    same as `portfolio_of` gives, without reading a date (`stages.Signs`)."""
    zone = timezone.get_current_timezone()
    cut = cutoffs(today)
    report_due, plan_due = _from(cut.report_due, zone), _from(cut.plan_due, zone)
    stale = _from(cut.actions_stale, zone)
    in_network = Q(organisation__network=network)

    organisations = (
        Organisation.objects.filter(network=network)
        .order_by("name")
        .values_list("id", "name", "org_type", "size_band", "region")
    )
    invitations = {
        pk: (invited, nominated)
        for pk, invited, nominated in Recipient.objects.filter(in_network, campaign__network=network)
        .exclude(status=ReplyStatus.PENDING)
        .values("organisation_id")
        .annotate(
            invited=Count("id", filter=Q(sent_at__isnull=False) | Q(campaign__sent_at__isnull=False)),
            nominated=Count("id", filter=Q(status=ReplyStatus.NOMINATED, replied_at__isnull=False)),
        )
        .order_by()
        .values_list("organisation_id", "invited", "nominated")
    }
    trained = set(
        _attended_trainings(network, Q(registration__organisation__network=network))
        .values_list("registration__organisation_id", flat=True)
        .order_by()
        .distinct()
    )
    administered = set(
        MembershipRole.objects.filter(membership__organisation__network=network, role=Role.ORG_ADMIN)
        .values_list("membership__organisation_id", flat=True)
        .order_by()
        .distinct()
    )
    # The assessments' public ids as text (a start's object id), not made into UUIDs one by one.
    cycles = _current_cycles(
        in_network,
        key=Cast("public_id", CharField()),
        created_early=_before("created_at", report_due),
        **stage_facts.known(today),
    )
    feedback, label = stage_facts.column(Stage.EXTERNAL_FEEDBACK), stage_facts.column(Stage.LABEL)
    # Whether an assessment's start was recorded, and before the cut-off (its earliest one is).
    starts = {
        _uuid_text(object_id): early
        for object_id, early in AuditEvent.objects.filter(network=network, action=START_EVENT)
        .values("object_id")
        .annotate(early=Count("id", filter=Q(occurred_at__lt=report_due)))
        .order_by()
        .values_list("object_id", "early")
    }
    reports = dict(
        ReportAcceptance.objects.filter(assessment__organisation__network=network).values_list(
            "assessment_id", _before("accepted_at", plan_due)
        )
    )
    approved = PlanStatus.APPROVED
    plans = {
        assessment_id: (pk, bool(approved_on), bool(early))
        for assessment_id, pk, approved_on, early in ImprovementPlan.objects.filter(
            in_network, status=approved
        ).values_list(
            "assessment_id",
            "id",
            ExpressionWrapper(Q(approved_at__isnull=False), output_field=BooleanField()),
            _before("approved_at", stale),
        )
    }
    open_action = ~Q(status=ActionStatus.DONE)
    moved_on = ~Q(status=ActionStatus.PLAN) | Q(progress__gt=0)
    actions = {
        plan_id: figures
        for plan_id, *figures in Action.objects.filter(plan__organisation__network=network, plan__status=approved)
        .values("plan_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=open_action),
            recent=Count("id", filter=open_action & Q(last_update_at__gte=stale)),
            moved=Count("id", filter=moved_on),
        )
        .order_by()
        .values_list("plan_id", "total", "open", "recent", "moved")
    }
    moved_plans = set(
        ActionUpdate.objects.filter(action__plan__organisation__network=network, action__plan__status=approved)
        .filter(moved_on)
        .values_list("action__plan_id", flat=True)
        .order_by()
        .distinct()
    )
    diversity = _diversity(
        {cycle["id"] for cycle in cycles.values()}, Q(group__assessment__organisation__network=network)
    )
    # Some 30 consensus records an assessment: picked by the network's assessments (a semi-join)
    # rather than joined to each one's organisation, which was a third slower on both databases.
    assessments = SelfAssessment.objects.filter(in_network).values("id")
    undecided = _undecided(cycles.values(), Q(assessment__in=assessments))

    standings = []
    for pk, name, org_type, size_band, region in organisations:
        invited, nominated = invitations.get(pk, (0, 0))
        cycle = cycles.get(pk)
        assessment_id = started = early = None
        fed_back = labelled = False
        if cycle is not None:
            assessment_id = cycle["id"]
            started = cycle["state"] != State.PLANNED
            start = starts.get(_uuid_text(cycle["key"]))
            # Started without a recorded start (data loaded from elsewhere): the day it was created.
            early = started and (bool(start) if start is not None else bool(cycle["created_early"]))
            fed_back, labelled = bool(cycle.get(feedback)), bool(cycle.get(label))
        plan_id, plan_approved, plan_early = plans.get(assessment_id, (None, False, False))
        total, open_count, recent, moved = actions.get(plan_id, (0, 0, 0, 0))
        # In the order of Signs' fields, named in the comments: made 5,000 times, a positional tuple
        # costs half of one with keywords.
        signs = Signs(
            invited > 0,  # invited
            nominated > 0 or pk in administered,  # representative
            bool(started),  # started
            bool(early),  # started_before_report_due
            assessment_id in reports,  # report_accepted
            bool(reports.get(assessment_id)),  # report_accepted_before_plan_due
            plan_approved,  # plan_approved
            plan_early,  # plan_approved_before_actions_stale
            plan_id in moved_plans or moved > 0,  # progress
            total,  # actions
            open_count,  # open_actions
            recent,  # open_actions_updated_since_stale
            diversity.get(assessment_id, 0),  # groups_lacking_diversity
            undecided.get(assessment_id, 0),  # undecided_subcriteria
            pk in trained,  # trained
            fed_back,  # external_feedback
            labelled,  # label
        )
        stage, raised = standing(signs)
        standings.append(Standing(pk, name, org_type, size_band, region, stage, raised))
    return standings


def rows_of(network: Network, standings: Sequence[Standing], *, today: date) -> list[PortfolioRow]:
    """The organisations of `standings` with their facts and dates, in the same order."""
    if not standings:
        return []
    ids = [one.organisation_id for one in standings]
    by_id = {row.organisation_id: row for row in portfolio_of(network, today=today, organisation_ids=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]  # one removed meanwhile is left out


def public_ids(network: Network, organisation_ids: Collection[int]) -> dict[int, UUID]:
    """The public ids of the given organisations of the network, for links."""
    if not organisation_ids:
        return {}
    return dict(Organisation.objects.filter(network=network, pk__in=organisation_ids).values_list("id", "public_id"))


def _alphabetical(regions: Iterable[str]) -> list[str]:
    return sorted(set(regions), key=lambda region: (region.casefold(), region))


def regions_of(network: Network) -> list[str]:
    """The regions the network's organisations are in, in alphabetical order (ignoring case)."""
    return _alphabetical(
        Organisation.objects.filter(network=network).exclude(region="").values_list("region", flat=True).order_by()
    )


def regions_in(rows: Iterable[Placed]) -> list[str]:
    """The regions of the given organisations (every one of a network: its regions, no query)."""
    return _alphabetical(row.region for row in rows if row.region)


def filter_rows[P: Placed](
    rows: Iterable[P],
    *,
    org_type: str = "",
    size_band: str = "",
    region: str = "",
    stage: str = "",
    flag: str = "",
) -> list[P]:
    return [
        row
        for row in rows
        if (not org_type or row.org_type == org_type)
        and (not size_band or row.size_band == size_band)
        and (not region or row.region == region)
        and (not stage or row.stage == stage)
        and (not flag or flag in row.flags)
    ]


def sort_rows[P: Placed](rows: list[P], order: str) -> list[P]:
    """By name (the rows' own order), or by stage then name: "stage" furthest first, "-stage" last."""
    if order == "stage":
        return sorted(rows, key=lambda row: -rank(row.stage))  # stable: names stay in order
    if order == "-stage":
        return sorted(rows, key=lambda row: rank(row.stage))
    return rows


def pipeline(rows: Sequence[Standing]) -> list[PipelineColumn]:
    """A column per stage with its count and its first organisations (in the rows' order)."""
    at_stage: dict[Stage, list[Standing]] = {stage: [] for stage in ORDER}
    for row in rows:
        at_stage[row.stage].append(row)
    unrecorded = stage_facts.unrecorded()
    return [
        PipelineColumn(stage, len(at_stage[stage]), at_stage[stage][:PIPELINE_SHOWN], stage not in unrecorded)
        for stage in ORDER
    ]


# --- one organisation -----------------------------------------------------------------------------


def get_organisation_in_network(network: Network, public_id: object) -> Organisation:
    """An organisation of the network; 404 for any other (the network was checked by the caller)."""
    return get_by_public_id(Organisation.objects.filter(network=network), public_id)


def engagement_log(network: Network, organisation: Organisation) -> QuerySet[EngagementEntry]:
    """The network's contacts with the organisation, newest first."""
    return EngagementEntry.objects.filter(network=network, organisation=organisation).select_related("author")
