"""An organisation's consent to share its agreed areas for improvement with its network's quality
unit: given and withdrawn by its administrators only, audited, explained on the overview."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.audit.registry import action_label, describe_changes
from opencaf.organisations.choices import Role
from opencaf.organisations.services import set_improvement_area_sharing
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

ACTION = "organisation.sharing_changed"


def _url(world: World) -> str:
    return reverse("coordination:improvement_area_sharing", kwargs={"org_id": world.alice_org.public_id})


def _overview(world: World) -> str:
    return reverse("organisations:detail", kwargs={"org_id": world.alice_org.public_id})


def _shares(world: World) -> bool:
    world.alice_org.refresh_from_db()
    return world.alice_org.shares_improvement_areas


def test_the_administrator_turns_sharing_on_and_off_and_each_change_is_audited(world: World) -> None:
    client = client_for(world.alice)
    response = client.post(_url(world), {"shares_improvement_areas": "on"}, follow=True)
    assert response.redirect_chain == [(_overview(world), 302)]
    assert _shares(world)
    assert "now shares its agreed areas for improvement" in response.content.decode()
    response = client.post(_url(world), {}, follow=True)  # "Stop sharing" sends no field
    assert not _shares(world)
    assert "no longer shares its areas for improvement" in response.content.decode()
    events = list(AuditEvent.objects.filter(action=ACTION).order_by("id"))
    assert [event.changes for event in events] == [
        {"shares_improvement_areas": {"before": False, "after": True}},
        {"shares_improvement_areas": {"before": True, "after": False}},
    ]
    assert all(event.actor == world.alice and event.organisation == world.alice_org for event in events)
    assert events[0].network == world.network  # the network's audit log shows who shares, not what
    assert describe_changes(ACTION, events[0].changes) == "Shares areas for improvement with the network: no → yes"
    assert action_label(ACTION) == "Sharing of areas for improvement with the network changed"


def test_repeating_the_current_choice_records_nothing(world: World) -> None:
    client = client_for(world.alice)
    client.post(_url(world), {"shares_improvement_areas": "on"})
    response = client.post(_url(world), {"shares_improvement_areas": "on"}, follow=True)
    assert "Nothing has changed" in response.content.decode()
    assert AuditEvent.objects.filter(action=ACTION).count() == 1
    assert _shares(world)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CAF_LEADER, Role.MANAGER, Role.ASSESSOR])
def test_a_member_who_is_not_an_administrator_is_refused(world: World, role: str) -> None:
    member = UserFactory()
    add_member(world.alice_org, member, role)
    response = client_for(member).post(_url(world), {"shares_improvement_areas": "on"})
    assert response.status_code == 403
    assert not _shares(world)
    assert not AuditEvent.objects.filter(action=ACTION).exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "carol", "dave"])
def test_outsiders_and_the_network_s_coordinators_get_404(world: World, who: str) -> None:
    user = {"bob": world.bob, "charlie": world.charlie, "carol": world.carol, "dave": world.dave}[who]
    response = client_for(user).post(_url(world), {"shares_improvement_areas": "on"})
    assert response.status_code == 404
    assert not _shares(world)


def test_anonymous_is_sent_to_sign_in_and_a_get_changes_nothing(world: World) -> None:
    response = client_for(None).post(_url(world), {"shares_improvement_areas": "on"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client_for(world.alice).get(_url(world) + "?shares_improvement_areas=on").status_code == 405
    assert not _shares(world)
    assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_the_service_rechecks_the_role_and_needs_a_network(world: World) -> None:
    member = UserFactory()
    add_member(world.alice_org, member, Role.MANAGER)
    with pytest.raises(PermissionDenied), transaction.atomic():
        set_improvement_area_sharing(actor=member, organisation=world.alice_org, shares=True)
    with pytest.raises(PermissionDenied), transaction.atomic():
        set_improvement_area_sharing(actor=world.carol, organisation=world.alice_org, shares=True)
    alone = OrganisationFactory(network=None, name="Alone")
    add_member(alone, world.alice, Role.ORG_ADMIN)
    with pytest.raises(ValidationError), transaction.atomic():
        set_improvement_area_sharing(actor=world.alice, organisation=alone, shares=True)
    alone.refresh_from_db()
    assert not alone.shares_improvement_areas and not _shares(world)


def test_the_overview_explains_what_is_shared_and_offers_the_button_to_administrators(world: World) -> None:
    body = client_for(world.alice).get(_overview(world)).content.decode()
    assert "Sharing areas for improvement with the network" in body
    assert "Only the areas for improvement your self-assessment group agreed in consensus" in body
    assert "Scores, strengths, improvement ideas" in body
    assert f'action="{_url(world)}"' in body and "Share our areas for improvement" in body
    client_for(world.alice).post(_url(world), {"shares_improvement_areas": "on"})
    body = client_for(world.alice).get(_overview(world)).content.decode()
    assert "Stop sharing our areas for improvement" in body
    assert "This organisation shares its agreed areas for improvement with the quality unit of" in body


def test_members_read_the_choice_and_coordinators_do_not_see_it(world: World) -> None:
    member = UserFactory()
    add_member(world.alice_org, member, Role.VIEWER)
    body = client_for(member).get(_overview(world)).content.decode()
    assert "does not share its areas for improvement" in body
    assert "Only the organisation's administrators can change this." in body
    assert _url(world) not in body
    coordinator = client_for(world.carol).get(_overview(world))
    assert coordinator.status_code == 200
    assert "Sharing areas for improvement with the network" not in coordinator.content.decode()
