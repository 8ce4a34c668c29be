"""services/actors.py: the network's external feedback actors (adding one by e-mail address, with a new
account and a link to set its password when needed; changing one) and an actor's declaration of
interests on a case (once; a conflict takes them out of the case and tells the coordinators)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.feedback.access import access_for
from opencaf.feedback.models import CaseActor, ExternalActor
from opencaf.feedback.services import actors as services
from opencaf.feedback.tests.builders_organiser import (
    CONFLICT,
    NO_CONFLICT,
    PENDING,
    Scene,
    after_commit,
    by_recipient,
    person,
    scene,
)

pytestmark = pytest.mark.django_db


def _greeting(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


# --- adding an actor ------------------------------------------------------------------------------


def test_a_new_person_gets_an_account_and_a_link_to_set_a_password(world: World) -> None:
    with after_commit():
        added = services.add_actor(
            actor=world.carol,
            network=world.network,
            email=" Nina.New@Example.org ",
            full_name="Nina New",
            qualification="EFAC training, EIPA 2024",
        )
    user = User.objects.get(email="nina.new@example.org")
    assert added.account_created and added.external_actor.user == user
    assert added.external_actor.qualification == "EFAC training, EIPA 2024" and added.external_actor.active
    assert added.external_actor.added_by == world.carol
    assert not user.has_usable_password()
    assert user.language == world.network.default_language == "sl"
    assert EmailAddress.objects.filter(user=user, email=user.email, primary=True).exists()
    event = AuditEvent.objects.get(action="feedback.actor_added")
    assert event.network == world.network and event.organisation is None
    assert event.changes == {"email": user.email, "qualification": "EFAC training, EIPA 2024", "account_created": True}
    (message,) = django_mail.outbox
    assert message.to == [user.email]
    assert _greeting("sl", "Nina New") in message.body and world.network.name in message.body
    link = re.search(r"http\S+/accounts/password/reset/key/(\w+)-(\S+)/", message.body)
    assert link is not None, message.body
    assert default_token_generator.check_token(user, link.group(2))


def test_the_link_lets_the_new_actor_set_a_password_and_sign_in(world: World) -> None:
    with after_commit():
        services.add_actor(actor=world.carol, network=world.network, email="nina@example.org", full_name="Nina New")
    link = re.search(r"http\S+(/accounts/password/reset/key/\S+/)", django_mail.outbox[0].body)
    assert link is not None
    client = Client()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    done = client.post(action, {"password1": "a long new password 42", "password2": "a long new password 42"})
    assert done.status_code == 302
    user = User.objects.get(email="nina@example.org")
    assert user.check_password("a long new password 42")
    assert Client().login(email="nina@example.org", password="a long new password 42")


def test_a_person_with_an_account_is_added_and_told_in_their_language(world: World) -> None:
    existing = person("eva@example.org", "Eva Existing", "bg")
    with after_commit():
        added = services.add_actor(
            actor=world.carol, network=world.network, email="EVA@example.org", full_name="Someone Else"
        )
    assert not added.account_created and added.external_actor.user == existing
    existing.refresh_from_db()
    assert existing.full_name == "Eva Existing" and existing.has_usable_password()  # their account is theirs
    (message,) = django_mail.outbox
    assert message.to == [existing.email]
    assert _greeting("bg", "Eva Existing") in message.body
    assert "/password/reset/key/" not in message.body
    assert "/external-feedback/mine/" in message.body


def test_an_actor_is_added_once_per_network(world: World) -> None:
    existing = person("eva@example.org", "Eva Existing")
    services.add_actor(actor=world.carol, network=world.network, email=existing.email, full_name="")
    with after_commit(), pytest.raises(ValidationError) as error:
        services.add_actor(actor=world.carol, network=world.network, email=existing.email, full_name="")
    assert "email" in error.value.error_dict
    ExternalActor.objects.update(active=False)
    with pytest.raises(ValidationError) as error:
        services.add_actor(actor=world.carol, network=world.network, email=existing.email, full_name="")
    with translation.override("en"):
        assert "reactivate" in str(error.value.error_dict["email"][0].message)
    assert ExternalActor.objects.count() == 1 and django_mail.outbox == []
    # Another network may add the same person.
    services.add_actor(actor=world.dave, network=world.other_network, email=existing.email, full_name="")
    assert ExternalActor.objects.count() == 2


def test_a_new_person_needs_a_name_and_a_valid_address(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.add_actor(actor=world.carol, network=world.network, email="nobody@example.org", full_name=" ")
    assert "full_name" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.add_actor(actor=world.carol, network=world.network, email="not an address", full_name="X")
    assert "email" in error.value.error_dict
    assert not User.objects.filter(email="nobody@example.org").exists()
    assert not ExternalActor.objects.exists() and not AuditEvent.objects.filter(action="feedback.actor_added").exists()


@pytest.mark.parametrize("who", ["alice", "dave", "charlie"])
def test_only_the_networks_coordinators_add_actors(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.add_actor(actor=getattr(world, who), network=world.network, email="n@example.org", full_name="N")
    assert not User.objects.filter(email="n@example.org").exists()


def test_changing_an_actor_records_what_changed(world: World) -> None:
    added = services.add_actor(actor=world.carol, network=world.network, email="n@example.org", full_name="N")
    actor = added.external_actor
    services.change_actor(actor=world.carol, external_actor=actor, qualification="EIPA 2025", active=False)
    actor.refresh_from_db()
    assert actor.qualification == "EIPA 2025" and not actor.active
    event = AuditEvent.objects.get(action="feedback.actor_changed")
    assert event.changes == {
        "qualification": {"before": "", "after": "EIPA 2025"},
        "active": {"before": True, "after": False},
    }
    services.change_actor(actor=world.carol, external_actor=actor, qualification="EIPA 2025", active=False)
    assert AuditEvent.objects.filter(action="feedback.actor_changed").count() == 1
    with pytest.raises(PermissionDenied):
        services.change_actor(actor=world.dave, external_actor=actor, qualification="", active=True)
    actor.refresh_from_db()
    assert not actor.active


# --- the declaration ------------------------------------------------------------------------------


@pytest.fixture
def assigned(world: World, caf_framework: Any) -> Scene:
    s = scene(world, caf_framework, state="in_feedback")
    s.assign(lead=True, declaration=PENDING)
    return s


def test_declaring_no_conflict_opens_the_case(assigned: Scene) -> None:
    with after_commit():
        assignment = services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=NO_CONFLICT)
    assert assignment.declaration == NO_CONFLICT and assignment.declared_at is not None and assignment.lead
    access = access_for(assigned.efac, assigned.case)
    assert access is not None and access.actor and access.can_read_case
    event = AuditEvent.objects.get(action="feedback.interests_declared")
    assert event.organisation is None and event.network == assigned.world.network
    assert django_mail.outbox == []


def test_declaring_a_conflict_takes_the_actor_out_and_tells_the_coordinators(assigned: Scene) -> None:
    w = assigned.world
    w.carol.language = "bg"
    w.carol.save()
    with after_commit():
        assignment = services.declare_interests(
            actor=assigned.efac, case=assigned.case, declaration=CONFLICT, note="I worked there until 2024."
        )
    assert assignment.declaration == CONFLICT and not assignment.lead  # a conflicted actor leads nothing
    assert assignment.declaration_note == "I worked there until 2024."
    assert access_for(assigned.efac, assigned.case) is None
    event = AuditEvent.objects.get(action="feedback.interests_declared")
    assert event.changes["lead"] == {"before": True, "after": False}
    mails = by_recipient()
    assert set(mails) == {w.carol.email}  # not Dave (another network), not the organisation
    assert _greeting("bg", "Carol Coordinator") in mails[w.carol.email].body
    assert "I worked there until 2024." in mails[w.carol.email].body
    assert f"/external-feedback/{assigned.case.public_id}/actors/" in mails[w.carol.email].body


def test_a_conflict_needs_a_note(assigned: Scene) -> None:
    with pytest.raises(ValidationError) as error:
        services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=CONFLICT, note=" ")
    assert "note" in error.value.error_dict
    assert CaseActor.objects.get().declaration == PENDING


def test_a_declaration_cannot_be_changed(assigned: Scene) -> None:
    services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=NO_CONFLICT)
    with after_commit(), pytest.raises(ValidationError) as error:
        services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=CONFLICT, note="Oh")
    assert error.value.code == "declared"
    assert CaseActor.objects.get().declaration == NO_CONFLICT
    assert django_mail.outbox == []


def test_only_the_assigned_active_actor_declares(assigned: Scene) -> None:
    for user in (assigned.efac2, assigned.world.carol, assigned.world.alice, assigned.stranger_efac):
        with pytest.raises(PermissionDenied):
            services.declare_interests(actor=user, case=assigned.case, declaration=NO_CONFLICT)
    ExternalActor.objects.filter(pk=assigned.actor.pk).update(active=False)
    with pytest.raises(PermissionDenied):
        services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=NO_CONFLICT)
    assert CaseActor.objects.get().declaration == PENDING


def test_nothing_to_declare_once_the_case_moved_on(assigned: Scene) -> None:
    assigned.case.state = "withdrawn"
    assigned.case.save()
    with pytest.raises(ValidationError) as error:
        services.declare_interests(actor=assigned.efac, case=assigned.case, declaration=NO_CONFLICT)
    assert error.value.code == "state"
