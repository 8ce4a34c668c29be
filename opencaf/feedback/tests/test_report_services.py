"""Writing and finalising the feedback report: who may, optimistic locking, what finalising requires,
and that a refusal writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import FeedbackReport
from opencaf.feedback.selectors.report import evaluate, missing_for_finalising
from opencaf.feedback.services.report import finalise_report, save_report
from opencaf.feedback.tests.builders_report import ReportCase, access, agree, findings, report_case, write
from opencaf.frameworks.models import FrameworkVersion
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member, make_coordinator


@pytest.fixture
def built(world: World, caf_framework: FrameworkVersion) -> ReportCase:
    return report_case(world, caf_framework)


def _save(user: Any, built: ReportCase, version: int = 0, **kwargs: Any) -> FeedbackReport:
    texts = kwargs.pop("findings", findings(built.case))
    return save_report(
        actor=user,
        access=access(user, built.case),
        findings=texts,
        summary=kwargs.pop("summary", "Summary"),
        expected_version=version,
    )


# --- saving ---------------------------------------------------------------------------------------------


def test_an_actor_writes_the_report_and_each_save_is_audited(built: ReportCase) -> None:
    report = _save(built.other, built)
    assert report.version == 1 and report.updated_by == built.other
    assert report.pillars["1"] == {"strengths": "Pillar 1 strengths text", "areas": "Pillar 1 areas text"}
    event = AuditEvent.objects.get(action="feedback.report_saved")
    assert event.actor == built.other and "summary" in event.changes["sections"]
    # The lead goes on from there; only what changed is recorded.
    texts = findings(built.case)
    texts["2"]["areas"] = "Different"
    report = _save(built.lead, built, version=1, findings=texts)
    assert report.version == 2
    assert AuditEvent.objects.filter(action="feedback.report_saved").latest("pk").changes["sections"] == ["2.areas"]


def test_saving_nothing_new_changes_nothing(built: ReportCase) -> None:
    _save(built.lead, built)
    report = _save(built.lead, built, version=1)
    assert report.version == 1
    assert AuditEvent.objects.filter(action="feedback.report_saved").count() == 1


def test_a_stale_save_is_refused_and_writes_nothing(built: ReportCase) -> None:
    _save(built.lead, built)  # version 1 now
    with pytest.raises(ValidationError) as refused:
        _save(built.other, built, version=0, summary="Otto's summary")
    assert refused.value.code == "stale"
    report = FeedbackReport.objects.get(case=built.case)
    assert report.summary == "Summary" and report.version == 1


@pytest.mark.parametrize("who", ["coordinator", "writer", "coordinator_and_viewer"])
def test_only_the_case_actors_write(world: World, built: ReportCase, who: str) -> None:
    if who == "coordinator":
        user = world.carol
    elif who == "writer":
        user = world.alice
    else:
        user = UserFactory()
        make_coordinator(world.network, user)
        add_member(world.alice_org, user, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        _save(user, built)
    assert not FeedbackReport.objects.exists()


def test_the_report_cannot_change_once_the_case_left_feedback(built: ReportCase) -> None:
    user_access = access(built.lead, built.case)
    built.case.state = "reported"
    built.case.save()
    with pytest.raises(ValidationError) as refused:
        save_report(actor=built.lead, access=user_access, findings={}, summary="Late", expected_version=0)
    assert refused.value.code == "state"
    assert not FeedbackReport.objects.exists()


# --- finalising --------------------------------------------------------------------------------------------


def test_finalising_needs_every_finding_and_every_agreed_score(built: ReportCase) -> None:
    agree(built.case, skip=("3.8",))
    report = write(built.case, skip=("2.areas",))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        finalise_report(actor=built.lead, access=access(built.lead, built.case), expected_version=report.version)
    message = refused.value.messages[0]
    with translation.override("en"):
        assert gettext("the areas for improvement of pillar %(number)d") % {"number": 2} in message
        assert "3.8" in message
    built.case.refresh_from_db()
    report.refresh_from_db()
    assert built.case.state == "in_feedback" and report.finalised_at is None
    assert not AuditEvent.objects.filter(action="feedback.case_report").exists()


def test_the_missing_list_names_each_part(built: ReportCase) -> None:
    definition = built.case.procedure.definition
    with translation.override("en"):
        missing = missing_for_finalising(definition, findings(built.case, skip=("1.strengths",)), {})
        assert missing[0] == gettext("the strengths of pillar %(number)d") % {"number": 1}
        assert "1.1" in missing[-1] and "3.8" in missing[-1]
    assert len(missing) == 2


def test_the_lead_finalises_and_the_coordinators_are_told(
    world: World, built: ReportCase, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    world.carol.language = "bg"
    world.carol.save()
    agree(built.case)
    report = write(built.case)
    with django_capture_on_commit_callbacks(execute=True):
        finalised = finalise_report(actor=built.lead, access=access(built.lead, built.case), expected_version=0)
    assert finalised.finalised_at is not None
    built.case.refresh_from_db()
    assert built.case.state == "reported" and built.case.reported_at is not None
    assert AuditEvent.objects.filter(action="feedback.case_report", actor=built.lead).count() == 1
    (message,) = mailoutbox
    assert message.to == [world.carol.email]
    with translation.override("bg"):
        expected = gettext("External feedback report finalised: %(organisation)s") % {
            "organisation": world.alice_org.name
        }
    assert message.subject == expected
    assert f"/external-feedback/{built.case.public_id}/decision/" in message.body
    report.refresh_from_db()
    assert report.finalised_at is not None


def test_another_actor_cannot_finalise(built: ReportCase) -> None:
    agree(built.case)
    write(built.case)
    with pytest.raises(PermissionDenied):
        finalise_report(actor=built.other, access=access(built.other, built.case), expected_version=0)
    built.case.refresh_from_db()
    assert built.case.state == "in_feedback"


def test_finalising_a_report_changed_since_it_was_read_is_refused(built: ReportCase) -> None:
    agree(built.case)
    report = write(built.case)
    report.version = 3
    report.save()
    with pytest.raises(ValidationError) as refused:
        finalise_report(actor=built.lead, access=access(built.lead, built.case), expected_version=2)
    assert refused.value.code == "stale"
    built.case.refresh_from_db()
    assert built.case.state == "in_feedback"


def test_nothing_written_cannot_be_finalised(built: ReportCase) -> None:
    agree(built.case)
    with pytest.raises(ValidationError) as refused:
        finalise_report(actor=built.lead, access=access(built.lead, built.case), expected_version=0)
    assert refused.value.code == "incomplete"


# --- evaluation against the procedure ------------------------------------------------------------------


def test_totals_thresholds_and_minimums(built: ReportCase) -> None:
    definition = built.case.procedure.definition
    codes = [str(q["code"]) for pillar in definition["pillars"] for q in pillar["questions"]]
    good = evaluate(definition, dict.fromkeys(codes, 4))
    assert good.complete and good.meets_thresholds
    assert good.totals == {1: 24, 2: 12, 3: 32} and good.maxima == {1: 30, 2: 15, 3: 40}
    low = evaluate(definition, dict.fromkeys(codes, 3))
    # pillars 1 and 2 total 27 < 28, and questions 1.1, 1.5 and 2.3 are below their minimum of 4
    assert {item.question for item in low.unmet} == {"", "1.1", "1.5", "2.3"}
    partial = evaluate(definition, {"1.1": 5})
    assert len(partial.missing) == len(codes) - 1 and not partial.complete
