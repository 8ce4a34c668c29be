"""The key positions pages for HR: the list (at risk first, the cover), a position's page with its
successors, the forms (a clear message and a 422 for what is refused, nothing written), the removal that
asks first, the recorded reads and a bounded number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership
from opencaf.people.models import KeyPosition, Successor
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Membership:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Hana HR")


def _org(world: World) -> dict[str, Any]:
    return {"org_id": world.alice_org.public_id}


def _list(world: World) -> str:
    return reverse("people:key_positions", kwargs=_org(world))


def _position_url(world: World, name: str, position: KeyPosition, **extra: Any) -> str:
    return reverse(f"people:{name}", kwargs={**_org(world), "position_id": position.public_id, **extra})


def _position(world: World, title: str, risk: str, impact: str, holder: Membership | None = None) -> KeyPosition:
    return KeyPosition.objects.create(
        organisation=world.alice_org, title=title, risk_of_loss=risk, impact=impact, holder=holder
    )


def test_the_list_shows_the_positions_at_risk_first_and_the_cover(world: World, hr: Membership) -> None:
    org = world.alice_org
    heir = f.member(org, "heir@example.org", name="Hugo Heir")
    covered = _position(world, "Archivist", "high", "high")
    f.successor(covered, heir, "now")
    _position(world, "Budget lead", "low", "medium")
    _position(world, "Chief engineer", "high", "high", holder=f.member(org, "cat@example.org", name="Cat Chief"))
    body = client_for(hr.user).get(_list(world)).content.decode()
    # "Chief engineer" is at risk (high risk, high impact, nobody ready now): it comes first.
    assert body.index("Chief engineer") < body.index("Archivist") < body.index("Budget lead")
    assert "Hugo Heir" in body and "Cat Chief" in body
    with translation.override("en"):
        sentence = ngettext(
            "%(covered)s of %(total)s key position has a successor ready within two years.",
            "%(covered)s of %(total)s key positions have a successor ready within two years.",
            3,
        ) % {"covered": 1, "total": 3}
        assert escape(sentence) in body
        assert escape(gettext("At risk")) in body


def test_reading_the_list_is_recorded_once(world: World, hr: Membership) -> None:
    f.successor(f.key_position(world.alice_org), f.member(world.alice_org, "heir@example.org"))
    client_for(hr.user).get(_list(world))
    event = AuditEvent.objects.get(action="people.talent_read")
    assert event.actor == hr.user and event.organisation == world.alice_org
    assert event.object_id == str(world.alice_org.public_id) and event.changes == {"view": "key_positions"}


def test_a_positions_page_shows_its_successors_and_records_the_read(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org, holder=f.member(world.alice_org, "h@example.org", name="Helga Holder"))
    heir = f.successor(position, f.member(world.alice_org, "heir@example.org", name="Hugo Heir"), "3+")
    heir.development = "Leadership course in spring"
    heir.save()
    f.successor(position, f.member(world.alice_org, "ida@example.org", name="Ida Early"), "now")
    body = client_for(hr.user).get(_position_url(world, "key_position", position)).content.decode()
    assert "Helga Holder" in body and "Leadership course in spring" in body
    assert body.index("Ida Early") < body.index("Hugo Heir")  # the readiest first
    event = AuditEvent.objects.get(action="people.talent_read")
    assert event.object_id == str(position.public_id) and event.actor == hr.user


def test_hr_adds_a_key_position(world: World, hr: Membership) -> None:
    holder = f.member(world.alice_org, "h@example.org", name="Helga Holder")
    response = client_for(hr.user).post(
        reverse("people:key_position_new", kwargs=_org(world)),
        {
            "title": "Head of IT",
            "unit": "IT",
            "holder": str(holder.public_id),
            "risk_of_loss": "medium",
            "impact": "high",
            "note": "",
        },
    )
    position = KeyPosition.objects.get()
    assert response.status_code == 302 and response["Location"] == _position_url(world, "key_position", position)
    assert (position.title, position.holder, position.impact) == ("Head of IT", holder, "high")
    assert AuditEvent.objects.filter(action="people.key_position_created").count() == 1


def test_a_position_form_without_a_title_is_refused(world: World, hr: Membership) -> None:
    response = client_for(hr.user).post(
        reverse("people:key_position_new", kwargs=_org(world)), {"title": "", "risk_of_loss": "x", "impact": "low"}
    )
    assert response.status_code == 422
    assert not KeyPosition.objects.exists() and not AuditEvent.objects.exists()
    assert set(response.context["form"].errors) == {"title", "risk_of_loss"}
    with translation.override("en"):
        assert escape(gettext("There is a problem")) in response.content.decode()


def test_a_holder_from_another_organisation_cannot_be_chosen(world: World, hr: Membership) -> None:
    stranger = f.member(world.bob_org, "stranger@example.org", name="Stranger Bob")
    response = client_for(hr.user).post(
        reverse("people:key_position_new", kwargs=_org(world)),
        {"title": "Head of IT", "holder": str(stranger.public_id), "risk_of_loss": "low", "impact": "low"},
    )
    assert response.status_code == 422 and "holder" in response.context["form"].errors
    assert "Stranger Bob" not in response.content.decode()  # not offered either
    assert not KeyPosition.objects.exists()


def test_the_edit_form_saves_and_a_successor_as_holder_is_refused(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org)
    heir = f.member(world.alice_org, "heir@example.org", name="Hugo Heir")
    f.successor(position, heir)
    client = client_for(hr.user)
    url = _position_url(world, "key_position_edit", position)
    data = {"title": "Head of finance", "risk_of_loss": "high", "impact": "high", "holder": str(heir.public_id)}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Hugo Heir" in " ".join(refused.context["form"].errors["holder"])
    saved = client.post(url, {**data, "holder": "", "title": "Head of budget"})
    assert saved.status_code == 302
    position.refresh_from_db()
    assert position.title == "Head of budget" and position.holder is None


def test_removing_a_position_asks_first_then_removes_it(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org)
    f.successor(position, f.member(world.alice_org, "heir@example.org"))
    client = client_for(hr.user)
    url = _position_url(world, "key_position_remove", position)
    asked = client.get(url)
    assert asked.status_code == 200 and KeyPosition.objects.exists()
    with translation.override("en"):
        warning = ngettext(
            "Its %(count)s successor is removed with it, and the development actions written for them.",
            "Its %(count)s successors are removed with it, and the development actions written for them.",
            1,
        ) % {"count": 1}
        assert escape(warning) in asked.content.decode()
    removed = client.post(url)
    assert removed.status_code == 302 and removed["Location"] == _list(world)
    assert not KeyPosition.objects.exists() and not Successor.objects.exists()
    assert AuditEvent.objects.filter(action="people.key_position_removed").count() == 1


def _successor_post(client: Any, world: World, position: KeyPosition, membership: Membership) -> Any:
    return client.post(
        _position_url(world, "successor_new", position),
        {"membership": str(membership.public_id), "readiness": "1-2", "development": "Mentoring"},
    )


def test_hr_adds_edits_and_removes_a_successor(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org)
    heir = f.member(world.alice_org, "heir@example.org", name="Hugo Heir")
    client = client_for(hr.user)
    assert _successor_post(client, world, position, heir).status_code == 302
    successor = Successor.objects.get()
    assert (successor.membership, successor.readiness, successor.development) == (heir, "1-2", "Mentoring")
    edit = _position_url(world, "successor_edit", position, successor_id=successor.public_id)
    assert client.post(edit, {"readiness": "now", "development": ""}).status_code == 302
    successor.refresh_from_db()
    assert successor.readiness == "now"
    assert client.post(edit, {"readiness": "tomorrow"}).status_code == 422
    remove = _position_url(world, "successor_remove", position, successor_id=successor.public_id)
    assert client.post(remove).status_code == 302
    assert not Successor.objects.exists()


def test_the_holder_cannot_be_added_as_their_own_successor(world: World, hr: Membership) -> None:
    holder = f.member(world.alice_org, "h@example.org", name="Helga Holder")
    position = f.key_position(world.alice_org, holder=holder)
    response = _successor_post(client_for(hr.user), world, position, holder)
    assert response.status_code == 422
    assert "Helga Holder" in " ".join(response.context["form"].errors["membership"])
    assert not Successor.objects.exists()


def test_a_successor_cannot_be_added_twice(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org)
    heir = f.member(world.alice_org, "heir@example.org", name="Hugo Heir")
    f.successor(position, heir, "3+")
    response = _successor_post(client_for(hr.user), world, position, heir)
    assert response.status_code == 422 and "membership" in response.context["form"].errors
    assert Successor.objects.get().readiness == "3+"


def test_a_member_of_another_organisation_cannot_be_a_successor(world: World, hr: Membership) -> None:
    position = f.key_position(world.alice_org)
    stranger = f.member(world.bob_org, "stranger@example.org")
    response = _successor_post(client_for(hr.user), world, position, stranger)
    assert response.status_code == 422 and "membership" in response.context["form"].errors
    assert not Successor.objects.exists()


def test_a_successor_of_another_position_is_not_found_here(world: World, hr: Membership) -> None:
    one, other = f.key_position(world.alice_org, "One"), f.key_position(world.alice_org, "Other")
    successor = f.successor(other, f.member(world.alice_org, "heir@example.org"))
    url = _position_url(world, "successor_edit", one, successor_id=successor.public_id)
    assert client_for(hr.user).get(url).status_code == 404


def _fill(world: World, count: int) -> None:
    for number in range(count):
        position = f.key_position(
            world.alice_org, f"Position {number}", holder=f.member(world.alice_org, f"holder{number}@example.org")
        )
        for heir in range(2):
            f.successor(position, f.member(world.alice_org, f"heir{number}-{heir}@example.org"), "now")


def test_the_list_and_a_position_take_a_bounded_number_of_queries(
    world: World, hr: Membership, django_assert_max_num_queries: Any
) -> None:
    client = client_for(hr.user)
    _fill(world, 2)
    with django_assert_max_num_queries(10) as few:
        assert client.get(_list(world)).status_code == 200
    for number in range(2, 14):
        position = f.key_position(world.alice_org, f"Position {number}")
        f.successor(position, f.member(world.alice_org, f"more{number}@example.org"), "3+")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_list(world)).status_code == 200
    position = KeyPosition.objects.get(title="Position 0")
    with django_assert_max_num_queries(10):
        assert client.get(_position_url(world, "key_position", position)).status_code == 200
