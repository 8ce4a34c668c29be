"""The indicator dashboards (the organisation's list, by CAF criterion, a process's): how a group
stands, how indicators fall under the criteria, and that 200 indicators × 36 months of values and
targets render in a bounded number of queries, for members only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import World, client_for
from opencaf.indicators import process_services, selectors, services
from opencaf.indicators.models import Indicator, Measurement, Process, Target
from opencaf.indicators.process_services import ProcessInput
from opencaf.indicators.rules import Frequency, Period, Status, parse_period, period_of, periods_between, recent_periods
from opencaf.indicators.rules import Target as Aim
from opencaf.indicators.selectors import IndicatorLine, PeriodRow, Standing
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member

TODAY = date(2026, 12, 6)  # November 2026 is the last completed month, due on 15 December
MONTHS = recent_periods(Frequency.MONTHLY, TODAY, 36)  # 2023-12 .. 2026-11

# The board built below, by construction: indicators 0-149 higher-is-better percentages (their
# latest value on track, at risk and off track in turn), then 20 within a band (on track), 20
# lower-is-better (off track) and 10 without any value or target yet (unjudged, and overdue).
BAND, LOWER, EMPTY = range(150, 170), range(170, 190), range(190, 200)
LATEST = (Decimal(85), Decimal(78), Decimal(60))  # against 80 with 5 % tolerance: on, at risk, off
WHOLE_BOARD = Standing(on_track=70, at_risk=50, off_track=70, unjudged=10, overdue=10)
# The process measured by every indicator with an even number.
PROCESS_BOARD = Standing(on_track=35, at_risk=25, off_track=35, unjudged=5, overdue=5)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to("2026-12-06 09:00")


def _line(*subcriteria: str, status: Status | None = None, overdue: bool = False) -> IndicatorLine:
    indicator = Indicator(name={"en": "/".join(subcriteria) or "none"}, subcriteria=list(subcriteria))
    period = Period(Frequency.MONTHLY, 2026, 10)
    latest = PeriodRow(period, Decimal(1), None, status) if status is not None else None
    return IndicatorLine(indicator, latest, None, period if overdue else None)


# --- standing and grouping ---------------------------------------------------------------------------


def test_standing_counts_latest_statuses_and_overdue_values() -> None:
    unjudged_with_a_value = IndicatorLine(
        Indicator(), PeriodRow(Period(Frequency.MONTHLY, 2026, 9), Decimal(3), None, None), None, None
    )
    group = [
        _line(status=Status.ON_TRACK),
        _line(status=Status.ON_TRACK, overdue=True),
        _line(status=Status.AT_RISK),
        _line(status=Status.OFF_TRACK, overdue=True),
        _line(overdue=True),  # no value at all
        unjudged_with_a_value,  # a value, but no target to judge it by
    ]
    assert selectors.standing(group) == Standing(on_track=2, at_risk=1, off_track=1, unjudged=2, overdue=3)
    assert selectors.standing([]) == Standing(0, 0, 0, 0, 0)


def test_criteria_come_in_order_with_the_unlinked_last() -> None:
    lines = [_line(), *(_line(f"{number}.1") for number in (9, 3, 7, 1, 5, 2, 8, 4, 6))]
    grouped = selectors.by_criterion(lines)
    assert list(grouped) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", ""]
    assert grouped[""] == [lines[0]] and grouped["1"] == [lines[4]]


def test_an_indicator_appears_once_per_criterion_it_evidences() -> None:
    twice_under_six, six_and_nine, nine = _line("6.2", "6.1"), _line("6.2", "9.1"), _line("9.2")
    grouped = selectors.by_criterion([twice_under_six, six_and_nine, nine])
    assert grouped == {"6": [twice_under_six, six_and_nine], "9": [six_and_nine, nine]}
    assert selectors.by_criterion([]) == {}


# --- a line reads only the rows it needs, with the same result as the whole history ----------------


def _whole_history(indicator: Indicator, values: dict[str, Any], targets: dict[str, Aim], today: date) -> Any:
    """The latest value and trend from every period shown, as the list worked them out at first."""
    frequency = Frequency(indicator.frequency)
    known = sorted(period for period in (parse_period(frequency, key) for key in [*values, *targets]) if period)
    recent = recent_periods(frequency, today, 3)
    periods = periods_between(known[0] if known else recent[0], max([*known[-1:], *recent[-1:]]))
    assert selectors._periods(indicator, [*values, *targets], today, 3) == periods
    rows = [row for row in selectors._series(indicator, values, targets, periods) if row.period.end < today]
    latest = next((row for row in reversed(rows) if row.value is not None), None)
    return latest, selectors.trend_of_series(indicator, rows)


@given(
    frequency=st.sampled_from(list(Frequency)),
    direction=st.sampled_from(["higher_better", "lower_better", "within_band"]),
    today=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
    kept=st.lists(st.tuples(st.integers(-30, 4), st.booleans(), st.booleans(), st.integers(0, 20)), max_size=20),
    recent=st.lists(st.integers(0, 20), max_size=6),
    noise=st.sampled_from([[], ["garbage"], ["2026-Q9", "1800"]]),
)
def test_a_line_reads_as_the_whole_history_would(
    frequency: Frequency,
    direction: str,
    today: date,
    kept: list[tuple[int, bool, bool, int]],
    recent: list[int],
    noise: list[str],
) -> None:
    indicator = Indicator(frequency=frequency, direction=direction, tolerance=Decimal(5))
    current = period_of(frequency, today)
    values: dict[str, tuple[Decimal, str, str]] = {}
    targets: dict[str, Aim] = {}
    for offset, has_value, has_target, number in kept:  # periods around today, future ones included
        period = current
        for _step in range(abs(offset)):
            period = period.next() if offset > 0 else period.previous()
        if has_value:
            values[period.key] = (Decimal(number), "", "provisional" if number % 2 else "final")
        if has_target:
            aim = Aim(low=Decimal(5), high=Decimal(10)) if direction == "within_band" else Aim(value=Decimal(10))
            targets[period.key] = aim
    period = current
    for number in recent:  # the last periods all with a value: a trend, judged against an older target
        period = period.previous()
        values[period.key] = (Decimal(number), "", "final")
    for key in noise:  # keys of no period of this frequency are ignored
        targets[key] = Aim(value=Decimal(1))
    line = selectors._line(indicator, values, targets, today)
    assert (line.latest, line.trend) == _whole_history(indicator, values, targets, today)


# --- 200 indicators x 36 months -----------------------------------------------------------------------


@dataclass
class Board:
    indicators: list[Indicator]
    process: Process


def _input(number: int, owner: Any) -> services.IndicatorInput:
    """Indicator `number` of the board: its kind by range, its subcriteria by remainder."""
    name = {"en": f"Indicator {number:03d}", "sl": f"Kazalnik {number:03d}"}
    common: dict[str, Any] = {"name": name, "frequency": "monthly", "owner": owner if number < 50 else None}
    if number in BAND:
        return services.IndicatorInput(unit="days", direction="within_band", subcriteria=("7.2",), **common)
    if number in LOWER:
        return services.IndicatorInput(unit="count", direction="lower_better", subcriteria=("8.2",), **common)
    if number in EMPTY:
        return services.IndicatorInput(unit="percent", direction="higher_better", **common)
    links = (("6.1", "6.2"), ("9.1",), ("6.2", "9.1"), ())[number % 4]
    return services.IndicatorInput(unit="percent", direction="higher_better", subcriteria=links, **common)


def _rows(number: int, indicator: Indicator) -> tuple[list[Measurement], list[Target]]:
    if number in EMPTY:
        return [], []
    values, targets = [], []
    for month, period in enumerate(MONTHS):
        last = month == len(MONTHS) - 1
        if number in BAND:
            value, target = Decimal(7 if last else 4 + month % 8), Target(low=Decimal(5), high=Decimal(10))
        elif number in LOWER:
            value, target = Decimal(12 if last else 8 + month % 5), Target(value=Decimal(10))
        else:
            value, target = LATEST[number % 3] if last else Decimal(70 + month % 15), Target(value=Decimal(80))
        target.indicator, target.period = indicator, period.key
        values.append(Measurement(indicator=indicator, period=period.key, value=value))
        targets.append(target)
    return values, targets


def build_board(world: World) -> Board:
    """200 monthly indicators made through the services, their 7,200 values and 7,200 targets
    inserted in bulk (the services would audit each one), and a process measured by half of them."""
    with transaction.atomic():
        indicators = [
            services.create_indicator(
                actor=world.alice, organisation=world.alice_org, data=_input(number, world.alice_membership)
            )
            for number in range(200)
        ]
        values: list[Measurement] = []
        targets: list[Target] = []
        for number, indicator in enumerate(indicators):
            own_values, own_targets = _rows(number, indicator)
            values += own_values
            targets += own_targets
        Measurement.objects.bulk_create(values, batch_size=1000)
        Target.objects.bulk_create(targets, batch_size=1000)
        process = process_services.create_process(
            actor=world.alice,
            organisation=world.alice_org,
            data=ProcessInput(name="Issuing building permits", indicators=tuple(indicators[::2])),
        )
    return Board(indicators, process)


@pytest.fixture
def board(world: World) -> Board:
    return build_board(world)


def _org_url(name: str, world: World) -> str:
    return reverse(name, kwargs={"org_id": world.alice_org.public_id})


def _standing_text(standing: Standing) -> list[str]:
    return [
        f"{standing.on_track} on track",
        f"{standing.at_risk} at risk",
        f"{standing.off_track} off track",
        f"{standing.unjudged} without a value or target",
        f"{standing.overdue} with a value overdue",
    ]


def _page(client: Any, url: str, queries: int, assert_max: Any) -> str:
    """The page as a second request reads it (the first reads the framework structure, kept per
    process), in at most `queries` queries: today the list takes 6 (user, membership, network,
    indicators, values, targets), the others one more (the framework version, the process)."""
    client.get(url)
    with assert_max(queries):
        response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_board_stands_as_built(world: World, board: Board) -> None:
    lines = selectors.lines(world.alice_org, TODAY)
    assert len(lines) == 200 and selectors.standing(lines) == WHOLE_BOARD
    assert [line.indicator for line in lines] == board.indicators
    latest = [line.latest.period.key if line.latest is not None else None for line in lines]
    assert latest == ["2026-11"] * 190 + [None] * 10
    groups = selectors.by_criterion(lines)
    assert {number: len(group) for number, group in groups.items()} == {"6": 75, "7": 20, "8": 20, "9": 75, "": 47}


def test_the_list_of_200_indicators_reads_a_bounded_number_of_queries(
    world: World, board: Board, django_assert_max_num_queries: Any
) -> None:
    page = _page(client_for(world.alice), _org_url("indicators:list", world), 7, django_assert_max_num_queries)
    for text in _standing_text(WHOLE_BOARD):
        assert text in page
    assert page.count("<tr>") == 201  # the heading and one row per indicator
    assert page.count("is overdue") == 10
    assert page.count("Alice Adams") == 50  # the owners, read with the indicators


def test_the_criterion_dashboard_reads_a_bounded_number_of_queries(
    world: World, board: Board, caf_framework: Any, django_assert_max_num_queries: Any
) -> None:
    page = _page(client_for(world.alice), _org_url("indicators:by_criterion", world), 8, django_assert_max_num_queries)
    for text in _standing_text(WHOLE_BOARD):
        assert text in page  # the whole organisation first
    assert page.count("<section") == 5  # criteria 6, 7, 8, 9 and the unlinked
    assert page.count("<tr>") == 5 + 75 + 20 + 20 + 75 + 47  # an indicator under each criterion it evidences
    sections = page.split("<section")[1:]
    assert "7. People Results" in sections[1] and "20 on track" in sections[1] and "off track" not in sections[1]
    assert "8. Social Responsibility Results" in sections[2] and "20 off track" in sections[2]
    assert "Not linked to a CAF subcriterion" in sections[4] and "10 with a value overdue" in sections[4]


def test_the_process_dashboard_reads_a_bounded_number_of_queries(
    world: World, board: Board, django_assert_max_num_queries: Any
) -> None:
    url = reverse(
        "indicators:process", kwargs={"org_id": world.alice_org.public_id, "process_id": board.process.public_id}
    )
    page = _page(client_for(world.alice), url, 8, django_assert_max_num_queries)
    for text in _standing_text(PROCESS_BOARD):
        assert text in page
    assert page.count("<tr>") == 101
    assert "Indicator 000" in page and "Indicator 001" not in page


# --- the criterion dashboard as a page ------------------------------------------------------------------


@pytest.fixture
def linked(world: World) -> list[Indicator]:
    with transaction.atomic():
        return [
            services.create_indicator(
                actor=world.alice,
                organisation=world.alice_org,
                data=services.IndicatorInput(
                    name={"en": name},
                    unit="percent",
                    direction="higher_better",
                    frequency="quarterly",
                    subcriteria=codes,
                ),
            )
            for name, codes in (("Satisfied citizens", ("6.1",)), ("Unlinked measure", ()))
        ]


def test_members_see_the_criterion_dashboard_outsiders_do_not(world: World, linked: list[Indicator]) -> None:
    url = _org_url("indicators:by_criterion", world)
    viewer: Any = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    for member in (viewer, world.alice):
        page = client_for(member).get(url)
        assert page.status_code == 200 and "Satisfied citizens" in page.content.decode()
    assert client_for(world.bob).get(url).status_code == 404  # another organisation's administrator
    assert client_for(world.charlie).get(url).status_code == 404  # a member of no organisation
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))


def test_the_page_names_the_criteria_and_the_unlinked_group(
    world: World, linked: list[Indicator], caf_framework: Any
) -> None:
    page = client_for(world.alice).get(_org_url("indicators:by_criterion", world)).content.decode()
    assert "6. Citizen/Customer-oriented Results" in page
    assert (
        page.index("Satisfied citizens")
        < page.index("Not linked to a CAF subcriterion")
        < page.index("Unlinked measure")
    )
    assert "Key Performance Results" not in page  # no indicator evidences criterion 9


def test_without_a_framework_loaded_criteria_go_by_number(world: World, linked: list[Indicator]) -> None:
    page = client_for(world.alice).get(_org_url("indicators:by_criterion", world)).content.decode()
    assert "Criterion 6" in page and "Not linked to a CAF subcriterion" in page


def test_an_organisation_without_indicators_is_told_so(world: World, caf_framework: Any) -> None:
    page = client_for(world.alice).get(_org_url("indicators:by_criterion", world)).content.decode()
    assert "No indicators yet." in page and "<section" not in page
