"""What networks and organisations put on the home page: organisations without a quality
representative and invitations about to expire (coordinators), invitations (organisation admins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.core.todo import TodoItem, Urgency
from opencaf.organisations import services, todo
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Invitation
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member


def _items(provider: Any, user: User) -> list[TodoItem]:
    return list(provider(User.objects.get(pk=user.pk)))  # a fresh user: memberships are cached per request


def _invite(world: World, email: str, expires_in: timedelta) -> Invitation:
    with transaction.atomic():
        invitation, _token = services.invite_member(
            actor=world.alice, organisation=world.alice_org, email=email, roles=[Role.ASSESSOR]
        )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + expires_in)
    return invitation


def test_coordinator_sees_organisations_without_a_representative(world: World) -> None:
    assert _items(todo.network_items, world.carol) == [], "Alice's organisation has its administrator"
    OrganisationFactory(network=world.network, name="Občina Brez")
    OrganisationFactory(network=world.network, name="Zavod Brez")
    (item,) = _items(todo.network_items, world.carol)
    assert item.title == "2 organisations without a quality representative"
    assert item.url == reverse("organisations:network", kwargs={"network_id": world.network.public_id})
    assert item.organisation == world.network.name and item.count == 2
    assert _items(todo.network_items, world.dave) == [], "another network's coordinator"


def test_invitations_about_to_expire(world: World) -> None:
    _invite(world, "soon@example.org", timedelta(days=2))
    _invite(world, "later@example.org", timedelta(days=10))
    (network_item,) = _items(todo.network_items, world.carol)
    assert network_item.title == "1 invitation in the network expires within 3 days"
    assert network_item.urgency == Urgency.DUE_SOON
    assert network_item.due == timezone.localdate(timezone.now() + timedelta(days=2))
    (admin_item,) = _items(todo.invitation_items, world.alice)
    assert admin_item.title == "1 invitation expires within 3 days"
    assert admin_item.url == reverse("organisations:members", kwargs={"org_id": world.alice_org.public_id})
    for person in (world.bob, world.charlie, world.dave):
        assert _items(todo.invitation_items, person) == [] and _items(todo.network_items, person) == [], person


def test_expired_invitations_unless_the_person_joined_or_was_invited_again(world: World) -> None:
    _invite(world, "gone@example.org", timedelta(days=-2))
    _invite(world, "joined@example.org", timedelta(days=-3))
    add_member(world.alice_org, UserFactory(email="joined@example.org"), Role.VIEWER)
    _invite(world, "again@example.org", timedelta(days=-4))
    _invite(world, "again@example.org", timedelta(days=10))
    _invite(world, "long-ago@example.org", timedelta(days=-40))
    (item,) = _items(todo.invitation_items, world.alice)
    assert item.title == "1 invitation expired without being accepted"
    assert item.urgency == Urgency.INFO
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert _items(todo.invitation_items, viewer) == []


def _home_queries(user: User) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_organisations(world: World) -> None:
    """A coordinator's and an administrator's home page: 3 organisations and invitations, then 30."""
    for index in range(3):
        OrganisationFactory(network=world.network)
        _invite(world, f"person{index}@example.org", timedelta(days=1))
    small = (_home_queries(world.carol), _home_queries(world.alice))
    for index in range(27):
        OrganisationFactory(network=world.network)
        _invite(world, f"more{index}@example.org", timedelta(days=1 if index % 2 else -1))
    assert (_home_queries(world.carol), _home_queries(world.alice)) == small
    body = client_for(world.carol).get("/").content.decode()
    assert "30 organisations without a quality representative" in body
    assert "networks-heading" in body
