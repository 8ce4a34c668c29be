"""Setting a quarter's planned and actual money and time: who may, what is refused, what is audited,
and what the database itself refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.models import Action, ImprovementPlan
from opencaf.improvement.tests.factories import make_plan
from opencaf.indicators import process_services
from opencaf.indicators.models import Process
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.resources.models import ResourceLine
from opencaf.resources.tests.factories import make_action, make_process, set_quarter

D = Decimal


@pytest.fixture
def plan(world: World, caf_framework: FrameworkVersion) -> ImprovementPlan:
    return make_plan(world.alice_org, world.alice, caf_framework)


@pytest.fixture
def action(plan: ImprovementPlan) -> Action:
    return make_action(plan, "Accessible website", "4.5")


@pytest.fixture
def process(world: World) -> Process:
    return make_process(world.alice_org, world.alice)


def _member(world: World, *roles: str) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, *roles)
    return user


def test_a_quarter_is_set_audited_and_read_back(world: World, action: Action) -> None:
    line = set_quarter(world.alice, action, "Q1 2026", planned_eur="1500", actual_eur="1620.50", planned_days="3")
    assert line is not None and line.quarter == "2026-Q1" and line.organisation == world.alice_org
    assert (line.planned_eur, line.actual_eur, line.planned_days, line.actual_days) == (
        D(1500),
        D("1620.5"),
        D(3),
        None,
    )
    assert line.updated_by == world.alice
    event = AuditEvent.objects.get(action="resources.figures_set")
    assert event.organisation == world.alice_org and event.object_id == str(action.public_id)
    assert event.changes == {
        "quarter": "2026-Q1",
        "planned_eur": {"before": "", "after": "1500"},
        "actual_eur": {"before": "", "after": "1620.5"},
        "planned_days": {"before": "", "after": "3"},
    }
    assert "Actual (EUR)" in describe_changes(event.action, event.changes)


def test_a_change_audits_only_what_changed_and_no_change_is_not_audited(world: World, action: Action) -> None:
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1500")
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1500", actual_eur="900")
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1500.00", actual_eur="900")  # the same numbers
    events = AuditEvent.objects.filter(action="resources.figures_set").order_by("id")
    assert events.count() == 2
    assert events.last().changes == {"quarter": "2026-Q1", "actual_eur": {"before": "", "after": "900"}}  # type: ignore[union-attr]
    assert ResourceLine.objects.count() == 1


def test_emptying_all_four_figures_removes_the_quarter(world: World, action: Action) -> None:
    set_quarter(world.alice, action, "2026-Q1", planned_eur="1500")
    assert set_quarter(world.alice, action, "2026-Q1") is None
    assert not ResourceLine.objects.exists()
    assert AuditEvent.objects.filter(action="resources.figures_set").count() == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"actual_eur": "-1"}, "actual_eur", "cannot be negative"),
        ({"planned_days": "1.125"}, "planned_days", "two decimal places"),
        ({"planned_eur": "1000000000000"}, "planned_eur", "too large"),
        ({"actual_days": "10000000"}, "actual_days", "too large"),
        ({"actual_eur": "NaN"}, "actual_eur", "Enter a number"),
        ({"actual_eur": "1E+40"}, "actual_eur", "too large"),
    ],
)
def test_bad_figures_are_refused_by_field(
    world: World, action: Action, values: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        set_quarter(world.alice, action, "2026-Q1", **values)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ResourceLine.objects.exists() and not AuditEvent.objects.filter(action="resources.figures_set").exists()


@pytest.mark.parametrize("quarter", ["2026-Q5", "2026-03", "first quarter", ""])
def test_a_quarter_in_another_form_is_refused(world: World, action: Action, quarter: str) -> None:
    with pytest.raises(ValidationError, match="write it as 2026-Q1"):
        set_quarter(world.alice, action, quarter, actual_eur="1")


def test_the_plans_managers_keep_an_actions_figures(world: World, action: Action) -> None:
    leader = _member(world, Role.CAF_LEADER)
    set_quarter(leader, action, "2026-Q1", actual_eur="1")
    for roles in ((Role.MANAGER,), (Role.VIEWER,), (Role.ACTION_OWNER,)):
        with pytest.raises(PermissionDenied):
            set_quarter(_member(world, *roles), action, "2026-Q1", actual_eur="2")
    with pytest.raises(PermissionDenied):
        set_quarter(world.bob, action, "2026-Q1", actual_eur="2")  # another organisation's administrator
    assert ResourceLine.objects.get().actual_eur == D(1)


def test_the_indicator_managers_keep_a_process_and_not_when_archived(world: World, process: Process) -> None:
    manager = _member(world, Role.MANAGER)
    set_quarter(manager, process, "2026-Q2", planned_days="20", actual_days="22")
    for user in (_member(world, Role.VIEWER), _member(world, Role.ASSESSOR), world.bob):
        with pytest.raises(PermissionDenied):
            set_quarter(user, process, "2026-Q2", actual_days="30")
    with transaction.atomic():
        process_services.archive_process(actor=world.alice, process=process)
    with pytest.raises(PermissionDenied):
        set_quarter(world.alice, process, "2026-Q2", actual_days="30")
    assert ResourceLine.objects.get().actual_days == D(22)


def test_the_database_keeps_one_line_per_quarter_of_exactly_one_action_or_process(
    world: World, action: Action, process: Process
) -> None:
    set_quarter(world.alice, action, "2026-Q1", actual_eur="1")
    set_quarter(world.alice, process, "2026-Q1", actual_eur="1")  # the same quarter of another target is fine
    bad_lines: list[dict[str, Any]] = [
        {"action": action, "quarter": "2026-Q1"},  # a second line for the same quarter
        {"process": process, "quarter": "2026-Q1"},
        {"quarter": "2026-Q2"},  # of neither
        {"action": action, "process": process, "quarter": "2026-Q2"},  # of both
        {"action": action, "quarter": "2026-1"},  # not a quarter's key
        {"action": action, "quarter": "2026-Q3", "actual_days": D(-1)},
    ]
    for fields in bad_lines:
        with pytest.raises(IntegrityError), transaction.atomic():
            ResourceLine.objects.create(organisation=world.alice_org, **fields)
    assert ResourceLine.objects.count() == 2
