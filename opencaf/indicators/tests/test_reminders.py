"""`send_indicator_reminders`: one e-mail a day per owner, listing every value of theirs that is
overdue or due within a week, each with its own signed link, in the owner's language."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.indicators import reminder_services
from opencaf.indicators.models import Indicator, ValueReminder
from opencaf.indicators.selectors import due_values
from opencaf.indicators.tests.factories import make_indicator, record
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.organisations.tests.factories import UserFactory, add_member

LINK = re.compile(r"https?://\S+/indicators/value/\S+/")


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to("2026-12-06 09:00")  # October was due on 15 November, November is due on 15 December


@pytest.fixture
def owner(world: World) -> Membership:
    return add_member(world.alice_org, UserFactory(email="olga@example.org"), Role.ACTION_OWNER)


def _monthly(world: World, owner: Membership | None, name: str, **fields: Any) -> Indicator:
    indicator = make_indicator(
        world.alice_org,
        world.alice,
        name={"en": name, **fields.pop("names", {})},
        unit="days",
        direction="lower_better",
        frequency="monthly",
        owner=owner,
        **fields,
    )
    record(indicator, world.alice, "2026-09", "35")  # kept up to September
    return indicator


def _run() -> str:
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_indicator_reminders", stdout=out)
    return out.getvalue()


def test_one_email_per_owner_a_day_however_often_it_runs(world: World, owner: Membership, time_machine: Any) -> None:
    _monthly(world, owner, "Days to decide a permit")
    _monthly(world, owner, "Complaints per 1,000 inhabitants")
    assert _run().strip() == "1 reminder(s) sent."
    assert _run().strip() == "0 reminder(s) sent."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olga@example.org"]
    assert message.subject == "2 indicator values are due"
    assert "Days to decide a permit" in message.body and "Complaints per 1,000 inhabitants" in message.body
    assert "October 2026: was due on" in message.body
    assert len(LINK.findall(message.body)) == 2  # each value its own link
    assert ValueReminder.objects.get().owner == owner
    event = AuditEvent.objects.get(action="indicators.value_reminder_sent")
    assert event.actor is None and event.changes == {"values": 2, "email": "olga@example.org"}
    time_machine.move_to("2026-12-07 09:00")  # the next day, still missing, nothing new: no nagging
    _run()
    assert len(mail.outbox) == 1
    time_machine.move_to("2026-12-08 09:00")  # November's value is now due within a week: news
    _run()
    assert len(mail.outbox) == 2
    time_machine.move_to("2026-12-14 09:00")
    _run()
    assert len(mail.outbox) == 2
    time_machine.move_to("2026-12-15 09:00")  # a week after the last reminder, still missing
    _run()
    assert len(mail.outbox) == 3


def test_the_links_in_the_email_open_the_value_page(world: World, owner: Membership) -> None:
    indicator = _monthly(world, owner, "Days to decide a permit")
    _run()
    (message,) = mail.outbox
    assert message.subject == "Your value for October 2026 is overdue: Days to decide a permit"
    (url,) = LINK.findall(message.body)
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client_for(None).post("/" + path, {"value-value": "33", "value-status": "final"})
    assert response.status_code == 200
    assert indicator.measurements.filter(period="2026-10").exists()
    _run()
    assert len(mail.outbox) == 1  # reminded once today, whatever was entered since


def test_values_due_within_a_week_are_included(world: World, owner: Membership, time_machine: Any) -> None:
    indicator = _monthly(world, owner, "Days to decide a permit")
    record(indicator, world.alice, "2026-10", "33")
    assert _run().strip() == "0 reminder(s) sent."  # November is due in nine days
    time_machine.move_to("2026-12-08 09:00")  # now in seven
    _run()
    (message,) = mail.outbox
    assert message.subject == "Your value for November 2026 is due: Days to decide a permit"
    assert "November 2026: due on Dec. 15, 2026" in message.body


def test_the_email_speaks_the_owners_language(world: World) -> None:
    owner = add_member(world.alice_org, UserFactory(language="bg"), Role.ACTION_OWNER)
    _monthly(world, owner, "Days to decide a permit", names={"bg": "Дни до решение"})
    _run()
    (message,) = mail.outbox
    assert "Дни до решение" in message.subject and "Days to decide" not in message.body
    assert "октомври 2026 г." in message.body  # the period and the due date in Bulgarian
    assert "15 ноември 2026 г." in message.body


def test_without_a_language_the_organisations_default_is_used(world: World) -> None:
    owner = add_member(world.alice_org, UserFactory(language=""), Role.ACTION_OWNER)
    _monthly(world, owner, "Days to decide a permit", names={"sl": "Dnevi do odločbe"})
    _run()
    assert "Dnevi do odločbe" in mail.outbox[0].subject  # Alice's organisation writes Slovenian


def test_nothing_is_sent_for_indicators_nobody_should_enter(world: World, owner: Membership) -> None:
    _monthly(world, None, "Without an owner")
    archived = _monthly(world, owner, "Archived")
    Indicator.objects.filter(pk=archived.pk).update(archived=True)
    closed = add_member(world.alice_org, UserFactory(is_active=False), Role.ACTION_OWNER)
    _monthly(world, closed, "Owner has left")
    numerator = _monthly(world, None, "Decided in time")
    denominator = _monthly(world, None, "Decided")
    calculated = _monthly(world, owner, "Share decided in time")
    Indicator.objects.filter(pk=calculated.pk).update(numerator=numerator, denominator=denominator)
    assert _run().strip() == "0 reminder(s) sent."
    assert not mail.outbox and not ValueReminder.objects.exists()


def test_owners_get_their_own_values_only(world: World, owner: Membership) -> None:
    other = add_member(world.alice_org, UserFactory(email="petra@example.org"), Role.ACTION_OWNER)
    _monthly(world, owner, "Olga's indicator")
    _monthly(world, other, "Petra's indicator")
    assert _run().strip() == "2 reminder(s) sent."
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Petra's" not in by_address["olga@example.org"].body
    assert "Olga's" not in by_address["petra@example.org"].body
    today = timezone.localdate()
    with pytest.raises(ValueError, match="only the owner's own"):
        reminder_services.send_value_reminder(other, due_values(Indicator.objects.all(), today), today)


def test_a_long_gap_lists_the_latest_values_and_points_to_the_page(world: World, owner: Membership) -> None:
    indicator = make_indicator(
        world.alice_org, world.alice, name={"en": "Never kept"}, unit="count", frequency="monthly", owner=owner
    )
    _run()
    (message,) = mail.outbox
    assert len(LINK.findall(message.body)) == reminder_services.REMINDER_PERIODS
    assert "earlier periods are missing too" in message.body
    page = reverse(
        "indicators:detail", kwargs={"org_id": world.alice_org.public_id, "indicator_id": indicator.public_id}
    )
    assert page in message.body


def test_an_undelivered_reminder_is_recorded(world: World, owner: Membership) -> None:
    reminder_services.record_value_reminder_not_delivered(owner.pk, "SMTPRecipientsRefused")
    event = AuditEvent.objects.get(action="indicators.value_reminder_not_delivered")
    assert event.organisation == world.alice_org and event.changes == {"email": "olga@example.org"}


def test_the_command_reads_a_fixed_number_of_queries(
    world: World, owner: Membership, django_assert_max_num_queries: Any
) -> None:
    for number in range(5):
        _monthly(world, owner, f"Indicator {number}")
    with django_assert_max_num_queries(12):
        _run()
    assert len(mail.outbox) == 1 and len(LINK.findall(mail.outbox[0].body)) == 5
