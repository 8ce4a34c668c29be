"""Where an organisation stands on its way through CAF, and what the quality unit should look at.

The stage is derived, never entered: from dated facts of what happened on the platform (an
invitation sent, a representative named, a self-assessment started, …) this module works out the
stages reached with their dates, the furthest one, and the flags raised on a given day. Free of
Django, so the rules can be checked with property tests.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple


class Stage(StrEnum):
    """The stages in their order. NOTHING_YET: nothing of the path has happened on the platform."""

    NOTHING_YET = "none"
    INVITED = "invited"
    REPRESENTATIVE_NAMED = "representative"
    TRAINED = "trained"
    SELF_ASSESSMENT = "self_assessment"
    REPORT_ACCEPTED = "report"
    PLAN_APPROVED = "plan"
    PLAN_IN_PROGRESS = "in_progress"
    EXTERNAL_FEEDBACK = "feedback"
    LABEL = "label"


ORDER: tuple[Stage, ...] = tuple(Stage)
# Stages whose facts an app above coordination records (an application for external feedback submitted,
# a label awarded: the feedback app), handed to the portfolio through `coordination.stage_facts`. While
# no app provides one of them, no organisation is put at it.
FROM_ABOVE = frozenset({Stage.EXTERNAL_FEEDBACK, Stage.LABEL})


class Flag(StrEnum):
    NO_REPORT = "no_report"  # no report accepted 6 months after the self-assessment started
    NO_PLAN = "no_plan"  # no plan approved 3 months after the report was accepted
    STALE_ACTIONS = "stale_actions"  # no action of the approved plan updated for 90 days
    GROUP_DIVERSITY = "diversity"  # a self-assessment group lacks diversity
    CONSENSUS_MISSING = "consensus"  # in or past consensus, with subcriteria not decided


REPORT_DUE_MONTHS = 6
PLAN_DUE_MONTHS = 3
ACTIONS_STALE_DAYS = 90


@dataclass(frozen=True)
class Facts:
    """What the platform knows of one organisation's current cycle, each with the day it happened."""

    invited_on: date | None = None
    representative_on: date | None = None
    trained_on: date | None = None  # someone of the organisation first attended a training of the network
    started_on: date | None = None  # the current self-assessment left "planned"
    report_accepted_on: date | None = None
    plan_approved_on: date | None = None
    progress_on: date | None = None  # the first action of the approved plan moved on
    actions: int = 0  # actions of the approved plan
    open_actions: int = 0  # of which not done
    last_action_update_on: date | None = None  # the latest update of an open action
    groups_lacking_diversity: int = 0
    undecided_subcriteria: int = 0  # counted only once consensus has opened
    # From apps above coordination (FROM_ABOVE): the current self-assessment's application for external
    # feedback was submitted (and is neither withdrawn nor back with the organisation) …
    feedback_on: date | None = None
    label_on: date | None = None  # … and a label awarded on it, valid on the day the facts were read


@dataclass(frozen=True)
class Milestone:
    stage: Stage
    on: date


def history(facts: Facts) -> list[Milestone]:
    """The stages reached, in the order of the path, each with its date."""
    dates = {
        Stage.INVITED: facts.invited_on,
        Stage.REPRESENTATIVE_NAMED: facts.representative_on,
        Stage.TRAINED: facts.trained_on,
        Stage.SELF_ASSESSMENT: facts.started_on,
        Stage.REPORT_ACCEPTED: facts.report_accepted_on,
        Stage.PLAN_APPROVED: facts.plan_approved_on,
        # Progress only counts on an approved plan; a draft's actions are still being planned.
        Stage.PLAN_IN_PROGRESS: facts.progress_on if facts.plan_approved_on else None,
        Stage.EXTERNAL_FEEDBACK: facts.feedback_on,
        Stage.LABEL: facts.label_on,
    }
    return [Milestone(stage, on) for stage in ORDER if (on := dates.get(stage)) is not None]


def stage_of(facts: Facts) -> Stage:
    """The furthest stage reached. Stages may be reached out of order (a representative named before
    any invitation, a plan approved before the report was accepted): the furthest one counts."""
    reached = history(facts)
    return reached[-1].stage if reached else Stage.NOTHING_YET


def rank(stage: Stage) -> int:
    return ORDER.index(stage)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def flags(facts: Facts, today: date) -> list[Flag]:
    """The flags raised on `today`, in the order of Flag."""
    raised = set()
    if facts.started_on and not facts.report_accepted_on and today > add_months(facts.started_on, REPORT_DUE_MONTHS):
        raised.add(Flag.NO_REPORT)
    if (
        facts.report_accepted_on
        and not facts.plan_approved_on
        and today > add_months(facts.report_accepted_on, PLAN_DUE_MONTHS)
    ):
        raised.add(Flag.NO_PLAN)
    if facts.plan_approved_on and (facts.open_actions or not facts.actions):
        # A plan with no action at all counts from its approval; one whose actions are all done is finished.
        since = max(facts.plan_approved_on, facts.last_action_update_on or facts.plan_approved_on)
        if today - since > timedelta(days=ACTIONS_STALE_DAYS):
            raised.add(Flag.STALE_ACTIONS)
    if facts.groups_lacking_diversity:
        raised.add(Flag.GROUP_DIVERSITY)
    if facts.undecided_subcriteria:
        raised.add(Flag.CONSENSUS_MISSING)
    return [flag for flag in Flag if flag in raised]


