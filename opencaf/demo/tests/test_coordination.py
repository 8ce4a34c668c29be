"""The coordination demo layer: the portfolio at every stage, the campaign's replies, the events with
their registrations and attendance, the engagement log, the Bulgarian team; idempotent, on any day."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import Seat, SelfAssessment
from opencaf.coordination.models import (
    Attendance,
    Campaign,
    EngagementEntry,
    Event,
    EventKind,
    Recipient,
    Registration,
    RegistrationStatus,
    ReplyStatus,
)
from opencaf.coordination.selectors.portfolio import portfolio_of
from opencaf.coordination.stages import ORDER, Flag, Stage
from opencaf.demo import coordination_content as content
from opencaf.demo.coordination import email_of, seed_coordination
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import BG_MUNICIPALITY, BG_NETWORK, DEMO_NETWORK, seed_organisations
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Network, Organisation

TODAY = date(2026, 12, 7)  # the day the story is told
# The apps this layer writes to (allauth's "account" holds the verified e-mail addresses).
WRITTEN = ["accounts", "account", "organisations", "audit", "assessments", "improvement", "reports", "coordination"]
CYRILLIC = re.compile(r"^[\u0400-\u04FF\s„“-]+$")


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in WRITTEN
        for model in apps.get_app_config(label).get_models()
    }


def _seed() -> None:
    """Every demo layer, as `make run` seeds them: the organisations at the stages external feedback records
    (an application submitted, a label awarded) come from the feedback demo, which builds on the others."""
    call_command("load_frameworks", verbosity=0)
    call_command("load_procedures", verbosity=0)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo coordination seeded." in out.getvalue().splitlines()


def _named(key: str) -> str:
    return next(org.name for org in content.ORGANISATIONS if org.key == key)


@pytest.fixture(scope="class")
def _story(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The layer, seeded once for the tests of a class, on the day the story is told; each test runs in a
    savepoint of this transaction, which is rolled back after the class's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))):
            _seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_story: None, db: None) -> None:
    """The seeded layer, for one test."""


@pytest.mark.usefixtures("seeded")
class TestTheStory:
    """The story as told on 7 December 2026, seeded once for these tests."""

    def test_every_stage_the_platform_records_has_organisations(self) -> None:
        network = Network.objects.get(name=DEMO_NETWORK)
        new = Organisation.objects.filter(network=network, name__in=[org.name for org in content.ORGANISATIONS])
        assert new.count() == len(content.ORGANISATIONS) >= 30
        assert not new.filter(region="").exists()
        assert new.values("region").distinct().count() == 12  # every statistical region
        assert set(new.values_list("org_type", flat=True)) >= {"municipality", "administrative_unit", "ministry",
                                                                "body_within_ministry", "agency", "school"}  # fmt: skip

        rows = portfolio_of(network, today=TODAY)
        stages = Counter(row.stage for row in rows)
        assert all(stages[stage] >= 1 for stage in ORDER), stages
        assert {flag for row in rows for flag in row.flags} == set(Flag)
        by_name = {row.name: row for row in rows}
        expected = {
            "Občina Kamnik": (Stage.REPRESENTATIVE_NAMED, []),
            "MO Celje": (Stage.INVITED, []),
            "Občina Radovljica": (Stage.SELF_ASSESSMENT, [Flag.NO_REPORT]),
            "UE Kranj": (Stage.SELF_ASSESSMENT, [Flag.NO_REPORT, Flag.CONSENSUS_MISSING]),
            "DRSV": (Stage.SELF_ASSESSMENT, [Flag.GROUP_DIVERSITY]),
            "ZRSŠ": (Stage.SELF_ASSESSMENT, []),
            "GURS": (Stage.REPORT_ACCEPTED, [Flag.NO_PLAN]),
            "ZRSZ": (Stage.REPORT_ACCEPTED, []),
            "UE Velenje": (Stage.PLAN_APPROVED, [Flag.STALE_ACTIONS]),
            "Občina Slovenske Konjice": (Stage.PLAN_APPROVED, []),
            "MNVP": (Stage.PLAN_IN_PROGRESS, []),
            "MO Maribor": (Stage.PLAN_IN_PROGRESS, [Flag.STALE_ACTIONS]),
            "SPIRIT Slovenija": (Stage.PLAN_IN_PROGRESS, []),
            "SURS": (Stage.NOTHING_YET, []),
        }
        for key, (stage, flags) in expected.items():
            row = by_name[_named(key)]
            assert (row.stage, row.flags) == (stage, flags), key
        # Plausible dates: each stage on the story's day, not on the day of seeding.
        assert by_name[_named("GURS")].stage_on == date(2026, 4, 15)
        assert by_name[_named("Občina Radovljica")].facts.started_on == date(2026, 4, 14)
        assert by_name[_named("MNVP")].facts.progress_on == date(2026, 1, 20)
        assert by_name[_named("Občina Kamnik")].facts.invited_on == content.CAMPAIGN_SENT

        # "Trained" (not derived by the portfolio yet): organisations with attendance at last year's training
        # and nothing started.
        trained = set(
            Attendance.objects.filter(present=True, session__event__kind=EventKind.TRAINING).values_list(
                "registration__organisation__short_name", flat=True
            )
        )
        assert {"UE Murska Sobota", "Občina Škofja Loka", "CSD Dolenjska in Bela krajina"} <= trained
        assert not SelfAssessment.objects.filter(
            organisation__short_name__in=["UE Murska Sobota", "Občina Škofja Loka"]
        )

        # The representatives seated by the demo sign in with the demo password.
        email = email_of("Klavdija Mulej", "radovljica")
        assert Client().post("/accounts/login/", {"login": email, "password": "demo"}).status_code == 302

    def test_the_campaign_has_every_kind_of_reply(self) -> None:
        campaign = Campaign.objects.get(network__name=DEMO_NETWORK, title="Povabilo k sodelovanju 2027")
        assert (campaign.state, campaign.deadline, campaign.reminder_days) == ("sent", date(2027, 1, 28), 10)
        assert timezone.localtime(campaign.sent_at).date() == date(2026, 11, 23)
        # The e-mail itself adds the reply link below the text.
        assert set(re.findall(r"\{(\w+)\}", campaign.message["sl"]["body"])) == {"head", "organisation", "deadline"}
        replies = Counter(campaign.recipients.values_list("status", flat=True))
        assert replies == {ReplyStatus.NOMINATED: 6, ReplyStatus.DECLINED: 2, ReplyStatus.SENT: 12}
        assert all(
            reason for reason in campaign.recipients.filter(status="declined").values_list("decline_reason", flat=True)
        )
        assert not campaign.recipients.filter(sent_at__isnull=True).exists()
        # The named representatives are invited as their organisation's administrators.
        for recipient in Recipient.objects.filter(campaign=campaign, status=ReplyStatus.NOMINATED):
            invitation = Invitation.objects.get(
                organisation=recipient.organisation, email=recipient.representative_email
            )
            assert invitation.roles == [Role.ORG_ADMIN] and invitation.accepted_at is None
            assert recipient.representative_position and recipient.replied_at.date() < TODAY

    def test_events_with_registrations_waiting_list_and_attendance(self) -> None:
        events = {event.title: event for event in Event.objects.filter(network__name=DEMO_NETWORK)}
        introduction = events["Uvodno srečanje: samoocenjevanje po modelu CAF"]
        training = events["Dvodnevno usposabljanje za člane skupin za samoocenjevanje"]
        past = events["Dvodnevno usposabljanje za člane skupin za samoocenjevanje (2026)"]
        assert [s.starts_at.date() for s in introduction.sessions.all()] == [date(2027, 1, 21)]
        assert [s.starts_at.date() for s in training.sessions.all()] == [date(2027, 3, 16), date(2027, 3, 17)]
        assert [s.starts_at.date() for s in past.sessions.all()] == [date(2026, 3, 17), date(2026, 3, 18)]
        assert all(event.state == "published" for event in events.values())
        assert introduction.registrations.filter(status="confirmed").count() == 6
        # The training is full: a waiting list, and a cancelled place taken by the first on it.
        statuses = Counter(training.registrations.values_list("status", flat=True))
        assert statuses == {
            RegistrationStatus.CONFIRMED: 20,
            RegistrationStatus.WAITING: 3,
            RegistrationStatus.CANCELLED: 1,
        }
        order = list(training.registrations.order_by("created_at").values_list("status", flat=True))
        assert order[-3:] == [RegistrationStatus.WAITING] * 3  # the waiting list keeps its order
        # Last year's: attendance recorded per session for everyone confirmed, some absent on a day.
        confirmed = past.registrations.filter(status="confirmed")
        for session, absent in zip(past.sessions.all(), content.PAST_ABSENT, strict=True):
            rows = Attendance.objects.filter(session=session)
            assert rows.count() == confirmed.count()
            assert set(rows.filter(present=False).values_list("registration__name", flat=True)) == absent
        # A certificate of attendance for a participant who was there.
        registration = Registration.objects.get(event=past, name="Anja Pogačar")
        client = Client()
        client.force_login(User.objects.get(email="coordinator@example.org"))
        url = reverse(
            "coordination:event_certificate",
            kwargs={
                "network_id": past.network.public_id,
                "event_id": past.public_id,
                "registration_id": registration.public_id,
            },
        )
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    def test_engagement_log_and_the_bulgarian_team(self) -> None:
        entries = EngagementEntry.objects.filter(network__name=DEMO_NETWORK)
        assert set(entries.values_list("kind", flat=True)) == {"call", "visit", "email", "meeting", "note"}
        assert entries.values("organisation").distinct().count() >= 5
        assert set(entries.values_list("author__email", flat=True)) == {"coordinator@example.org"}

        assessment = SelfAssessment.objects.get(organisation__name=BG_MUNICIPALITY, title=content.BG_TITLE)
        assert assessment.state == "individual"
        seats = Seat.objects.filter(group__assessment=assessment).select_related("membership__user")
        areas = [seat.functional_area for seat in seats]
        assert len(areas) == len(set(areas)) == 10
        assert all(CYRILLIC.match(area) for area in areas)
        assert all(CYRILLIC.match(seat.membership.user.full_name) for seat in seats)
        assert {seat.membership.user.language for seat in seats} == {"bg"}
        assert {"front_line", "middle", "support"} <= {seat.staff_level for seat in seats}
        (row,) = portfolio_of(Network.objects.get(name=BG_NETWORK), today=TODAY)
        assert (row.stage, row.facts.started_on, row.flags) == (Stage.SELF_ASSESSMENT, content.BG_TIMELINE.started, [])

    def test_a_second_run_changes_nothing(self) -> None:
        before = _counts()
        assert not seed_coordination()
        assert _counts() == before


@pytest.mark.django_db
def test_seeds_on_a_later_day_with_the_story_in_the_past() -> None:
    """Registration refuses events that have started and campaigns past their deadline: the layer still
    seeds, with the story's dates."""
    with time_machine.travel(datetime(2027, 6, 1, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))):
        _seed()
    training = Event.objects.get(title="Dvodnevno usposabljanje za člane skupin za samoocenjevanje")
    assert [s.starts_at.date() for s in training.sessions.all()] == [date(2027, 3, 16), date(2027, 3, 17)]
    assert training.registration_closes == date(2027, 3, 5)
    assert Campaign.objects.get(title=content.CAMPAIGN_TITLE).deadline == date(2027, 1, 28)
    stages = {row.stage for row in portfolio_of(Network.objects.get(name=DEMO_NETWORK), today=date(2027, 6, 1))}
    assert stages >= set(ORDER)


@pytest.mark.django_db
def test_needs_the_demo_organisations_and_the_caf_model() -> None:
    with pytest.raises(DemoError, match="demo organisations"):
        seed_coordination()
    seed_organisations()
    with pytest.raises(DemoError, match="load_frameworks"):
        seed_coordination()
    assert not Campaign.objects.exists()


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_refused_in_production() -> None:
    with pytest.raises(DemoError, match="OPENCAF_DEMO=1"):
        seed_coordination()
    assert not Campaign.objects.exists()
