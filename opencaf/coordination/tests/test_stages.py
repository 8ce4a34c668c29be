from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from opencaf.coordination.stages import (
    ACTIONS_STALE_DAYS,
    FROM_ABOVE,
    ORDER,
    PLAN_DUE_MONTHS,
    REPORT_DUE_MONTHS,
    Facts,
    Flag,
    Signs,
    Stage,
    add_months,
    cutoffs,
    first_day_not_due,
    flags,
    history,
    lacks_diversity,
    rank,
    signs_of,
    stage_of,
    standing,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
maybe_days = st.none() | days
facts = st.builds(
    Facts,
    invited_on=maybe_days,
    representative_on=maybe_days,
    trained_on=maybe_days,
    started_on=maybe_days,
    report_accepted_on=maybe_days,
    plan_approved_on=maybe_days,
    progress_on=maybe_days,
    actions=st.integers(0, 20),
    open_actions=st.integers(0, 20),
    last_action_update_on=maybe_days,
    groups_lacking_diversity=st.integers(0, 3),
    undecided_subcriteria=st.integers(0, 28),
    feedback_on=maybe_days,
    label_on=maybe_days,
)


@given(facts)
def test_the_stage_is_the_furthest_one_reached(case: Facts) -> None:
    reached = history(case)
    assert [rank(m.stage) for m in reached] == sorted(rank(m.stage) for m in reached)
    assert stage_of(case) == (reached[-1].stage if reached else Stage.NOTHING_YET)
    assert all(rank(stage_of(case)) >= rank(m.stage) for m in reached)


@given(facts)
def test_external_feedback_and_the_label_are_reached_on_their_days(case: Facts) -> None:
    reached = {m.stage: m.on for m in history(case)}
    assert reached.get(Stage.EXTERNAL_FEEDBACK) == case.feedback_on
    assert reached.get(Stage.LABEL) == case.label_on
    if case.label_on is not None:  # the end of the path, whatever else is known
        assert stage_of(case) == Stage.LABEL
    elif case.feedback_on is not None:
        assert stage_of(case) == Stage.EXTERNAL_FEEDBACK


@given(facts)
def test_without_facts_from_above_their_stages_are_never_derived(case: Facts) -> None:
    case = replace(case, feedback_on=None, label_on=None)
    assert stage_of(case) not in FROM_ABOVE
    assert not {m.stage for m in history(case)} & FROM_ABOVE
    assert standing(signs_of(case, date(2026, 1, 1)))[0] not in FROM_ABOVE


def test_the_stages_from_above_are_the_end_of_the_path() -> None:
    assert {Stage.EXTERNAL_FEEDBACK, Stage.LABEL} == FROM_ABOVE
    assert ORDER[-2:] == (Stage.EXTERNAL_FEEDBACK, Stage.LABEL)


@given(facts)
def test_progress_without_an_approved_plan_is_no_stage(case: Facts) -> None:
    if case.plan_approved_on is None:
        assert Stage.PLAN_IN_PROGRESS not in {m.stage for m in history(case)}


@given(facts, days, st.integers(0, 2000))
def test_overdue_flags_stay_raised_as_time_passes(case: Facts, today: date, later: int) -> None:
    overdue = {Flag.NO_REPORT, Flag.NO_PLAN, Flag.STALE_ACTIONS}
    now = set(flags(case, today)) & overdue
    assert now <= set(flags(case, today + timedelta(days=later)))


@given(facts, days)
def test_flags_come_in_their_order_without_repeats(case: Facts, today: date) -> None:
    raised = flags(case, today)
    assert raised == [flag for flag in Flag if flag in raised]


@given(days)
def test_report_is_overdue_only_after_six_months(started: date) -> None:
    case = Facts(started_on=started)
    due = add_months(started, 6)
    assert Flag.NO_REPORT not in flags(case, due)
    assert Flag.NO_REPORT in flags(case, due + timedelta(days=1))
    accepted = Facts(started_on=started, report_accepted_on=started + timedelta(days=400))
    assert Flag.NO_REPORT not in flags(accepted, due + timedelta(days=1000))


@given(days)
def test_plan_is_overdue_three_months_after_the_report(accepted: date) -> None:
    due = add_months(accepted, 3)
    assert Flag.NO_PLAN not in flags(Facts(report_accepted_on=accepted), due)
    assert Flag.NO_PLAN in flags(Facts(report_accepted_on=accepted), due + timedelta(days=1))
    approved = Facts(report_accepted_on=accepted, plan_approved_on=due + timedelta(days=30))
    assert Flag.NO_PLAN not in flags(approved, due + timedelta(days=500))


@given(days, st.integers(0, 400))
def test_actions_are_stale_after_ninety_days_without_an_update(approved: date, quiet: int) -> None:
    updated = approved + timedelta(days=10)
    case = Facts(plan_approved_on=approved, actions=3, open_actions=2, last_action_update_on=updated)
    assert (Flag.STALE_ACTIONS in flags(case, updated + timedelta(days=quiet))) == (quiet > 90)
    finished = Facts(plan_approved_on=approved, actions=3, open_actions=0)
    assert Flag.STALE_ACTIONS not in flags(finished, approved + timedelta(days=quiet + 1000))
    empty = Facts(plan_approved_on=approved)
    assert (Flag.STALE_ACTIONS in flags(empty, approved + timedelta(days=quiet))) == (quiet > 90)


@given(days, st.integers(-30, 60))
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)


