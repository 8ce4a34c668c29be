"""The People page: every member of the organisation reaches it; nobody else learns it exists."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World, client_for
from opencaf.organisations.choices import Role
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


def _url(world: World) -> str:
    return reverse("people:home", kwargs={"org_id": world.alice_org.public_id})


def test_a_member_with_any_role_opens_the_people_page(world: World) -> None:
    staff = f.member(world.alice_org, "staff@example.org", Role.VIEWER)
    response = client_for(staff.user).get(_url(world))
    assert response.status_code == 200
    with translation.override("en"):
        assert escape(gettext("People development")) in response.content.decode()


def test_the_organisation_tabs_lead_to_the_people_page(world: World) -> None:
    response = client_for(world.alice).get(
        reverse("organisations:detail", kwargs={"org_id": world.alice_org.public_id})
    )
    assert _url(world) in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "carol", "dave"])
def test_others_and_the_networks_coordinators_get_a_404(world: World, who: str) -> None:
    assert client_for(getattr(world, who)).get(_url(world)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(world: World) -> None:
    response = client_for(None).get(_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
