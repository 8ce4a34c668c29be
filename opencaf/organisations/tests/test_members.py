from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations import services
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member


def _members_url(world: World) -> str:
    return reverse("organisations:members", kwargs={"org_id": world.alice_org.public_id})


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        ([Role.ORG_ADMIN], 200),
        ([Role.CAF_LEADER], 200),
        ([Role.MANAGER], 200),
        ([Role.ASSESSOR], 403),
        ([Role.VIEWER], 403),
        ([Role.ACTION_OWNER], 403),
    ],
)
def test_member_list_by_role(world: World, roles: list[str], status: int) -> None:
    person = UserFactory()
    add_member(world.alice_org, person, *roles)
    assert client_for(person).get(_members_url(world)).status_code == status


def test_organisation_overview_for_members_and_coordinator(world: World) -> None:
    url = reverse("organisations:detail", kwargs={"org_id": world.alice_org.public_id})
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)
    assert client_for(viewer).get(url).status_code == 200
    assert client_for(world.carol).get(url).status_code == 200  # coordinator of the network
    assert client_for(world.charlie).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_member_list_runs_a_bounded_number_of_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for index in range(30):
        add_member(world.alice_org, UserFactory(), Role.ASSESSOR, Role.VIEWER, department=f"Dept {index}")
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(_members_url(world))
    assert response.status_code == 200
    assert response.content.count(b"Dept ") == 30


def test_admin_changes_roles_with_audit(world: World) -> None:
    person = UserFactory()
    membership = add_member(world.alice_org, person, Role.VIEWER)
    url = reverse(
        "organisations:member_edit", kwargs={"org_id": world.alice_org.public_id, "membership_id": membership.public_id}
    )
    client = client_for(world.alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"roles": [Role.ASSESSOR, Role.CAF_LEADER], "department": "IT", "staff_level": ""})
    assert response.status_code == 302
    assert membership.role_codes == [Role.CAF_LEADER, Role.ASSESSOR]
    event = AuditEvent.objects.get(action="membership.roles_changed")
    assert event.actor == world.alice
    assert event.organisation == world.alice_org
    assert event.changes["roles"] == {"before": ["viewer"], "after": ["assessor", "caf_leader"]}


def test_last_admin_cannot_be_demoted_or_removed(world: World) -> None:
    url = reverse(
        "organisations:member_edit",
        kwargs={"org_id": world.alice_org.public_id, "membership_id": world.alice_membership.public_id},
    )
    response = client_for(world.alice).post(url, {"roles": [Role.VIEWER], "department": "", "staff_level": ""})
    assert response.status_code == 200
    assert "at least one administrator" in str(response.context["form"].errors)
    assert world.alice_membership.role_codes == [Role.ORG_ADMIN]
    with pytest.raises(ValidationError):
        services.remove_member(actor=world.alice, membership=world.alice_membership)
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


def test_admin_removes_a_member(world: World) -> None:
    membership = add_member(world.alice_org, UserFactory(), Role.VIEWER)
    url = reverse(
        "organisations:member_remove",
        kwargs={"org_id": world.alice_org.public_id, "membership_id": membership.public_id},
    )
    assert client_for(world.alice).get(url).status_code == 405
    assert client_for(world.alice).post(url).status_code == 302
    assert not world.alice_org.memberships.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed").count() == 1


def test_non_admin_cannot_edit_roles(world: World) -> None:
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    url = reverse(
        "organisations:member_edit",
        kwargs={"org_id": world.alice_org.public_id, "membership_id": world.alice_membership.public_id},
    )
    assert client_for(leader).post(url, {"roles": [Role.VIEWER]}).status_code == 403
    assert world.alice_membership.role_codes == [Role.ORG_ADMIN]


def test_audit_log_shows_only_own_organisation(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        add_member(world.bob_org, UserFactory(), Role.VIEWER)
    services.invite_member(actor=world.bob, organisation=world.bob_org, email="b@example.org", roles=["viewer"])
    for index in range(60):
        services.invite_member(
            actor=world.alice, organisation=world.alice_org, email=f"a{index}@example.org", roles=["viewer"]
        )
    url = reverse("organisations:audit", kwargs={"org_id": world.alice_org.public_id})
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 60
    assert all(event.organisation_id == world.alice_org.pk for event in page.object_list)
    assert b"b@example.org" not in response.content
    # A leader may not read the log.
    leader = UserFactory()
    add_member(world.alice_org, leader, Role.CAF_LEADER)
    assert client_for(leader).get(url).status_code == 403
