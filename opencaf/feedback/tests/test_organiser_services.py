"""services/organiser.py: accepting and returning an application, assigning and removing external
feedback actors, scheduling the visit. Each refuses what it must with a clear message and writes
nothing then; each records an audit event; the e-mails go to the right people in their language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import ActorScore, CaseActor, ExternalActor
from opencaf.feedback.services import organiser as services
from opencaf.feedback.tests.builders_organiser import (
    CONFLICT,
    NO_CONFLICT,
    PENDING,
    Scene,
    after_commit,
    by_recipient,
    scene,
)
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world: World, caf_framework: Any) -> Scene:
    return scene(world, caf_framework, state="submitted")


@pytest.fixture
def in_feedback(world: World, caf_framework: Any) -> Scene:
    return scene(world, caf_framework, state="in_feedback")


def _greeting(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


# --- accept and return ----------------------------------------------------------------------------


def test_the_coordinator_accepts_a_submitted_application(submitted: Scene) -> None:
    w = submitted.world
    services.accept_case(actor=w.carol, case=submitted.case, expected_version=0)
    case = submitted.refresh()
    assert case.state == "in_feedback" and case.accepted_at is not None and case.version == 1
    assert AuditEvent.objects.filter(action="feedback.case_accept", object_id=str(case.public_id)).exists()


def test_accepting_a_version_someone_changed_since_is_refused(submitted: Scene) -> None:
    submitted.case.version = 3
    submitted.case.save()
    with pytest.raises(ValidationError) as error:
        services.accept_case(actor=submitted.world.carol, case=submitted.case, expected_version=2)
    assert error.value.code == "stale"
    assert submitted.refresh().state == "submitted"


@pytest.mark.parametrize("who", ["alice", "dave", "bob"])
def test_only_the_coordinators_of_the_network_accept(submitted: Scene, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.accept_case(actor=getattr(submitted.world, who), case=submitted.case)
    assert submitted.refresh().state == "submitted"
    assert not AuditEvent.objects.filter(action="feedback.case_accept").exists()


def test_an_actor_of_the_case_does_not_organise_it(in_feedback: Scene) -> None:
    in_feedback.assign(declaration=NO_CONFLICT)
    with pytest.raises(PermissionDenied):
        services.schedule_visit(
            actor=in_feedback.efac,
            case=in_feedback.case,
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
            place="Here",
        )


@pytest.mark.parametrize("state", ["draft", "in_feedback", "reported"])
def test_only_a_submitted_application_is_accepted(world: World, caf_framework: Any, state: str) -> None:
    s = scene(world, caf_framework, state=state)
    with pytest.raises(ValidationError) as error:
        services.accept_case(actor=world.carol, case=s.case)
    assert error.value.code == "state"
    assert s.refresh().state == state


def test_a_closed_case_is_not_organised(world: World, caf_framework: Any) -> None:
    s = scene(world, caf_framework, state="withdrawn")
    with pytest.raises(PermissionDenied):
        services.accept_case(actor=world.carol, case=s.case)


def test_returning_needs_reasons_and_tells_the_writers_in_their_language(submitted: Scene) -> None:
    w = submitted.world
    with pytest.raises(ValidationError) as error:
        services.return_case(actor=w.carol, case=submitted.case, reason="   ")
    assert "reason" in error.value.error_dict
    assert submitted.refresh().state == "submitted"

    with after_commit():
        services.return_case(actor=w.carol, case=submitted.case, reason="Add the improvement plan.", expected_version=0)
    case = submitted.refresh()
    assert case.state == "draft" and case.return_reason == "Add the improvement plan." and case.version == 1
    event = AuditEvent.objects.get(action="feedback.case_return")
    assert event.changes["note"] == "Add the improvement plan."
    mails = by_recipient()
    # The writers (administrator in English, CAF leader in Slovenian); not the viewer nor the coordinator.
    assert set(mails) == {w.alice.email, submitted.leader.email}
    assert _greeting("sl", "Lena Leader") in mails[submitted.leader.email].body
    assert _greeting("en", "Alice Adams") in mails[w.alice.email].body
    assert "Add the improvement plan." in mails[w.alice.email].body
    assert f"/external-feedback/{case.public_id}/" in mails[w.alice.email].body


def test_a_refused_return_sends_nothing(world: World, caf_framework: Any) -> None:
    s = scene(world, caf_framework, state="in_feedback")
    with after_commit(), pytest.raises(ValidationError):
        services.return_case(actor=world.carol, case=s.case, reason="More, please.")
    assert s.refresh().return_reason == "" and s.case.state == "in_feedback"
    assert django_mail.outbox == []


# --- assigning actors -----------------------------------------------------------------------------


def test_assigning_an_actor_asks_them_to_declare_in_their_language(in_feedback: Scene) -> None:
    w = in_feedback.world
    with after_commit():
        assignment = services.assign_actor(
            actor=w.carol, case=in_feedback.case, external_actor=in_feedback.actor, lead=True
        )
    assert assignment.lead and assignment.declaration == PENDING and assignment.assigned_by == w.carol
    event = AuditEvent.objects.get(action="feedback.actor_assigned")
    assert event.organisation is None and event.network == w.network  # not in the organisation's log
    assert event.changes == {"external_actor": "Erin External", "lead": True}
    (message,) = django_mail.outbox
    assert message.to == [in_feedback.efac.email]
    assert _greeting("bg", "Erin External") in message.body
    assert f"/external-feedback/{in_feedback.case.public_id}/declaration/" in message.body


def test_assignment_waits_for_the_application_to_be_accepted(submitted: Scene) -> None:
    with pytest.raises(ValidationError) as error:
        services.assign_actor(actor=submitted.world.carol, case=submitted.case, external_actor=submitted.actor)
    assert error.value.code == "state"
    assert not CaseActor.objects.exists()


def test_an_actor_of_another_network_or_deactivated_is_refused(in_feedback: Scene) -> None:
    carol = in_feedback.world.carol
    with pytest.raises(ValidationError) as error:
        services.assign_actor(actor=carol, case=in_feedback.case, external_actor=in_feedback.stranger_actor)
    assert "external_actor" in error.value.error_dict
    ExternalActor.objects.filter(pk=in_feedback.actor.pk).update(active=False)
    with pytest.raises(ValidationError) as error:
        services.assign_actor(actor=carol, case=in_feedback.case, external_actor=in_feedback.actor)
    assert "external_actor" in error.value.error_dict
    assert not CaseActor.objects.exists()


def test_an_actor_already_assigned_or_with_a_conflict_is_refused_with_the_reason(in_feedback: Scene) -> None:
    carol = in_feedback.world.carol
    in_feedback.assign(declaration=PENDING)
    in_feedback.assign(in_feedback.actor2, declaration=CONFLICT)
    with pytest.raises(ValidationError) as already:
        services.assign_actor(actor=carol, case=in_feedback.case, external_actor=in_feedback.actor)
    with pytest.raises(ValidationError) as conflicted:
        services.assign_actor(actor=carol, case=in_feedback.case, external_actor=in_feedback.actor2)
    with translation.override("en"):
        assert "already assigned" in str(already.value.error_dict["external_actor"][0].message)
        assert "conflict of interest" in str(conflicted.value.error_dict["external_actor"][0].message)
    assert CaseActor.objects.count() == 2


def test_a_member_of_the_organisation_cannot_be_its_actor(in_feedback: Scene) -> None:
    add_member(in_feedback.world.alice_org, in_feedback.efac, Role.VIEWER)
    with pytest.raises(ValidationError) as error:
        services.assign_actor(actor=in_feedback.world.carol, case=in_feedback.case, external_actor=in_feedback.actor)
    assert "external_actor" in error.value.error_dict


def test_a_second_lead_is_refused(in_feedback: Scene) -> None:
    in_feedback.assign(lead=True)
    with after_commit(), pytest.raises(ValidationError) as error:
        services.assign_actor(
            actor=in_feedback.world.carol, case=in_feedback.case, external_actor=in_feedback.actor2, lead=True
        )
    assert "lead" in error.value.error_dict
    assert CaseActor.objects.count() == 1 and django_mail.outbox == []


def test_a_lead_assigned_in_the_meantime_gives_the_same_clear_message(
    in_feedback: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database's one-lead constraint, met when two coordinators assign a lead at the same time."""

    def racing_create(**kwargs: Any) -> CaseActor:
        raise IntegrityError("UNIQUE constraint failed: one_lead_actor_per_case")

    monkeypatch.setattr(CaseActor.objects, "create", racing_create)
    with pytest.raises(ValidationError) as error:
        services.assign_actor(
            actor=in_feedback.world.carol, case=in_feedback.case, external_actor=in_feedback.actor, lead=True
        )
    assert "lead" in error.value.error_dict
    assert not AuditEvent.objects.filter(action="feedback.actor_assigned").exists()


