"""Reads of the money and time planned and spent, scoped to what the person may see, in a fixed
number of queries whatever the number of actions, processes and quarters.

Figures are read as plain values and added up by `rules`; a `Summary` carries both measures (EUR
and person-days) of a quarter, an action or process, a criterion or a whole plan, with their flags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from opencaf.frameworks.models import Criterion, FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.indicators.models import Process
from opencaf.indicators.rules import Period, periods_between
from opencaf.organisations.models import Organisation
from opencaf.resources.models import FIGURES, ResourceLine
from opencaf.resources.permissions import visible_plans
from opencaf.resources.rules import Flag, Total, flag, has_ended, line, parse_quarter, quarter_of

PROCESS_CRITERION = 5  # CAF criterion 5, Processes: where the money and time of processes count
SPAN_LIMIT = 16  # quarters offered for an action's span of dates; more is a typo in a date
RECENT_QUARTERS = 4  # offered for a process, before the current one

Values = tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]  # in the order of FIGURES
Quarter = tuple[str, "Summary"]  # a quarter's key and its figures


@dataclass(frozen=True)
class Summary:
    """Planned and actual money and time over some quarters, and whether every one of them is over
    (only then can a shortfall be called under-spent)."""

    eur: Total = field(default_factory=Total)
    days: Total = field(default_factory=Total)
    ended: bool = True

    @classmethod
    def of(cls, values: Values, quarter: str, today: date) -> Summary:
        planned_eur, actual_eur, planned_days, actual_days = values
        period = parse_quarter(quarter)
        return cls(
            line(planned_eur, actual_eur), line(planned_days, actual_days), bool(period and has_ended(period, today))
        )

    def __add__(self, other: Summary) -> Summary:
        return Summary(self.eur + other.eur, self.days + other.days, self.ended and other.ended)

    @property
    def empty(self) -> bool:
        return self.eur.lines == 0

    @property
    def eur_flag(self) -> Flag | None:
        return flag(self.eur, ended=self.ended) if not self.empty else None

    @property
    def days_flag(self) -> Flag | None:
        return flag(self.days, ended=self.ended) if not self.empty else None

    @property
    def flags(self) -> list[tuple[str, str]]:
        """(flag, text) for each measure's flag, in the reader's language: never colour alone."""
        texts = {
            ("eur", Flag.OVER_PLAN): _("Money over plan"),
            ("eur", Flag.UNDER_SPENT): _("Money under-spent"),
            ("eur", Flag.NO_PLAN): _("Money spent without a plan"),
            ("days", Flag.OVER_PLAN): _("Person-days over plan"),
            ("days", Flag.UNDER_SPENT): _("Person-days under plan"),
            ("days", Flag.NO_PLAN): _("Person-days spent without a plan"),
        }
        found = (("eur", self.eur_flag), ("days", self.days_flag))
        return [(str(value), texts[measure, value]) for measure, value in found if value is not None]


def total_of(summaries: Iterable[Summary]) -> Summary:
    result = Summary()
    for summary in summaries:
        result += summary
    return result


@dataclass(frozen=True)
class Row:
    """One row of a table: what it is about, its link, and its figures."""

    label: str
    summary: Summary
    url_args: tuple[Any, ...] = ()  # for the page of an action or process
    kind: str = ""  # "action" or "process"; a quarter or criterion has none
    quarter: str = ""
    note: str = ""
    flagged: tuple[Row, ...] = ()  # an action's or process's quarters that have a flag


def _flagged(quarters: Iterable[Quarter]) -> tuple[Row, ...]:
    ordered = sorted(quarters, key=lambda item: item[0])
    return tuple(Row(quarter, summary, quarter=quarter) for quarter, summary in ordered if summary.flags)


def _values(row: Sequence[Any]) -> Values:
    return (row[0], row[1], row[2], row[3])


def _by_quarter(lines: Iterable[Quarter]) -> list[Row]:
    quarters: dict[str, Summary] = defaultdict(Summary)
    for quarter, summary in lines:
        quarters[quarter] += summary
    return [Row(quarter, summary, quarter=quarter) for quarter, summary in sorted(quarters.items())]


# --- an action's or a process's quarters ----------------------------------------------------------


def _span(first: date | None, last: date | None) -> list[Period]:
    if first is None or last is None or last < first:
        return []
    return periods_between(quarter_of(first), quarter_of(last))[:SPAN_LIMIT]


def offered_quarters(target: Action | Process, today: date) -> list[Period]:
    """The quarters a page offers to fill in before any is: an action's from its start to its due
    date, a process's last few and the current one."""
    if isinstance(target, Action):
        return _span(target.start_date, target.due_date)
    offered = [quarter_of(today)]
    for _step in range(RECENT_QUARTERS):
        offered.insert(0, offered[0].previous())
    return offered


