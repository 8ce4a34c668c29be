"""The good-practice services: the review's states and who may take each step, what is audited, the
optimistic locking, a published practice going back to review on change, translations, attachments
and "this helped us"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.community.models import GoodPractice, HelpedMark, PracticeAudience, PracticeState, PracticeText
from opencaf.community.services import practices as services
from opencaf.community.services.practices import PracticeData, TextData
from opencaf.community.tests.practice_factories import TEXT, make_practice, member_of, neighbour
from opencaf.organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _framework(caf_framework: Any) -> None:
    """Practices are filed under the CAF 2020 subcriteria."""


def _data(**changes: Any) -> PracticeData:
    values: dict[str, Any] = {
        "text": TextData(**TEXT),
        "original_language": "en",
        "subcriteria": ("1.1", "6.2"),
        "contact_name": "Petra Contact",
        "contact_email": "petra@example.org",
        **changes,
    }
    return PracticeData(**values)


def _actions(practice: GoodPractice) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(practice.public_id)).order_by("pk").values_list("action", flat=True)
    )


def _reloaded(practice: GoodPractice) -> GoodPractice:
    return GoodPractice.objects.select_related("organisation", "network").get(pk=practice.pk)


def test_the_whole_review_is_audited(world: World) -> None:
    practice = services.create_practice(actor=world.alice, organisation=world.alice_org, data=_data())
    assert practice.state == PracticeState.DRAFT and practice.network == world.network
    assert practice.texts.get().language == "en"
    assert sorted(practice.subcriteria.values_list("code", flat=True)) == ["1.1", "6.2"]
    services.submit_practice(actor=world.alice, practice=practice, expected_version=practice.version)
    services.return_practice(actor=world.carol, practice=_reloaded(practice), comment="Add the figures of 2024.")
    practice = _reloaded(practice)
    assert practice.state == PracticeState.RETURNED and practice.review_comment == "Add the figures of 2024."
    assert practice.reviewed_by == world.carol
    services.submit_practice(actor=world.alice, practice=practice)
    services.publish_practice(actor=world.carol, practice=_reloaded(practice), audience=PracticeAudience.PUBLIC)
    practice = _reloaded(practice)
    first_published = practice.published_at
    assert practice.state == PracticeState.PUBLISHED and practice.audience == PracticeAudience.PUBLIC
    services.withdraw_practice(actor=world.alice, practice=practice)
    services.submit_practice(actor=world.alice, practice=_reloaded(practice))
    services.publish_practice(actor=world.carol, practice=_reloaded(practice), audience=PracticeAudience.NETWORK)
    practice = _reloaded(practice)
    assert practice.published_at == first_published  # the first publication date is kept
    services.withdraw_practice(actor=world.carol, practice=practice)  # a coordinator may withdraw too
    assert _actions(practice) == [
        "community.practice_created",
        "community.practice_submitted",
        "community.practice_returned",
        "community.practice_submitted",
        "community.practice_published",
        "community.practice_withdrawn",
        "community.practice_submitted",
        "community.practice_published",
        "community.practice_withdrawn",
    ]
    published = AuditEvent.objects.filter(action="community.practice_published").order_by("pk").first()
    assert published is not None and published.changes["practice_audience"] == PracticeAudience.PUBLIC
    assert _reloaded(practice).version == 8  # every step after writing it counts


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (PracticeState.DRAFT, "publish"),
        (PracticeState.DRAFT, "return"),
        (PracticeState.RETURNED, "publish"),
        (PracticeState.PUBLISHED, "submit"),
        (PracticeState.SUBMITTED, "submit"),
        (PracticeState.SUBMITTED, "withdraw"),
        (PracticeState.DRAFT, "withdraw"),
    ],
)
def test_steps_not_allowed_from_a_state_are_refused(world: World, state: str, step: str) -> None:
    practice = make_practice(world.alice_org, state=state)
    calls = {
        "publish": lambda: services.publish_practice(actor=world.carol, practice=practice, audience="network"),
        "return": lambda: services.return_practice(actor=world.carol, practice=practice, comment="No."),
        "submit": lambda: services.submit_practice(actor=world.alice, practice=practice),
        "withdraw": lambda: services.withdraw_practice(actor=world.alice, practice=practice),
    }
    with pytest.raises(ValidationError):
        calls[step]()
    assert _reloaded(practice).state == state and not _actions(practice)


def test_only_writers_and_coordinators_take_their_steps(world: World) -> None:
    viewer = member_of(world.alice_org, "viewer@example.org", Role.VIEWER)
    leader = member_of(world.alice_org, "leader@example.org", Role.CAF_LEADER)
    with pytest.raises(PermissionDenied):
        services.create_practice(actor=viewer, organisation=world.alice_org, data=_data())
    with pytest.raises(PermissionDenied):
        services.create_practice(actor=world.carol, organisation=world.alice_org, data=_data())
    practice = services.create_practice(actor=leader, organisation=world.alice_org, data=_data())
    services.submit_practice(actor=leader, practice=practice)
    for outsider in (world.alice, world.dave, viewer):  # the organisation does not review its own practice
        with pytest.raises(PermissionDenied):
            services.publish_practice(actor=outsider, practice=_reloaded(practice), audience="network")
        with pytest.raises(PermissionDenied):
            services.return_practice(actor=outsider, practice=_reloaded(practice), comment="No.")
    published = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    for outsider in (world.bob, world.dave, viewer):
        with pytest.raises(PermissionDenied):
            services.withdraw_practice(actor=outsider, practice=published)


def test_bad_input_is_refused_with_every_problem_and_nothing_written(world: World) -> None:
    data = _data(
        text=TextData(title="  ", problem="x" * 10_001, actions="", results="Fine."),
        original_language="xx",
        subcriteria=("1.1", "99.9"),
        contact_name="",
        contact_email="not an address",
        contact_phone="1" * 41,
    )
    with pytest.raises(ValidationError) as caught:
        services.create_practice(actor=world.alice, organisation=world.alice_org, data=data)
    assert set(caught.value.message_dict) == {
        "title",
        "problem",
        "actions",
        "original_language",
        "subcriteria",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
    assert not GoodPractice.objects.exists() and not AuditEvent.objects.filter(action__startswith="community.").exists()


def test_submitting_needs_a_subcriterion(world: World) -> None:
    practice = make_practice(world.alice_org, subcriteria=())
    with pytest.raises(ValidationError):
        services.submit_practice(actor=world.alice, practice=practice)
    assert _reloaded(practice).state == PracticeState.DRAFT


def test_returning_needs_a_comment(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        services.return_practice(actor=world.carol, practice=practice, comment=" \n ")
    assert "comment" in caught.value.message_dict


def test_a_stale_edit_is_refused_and_nothing_saved(world: World) -> None:
    practice = services.create_practice(actor=world.alice, organisation=world.alice_org, data=_data())
    started_from = practice.version
    services.update_practice(
        actor=world.alice, practice=practice, data=_data(contact_name="Someone Else"), expected_version=started_from
    )
    with pytest.raises(services.StalePracticeError):
        services.update_practice(
            actor=world.alice,
            practice=_reloaded(practice),
            data=_data(text=TextData(**{**TEXT, "title": "My late title"})),
            expected_version=started_from,
        )
    assert practice.texts.get().title == TEXT["title"]
    assert _reloaded(practice).contact_name == "Someone Else"


def test_a_coordinator_never_publishes_a_version_they_did_not_read(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    read_version = practice.version
    services.update_practice(actor=world.alice, practice=practice, data=_data(contact_name="Changed"))
    with pytest.raises(services.StalePracticeError):
        services.publish_practice(
            actor=world.carol, practice=_reloaded(practice), audience="public", expected_version=read_version
        )
    assert _reloaded(practice).state == PracticeState.SUBMITTED


def test_an_edit_records_what_changed_and_a_published_practice_goes_back_to_review(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    new_text = TextData(**{**TEXT, "results": "Waiting fell to 8 minutes."})
    services.update_practice(actor=world.alice, practice=practice, data=_data(text=new_text))
    practice = _reloaded(practice)
    assert practice.state == PracticeState.SUBMITTED
    event = AuditEvent.objects.get(action="community.practice_changed")
    assert event.changes["practice_texts"] == ["en:results"]
    assert event.changes["practice_state"] == {"before": "published", "after": "submitted"}
    assert event.changes["practice_subcriteria"] == {"before": ["1.1"], "after": ["1.1", "6.2"]}


def test_an_edit_that_changes_nothing_writes_nothing(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED, subcriteria=("1.1", "6.2"))
    services.update_practice(actor=world.alice, practice=practice, data=_data())
    assert _reloaded(practice).state == PracticeState.PUBLISHED and not _actions(practice)


def test_the_original_language_moves_unless_a_translation_is_in_it(world: World) -> None:
    practice = make_practice(world.alice_org, translations={"bg": {**TEXT, "title": "Гише без опашки"}})
    with pytest.raises(ValidationError) as caught:
        services.update_practice(actor=world.alice, practice=practice, data=_data(original_language="bg"))
    assert "original_language" in caught.value.message_dict
    services.update_practice(actor=world.alice, practice=_reloaded(practice), data=_data(original_language="sl"))
    practice = _reloaded(practice)
    assert practice.original_language == "sl"
    assert sorted(practice.texts.values_list("language", flat=True)) == ["bg", "sl"]


def test_translations_by_the_organisation_and_by_a_coordinator(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    slovenian = TextData(**{**TEXT, "title": "Okence brez vrst"})
    services.save_translation(actor=world.carol, practice=practice, language="sl", text=slovenian)
    practice = _reloaded(practice)
    assert practice.state == PracticeState.PUBLISHED  # the reviewer's own translation stays published
    assert practice.texts.get(language="sl").title == "Okence brez vrst"
    services.save_translation(
        actor=world.alice, practice=practice, language="bg", text=TextData(**{**TEXT, "title": "Гише"})
    )
    practice = _reloaded(practice)
    assert practice.state == PracticeState.SUBMITTED  # the organisation's change is reviewed first
    event = AuditEvent.objects.filter(action="community.practice_translation_saved").order_by("pk").last()
    assert event is not None and event.changes["practice_language"] == "bg"
    with pytest.raises(ValidationError):
        services.save_translation(actor=world.alice, practice=practice, language="en", text=slovenian)
    with pytest.raises(ValidationError):
        services.save_translation(actor=world.alice, practice=practice, language="de", text=slovenian)
    with pytest.raises(PermissionDenied):
        services.save_translation(actor=world.dave, practice=practice, language="sl", text=slovenian)


def test_a_coordinator_does_not_translate_a_draft(world: World) -> None:
    practice = make_practice(world.alice_org)
    with pytest.raises(ValidationError):
        services.save_translation(actor=world.carol, practice=practice, language="sl", text=TextData(**TEXT))
    assert not PracticeText.objects.filter(language="sl").exists()


def test_a_stale_translation_is_refused(world: World) -> None:
    practice = make_practice(world.alice_org)
    old = practice.version
    services.save_translation(actor=world.alice, practice=practice, language="sl", text=TextData(**TEXT))
    with pytest.raises(services.StalePracticeError):
        services.save_translation(
            actor=world.alice, practice=_reloaded(practice), language="bg", text=TextData(**TEXT), expected_version=old
        )


def _upload(name: str = "figures.pdf", content: bytes = b"%PDF-1.7 results") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_attachments_follow_the_evidence_rules(world: World) -> None:
    practice = make_practice(world.alice_org)
    attachment = services.add_attachment(actor=world.alice, practice=practice, upload=_upload())
    assert attachment.name == "figures.pdf" and attachment.size == len(b"%PDF-1.7 results")
    assert "figures" not in str(attachment.file.name)  # stored under a random name
    for (upload,) in [(_upload("run.exe", b"MZ"),), (_upload("fake.pdf", b"<html>"),), (_upload("empty.pdf", b""),)]:
        with pytest.raises(ValidationError) as caught:
            services.add_attachment(actor=world.alice, practice=practice, upload=upload)
        assert "file" in caught.value.message_dict
    assert practice.attachments.count() == 1
    viewer = member_of(world.alice_org, "viewer@example.org")
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=viewer, practice=practice, upload=_upload())


def test_attachments_have_a_limit(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_ATTACHMENTS", 1)
    practice = make_practice(world.alice_org)
    services.add_attachment(actor=world.alice, practice=practice, upload=_upload())
    with pytest.raises(ValidationError):
        services.add_attachment(actor=world.alice, practice=practice, upload=_upload("second.pdf"))


def test_attaching_to_or_removing_from_a_published_practice_goes_back_to_review(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    attachment = services.add_attachment(actor=world.alice, practice=practice, upload=_upload())
    assert _reloaded(practice).state == PracticeState.SUBMITTED
    services.publish_practice(actor=world.carol, practice=_reloaded(practice), audience="network")
    attachment.refresh_from_db()
    services.remove_attachment(actor=world.alice, attachment=attachment)
    assert _reloaded(practice).state == PracticeState.SUBMITTED and not practice.attachments.exists()
    assert "community.practice_attachment_removed" in _actions(practice)


def test_this_helped_us_once_per_other_organisation_of_the_network(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED)
    other_org, nina = neighbour(world.network)
    services.mark_helped(actor=nina, practice=practice, organisation=other_org)
    with pytest.raises(ValidationError):
        services.mark_helped(actor=nina, practice=practice, organisation=other_org)
    colleague = member_of(other_org, "colleague@example.org")
    with pytest.raises(ValidationError):
        services.mark_helped(actor=colleague, practice=practice, organisation=other_org)
    assert HelpedMark.objects.filter(practice=practice).count() == 1
    services.unmark_helped(actor=colleague, practice=practice, organisation=other_org)  # the organisation's mark
    assert not HelpedMark.objects.exists()
    with pytest.raises(ValidationError):
        services.unmark_helped(actor=colleague, practice=practice, organisation=other_org)
    event = AuditEvent.objects.get(action="community.practice_helped_marked")
    assert event.organisation == other_org and event.changes == {"practice_helped_by": other_org.name}


def test_this_helped_us_is_not_for_the_own_organisation_nor_other_networks_nor_unpublished(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.PUBLISHED, audience="public")
    with pytest.raises(PermissionDenied):
        services.mark_helped(actor=world.alice, practice=practice, organisation=world.alice_org)
    with pytest.raises(PermissionDenied):
        services.mark_helped(actor=world.bob, practice=practice, organisation=world.bob_org)
    other_org, nina = neighbour(world.network)
    with pytest.raises(PermissionDenied):  # not a member of the organisation she names
        services.mark_helped(actor=world.alice, practice=practice, organisation=other_org)
    draft = make_practice(world.alice_org)
    with pytest.raises(ValidationError):
        services.mark_helped(actor=nina, practice=draft, organisation=other_org)
    assert not HelpedMark.objects.exists()


def test_audit_events_are_written_in_the_same_transaction(world: World) -> None:
    practice = make_practice(world.alice_org, state=PracticeState.SUBMITTED)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.publish_practice(actor=world.carol, practice=practice, audience="network")
        raise RuntimeError("roll back")
    assert _reloaded(practice).state == PracticeState.SUBMITTED and not _actions(practice)


def test_the_audit_logs_describe_every_step(world: World) -> None:
    practice = services.create_practice(actor=world.alice, organisation=world.alice_org, data=_data())
    services.save_translation(actor=world.alice, practice=practice, language="sl", text=TextData(**TEXT))
    services.update_practice(actor=world.alice, practice=_reloaded(practice), data=_data(subcriteria=("1.1",)))
    services.add_attachment(actor=world.alice, practice=_reloaded(practice), upload=_upload())
    services.submit_practice(actor=world.alice, practice=_reloaded(practice))
    services.return_practice(actor=world.carol, practice=_reloaded(practice), comment="More figures.")
    services.submit_practice(actor=world.alice, practice=_reloaded(practice))
    services.publish_practice(actor=world.carol, practice=_reloaded(practice), audience="public")
    other_org, nina = neighbour(world.network)
    services.mark_helped(actor=nina, practice=_reloaded(practice), organisation=other_org)
    services.withdraw_practice(actor=world.alice, practice=_reloaded(practice))
    org_log = client_for(world.alice).get(reverse("organisations:audit", args=[world.alice_org.public_id]))
    network_log = client_for(world.carol).get(reverse("organisations:network_audit", args=[world.network.public_id]))
    assert org_log.status_code == 200 and network_log.status_code == 200
    assert "More figures." in network_log.content.decode()
