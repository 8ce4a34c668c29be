"""Who reaches the talent pages: HR and top management; a member without either role (a line manager
too, and the organisation's administrator) gets a 403 on the list pages and a 404 on one position's
pages; another organisation and the network's coordinators a 404; anonymous visitors the sign-in page.
Nothing is written by a refused request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import KeyPosition, Successor
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db

LIST_PAGES = ("key_positions", "key_position_new", "talent_grid")
POSITION_PAGES = ("key_position", "key_position_edit", "key_position_remove", "successor_new")
SUCCESSOR_PAGES = ("successor_edit",)
READ_ONLY = ("key_positions", "talent_grid", "key_position")  # GET only: a POST is a 405 for anyone


@dataclass
class Setting:
    world: World
    hr: Membership
    top: Membership
    line_manager: Membership
    plain: Membership
    position: KeyPosition
    successor: Successor


@pytest.fixture
def setting(world: World) -> Setting:
    org = world.alice_org
    hr = f.member(org, "hr@example.org", Role.HR)
    top = f.member(org, "top@example.org", Role.MANAGER)
    line_manager = f.member(org, "lead@example.org", Role.ASSESSOR)
    plain = f.member(org, "plain@example.org")
    version = f.competency_model(org)
    profile = f.job_profile(org, version)
    f.employee(plain, profile, line_manager=line_manager)  # a line manager, but neither HR nor management
    position = f.key_position(org, holder=line_manager)
    successor = f.successor(position, plain)
    return Setting(world, hr, top, line_manager, plain, position, successor)


def _url(setting: Setting, name: str) -> str:
    kwargs: dict[str, Any] = {"org_id": setting.world.alice_org.public_id}
    if name in POSITION_PAGES or name in SUCCESSOR_PAGES or name == "successor_remove":
        kwargs["position_id"] = setting.position.public_id
    if name in SUCCESSOR_PAGES or name == "successor_remove":
        kwargs["successor_id"] = setting.successor.public_id
    return reverse(f"people:{name}", kwargs=kwargs)


@pytest.mark.parametrize("name", LIST_PAGES + POSITION_PAGES + SUCCESSOR_PAGES)
@pytest.mark.parametrize("who", ["hr", "top"])
def test_hr_and_top_management_open_every_page(setting: Setting, name: str, who: str) -> None:
    response = client_for(getattr(setting, who).user).get(_url(setting, name))
    assert response.status_code == 200


def _without_the_role(setting: Setting, who: str) -> Any:
    return setting.world.alice if who == "admin" else getattr(setting, who).user


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("who", ["line_manager", "plain", "admin"])
def test_a_member_without_the_role_gets_a_403_on_the_list_pages(setting: Setting, name: str, who: str) -> None:
    client = client_for(_without_the_role(setting, who))
    assert client.get(_url(setting, name)).status_code == 403
    if name == "key_position_new":
        response = client.post(_url(setting, name), {"title": "Sneaky", "risk_of_loss": "low", "impact": "low"})
        assert response.status_code == 403
        assert not KeyPosition.objects.filter(title="Sneaky").exists()
    assert not AuditEvent.objects.filter(action="people.talent_read").exists()


@pytest.mark.parametrize("name", POSITION_PAGES + SUCCESSOR_PAGES)
@pytest.mark.parametrize("who", ["line_manager", "plain", "admin"])
def test_a_member_without_the_role_gets_a_404_on_a_position(setting: Setting, name: str, who: str) -> None:
    client = client_for(_without_the_role(setting, who))
    assert client.get(_url(setting, name)).status_code == 404
    if name not in READ_ONLY:
        assert client.post(_url(setting, name), {"readiness": "now", "title": "x"}).status_code == 404
    assert KeyPosition.objects.filter(pk=setting.position.pk).exists()
    assert Successor.objects.get(pk=setting.successor.pk).readiness == "1-2"
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["line_manager", "plain", "admin"])
def test_a_member_without_the_role_cannot_remove_a_successor(setting: Setting, who: str) -> None:
    client = client_for(_without_the_role(setting, who))
    assert client.post(_url(setting, "successor_remove")).status_code == 404
    assert Successor.objects.filter(pk=setting.successor.pk).exists()


def test_removing_a_successor_takes_a_post(setting: Setting) -> None:
    assert client_for(setting.hr.user).get(_url(setting, "successor_remove")).status_code == 405


@pytest.mark.parametrize("name", LIST_PAGES + POSITION_PAGES + SUCCESSOR_PAGES + ("successor_remove",))
@pytest.mark.parametrize("who", ["bob", "carol"])
def test_another_organisation_and_the_coordinators_get_a_404(setting: Setting, name: str, who: str) -> None:
    client = client_for(getattr(setting.world, who))
    if name not in READ_ONLY:
        assert client.post(_url(setting, name)).status_code == 404
    if name != "successor_remove":
        assert client.get(_url(setting, name)).status_code == 404
    assert Successor.objects.filter(pk=setting.successor.pk).exists()


def test_hr_of_another_organisation_reaches_nothing_here(setting: Setting) -> None:
    other_hr = f.member(setting.world.bob_org, "bob-hr@example.org", Role.HR)
    client = client_for(other_hr.user)
    assert client.get(_url(setting, "key_position")).status_code == 404
    # Their own organisation's address with Alice's position in it: not found either.
    url = reverse(
        "people:key_position",
        kwargs={"org_id": setting.world.bob_org.public_id, "position_id": setting.position.public_id},
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", LIST_PAGES + POSITION_PAGES + SUCCESSOR_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(setting: Setting, name: str) -> None:
    response = client_for(None).get(_url(setting, name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