@dataclass(frozen=True)
class Quarters:
    rows: list[Row]  # every quarter entered or offered, oldest first
    lines: dict[str, ResourceLine]  # the kept line of a quarter, by its key
    total: Summary


def quarters_of(target: Action | Process, today: date) -> Quarters:
    """The quarters of an action or process with their figures and flags (one query)."""
    kept = ResourceLine.objects.filter(**{"action" if isinstance(target, Action) else "process": target})
    lines = {line.quarter: line for line in kept}
    summaries = {
        quarter: Summary.of(_values([getattr(line, name) for name in FIGURES]), quarter, today)
        for quarter, line in lines.items()
    }
    keys = sorted({*lines, *(period.key for period in offered_quarters(target, today))})
    rows = [Row(key, summaries.get(key, Summary(ended=False)), quarter=key) for key in keys]
    return Quarters(rows, lines, total_of(summaries.values()))


# --- the organisation's overview --------------------------------------------------------------------


def lines_seen(user: Any, organisation: Organisation) -> QuerySet[ResourceLine]:
    """The organisation's lines the person may see: every process's, and the actions' of the plans
    they may read."""
    plans = ImprovementPlan.objects.filter(visible_plans(user, organisation)).values("pk")
    return ResourceLine.objects.filter(Q(process__isnull=False) | Q(action__plan__in=plans), organisation=organisation)


def _criteria() -> dict[int, Criterion]:
    """The criteria by number, titles in the reader's language (the latest CAF version's)."""
    framework = FrameworkVersion.objects.order_by("-version").first()
    if framework is None:
        return {}
    return {sub.criterion.number: sub.criterion for sub in structure_of(framework).subcriteria}


@dataclass(frozen=True)
class Overview:
    by_quarter: list[Row]
    by_criterion: list[Row]
    targets: list[Row]  # every action and process with figures, with its totals
    total: Summary


def _grouped[K](rows: Iterable[tuple[K, str, Values]], today: date) -> tuple[dict[K, list[Quarter]], list[Quarter]]:
    """Each line's summary, by its action or process (`K`) and all together."""
    by_target: dict[K, list[Quarter]] = defaultdict(list)
    every: list[Quarter] = []
    for key, quarter, values in rows:
        summary = Summary.of(values, quarter, today)
        by_target[key].append((quarter, summary))
        every.append((quarter, summary))
    return by_target, every


def _criterion_label(number: int | None, criteria: dict[int, Criterion]) -> str:
    if number is None:
        return _("Not linked to a CAF criterion")
    if number in criteria:
        return f"{number}. {criteria[number].title}"
    return _("Criterion %(number)s") % {"number": number}


