"""Inviting the staff to the network's e-newsletter: a confirmation page first, then one e-mail to confirm
to each employee not subscribed, in their language; nobody is subscribed without confirming; those who
unsubscribed are not asked again; one audit event with the counts. No network, no invitation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.coordination.subscription_links import new_token
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory
from opencaf.people.services import engagement as services
from opencaf.people.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(world: World) -> Any:
    return f.member(world.alice_org, "hr@example.org", Role.HR, name="Helena Horvat").user


def _employee(world: World, email: str, language: str = "") -> Any:
    membership = f.member(world.alice_org, email, Role.VIEWER)
    membership.user.language = language
    membership.user.save(update_fields=["language"])
    return f.employee(membership)


def _subscriber(world: World, email: str, status: str) -> Subscriber:
    return Subscriber.objects.create(
        network=world.network,
        email=email,
        language="en",
        status=status,
        token=new_token(),
        confirmed_at=timezone.now() if status == SubscriberStatus.CONFIRMED else None,
    )


@pytest.fixture
def staff(world: World) -> dict[str, Any]:
    """Five employees: two new (one in Slovenian, one in Bulgarian), one with no language of their own
    (the organisation's), one subscribed, one who unsubscribed; and a member who is no employee."""
    world.alice_org.default_language = "sl"
    world.alice_org.save(update_fields=["default_language"])
    people = {
        "new_sl": _employee(world, "Nina.Sl@example.org", "sl"),
        "new_bg": _employee(world, "boris.bg@example.org", "bg"),
        "no_language": _employee(world, "nolang@example.org", ""),
        "subscribed": _employee(world, "sub@example.org", "en"),
        "unsubscribed": _employee(world, "gone@example.org", "en"),
    }
    _subscriber(world, "sub@example.org", SubscriberStatus.CONFIRMED)
    _subscriber(world, "gone@example.org", SubscriberStatus.UNSUBSCRIBED)
    f.member(world.alice_org, "not-an-employee@example.org", Role.VIEWER)
    return people


def _url(world: World, name: str = "newsletter_invite") -> str:
    return reverse(f"people:{name}", kwargs={"org_id": world.alice_org.public_id})


def test_the_confirmation_page_says_how_many_and_changes_nothing(
    world: World, hr: Any, staff: dict[str, Any], mailoutbox: list[Any]
) -> None:
    response = client_for(hr).get(_url(world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    reach = response.context["reach"]
    assert (reach.staff, reach.to_invite, reach.subscribed, reach.declined) == (5, 3, 1, 1)
    with translation.override(response["Content-Language"]):
        will = ngettext(
            "%(counter)s staff member will receive a confirmation e-mail.",
            "%(counter)s staff members will receive a confirmation e-mail.",
            3,
        ) % {"counter": 3}
    assert escape(will) in response.content.decode()
    assert Subscriber.objects.count() == 2 and not mailoutbox
    assert not AuditEvent.objects.filter(action="people.newsletter_invited").exists()


def test_the_unsubscribed_staff_receive_a_confirmation_in_their_language(
    world: World, hr: Any, staff: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr).post(_url(world))
    assert response.status_code == 302 and response["Location"] == _url(world, "involvement")
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {"nina.sl@example.org", "boris.bg@example.org", "nolang@example.org"}
    languages = dict(Subscriber.objects.values_list("email", "language"))
    assert languages["nina.sl@example.org"] == "sl"
    assert languages["boris.bg@example.org"] == "bg"
    assert languages["nolang@example.org"] == "sl"  # the organisation's language
    for address, language in (("nina.sl@example.org", "sl"), ("boris.bg@example.org", "bg")):
        with translation.override(language):
            subject = gettext("Confirm your subscription to the newsletter of %(network)s") % {
                "network": world.network.name
            }
        assert by_address[address].subject == subject
    # Nobody is subscribed without confirming; the one who left stays unsubscribed.
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses["sub@example.org"] == SubscriberStatus.CONFIRMED
    assert statuses["gone@example.org"] == SubscriberStatus.UNSUBSCRIBED
    assert {statuses[a] for a in by_address} == {SubscriberStatus.PENDING}
    event = AuditEvent.objects.get(action="people.newsletter_invited")
    assert event.actor == hr and event.organisation == world.alice_org
    assert event.changes == {
        "newsletter_confirmations_sent": 3,
        "newsletter_already_subscribed": 1,
        "newsletter_held": 0,
        "newsletter_declined": 1,
    }


def test_asking_again_at_once_sends_nothing_twice(
    world: World, hr: Any, staff: dict[str, Any], mailoutbox: list[Any]
) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.invite_staff_to_newsletter(actor=hr, organisation=world.alice_org)
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = services.invite_staff_to_newsletter(actor=hr, organisation=world.alice_org)
    assert (again.sent, again.held) == (0, 3) and len(mailoutbox) == 3


def test_the_page_shows_how_many_of_the_staff_are_subscribed(world: World, hr: Any, staff: dict[str, Any]) -> None:
    response = client_for(hr).get(_url(world, "involvement"))
    reach = response.context["reach"]
    assert (reach.subscribed, reach.staff) == (1, 5)
    assert _url(world) in response.content.decode()


def test_only_hr_invites(world: World, staff: dict[str, Any], mailoutbox: list[Any]) -> None:
    member = f.member(world.alice_org, "plain@example.org", Role.VIEWER).user
    assert client_for(member).post(_url(world)).status_code == 403
    assert client_for(world.alice).post(_url(world)).status_code == 403  # the administrator is not HR
    with pytest.raises(PermissionDenied):
        services.invite_staff_to_newsletter(actor=member, organisation=world.alice_org)
    assert Subscriber.objects.count() == 2 and not mailoutbox


def test_without_a_network_the_invitation_is_not_offered_and_refused(world: World, mailoutbox: list[Any]) -> None:
    alone = OrganisationFactory(network=None, name="Lone Agency")
    hr = f.member(alone, "hr@lone.example.org", Role.HR).user
    f.employee(f.member(alone, "worker@lone.example.org", Role.VIEWER))
    client = client_for(hr)
    url = reverse("people:newsletter_invite", kwargs={"org_id": alone.public_id})
    page = client.get(reverse("people:involvement", kwargs={"org_id": alone.public_id}))
    assert page.status_code == 200 and page.context["reach"] is None and url not in page.content.decode()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    with pytest.raises(ValidationError):
        services.invite_staff_to_newsletter(actor=hr, organisation=alone)
    assert not Subscriber.objects.exists() and not mailoutbox
    assert not AuditEvent.objects.filter(action="people.newsletter_invited").exists()
