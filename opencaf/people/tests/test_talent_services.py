"""Key positions and successors (services/talent.py): who may change them, what is refused with a clear
message and nothing written, and what the audit log keeps (names and readiness, not the texts)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import describe_changes
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.access import PeopleAccess, access_in
from opencaf.people.models import KeyPosition, Successor
from opencaf.people.services import talent as services
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass
class Team:
    hr: Membership
    top: Membership
    plain: Membership
    holder: Membership
    heir: Membership


@pytest.fixture
def team(world: World) -> Team:
    org = world.alice_org
    return Team(
        hr=f.member(org, "hr@example.org", Role.HR, name="Hana HR"),
        top=f.member(org, "top@example.org", Role.MANAGER, name="Tom Top"),
        plain=f.member(org, "plain@example.org", name="Paul Plain"),
        holder=f.member(org, "holder@example.org", name="Helga Holder"),
        heir=f.member(org, "heir@example.org", name="Hugo Heir"),
    )


def _access(membership: Membership) -> PeopleAccess:
    access = access_in(membership.user, membership.organisation)
    assert access is not None
    return access


def _input(**changes: object) -> services.PositionInput:
    values: dict[str, object] = {"title": "Head of finance", "risk_of_loss": "high", "impact": "high"}
    values.update(changes)
    return services.PositionInput(**values)  # type: ignore[arg-type]


def _messages(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


@pytest.mark.parametrize("who", ["hr", "top"])
def test_hr_and_top_management_add_a_key_position_audited(team: Team, who: str) -> None:
    actor = getattr(team, who)
    position = services.create_key_position(
        actor=actor.user, access=_access(actor), data=_input(unit=" Finance ", holder=team.holder, note="Private.")
    )
    assert (position.title, position.unit, position.holder) == ("Head of finance", "Finance", team.holder)
    event = AuditEvent.objects.get(action="people.key_position_created")
    assert event.actor == actor.user and event.organisation == team.hr.organisation
    assert event.object_id == str(position.public_id)
    assert event.changes["holder"] == "Helga Holder" and event.changes["note_changed"] is True
    assert "Private." not in str(event.changes)
    assert describe_changes(event.action, event.changes)  # every field has words in the log


def test_a_member_without_the_role_cannot_change_the_plan(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.create_key_position(actor=team.plain.user, access=_access(team.plain), data=_input())
    position = f.key_position(team.hr.organisation)
    with pytest.raises(PermissionDenied):
        services.add_successor(
            actor=team.plain.user, access=_access(team.plain), position=position, membership=team.heir, readiness="now"
        )
    assert not Successor.objects.exists() and not AuditEvent.objects.exists()


def test_an_access_object_is_not_lent_to_another_person(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.create_key_position(actor=team.plain.user, access=_access(team.hr), data=_input())


def test_a_position_of_another_organisation_is_refused(world: World, team: Team) -> None:
    elsewhere = f.key_position(world.bob_org)
    with pytest.raises(PermissionDenied):
        services.change_key_position(actor=team.hr.user, access=_access(team.hr), position=elsewhere, data=_input())
    with pytest.raises(PermissionDenied):
        services.remove_key_position(actor=team.hr.user, access=_access(team.hr), position=elsewhere)
    assert KeyPosition.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"unit": "u" * 121}, "unit"),
        ({"risk_of_loss": "extreme"}, "risk_of_loss"),
        ({"impact": ""}, "impact"),
        ({"note": "n" * (services.TEXT_LENGTH + 1)}, "note"),
    ],
)
def test_bad_position_input_is_refused_beside_its_field(team: Team, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_key_position(actor=team.hr.user, access=_access(team.hr), data=_input(**changes))
    assert _messages(caught.value, field)
    assert not KeyPosition.objects.exists() and not AuditEvent.objects.exists()


def test_a_holder_from_another_organisation_is_refused(world: World, team: Team) -> None:
    stranger = f.member(world.bob_org, "stranger@example.org")
    with pytest.raises(ValidationError) as caught:
        services.create_key_position(actor=team.hr.user, access=_access(team.hr), data=_input(holder=stranger))
    assert "holder" in caught.value.message_dict
    assert not KeyPosition.objects.exists()


def test_a_change_records_what_changed_before_and_after(team: Team) -> None:
    position = f.key_position(team.hr.organisation, holder=team.holder)
    services.change_key_position(
        actor=team.hr.user,
        access=_access(team.hr),
        position=position,
        data=_input(title="Head of budget", holder=None, impact="medium", note="Reorganised."),
    )
    position.refresh_from_db()
    assert (position.title, position.holder, position.impact, position.note) == (
        "Head of budget",
        None,
        "medium",
        "Reorganised.",
    )
    event = AuditEvent.objects.get(action="people.key_position_changed")
    assert event.changes == {
        "position_title": {"before": "Head of finance", "after": "Head of budget"},
        "impact": {"before": "high", "after": "medium"},
        "holder": {"before": "Helga Holder", "after": None},
        "note_changed": True,
    }


def test_saving_without_a_change_records_nothing(team: Team) -> None:
    position = f.key_position(team.hr.organisation)
    services.change_key_position(actor=team.hr.user, access=_access(team.hr), position=position, data=_input())
    assert not AuditEvent.objects.exists()


def test_a_successor_cannot_become_the_holder(team: Team) -> None:
    position = f.key_position(team.hr.organisation)
    f.successor(position, team.heir)
    with pytest.raises(ValidationError) as caught:
        services.change_key_position(
            actor=team.hr.user, access=_access(team.hr), position=position, data=_input(holder=team.heir)
        )
    assert "Hugo Heir" in _messages(caught.value, "holder")
    position.refresh_from_db()
    assert position.holder is None


def test_adding_changing_and_removing_a_successor_is_audited_without_the_development_text(team: Team) -> None:
    position = f.key_position(team.hr.organisation, holder=team.holder)
    access = _access(team.top)
    successor = services.add_successor(
        actor=team.top.user,
        access=access,
        position=position,
        membership=team.heir,
        readiness="1-2",
        development=" Mentoring by the holder. ",
    )
    assert (successor.readiness, successor.development) == ("1-2", "Mentoring by the holder.")
    services.change_successor(actor=team.top.user, access=access, successor=successor, readiness="now", development="")
    successor.refresh_from_db()
    assert (successor.readiness, successor.development) == ("now", "")
    services.remove_successor(actor=team.top.user, access=access, successor=successor)
    assert not Successor.objects.exists()
    events = list(AuditEvent.objects.order_by("pk"))
    assert [event.action for event in events] == [
        "people.successor_added",
        "people.successor_changed",
        "people.successor_removed",
    ]
    assert all(event.object_id == str(position.public_id) for event in events)
    assert events[0].changes == {"successor": "Hugo Heir", "readiness": "1-2", "development_changed": True}
    assert events[1].changes == {
        "successor": "Hugo Heir",
        "readiness": {"before": "1-2", "after": "now"},
        "development_changed": True,
    }
    assert "Mentoring" not in str([event.changes for event in events])


def test_the_holder_cannot_be_their_own_successor(team: Team) -> None:
    position = f.key_position(team.hr.organisation, holder=team.holder)
    with pytest.raises(ValidationError) as caught:
        services.add_successor(
            actor=team.hr.user, access=_access(team.hr), position=position, membership=team.holder, readiness="now"
        )
    assert "Helga Holder" in _messages(caught.value, "membership")
    assert not Successor.objects.exists() and not AuditEvent.objects.exists()


def test_a_successor_is_named_once(team: Team) -> None:
    position = f.key_position(team.hr.organisation)
    f.successor(position, team.heir)
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        services.add_successor(
            actor=team.hr.user, access=_access(team.hr), position=position, membership=team.heir, readiness="now"
        )
    assert "Hugo Heir" in _messages(caught.value, "membership")
    assert Successor.objects.get().readiness == "1-2"


def test_a_successor_from_another_organisation_is_refused(world: World, team: Team) -> None:
    position = f.key_position(team.hr.organisation)
    stranger = f.member(world.bob_org, "stranger@example.org")
    with pytest.raises(ValidationError) as caught:
        services.add_successor(
            actor=team.hr.user, access=_access(team.hr), position=position, membership=stranger, readiness="now"
        )
    assert _messages(caught.value, "membership")
    assert not Successor.objects.exists()


@pytest.mark.parametrize(("readiness", "development"), [("soon", ""), ("now", "d" * (services.TEXT_LENGTH + 1))])
def test_bad_successor_input_is_refused(team: Team, readiness: str, development: str) -> None:
    position = f.key_position(team.hr.organisation)
    with pytest.raises(ValidationError):
        services.add_successor(
            actor=team.hr.user,
            access=_access(team.hr),
            position=position,
            membership=team.heir,
            readiness=readiness,
            development=development,
        )
    assert not Successor.objects.exists()


def test_removing_a_key_position_removes_its_successors_and_names_them_in_the_log(team: Team) -> None:
    position = f.key_position(team.hr.organisation, holder=team.holder)
    f.successor(position, team.heir)
    f.successor(position, team.plain, "3+")
    services.remove_key_position(actor=team.hr.user, access=_access(team.hr), position=position)
    assert not KeyPosition.objects.exists() and not Successor.objects.exists()
    event = AuditEvent.objects.get(action="people.key_position_removed")
    assert event.changes["successors_removed"] == ["Hugo Heir", "Paul Plain"]
    assert event.changes["holder"] == "Helga Holder"