def overview(user: Any, organisation: Organisation, today: date) -> Overview:
    """Roll-ups by quarter, by CAF criterion and by action or process (five queries, and the
    framework's structure once per process). An action counts under each criterion its subcriteria
    belong to; a process under criterion 5."""
    rows = lines_seen(user, organisation).values_list("action_id", "process_id", "quarter", *FIGURES)
    keyed = (
        (("action", action) if action else ("process", process), quarter, _values(values))
        for action, process, quarter, *values in rows
    )
    by_target, every = _grouped(keyed, today)
    action_ids = [pk for kind, pk in by_target if kind == "action"]
    numbers: dict[int, set[int]] = defaultdict(set)
    through = Action.subcriteria.through.objects.filter(action_id__in=action_ids)
    for action_id, number in through.values_list("action_id", "subcriterion__criterion__number"):
        numbers[action_id].add(number)
    actions = {
        pk: rest for pk, *rest in Action.objects.filter(pk__in=action_ids).values_list("pk", "public_id", "title")
    }
    process_ids = [pk for kind, pk in by_target if kind == "process"]
    processes = {
        pk: rest
        for pk, *rest in Process.objects.filter(pk__in=process_ids).values_list("pk", "public_id", "name", "archived")
    }
    by_number: dict[int | None, Summary] = defaultdict(Summary)
    targets = []
    for (kind, pk), quarters in by_target.items():
        summary, flagged = total_of(part for _q, part in quarters), _flagged(quarters)
        if kind == "action":
            under: set[int | None] = set(numbers.get(pk, ())) or {None}  # no subcriteria: a group of its own
            for criterion in under:
                by_number[criterion] += summary
            public_id, title = actions[pk]
            targets.append(Row(str(title), summary, (public_id,), "action", flagged=flagged))
        else:
            by_number[PROCESS_CRITERION] += summary
            public_id, name, archived = processes[pk]
            note = _("archived") if archived else ""
            targets.append(Row(str(name), summary, (public_id,), "process", note=note, flagged=flagged))
    criteria = _criteria()
    by_criterion = [
        Row(_criterion_label(number, criteria), summary)
        for number, summary in sorted(by_number.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]
    targets.sort(key=lambda row: (row.kind != "action", row.label.casefold()))
    return Overview(_by_quarter(every), by_criterion, targets, total_of(summary for _q, summary in every))


# --- a plan's dashboard and an action's page -------------------------------------------------------


@dataclass(frozen=True)
class PlanResources:
    budget_eur: Decimal | None  # the actions' planned totals (Action.budget_eur), where known
    budget_days: Decimal | None
    by_quarter: list[Row]
    flagged: list[Row]  # the actions with a flag, over all their quarters or in one of them
    total: Summary

    @property
    def spent_share_eur(self) -> Decimal | None:
        return _share(self.total.eur.actual, self.budget_eur)

    @property
    def spent_share_days(self) -> Decimal | None:
        return _share(self.total.days.actual, self.budget_days)


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    return part * 100 / whole if part is not None and whole else None


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


def plan_resources(plan: ImprovementPlan, today: date) -> PlanResources:
    """Money and time spent against plan over a plan's actions (two queries)."""
    actions = {row["pk"]: row for row in plan.actions.values("pk", "public_id", "title", "budget_eur", "person_days")}
    rows = ResourceLine.objects.filter(action__plan=plan).values_list("action_id", "quarter", *FIGURES)
    by_action, every = _grouped(((action, quarter, _values(values)) for action, quarter, *values in rows), today)
    flagged = []
    for pk, quarters in by_action.items():
        summary, parts = total_of(part for _q, part in quarters), _flagged(quarters)
        if summary.flags or parts:
            flagged.append(Row(actions[pk]["title"], summary, (actions[pk]["public_id"],), "action", flagged=parts))
    return PlanResources(
        budget_eur=_sum(row["budget_eur"] for row in actions.values()),
        budget_days=_sum(row["person_days"] for row in actions.values()),
        by_quarter=_by_quarter(every),
        flagged=sorted(flagged, key=lambda row: row.label.casefold()),
        total=total_of(summary for _q, summary in every),
    )


def action_total(action: Action, today: date) -> Summary:
    """An action's figures over all its quarters (one query)."""
    rows = ResourceLine.objects.filter(action=action).values_list("quarter", *FIGURES)
    return total_of(Summary.of(_values(values), quarter, today) for quarter, *values in rows)