def test_more_actors_than_usual_are_allowed(in_feedback: Scene, world: World) -> None:
    from opencaf.feedback.tests.builders_organiser import person
    from opencaf.feedback.tests.factories import external_actor

    usual = in_feedback.case.procedure.actors_per_case
    extra = [external_actor(world.network, person(f"x{n}@example.org", f"X {n}")) for n in range(usual)]
    for actor in [in_feedback.actor, *extra]:
        services.assign_actor(actor=world.carol, case=in_feedback.case, external_actor=actor)
    assert services.counted_actors(in_feedback.case) == usual + 1


# --- removing actors ------------------------------------------------------------------------------


def test_an_actor_who_has_not_scored_is_removed(in_feedback: Scene) -> None:
    assignment = in_feedback.assign(lead=True)
    services.unassign_actor(actor=in_feedback.world.carol, case=in_feedback.case, assignment=assignment)
    assert not CaseActor.objects.exists()
    event = AuditEvent.objects.get(action="feedback.actor_unassigned")
    assert event.changes == {"external_actor": "Erin External", "lead": True}


def test_an_actor_who_scored_is_not_removed(in_feedback: Scene) -> None:
    assignment = in_feedback.assign()
    ActorScore.objects.create(case_actor=assignment, question="1.1", score=3)
    with pytest.raises(ValidationError) as error:
        services.unassign_actor(actor=in_feedback.world.carol, case=in_feedback.case, assignment=assignment)
    assert error.value.code == "scored"
    assert CaseActor.objects.filter(pk=assignment.pk).exists()
    assert ActorScore.objects.count() == 1