def test_add_months_at_the_end_of_a_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


@given(st.integers(1, 30), st.integers(0, 30), st.integers(0, 30))
def test_diversity_rule(members: int, areas: int, front_line: int) -> None:
    areas, front_line = min(areas, members), min(front_line, members)
    expected = front_line == 0 or (members >= 2 and areas <= 1)
    assert lacks_diversity(members, areas, front_line) == expected


def test_order_is_the_issue_s_path() -> None:
    assert [stage.value for stage in ORDER] == [
        "none", "invited", "representative", "trained", "self_assessment", "report", "plan", "in_progress",
        "feedback", "label",
    ]  # fmt: skip


# --- every organisation at once: signs and cut-offs ---------------------------------------------------


@given(days, days, st.integers(1, 12))
def test_the_first_day_not_due_splits_the_days_exactly(day: date, today: date, months: int) -> None:
    assert (today > add_months(day, months)) == (day < first_day_not_due(today, months))


@given(days)
def test_cutoffs_are_the_rules_of_flags(today: date) -> None:
    cut = cutoffs(today)
    assert cut.report_due == first_day_not_due(today, REPORT_DUE_MONTHS)
    assert cut.plan_due == first_day_not_due(today, PLAN_DUE_MONTHS)
    assert today - cut.actions_stale == timedelta(days=ACTIONS_STALE_DAYS)


def test_cutoffs_at_the_end_of_a_month() -> None:
    # 31 August + 6 months is 28 February: on 1 March every day of late August is overdue...
    assert first_day_not_due(date(2027, 3, 1), 6) == date(2026, 9, 1)
    # ...and on 28 February none of them is yet.
    assert first_day_not_due(date(2027, 2, 28), 6) == date(2026, 8, 28)
    assert first_day_not_due(date(2027, 2, 27), 6) == date(2026, 8, 27)


@given(facts, days)
def test_signs_give_the_stage_and_flags_the_dates_give(case: Facts, today: date) -> None:
    stage, raised = standing(signs_of(case, today))
    assert stage == stage_of(case)
    assert list(raised) == flags(case, today)


def test_signs_without_any_fact_give_nothing_yet() -> None:
    assert standing(Signs()) == (Stage.NOTHING_YET, ())
    assert standing(Signs(progress=True)) == (Stage.NOTHING_YET, ())  # progress counts on an approved plan only
    assert standing(Signs(representative=True, invited=True))[0] == Stage.REPRESENTATIVE_NAMED
    assert standing(Signs(plan_approved=True, external_feedback=True))[0] == Stage.EXTERNAL_FEEDBACK
    assert standing(Signs(started=True, external_feedback=True, label=True))[0] == Stage.LABEL
    assert standing(Signs(label=True)) == (Stage.LABEL, ())


@given(facts, days)
def test_facts_from_above_raise_no_flag_and_lower_none(case: Facts, today: date) -> None:
    """External feedback and a label change the stage only: the flags stay those of the cycle."""
    bare = replace(case, feedback_on=None, label_on=None)
    assert flags(case, today) == flags(bare, today)
    assert rank(stage_of(case)) >= rank(stage_of(bare))
