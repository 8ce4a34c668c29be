"""People events name persons (whose review was read, who succeeds whom): the organisation's audit log
shows them only to a reader who also holds the HR role, and a network's log never."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from conftest import World, client_for
from opencaf.audit.registry import action_label
from opencaf.audit.services import record_event
from opencaf.organisations.choices import Role
from opencaf.organisations.models import MembershipRole
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


def _events(world: World) -> None:
    staff = f.member(world.alice_org, "staff@example.org", name="Petra Sensitive")
    with transaction.atomic():
        record_event("people.review_read", actor=world.alice, obj=staff, organisation=world.alice_org)
        record_event("organisation.sharing_changed", actor=world.alice, organisation=world.alice_org)


def _log(world: World) -> str:
    url = reverse("organisations:audit", kwargs={"org_id": world.alice_org.public_id})
    return client_for(world.alice).get(url).content.decode()


def test_an_administrator_without_the_hr_role_does_not_see_people_events(world: World) -> None:
    _events(world)
    page = _log(world)
    assert "Petra Sensitive" not in page
    with translation.override("en"):
        assert escape(action_label("organisation.sharing_changed")) in page  # the other event is there


def test_an_administrator_who_is_also_hr_sees_them(world: World) -> None:
    _events(world)
    MembershipRole.objects.create(membership=world.alice_membership, role=Role.HR)
    assert "Petra Sensitive" in _log(world)


def test_the_networks_log_never_shows_them(world: World) -> None:
    _events(world)
    url = reverse("organisations:network_audit", kwargs={"network_id": world.network.public_id})
    page = client_for(world.carol).get(url).content.decode()
    assert "Petra Sensitive" not in page
