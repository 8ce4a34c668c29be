"""Where an organisation stands on its way through CAF, and what the quality unit should look at.

The stage is derived, never entered: from dated facts of what happened on the platform (an
invitation sent, a representative named, a self-assessment started, …) this module works out the
stages reached with their dates, the furthest one, and the flags raised on a given day. Free of
Django, so the rules can be checked with property tests.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


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
# Stages the platform records nothing for yet (trainings, external feedback and the label come with
# later work): they keep their place in the order, but no organisation is ever put at them.
NOT_RECORDED = frozenset({Stage.TRAINED, Stage.EXTERNAL_FEEDBACK, Stage.LABEL})


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
    started_on: date | None = None  # the current self-assessment left "planned"
    report_accepted_on: date | None = None
    plan_approved_on: date | None = None
    progress_on: date | None = None  # the first action of the approved plan moved on
    actions: int = 0  # actions of the approved plan
    open_actions: int = 0  # of which not done
    last_action_update_on: date | None = None  # the latest update of an open action
    groups_lacking_diversity: int = 0
    undecided_subcriteria: int = 0  # counted only once consensus has opened


@dataclass(frozen=True)
class Milestone:
    stage: Stage
    on: date


def history(facts: Facts) -> list[Milestone]:
    """The stages reached, in the order of the path, each with its date."""
    dates = {
        Stage.INVITED: facts.invited_on,
        Stage.REPRESENTATIVE_NAMED: facts.representative_on,
        Stage.SELF_ASSESSMENT: facts.started_on,
        Stage.REPORT_ACCEPTED: facts.report_accepted_on,
        Stage.PLAN_APPROVED: facts.plan_approved_on,
        # Progress only counts on an approved plan; a draft's actions are still being planned.
        Stage.PLAN_IN_PROGRESS: facts.progress_on if facts.plan_approved_on else None,
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


def lacks_diversity(members: int, functional_areas: int, front_line: int) -> bool:
    """A self-assessment group drawn from one functional area, or with nobody from the front line
    (the same rule as the warnings on the self-assessment's own page)."""
    return (members >= 2 and functional_areas <= 1) or (members >= 1 and front_line == 0)