# --- every organisation at once ---------------------------------------------------------------------
#
# A network's portfolio counts and filters thousands of organisations by stage and flag but shows the
# dates of a page of them. The stage depends only on which facts are known, and each overdue flag on
# whether a date falls before a cut-off day worked out once for `today`; so the portfolio asks the
# database for these yes/no answers (comparing moments there) and reads dates only for the rows it
# shows. `standing(signs_of(facts, today)) == (stage_of(facts), flags(facts, today))` always (tested).


def first_day_not_due(today: date, months: int) -> date:
    """The earliest day that is not overdue `months` later on `today`: something from an earlier day
    is (`today > add_months(day, months)` exactly for the days before it)."""
    # add_months never moves a day back, and four days before add_months(today, -months) it lands
    # before today: the answer is at most a few days after that.
    day = add_months(today, -months) - timedelta(days=3)
    while add_months(day, months) < today:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Cutoffs:
    """On a given day, the first day of each overdue rule that is not overdue yet."""

    report_due: date  # a self-assessment started before this day with no report accepted: NO_REPORT
    plan_due: date  # a report accepted before this day with no plan approved: NO_PLAN
    actions_stale: date  # an approved plan's open actions last moved before this day: STALE_ACTIONS


def cutoffs(today: date) -> Cutoffs:
    return Cutoffs(
        report_due=first_day_not_due(today, REPORT_DUE_MONTHS),
        plan_due=first_day_not_due(today, PLAN_DUE_MONTHS),
        actions_stale=today - timedelta(days=ACTIONS_STALE_DAYS),
    )


class Signs(NamedTuple):
    """What decides an organisation's stage and flags on a day, without the dates: which facts are
    known, and which dates fall before their cut-off (`cutoffs`). A tuple: made for thousands of
    organisations a request, and few distinct ones among them (`standing` keeps their answers)."""

    invited: bool = False
    representative: bool = False
    started: bool = False
    started_before_report_due: bool = False
    report_accepted: bool = False
    report_accepted_before_plan_due: bool = False
    plan_approved: bool = False
    plan_approved_before_actions_stale: bool = False
    progress: bool = False  # an action moved on (counts only on an approved plan)
    actions: int = 0
    open_actions: int = 0
    open_actions_updated_since_stale: int = 0  # open actions last updated on or after actions_stale
    groups_lacking_diversity: int = 0
    undecided_subcriteria: int = 0
    trained: bool = False
    external_feedback: bool = False  # feedback_on and label_on are known (from an app above coordination)
    label: bool = False


def signs_of(facts: Facts, today: date) -> Signs:
    """The signs of what is known with its dates (the rule the database's answers must follow)."""
    cut = cutoffs(today)

    def before(day: date | None, limit: date) -> bool:
        return day is not None and day < limit

    last_update = facts.last_action_update_on
    return Signs(
        invited=facts.invited_on is not None,
        representative=facts.representative_on is not None,
        started=facts.started_on is not None,
        started_before_report_due=before(facts.started_on, cut.report_due),
        report_accepted=facts.report_accepted_on is not None,
        report_accepted_before_plan_due=before(facts.report_accepted_on, cut.plan_due),
        plan_approved=facts.plan_approved_on is not None,
        plan_approved_before_actions_stale=before(facts.plan_approved_on, cut.actions_stale),
        progress=facts.progress_on is not None,
        actions=facts.actions,
        open_actions=facts.open_actions,
        open_actions_updated_since_stale=int(last_update is not None and last_update >= cut.actions_stale),
        groups_lacking_diversity=facts.groups_lacking_diversity,
        undecided_subcriteria=facts.undecided_subcriteria,
        trained=facts.trained_on is not None,
        external_feedback=facts.feedback_on is not None,
        label=facts.label_on is not None,
    )


@functools.lru_cache(maxsize=4096)
def standing(signs: Signs) -> tuple[Stage, tuple[Flag, ...]]:
    """The stage and the flags (in the order of Flag) that the signs give: the same as `stage_of`
    and `flags` give for the facts with their dates."""
    known = {
        Stage.INVITED: signs.invited,
        Stage.REPRESENTATIVE_NAMED: signs.representative,
        Stage.TRAINED: signs.trained,
        Stage.SELF_ASSESSMENT: signs.started,
        Stage.REPORT_ACCEPTED: signs.report_accepted,
        Stage.PLAN_APPROVED: signs.plan_approved,
        Stage.PLAN_IN_PROGRESS: signs.progress and signs.plan_approved,
        Stage.EXTERNAL_FEEDBACK: signs.external_feedback,
        Stage.LABEL: signs.label,
    }
    stage = next((stage for stage in reversed(ORDER) if known.get(stage)), Stage.NOTHING_YET)
    raised = []
    if signs.started_before_report_due and not signs.report_accepted:
        raised.append(Flag.NO_REPORT)
    if signs.report_accepted_before_plan_due and not signs.plan_approved:
        raised.append(Flag.NO_PLAN)
    if (
        signs.plan_approved_before_actions_stale
        and (signs.open_actions or not signs.actions)
        and not signs.open_actions_updated_since_stale
    ):
        raised.append(Flag.STALE_ACTIONS)
    if signs.groups_lacking_diversity:
        raised.append(Flag.GROUP_DIVERSITY)
    if signs.undecided_subcriteria:
        raised.append(Flag.CONSENSUS_MISSING)
    return stage, tuple(raised)


def lacks_diversity(members: int, functional_areas: int, front_line: int) -> bool:
    """A self-assessment group drawn from one functional area, or with nobody from the front line
    (the same rule as the warnings on the self-assessment's own page)."""
    return (members >= 2 and functional_areas <= 1) or (members >= 1 and front_line == 0)
