from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import translation

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.audit.services import AuditOutsideTransactionError, record_event


def test_events_are_written_in_the_callers_transaction(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event("organisation.created", actor=world.carol, obj=world.alice_org, organisation=world.alice_org)
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="organisation.created").exists()


def test_event_records_actor_object_and_network(world: World) -> None:
    with transaction.atomic():
        event = record_event(
            "organisation.created", actor=world.carol, obj=world.alice_org, organisation=world.alice_org
        )
    assert event.actor_label == "carol@example.org"
    assert event.network == world.network
    assert event.object_type == "organisations.organisation"
    assert event.object_id == str(world.alice_org.public_id)


def test_unknown_actions_are_refused(world: World) -> None:
    with pytest.raises(ValueError, match=r"'organisation.teleported'.*audit_vocabulary.py"), transaction.atomic():
        record_event("organisation.teleported", actor=world.carol)
    assert not AuditEvent.objects.filter(action="organisation.teleported").exists()


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused(world: World) -> None:
    with pytest.raises(AuditOutsideTransactionError):
        record_event("organisation.created", actor=world.carol, obj=world.alice_org)


def test_changes_are_described_in_the_readers_language() -> None:
    changes = {"roles": {"before": ["viewer"], "after": ["assessor", "caf_leader"]}, "count": 3}
    with translation.override("en"):
        assert (
            describe_changes("membership.roles_changed", changes) == "Roles: Viewer → Assessor, CAF leader; Number: 3"
        )
    with translation.override("sl"):
        described = describe_changes("membership.roles_changed", {"staff_level": {"before": "", "after": "front_line"}})
    assert described.startswith("Raven") and "—" in described
