"""The application's services: applying within the window (and every refusal, with nothing written), the
answers and own scores with optimistic locking, documents from the organisation's own register,
submitting (every pillar answered, the dossier frozen, the coordinators told) and withdrawing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import CaseDocument, FeedbackCase, NetworkProcedure, Procedure
from opencaf.feedback.services import application as services
from opencaf.feedback.tests.builders_application import (
    Around,
    after_commit,
    answers_for_every_pillar,
    around,
    file_evidence,
    link_evidence,
)
from opencaf.feedback.tests.factories import accepted_assessment, feedback_case, procedures, use_procedure
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.fixture
def eu(world: World) -> Procedure:
    return use_procedure(world.network, "pef-eu")


# --- applying ------------------------------------------------------------------------------------------


def test_a_writer_applies_within_the_window(world: World, caf_framework: Any, eu: Procedure) -> None:
    assessment = accepted_assessment(world.alice_org, caf_framework)
    case = services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment)
    assert (case.state, case.procedure, case.network, case.created_by) == ("draft", eu, world.network, world.alice)
    event = AuditEvent.objects.get(action="feedback.applied")
    assert event.changes == {"self_assessment": assessment.title, "procedure": "pef-eu"}
    assert event.organisation == world.alice_org


@pytest.mark.parametrize(("days_ago", "word"), [(150, "open"), (400, "closed")])
def test_outside_the_window_nothing_is_written(
    world: World, caf_framework: Any, eu: Procedure, days_ago: int, word: str
) -> None:
    assessment = accepted_assessment(
        world.alice_org, caf_framework, accepted_at=timezone.now() - timedelta(days=days_ago)
    )
    with pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment)
    assert refused.value.code == "window" and word in refused.value.messages[0]
    assert not FeedbackCase.objects.exists() and _events("feedback.applied") == 0


def test_the_window_follows_the_networks_procedure(world: World, caf_framework: Any) -> None:
    procedure = use_procedure(world.network, "pef-eu")
    procedure.definition["rules"]["window"]["opens_after_months"] = 1
    procedure.save()
    assessment = accepted_assessment(world.alice_org, caf_framework, accepted_at=timezone.now() - timedelta(days=60))
    assert services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment).procedure == procedure


def test_a_second_open_application_is_refused(world: World, caf_framework: Any, eu: Procedure) -> None:
    first = accepted_assessment(world.alice_org, caf_framework, title="First")
    second = accepted_assessment(world.alice_org, caf_framework, title="Second")
    services.apply(actor=world.alice, organisation=world.alice_org, assessment=first)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=second)
    assert refused.value.code == "open_case"
    assert FeedbackCase.objects.count() == 1 and _events("feedback.applied") == 1


def test_the_database_guards_a_second_application_made_at_the_same_time(
    world: World, caf_framework: Any, eu: Procedure, monkeypatch: pytest.MonkeyPatch
) -> None:
    feedback_case(world.alice_org, accepted_assessment(world.alice_org, caf_framework, title="First"))
    second = accepted_assessment(world.alice_org, caf_framework, title="Second")
    # Both requests saw no open case: the constraint one_open_feedback_case refuses the later one.
    real = FeedbackCase.objects.filter

    def not_seen(*args: Any, **kwargs: Any) -> Any:
        return real(*args, **kwargs).none() if "state__in" in kwargs else real(*args, **kwargs)

    monkeypatch.setattr(FeedbackCase.objects, "filter", not_seen)
    with pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=second)
    monkeypatch.undo()
    assert refused.value.code == "open_case" and refused.value.messages == [services.second_application_message()]
    assert FeedbackCase.objects.count() == 1 and _events("feedback.applied") == 0


@pytest.mark.parametrize("state", ["withdrawn", "not_awarded"])
def test_a_withdrawn_or_refused_case_does_not_stop_a_new_application(
    world: World, caf_framework: Any, eu: Procedure, state: str
) -> None:
    assessment = accepted_assessment(world.alice_org, caf_framework)
    feedback_case(world.alice_org, assessment, state=state)
    assert services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment).state == "draft"


def test_a_self_assessment_that_earned_the_label_is_not_applied_on_again(
    world: World, caf_framework: Any, eu: Procedure
) -> None:
    earned = accepted_assessment(world.alice_org, caf_framework, title="Earned")
    feedback_case(world.alice_org, earned, state="awarded")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=earned)
    assert refused.value.code == "awarded"
    with translation.override("en"):
        assert refused.value.messages == [
            gettext(
                "This self-assessment has already earned the label. You may apply again on a later self-assessment."
            )
        ]
    assert FeedbackCase.objects.count() == 1 and _events("feedback.applied") == 0
    # Another self-assessment of the organisation, whose window is open, may be applied on.
    later = accepted_assessment(world.alice_org, caf_framework, title="Later")
    assert services.apply(actor=world.alice, organisation=world.alice_org, assessment=later).assessment == later


def test_an_organisation_outside_a_network_cannot_apply(world: World, caf_framework: Any) -> None:
    procedures()
    loner = OrganisationFactory(network=None, name="Lonely Office")
    add_member(loner, world.charlie, Role.ORG_ADMIN)
    assessment = accepted_assessment(loner, caf_framework)
    with pytest.raises(ValidationError) as refused:
        services.apply(actor=world.charlie, organisation=loner, assessment=assessment)
    assert refused.value.code == "no_network" and not FeedbackCase.objects.exists()


def test_without_a_procedure_nobody_can_apply(world: World, caf_framework: Any) -> None:
    assert not Procedure.objects.exists()
    assessment = accepted_assessment(world.alice_org, caf_framework)
    with pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment)
    assert refused.value.code == "no_procedure" and not FeedbackCase.objects.exists()
    assert not NetworkProcedure.objects.exists()


def test_an_unfinished_or_unaccepted_self_assessment_is_refused(
    world: World, caf_framework: Any, eu: Procedure
) -> None:
    assessment = accepted_assessment(world.alice_org, caf_framework)
    assessment.state = "consensus"
    assessment.save()
    with pytest.raises(ValidationError) as refused:
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment)
    assert refused.value.code == "not_accepted"
    assessment.state = "finalised"
    assessment.save()
    assessment.report_acceptance.delete()
    with pytest.raises(ValidationError):
        services.apply(actor=world.alice, organisation=world.alice_org, assessment=assessment)
    assert not FeedbackCase.objects.exists()


def test_only_writers_of_the_organisation_apply(world: World, caf_framework: Any, eu: Procedure) -> None:
    assessment = accepted_assessment(world.alice_org, caf_framework)
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.MANAGER, Role.ASSESSOR)
    for person in (viewer, world.bob, world.carol):
        with pytest.raises(PermissionDenied):
            services.apply(actor=person, organisation=world.alice_org, assessment=assessment)
    with pytest.raises(PermissionDenied):  # Bob, on Alice's self-assessment through his own organisation
        services.apply(actor=world.bob, organisation=world.bob_org, assessment=assessment)
    assert not FeedbackCase.objects.exists()


# --- answers and own scores ----------------------------------------------------------------------------


@pytest.fixture
def people(world: World, caf_framework: Any) -> Around:
    return around(world, caf_framework)


def test_a_writer_saves_answers_and_own_scores(people: Around) -> None:
    case = services.save_application(
        actor=people.leader,
        case=people.case,
        answers={"1": "  We planned it.\r\nAll of it. ", "2": "", "3": "TQM"},
        own_scores={"1.1": 4, "1.2": None, "3.8": 5},
        expected_version=0,
    )
    case.refresh_from_db()
    assert case.answers == {"1": "We planned it.\nAll of it.", "3": "TQM"}
    assert case.own_scores == {"1.1": 4, "3.8": 5} and case.version == 1
    event = AuditEvent.objects.get(action="feedback.application_saved")
    assert event.changes == {"application_pillars": [1, 3], "application_scores": ["1.1", "3.8"]}
    # Saving the same again changes nothing and records nothing.
    services.save_application(
        actor=people.leader,
        case=case,
        answers={"1": "We planned it.\nAll of it.", "3": "TQM"},
        own_scores={"1.1": 4, "3.8": 5},
        expected_version=1,
    )
    case.refresh_from_db()
    assert case.version == 1 and _events("feedback.application_saved") == 1


def test_a_stale_save_is_refused_and_nothing_is_lost(people: Around) -> None:
    services.save_application(
        actor=people.leader, case=people.case, answers={"1": "Lena's"}, own_scores={}, expected_version=0
    )
    with pytest.raises(ValidationError) as refused:
        services.save_application(
            actor=people.world.alice, case=people.case, answers={"1": "Alice's"}, own_scores={}, expected_version=0
        )
    assert refused.value.code == "stale"
    people.case.refresh_from_db()
    assert people.case.answers == {"1": "Lena's"} and _events("feedback.application_saved") == 1


@pytest.mark.parametrize(
    ("answers", "scores", "code"),
    [
        ({"9": "No such pillar"}, {}, "pillar"),
        ({}, {"9.9": 3}, "question"),
        ({}, {"1.1": 6}, "score_range"),
        ({}, {"1.1": 0}, "score_range"),
        ({"1": "x" * (services.ANSWER_MAX + 1)}, {}, "too_long"),
    ],
)
def test_answers_and_scores_outside_the_procedure_are_refused(
    people: Around, answers: dict[str, str], scores: dict[str, int], code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_application(
            actor=people.leader, case=people.case, answers=answers, own_scores=scores, expected_version=0
        )
    assert refused.value.code == code
    people.case.refresh_from_db()
    assert people.case.answers == {} and people.case.own_scores == {} and people.case.version == 0


def test_only_writers_change_the_application_and_only_while_a_draft(people: Around) -> None:
    for person in (people.viewer, people.efac, people.world.carol, people.world.bob):
        with pytest.raises(PermissionDenied):
            services.save_application(
                actor=person, case=people.case, answers={"1": "x"}, own_scores={}, expected_version=0
            )
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="submitted")
    with pytest.raises(ValidationError) as refused:
        services.save_application(
            actor=people.leader, case=people.case, answers={"1": "x"}, own_scores={}, expected_version=0
        )
    assert refused.value.code == "state"
    assert FeedbackCase.objects.get(pk=people.case.pk).answers == {}


# --- documents -----------------------------------------------------------------------------------------


def test_a_writer_attaches_and_removes_the_organisations_own_evidence(people: Around) -> None:
    item = link_evidence(people.world.alice_org)
    document = services.attach_document(actor=people.leader, case=people.case, evidence=item, pillar=2)
    assert (document.case, document.pillar, document.added_by) == (people.case, 2, people.leader)
    assert AuditEvent.objects.get(action="feedback.document_attached").changes == {
        "document": item.title,
        "document_pillar": 2,
    }
    with pytest.raises(ValidationError) as refused:
        services.attach_document(actor=people.leader, case=people.case, evidence=item)
    assert refused.value.error_dict["evidence"][0].code == "attached" and CaseDocument.objects.count() == 1
    services.remove_document(actor=people.leader, case=people.case, document=document)
    assert not CaseDocument.objects.exists() and _events("feedback.document_removed") == 1


def test_documents_are_refused_from_another_register_for_no_pillar_or_after_the_draft(people: Around) -> None:
    bobs = link_evidence(people.world.bob_org, "Bob's minutes")
    with pytest.raises(PermissionDenied):
        services.attach_document(actor=people.leader, case=people.case, evidence=bobs)
    item = file_evidence(people.world.alice_org)
    with pytest.raises(ValidationError) as refused:
        services.attach_document(actor=people.leader, case=people.case, evidence=item, pillar=7)
    assert refused.value.error_dict["pillar"][0].code == "pillar"
    for person in (people.viewer, people.efac, people.world.carol):
        with pytest.raises(PermissionDenied):
            services.attach_document(actor=person, case=people.case, evidence=item)
    FeedbackCase.objects.filter(pk=people.case.pk).update(state="submitted")
    with pytest.raises(ValidationError):
        services.attach_document(actor=people.leader, case=people.case, evidence=item)
    assert not CaseDocument.objects.exists() and _events("feedback.document_attached") == 0


# --- submitting ----------------------------------------------------------------------------------------


def test_submitting_needs_every_pillar_answered_and_names_the_missing(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers={"2": "Done"})
    people.case.refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError) as refused, after_commit():
        services.submit(actor=people.leader, case=people.case)
    message = refused.value.messages[0]
    assert refused.value.code == "unanswered"
    assert (
        "pillar 1 (The process of self-assessment)" in message and "pillar 3" in message and "pillar 2" not in message
    )
    case = FeedbackCase.objects.get(pk=people.case.pk)
    assert (case.state, case.dossier, case.submitted_at) == ("draft", {}, None)
    assert django_mail.outbox == [] and _events("feedback.case_submit") == 0


def test_submitting_freezes_the_dossier_and_tells_the_coordinators_in_their_language(people: Around) -> None:
    world = people.world
    world.carol.language = "sl"
    world.carol.save()
    other = UserFactory(email="otto@example.org", language="")  # the network's language (sl in the factory)
    world.network.coordinators.add(other)
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers=answers_for_every_pillar(people.case))
    people.case.refresh_from_db()
    with after_commit():
        case = services.submit(actor=people.leader, case=people.case, expected_version=0)
    case.refresh_from_db()
    assert case.state == "submitted" and case.submitted_at is not None and case.version == 1
    assert case.dossier["assessment"]["title"] == people.assessment.title and "report" in case.dossier
    assert AuditEvent.objects.get(action="feedback.case_submit").changes == {"state": [None, "submitted"]}
    received = {message.to[0]: message for message in django_mail.outbox}
    assert set(received) == {"carol@example.org", "otto@example.org"}
    with translation.override("sl"):
        hello = gettext("Hello %(name)s,") % {"name": world.carol.full_name}
    assert hello in received["carol@example.org"].body
    assert f"/external-feedback/{case.public_id}/" in received["carol@example.org"].body
    assert world.alice_org.name in received["otto@example.org"].subject


def test_a_submission_over_a_newer_save_or_by_a_reader_is_refused(people: Around) -> None:
    FeedbackCase.objects.filter(pk=people.case.pk).update(answers=answers_for_every_pillar(people.case), version=3)
    people.case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.submit(actor=people.leader, case=people.case, expected_version=2)
    assert refused.value.code == "stale"
    for person in (people.viewer, people.efac, people.world.carol):
        with pytest.raises(PermissionDenied):
            services.submit(actor=person, case=people.case)
    assert FeedbackCase.objects.get(pk=people.case.pk).state == "draft"


# --- withdrawing ---------------------------------------------------------------------------------------


def test_a_writer_withdraws_with_reasons_and_the_coordinators_hear_of_it(world: World, caf_framework: Any) -> None:
    people = around(world, caf_framework, state="in_feedback")
    with after_commit():
        services.withdraw(actor=people.leader, case=people.case, note="  The director left. ")
    case = FeedbackCase.objects.get(pk=people.case.pk)
    assert case.state == "withdrawn"
    event = AuditEvent.objects.get(action="feedback.case_withdraw")
    assert event.changes == {"state": [None, "withdrawn"], "note": "The director left."}
    (message,) = django_mail.outbox
    assert message.to == ["carol@example.org"] and "The director left." in message.body


def test_a_draft_withdrawn_tells_nobody_and_a_reported_case_cannot_be_withdrawn(
    world: World, caf_framework: Any
) -> None:
    people = around(world, caf_framework)
    with after_commit():
        services.withdraw(actor=people.leader, case=people.case)
    assert FeedbackCase.objects.get(pk=people.case.pk).state == "withdrawn" and django_mail.outbox == []
    reported = feedback_case(world.alice_org, people.assessment, state="reported")
    with pytest.raises(ValidationError) as refused:
        services.withdraw(actor=people.leader, case=reported)
    assert refused.value.code == "state"
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=people.viewer, case=reported)
    assert FeedbackCase.objects.get(pk=reported.pk).state == "reported" and _events("feedback.case_withdraw") == 1
