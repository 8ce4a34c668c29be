"""The external feedback demo layer: a case under way with its visit scheduled, a label awarded last
year and one that expires soon, the demo EFAC's sign-in and cases, the public register, the portfolio's
stages; idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencaf.accounts.models import User
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.coordination.selectors.portfolio import portfolio_of
from opencaf.coordination.stages import Stage
from opencaf.demo import feedback_content as content
from opencaf.demo.feedback import seed_feedback
from opencaf.demo.organisations import DEMO_NETWORK
from opencaf.feedback.models import (
    ActorScore,
    AgreedScore,
    CaseActor,
    CaseDocument,
    Declaration,
    ExternalActor,
    FeedbackCase,
    Label,
)
from opencaf.feedback.selectors.application import application_window
from opencaf.feedback.selectors.report import agreed_scores, evaluate
from opencaf.feedback.services.labels import due_expiry_reminders
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network
from opencaf.reports.models import ReportAcceptance

STORY_DAY = datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Ljubljana"))
TODAY = STORY_DAY.date()
# The apps the layer writes to (allauth's "account" holds the verified e-mail addresses).
WRITTEN = ["accounts", "account", "audit", "evidence", "reports", "feedback"]


@pytest.fixture(scope="class")
def _seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Every demo layer, seeded once for the class as `make run` does; rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(STORY_DAY):
            call_command("load_frameworks", verbosity=0)
            call_command("load_procedures", verbosity=0)
            out = StringIO()
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded: str, db: None) -> str:
    return _seeded


def _case(short_name: str) -> FeedbackCase:
    return FeedbackCase.objects.select_related("assessment", "organisation", "procedure").get(
        organisation__short_name=short_name
    )


def _local(moment: datetime | None) -> datetime:
    assert moment is not None
    return timezone.localtime(moment).replace(tzinfo=None)


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in WRITTEN
        for model in apps.get_app_config(label).get_models()
    }


class TestExternalFeedbackDemo:
    def test_the_layer_reports_what_it_seeded(self, seeded: str) -> None:
        assert "Demo external feedback seeded." in seeded.splitlines()
        assert FeedbackCase.objects.count() == 3
        assert {case.procedure.code for case in FeedbackCase.objects.select_related("procedure")} == {"pef-si"}

    def test_two_actors_on_the_networks_list(self, seeded: str) -> None:
        network = Network.objects.get(name=DEMO_NETWORK)
        actors = ExternalActor.objects.filter(network=network).select_related("user")
        assert {(a.user.email, a.user.full_name, a.active) for a in actors} == {
            (content.EVA, "Eva Kos", True),
            (content.TOMAZ, "Tomaž Zupan", True),
        }
        assert all(actor.qualification for actor in actors)
        assert not User.objects.get(email=content.EVA).memberships.exists()  # reaches only her cases

    def test_medvode_under_way_with_the_visit_scheduled(self, seeded: str) -> None:
        case = _case("Občina Medvode")
        assert case.state == "in_feedback" and case.assessment == SelfAssessment.objects.filter(
            organisation=case.organisation
        ).latest("finalised_at")
        assert _local(case.created_at).date() == date(2026, 6, 2)
        assert _local(case.submitted_at).date() == date(2026, 6, 19)
        assert _local(case.accepted_at).date() == date(2026, 7, 3)
        # Applied within the window of its report, accepted on 28 November 2025.
        window = application_window(ReportAcceptance.objects.get(assessment=case.assessment), case.procedure)
        assert (window.opens_on, window.closes_on) == (date(2026, 5, 28), date(2026, 11, 28))
        assert window.is_open(_local(case.created_at).date()) and window.is_open(_local(case.submitted_at).date())
        # The application: every pillar answered, every question self-scored, documents from the register.
        assert set(case.answers) == {"1", "2", "3"} and all(len(text) > 200 for text in case.answers.values())
        assert set(case.own_scores) == set(content.QUESTIONS)
        documents = CaseDocument.objects.filter(case=case).select_related("evidence")
        assert documents.count() == 3
        assert all(document.evidence.organisation_id == case.organisation_id for document in documents)
        assert case.dossier["assembled_at"].startswith("2026-06-19")
        assert case.dossier["report"] == {"accepted_on": "2025-11-28"}
        # Both actors declared no conflict, Eva Kos leads; the visit on 15 December, 9:00 to 14:00.
        assignments = CaseActor.objects.filter(case=case).select_related("actor__user")
        assert [(a.actor.user.email, a.lead, a.declaration) for a in assignments] == [
            (content.EVA, True, Declaration.NO_CONFLICT),
            (content.TOMAZ, False, Declaration.NO_CONFLICT),
        ]
        assert _local(case.visit_starts_at) == datetime(2026, 12, 15, 9)
        assert _local(case.visit_ends_at) == datetime(2026, 12, 15, 14)
        assert "Medvode" in case.visit_place and case.visit_agenda.count("\n") >= 4
        # Eva has scored the first pillar from the dossier, not finished; nothing agreed yet.
        lead, second = assignments
        assert set(ActorScore.objects.filter(case_actor=lead).values_list("question", flat=True)) == {
            "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"
        }  # fmt: skip
        assert lead.scores_done_at is None and not ActorScore.objects.filter(case_actor=second).exists()
        assert not AgreedScore.objects.filter(case=case).exists() and not Label.objects.filter(case=case).exists()

    def test_ue_ljubljana_awarded_last_year(self, seeded: str) -> None:
        case = _case("UE Ljubljana")
        assert case.state == "awarded"
        assert _local(case.submitted_at).date() == date(2025, 9, 12)
        assert _local(case.visit_starts_at) == datetime(2025, 10, 14, 9)
        assert _local(case.reported_at).date() == date(2025, 11, 5)
        assert _local(case.decided_at).date() == date(2025, 11, 20)
        assert case.decided_by is not None and case.decided_by.email == "coordinator@example.org"
        assignments = CaseActor.objects.filter(case=case)
        assert assignments.count() == 2 and not assignments.filter(scores_done_at__isnull=True).exists()
        assert ActorScore.objects.filter(case_actor__case=case).count() == 2 * len(content.QUESTIONS)
        agreed = AgreedScore.objects.filter(case=case)
        assert set(agreed.values_list("question", flat=True)) == set(content.QUESTIONS)
        assert all(record.rationale for record in agreed)
        assert evaluate(case.procedure.definition, agreed_scores(case)).meets_thresholds
        report = case.report
        assert _local(report.finalised_at).date() == date(2025, 11, 5)
        assert set(report.pillars) == {"1", "2", "3"}
        assert all(texts["strengths"] and texts["areas"] for texts in report.pillars.values()) and report.summary
        label = Label.objects.get(case=case)
        assert (label.awarded_on, label.valid_until, label.number) == (date(2025, 11, 20), date(2027, 11, 20),
                                                                       "SI-2025-0002")  # fmt: skip
        assert label.name_in("sl") == "Uspešen uporabnik CAF"

    def test_mo_kranj_label_expires_soon(self, seeded: str) -> None:
        case = _case("MO Kranj")
        cycles = list(SelfAssessment.objects.filter(organisation=case.organisation).order_by("finalised_at"))
        assert len(cycles) == 2 and case.assessment == cycles[0]  # its earlier (2023) self-assessment
        acceptance = ReportAcceptance.objects.select_related("accepted_by").get(assessment=case.assessment)
        assert _local(acceptance.accepted_at).date() == date(2023, 10, 13)
        assert Role.MANAGER in acceptance.accepted_by.memberships.get().roles.values_list("role", flat=True)
        assert _local(case.submitted_at).date() == date(2024, 5, 17) and case.state == "awarded"
        label = Label.objects.get(case=case)
        assert (label.awarded_on, label.valid_until, label.number) == (date(2025, 1, 20), date(2027, 1, 20),
                                                                       "SI-2025-0001")  # fmt: skip
        assert label.reminded_at is None
        assert due_expiry_reminders(TODAY) == [label]  # within 90 days: the daily command has one to send
        with time_machine.travel(STORY_DAY):
            out = StringIO()
            call_command("remind_label_expiry", stdout=out)
        label.refresh_from_db()
        assert label.reminded_at is not None and out.getvalue().startswith("1 ")

    def test_the_steps_and_their_audit_events_are_dated_in_the_story(self, seeded: str) -> None:
        events = AuditEvent.objects.filter(action__startswith="feedback.").exclude(action="feedback.procedures_loaded")
        assert events.count() > 50
        moments = [_local(moment) for moment in events.values_list("occurred_at", flat=True)]
        assert min(moments) == content.EFACS_ADDED
        assert max(moments) == datetime(2026, 11, 30, 17)  # Eva's scores, a week before the story's day
        medvode = _case("Občina Medvode")
        submitted = events.get(action="feedback.case_submit", object_id=str(medvode.public_id))
        assert _local(submitted.occurred_at) == datetime(2026, 6, 19, 12)
        awarded = events.get(action="feedback.label_awarded", organisation__short_name="UE Ljubljana")
        assert awarded.changes["number"] == "SI-2025-0002" and awarded.changes["valid_until"] == "2027-11-20"

    def test_the_efac_signs_in_and_sees_her_cases(self, seeded: str) -> None:
        client = Client()
        response = client.post("/accounts/login/", {"login": content.EVA, "password": "demo"})
        assert response.status_code == 302
        with time_machine.travel(STORY_DAY):
            page = client.get(reverse("feedback:my_cases"))
        assert page.status_code == 200
        body = page.content.decode()
        medvode = _case("Občina Medvode")
        for name in (medvode.organisation.name, _case("UE Ljubljana").organisation.name):
            assert name in body
        assert 'datetime="2026-12-15T09:00:00' in body
        assert body.index(medvode.organisation.name) < body.index(_case("UE Ljubljana").organisation.name)
        assert client.get(reverse("feedback:case", kwargs={"case_id": medvode.public_id})).status_code == 200
        scores = client.get(reverse("feedback:scores", kwargs={"case_id": medvode.public_id}))
        assert scores.status_code == 200

    def test_the_public_register_lists_both_labels(self, seeded: str) -> None:
        with time_machine.travel(STORY_DAY):
            page = Client().get(reverse("feedback:register"))
        assert page.status_code == 200
        body = page.content.decode()
        for short_name in ("UE Ljubljana", "MO Kranj"):
            assert _case(short_name).organisation.name in body
        assert _case("Občina Medvode").organisation.name not in body

    def test_the_portfolio_has_organisations_at_external_feedback_and_label(self, seeded: str) -> None:
        network = Network.objects.get(name=DEMO_NETWORK)
        rows = {row.name: row for row in portfolio_of(network, today=TODAY)}
        medvode, ljubljana, kranj = (
            rows[_case(name).organisation.name] for name in ("Občina Medvode", "UE Ljubljana", "MO Kranj")
        )
        assert (medvode.stage, medvode.stage_on) == (Stage.EXTERNAL_FEEDBACK, date(2026, 6, 19))
        assert (ljubljana.stage, ljubljana.stage_on) == (Stage.LABEL, date(2025, 11, 20))
        # MO Kranj's label is on its earlier self-assessment; its current cycle's plan is under way.
        assert kranj.stage == Stage.PLAN_IN_PROGRESS
        stages = [row.stage for row in rows.values()]
        assert stages.count(Stage.EXTERNAL_FEEDBACK) == 1 and stages.count(Stage.LABEL) == 1
        # Two months on, MO Kranj's label has expired and UE Ljubljana's is still valid.
        later = TODAY + timedelta(days=60)
        assert Label.objects.filter(valid_until__gte=later).get().organisation.short_name == "UE Ljubljana"

    def test_seeding_again_changes_nothing(self, seeded: str) -> None:
        before = _counts()
        assert seed_feedback() is False
        assert _counts() == before
