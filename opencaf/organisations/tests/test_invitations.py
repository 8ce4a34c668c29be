from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.organisations import services
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation, Membership
from opencaf.organisations.tests.factories import UserFactory


def _invite(world: World, email: str = "newcomer@example.org", roles: list[str] | None = None) -> str:
    client = client_for(world.alice)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("organisations:invite", kwargs={"org_id": world.alice_org.public_id}),
            {"email": email, "roles": roles or [Role.ASSESSOR], "department": "Finance", "staff_level": "front_line"},
        )
    assert response.status_code == 302
    match = re.search(r"/invitations/([\w-]+)/", mail.outbox[-1].body)
    assert match
    return match.group(1)


def test_invitation_email_is_in_the_organisation_language(world: World) -> None:
    _invite(world)
    message = mail.outbox[-1]
    assert message.to == ["newcomer@example.org"]
    # The organisation's default language is Slovenian; the recipient has no account yet.
    with translation.override("sl"):
        expected = render_to_string(
            "organisations/email/invitation_subject.txt", {"organisation": world.alice_org}
        ).strip()
    assert message.subject == expected
    assert world.alice_org.name in message.subject
    assert AuditEvent.objects.filter(action="invitation.created", organisation=world.alice_org).exists()


def test_new_person_creates_account_and_joins(world: World) -> None:
    token = _invite(world)
    client = client_for(None)
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"full_name": "Nova Oseba", "language": "sl", "password1": "Kakovost-2026-Xy", "password2": "Kakovost-2026-Xy"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    membership = Membership.objects.get(user=user, organisation=world.alice_org)
    assert membership.role_codes == [Role.ASSESSOR]
    assert membership.department == "Finance"
    assert user.language == "sl"
    # Single use: the same link now shows a clear page.
    again = client_for(None).get(url)
    assert again.status_code == 410
    assert b"already been used" in again.content


def test_weak_password_is_refused_and_nothing_is_created(world: World) -> None:
    token = _invite(world)
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    response = client_for(None).post(
        url, {"full_name": "Nova Oseba", "language": "en", "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="newcomer@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_expired_invitation_shows_a_clear_page(world: World) -> None:
    token = _invite(world)
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client_for(None).get(url)
    assert response.status_code == 410
    assert b"expired" in response.content


def test_unknown_token_is_404(world: World) -> None:
    response = client_for(None).get(reverse("organisations:accept_invitation", kwargs={"token": "nonsense"}))
    assert response.status_code == 404


def test_revoked_invitation_cannot_be_used(world: World) -> None:
    token = _invite(world)
    invitation = Invitation.objects.get()
    response = client_for(world.alice).post(
        reverse(
            "organisations:invitation_revoke",
            kwargs={"org_id": world.alice_org.public_id, "invitation_id": invitation.public_id},
        )
    )
    assert response.status_code == 302
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    assert client_for(None).get(url).status_code == 410


def test_existing_user_signs_in_and_accepts(world: World) -> None:
    token = _invite(world, email="charlie@example.org")
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    anonymous = client_for(None).get(url)
    assert b"Sign in" in anonymous.content
    client = client_for(world.charlie)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=world.charlie, organisation=world.alice_org).exists()


def test_invitation_for_someone_else_is_refused(world: World) -> None:
    token = _invite(world, email="charlie@example.org")
    url = reverse("organisations:accept_invitation", kwargs={"token": token})
    response = client_for(world.bob).post(url)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=world.bob, organisation=world.alice_org).exists()
    with pytest.raises(PermissionDenied):
        services.accept_invitation(token=token, user=world.bob)


def test_invite_form_shows_field_errors(world: World) -> None:
    response = client_for(world.alice).post(
        reverse("organisations:invite", kwargs={"org_id": world.alice_org.public_id}), {"email": "not-an-address"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "roles" in errors
    assert b'aria-describedby="id_email-errors"' in response.content
    assert Invitation.objects.count() == 0


def test_inviting_an_existing_member_is_refused(world: World) -> None:
    member = UserFactory(email="member@example.org")
    from opencaf.organisations.tests.factories import add_member

    add_member(world.alice_org, member, Role.VIEWER)
    with pytest.raises(ValidationError):
        services.invite_member(
            actor=world.alice, organisation=world.alice_org, email="MEMBER@example.org", roles=["viewer"]
        )


def test_only_admins_invite(world: World) -> None:
    viewer = UserFactory()
    from opencaf.organisations.tests.factories import add_member

    add_member(world.alice_org, viewer, Role.VIEWER, Role.ASSESSOR)
    response = client_for(viewer).get(reverse("organisations:invite", kwargs={"org_id": world.alice_org.public_id}))
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.invite_member(actor=viewer, organisation=world.alice_org, email="x@example.org", roles=["viewer"])


def test_a_new_invitation_replaces_the_pending_one(world: World) -> None:
    first = _invite(world)
    second = _invite(world, roles=[Role.VIEWER])
    assert client_for(None).get(reverse("organisations:accept_invitation", kwargs={"token": first})).status_code == 410
    assert client_for(None).get(reverse("organisations:accept_invitation", kwargs={"token": second})).status_code == 200
    assert "Alice Adams" in mail.outbox[-1].body  # who sent it