def test_a_declared_conflict_stays_on_record(in_feedback: Scene) -> None:
    assignment = in_feedback.assign(declaration=CONFLICT)
    with pytest.raises(ValidationError) as error:
        services.unassign_actor(actor=in_feedback.world.carol, case=in_feedback.case, assignment=assignment)
    assert error.value.code == "conflict"
    assert CaseActor.objects.filter(pk=assignment.pk).exists()


def test_only_the_coordinators_remove_actors(in_feedback: Scene) -> None:
    assignment = in_feedback.assign()
    for user in (in_feedback.world.alice, in_feedback.world.dave, in_feedback.efac):
        with pytest.raises(PermissionDenied):
            services.unassign_actor(actor=user, case=in_feedback.case, assignment=assignment)
    assert CaseActor.objects.filter(pk=assignment.pk).exists()


# --- the visit ------------------------------------------------------------------------------------


def _visit(s: Scene, **changes: Any) -> bool:
    starts = timezone.make_aware(timezone.datetime(2031, 3, 4, 9, 0))
    values: dict[str, Any] = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=6),
        "place": "Town hall, room 3",
        "agenda": "09:00 Welcome\n10:00 Self-assessment group",
        **changes,
    }
    return services.schedule_visit(actor=s.world.carol, case=s.case, **values)


def test_the_visit_is_scheduled_and_told_to_the_actors_and_the_writers(in_feedback: Scene) -> None:
    w = in_feedback.world
    in_feedback.assign(lead=True, declaration=NO_CONFLICT)
    in_feedback.assign(in_feedback.actor2, declaration=PENDING)
    conflicted = in_feedback.assign(in_feedback.stranger_actor, declaration=CONFLICT)  # not told
    assert conflicted.declaration == CONFLICT
    with after_commit():
        assert _visit(in_feedback, expected_version=0)
    case = in_feedback.refresh()
    assert case.visit_place == "Town hall, room 3" and case.version == 1
    assert case.visit_ends_at - case.visit_starts_at == timedelta(hours=6)
    event = AuditEvent.objects.get(action="feedback.visit_scheduled")
    assert set(event.changes) == {"visit_starts_at", "visit_ends_at", "visit_place", "visit_agenda"}
    assert event.organisation == w.alice_org
    mails = by_recipient()
    assert set(mails) == {w.alice.email, in_feedback.leader.email, in_feedback.efac.email, in_feedback.efac2.email}
    # The date in each recipient's language and format: Slovenian for the CAF leader, English for Alice.
    starts = timezone.localtime(case.visit_starts_at)
    for email, language in ((in_feedback.leader.email, "sl"), (w.alice.email, "en"), (in_feedback.efac.email, "bg")):
        with translation.override(language):
            assert formats.date_format(starts, "DATETIME_FORMAT") in mails[email].body
    assert "marca" in mails[in_feedback.leader.email].body and "March" in mails[w.alice.email].body
    assert "10:00 Self-assessment group" in mails[in_feedback.efac.email].body


def test_changing_the_visit_tells_everyone_again_and_nothing_when_nothing_changed(in_feedback: Scene) -> None:
    in_feedback.assign(lead=True, declaration=NO_CONFLICT)
    with after_commit():
        _visit(in_feedback)
    first = len(django_mail.outbox)
    with after_commit():
        assert _visit(in_feedback, place="Online") is True
    assert len(django_mail.outbox) == 2 * first
    # Each in its reader's language: the English reader's subject says the visit changed.
    assert any(mail.subject.endswith(" changed") for mail in django_mail.outbox[first:])
    with after_commit():
        assert _visit(in_feedback, place="Online") is False
    assert len(django_mail.outbox) == 2 * first
    assert AuditEvent.objects.filter(action="feedback.visit_scheduled").count() == 2


def test_a_visit_that_ends_before_it_starts_is_refused(in_feedback: Scene) -> None:
    starts = timezone.now() + timedelta(days=10)
    with pytest.raises(ValidationError) as error:
        _visit(in_feedback, starts_at=starts, ends_at=starts)
    assert "ends_at" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _visit(in_feedback, place=" ")
    assert "place" in error.value.error_dict
    assert in_feedback.refresh().visit_starts_at is None


def test_a_visit_waits_for_the_application_to_be_accepted(submitted: Scene) -> None:
    with pytest.raises(ValidationError) as error:
        _visit(submitted)
    assert error.value.code == "state"
    assert submitted.refresh().visit_starts_at is None
