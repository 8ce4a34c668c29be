"""The organiser's decision and the label: refusals write nothing, the quality bar (no label without
an agreed score for every question; below the thresholds only knowingly, with reasons), validity
arithmetic, unique certificate numbers, and the e-mails to the organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import AgreedScore, Label
from opencaf.feedback.services import decision
from opencaf.feedback.services.decision import add_months, decide, next_number
from opencaf.feedback.tests.builders_report import ReportCase, access, reported_case
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, label, procedures
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

LOW = 3  # every question at 3: pillars 1 and 2 total 27 (threshold 28), three questions below their minimum


@pytest.fixture
def built(world: World, caf_framework: FrameworkVersion) -> ReportCase:
    return reported_case(world, caf_framework)


def _decide(world: World, built: ReportCase, **kwargs: Any) -> Label | None:
    built.case.refresh_from_db()
    arguments: dict[str, Any] = {"award": True, "note": "", "expected_version": built.case.version, **kwargs}
    return decide(actor=world.carol, access=access(world.carol, built.case), **arguments)


def _nothing_written(built: ReportCase) -> None:
    built.case.refresh_from_db()
    assert built.case.state == "reported" and built.case.decision_note == "" and built.case.decided_at is None
    assert not Label.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["feedback.case_award", "feedback.label_awarded"]).exists()


# --- validity ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 24, date(2027, 1, 31)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 4, 30), 1, date(2025, 5, 30)),
        (date(2025, 8, 31), 36, date(2028, 8, 31)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
    ],
)
def test_validity_is_counted_in_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


# --- the quality bar -------------------------------------------------------------------------------------


def test_awarding_without_an_agreed_score_is_refused(world: World, built: ReportCase) -> None:
    AgreedScore.objects.filter(case=built.case, question="2.2").delete()
    with pytest.raises(ValidationError) as refused:
        _decide(world, built, note="Looks fine", confirm_below_thresholds=True)
    assert refused.value.code == "missing_scores" and "2.2" in refused.value.messages[0]
    _nothing_written(built)


def test_below_the_thresholds_only_knowingly_and_with_reasons(world: World, caf_framework: FrameworkVersion) -> None:
    built = reported_case(world, caf_framework, score=LOW)
    with pytest.raises(ValidationError) as refused:
        _decide(world, built)
    assert set(refused.value.message_dict) == {"confirm", "note"}
    _nothing_written(built)
    with pytest.raises(ValidationError) as refused:
        _decide(world, built, confirm_below_thresholds=True)
    assert set(refused.value.message_dict) == {"note"}
    _nothing_written(built)
    awarded = _decide(world, built, confirm_below_thresholds=True, note="Strong pillar 3; the rest is close.")
    assert awarded is not None
    assert AuditEvent.objects.get(action="feedback.label_awarded").changes["below_thresholds"] is True


def test_refusing_needs_reasons(world: World, built: ReportCase) -> None:
    with pytest.raises(ValidationError) as refused:
        _decide(world, built, award=False, note="   ")
    assert set(refused.value.message_dict) == {"note"}
    _nothing_written(built)


def test_a_decision_over_a_newer_change_is_refused(world: World, built: ReportCase) -> None:
    with pytest.raises(ValidationError) as refused:
        _decide(world, built, expected_version=built.case.version + 1)
    assert refused.value.code == "stale"
    _nothing_written(built)


def test_only_the_coordinators_decide(world: World, built: ReportCase) -> None:
    for user in (world.alice, built.lead):
        with pytest.raises(PermissionDenied):
            decide(
                actor=user, access=access(user, built.case), award=True, note="", expected_version=built.case.version
            )
    _nothing_written(built)


def test_a_case_not_reported_cannot_be_decided(world: World, built: ReportCase) -> None:
    carol_access = access(world.carol, built.case)
    built.case.state = "in_feedback"
    built.case.save()
    with pytest.raises(ValidationError) as refused:
        decide(actor=world.carol, access=carol_access, award=True, note="", expected_version=built.case.version)
    assert refused.value.code == "state"
    assert not Label.objects.exists()


# --- awarding and refusing ------------------------------------------------------------------------------


def test_awarding_issues_the_label_and_tells_the_organisation(
    world: World, built: ReportCase, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    leader = UserFactory(language="bg", email="leader@example.org")
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    manager = UserFactory(language="", email="manager@example.org")
    add_member(world.alice_org, manager, Role.MANAGER)
    viewer = UserFactory(email="viewer@example.org")
    add_member(world.alice_org, viewer, Role.VIEWER, Role.ASSESSOR)
    with django_capture_on_commit_callbacks(execute=True):
        awarded = _decide(world, built, note="Well done.")
    assert awarded is not None
    today = timezone.localdate()
    assert awarded.awarded_on == today and awarded.valid_until == add_months(today, 24)
    assert awarded.number == f"EU-{today.year}-0001"
    assert awarded.name_in("sl") == "Učinkovit uporabnik CAF" and awarded.awarded_by == world.carol
    assert awarded.organisation == world.alice_org and awarded.network == world.network and awarded.public
    built.case.refresh_from_db()
    assert built.case.state == "awarded" and built.case.decided_by == world.carol
    assert built.case.decision_note == "Well done."
    assert AuditEvent.objects.get(action="feedback.case_award").changes["note"] == "Well done."
    assert AuditEvent.objects.get(action="feedback.label_awarded").changes["number"] == awarded.number
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {world.alice.email, leader.email, manager.email}
    with translation.override("bg"):
        expected = gettext("Label awarded: %(label_name)s") % {"label_name": "Ефективен потребител на CAF"}
    assert by_address[leader.email].subject == expected
    # No language of their own: the organisation's (Slovenian).
    with translation.override("sl"):
        expected = gettext("Label awarded: %(label_name)s") % {"label_name": "Učinkovit uporabnik CAF"}
    assert by_address[manager.email].subject == expected
    assert f"/labels/{awarded.public_id}/certificate/" in by_address[leader.email].body


def test_refusing_records_the_reasons_and_tells_the_organisation(
    world: World, built: ReportCase, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert _decide(world, built, award=False, note="The improvement actions were not carried out.") is None
    built.case.refresh_from_db()
    assert built.case.state == "not_awarded"
    assert built.case.decision_note == "The improvement actions were not carried out."
    assert not Label.objects.exists()
    assert AuditEvent.objects.get(action="feedback.case_refuse").changes["note"].startswith("The improvement")
    (message,) = mailoutbox
    assert message.to == [world.alice.email]
    assert "The improvement actions were not carried out." in message.body


# --- numbers ---------------------------------------------------------------------------------------------


def test_numbers_follow_on_per_prefix_and_year_across_networks(world: World, caf_framework: FrameworkVersion) -> None:
    year = timezone.localdate().year
    first = _decide(world, reported_case(world, caf_framework))
    # Bob's network runs the European procedure too: its label continues the same sequence.
    bob_case = feedback_case(
        world.bob_org,
        accepted_assessment(world.bob_org, caf_framework),
        state="awarded",
        procedure=procedures()["pef-eu"],
    )
    Label.objects.create(
        case=bob_case,
        organisation=world.bob_org,
        network=world.other_network,
        name={"en": "Effective CAF User"},
        awarded_on=timezone.localdate(),
        valid_until=timezone.localdate(),
        number=f"EU-{year}-0002",
    )
    assert first is not None and first.number == f"EU-{year}-0001"
    assert next_number("EU", year) == f"EU-{year}-0003"
    assert next_number("SI", year) == f"SI-{year}-0001"
    assert next_number("EU", year + 1) == f"EU-{year + 1}-0001"


def test_a_national_procedure_numbers_with_its_country(world: World, caf_framework: FrameworkVersion) -> None:
    awarded = _decide(world, reported_case(world, caf_framework, procedure="pef-si"))
    assert awarded is not None and awarded.number.startswith("SI-")
    assert awarded.valid_until == add_months(awarded.awarded_on, procedures()["pef-si"].validity_months)


def test_a_number_taken_at_the_same_moment_is_retried(
    world: World, built: ReportCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another award took the number between reading the highest and writing: the next one is used."""
    year = timezone.localdate().year
    other_org = OrganisationFactory(network=world.network)
    other_case = feedback_case(
        other_org, accepted_assessment(other_org, built.case.assessment.framework), state="awarded"
    )
    label(other_case, number=f"EU-{year}-0001")
    answers = iter([f"EU-{year}-0001", f"EU-{year}-0002"])
    monkeypatch.setattr(decision, "next_number", lambda prefix, year: next(answers))
    awarded = _decide(world, built)
    assert awarded is not None and awarded.number == f"EU-{year}-0002"
    assert Label.objects.count() == 2


def test_numbers_stay_unique_when_every_try_collides(
    world: World, built: ReportCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = timezone.localdate().year
    other_org = OrganisationFactory(network=world.network)
    other_case = feedback_case(
        other_org, accepted_assessment(other_org, built.case.assessment.framework), state="awarded"
    )
    label(other_case, number=f"EU-{year}-0001")
    monkeypatch.setattr(decision, "next_number", lambda prefix, year: f"EU-{year}-0001")
    with pytest.raises(IntegrityError):
        _decide(world, built)
    built.case.refresh_from_db()
    assert built.case.state == "reported" and Label.objects.count() == 1
