"""The coordinators' page of newsletter subscribers: who may see it, counts by status and language,
search, an address's history from the audit log, removal on request (erasure) and the XLSX export."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import Newsletter, NewsletterDelivery, Subscriber
from opencaf.coordination.services import subscriptions as services
from opencaf.coordination.subscription_links import address_fingerprint, new_token
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Network
from opencaf.organisations.tests.factories import UserFactory, add_member

pytestmark = pytest.mark.django_db


def add_subscriber(network: Network, email: str, status: str = "confirmed", language: str = "en") -> Subscriber:
    now = timezone.now()
    return Subscriber.objects.create(
        network=network,
        email=email,
        language=language,
        status=status,
        token=new_token(),
        confirmation_sent_at=now,
        confirmed_at=now if status != "pending" else None,
        unsubscribed_at=now if status == "unsubscribed" else None,
    )


@pytest.fixture
def reader(world: World) -> Subscriber:
    return add_subscriber(world.network, "reader@example.org", language="sl")


def _pages(world: World, subscriber: Subscriber) -> list[tuple[str, str]]:
    net = world.network.public_id
    return [
        ("get", reverse("coordination:subscribers", args=[net])),
        ("get", reverse("coordination:subscribers_export", args=[net])),
        ("get", reverse("coordination:subscriber_remove", args=[net, subscriber.public_id])),
        ("post", reverse("coordination:subscriber_remove", args=[net, subscriber.public_id])),
    ]


def _member(world: World) -> User:
    user = UserFactory()
    add_member(world.alice_org, user, Role.VIEWER)
    return user


@pytest.mark.parametrize("who", ["dave", "alice", "member", "charlie"])
def test_pages_are_404_for_anyone_but_the_networks_coordinators(world: World, reader: Subscriber, who: str) -> None:
    """Another network's coordinator, the organisation's admin, a member, someone with no organisation."""
    user = _member(world) if who == "member" else getattr(world, who)
    client = client_for(user)
    for method, url in _pages(world, reader):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
        assert "reader@example.org" not in response.content.decode()
    assert Subscriber.objects.filter(pk=reader.pk).exists()


def test_pages_send_anonymous_visitors_to_sign_in(world: World, reader: Subscriber) -> None:
    for method, url in _pages(world, reader):
        response = getattr(client_for(None), method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), url
    assert Subscriber.objects.filter(pk=reader.pk).exists()


def test_the_coordinator_sees_counts_by_status_and_language(world: World, reader: Subscriber) -> None:
    add_subscriber(world.network, "waiting@example.org", "pending", "bg")
    add_subscriber(world.network, "gone@example.org", "unsubscribed", "sl")
    add_subscriber(world.other_network, "elsewhere@example.org")
    response = client_for(world.carol).get(reverse("coordination:subscribers", args=[world.network.public_id]))
    assert response.status_code == 200
    counts = response.context["counts"]
    by_language = {line.label: [number for _label, number in line.cells] for line in counts.languages}
    assert by_language == {"Slovenian": [0, 1, 1], "Bulgarian": [1, 0, 0], "English": [0, 0, 0]}
    assert [number for _label, number in counts.all_languages.cells] == [1, 1, 1] and counts.confirmed == 1
    page = response.content.decode()
    for email in ("reader@example.org", "waiting@example.org", "gone@example.org"):
        assert email in page
    assert "elsewhere@example.org" not in page
    assert 'class="table align-middle table-reflow"' in page and 'data-label="Language"' in page


def test_search_by_address_and_status(world: World, reader: Subscriber) -> None:
    add_subscriber(world.network, "ana@town.example.org", "pending")
    url = reverse("coordination:subscribers", args=[world.network.public_id])
    client = client_for(world.carol)
    page = client.get(url, {"q": "TOWN"}).content.decode()
    assert "ana@town.example.org" in page and "reader@example.org" not in page
    page = client.get(url, {"status": "confirmed"}).content.decode()
    assert "reader@example.org" in page and "ana@town.example.org" not in page


def test_a_whole_address_shows_its_history_even_after_erasure(world: World, reader: Subscriber) -> None:
    services.unsubscribe(subscriber=reader, one_click=True)
    client = client_for(world.carol)
    remove = reverse("coordination:subscriber_remove", args=[world.network.public_id, reader.public_id])
    response = client.post(remove)
    assert response.status_code == 302
    assert not Subscriber.objects.filter(pk=reader.pk).exists()
    url = reverse("coordination:subscribers", args=[world.network.public_id])
    response = client.get(url, {"q": "Reader@Example.org"})
    actions = [event.action for event in response.context["history"]]
    assert actions == ["coordination.subscriber_removed", "coordination.unsubscribed"]
    page = response.content.decode()
    assert "Unsubscribed from the newsletter" in page and "Carol Coordinator" in page
    assert client.get(url, {"q": "reader@"}).context["history"] is None  # part of an address: no history


def test_removal_on_request_erases_the_row_and_its_deliveries_and_is_audited(world: World, reader: Subscriber) -> None:
    newsletter = Newsletter.objects.create(network=world.network, issue_date=date(2026, 3, 1), state="sent")
    NewsletterDelivery.objects.create(newsletter=newsletter, subscriber=reader, language="sl", status="sent")
    client = client_for(world.carol)
    url = reverse("coordination:subscriber_remove", args=[world.network.public_id, reader.public_id])
    confirm_page = client.get(url)
    assert confirm_page.status_code == 200 and "reader@example.org" in confirm_page.content.decode()
    assert Subscriber.objects.filter(pk=reader.pk).exists()  # the GET only asks
    response = client.post(url, follow=True)
    assert "has been removed" in response.content.decode()
    assert not Subscriber.objects.filter(pk=reader.pk).exists()
    assert not NewsletterDelivery.objects.exists()
    event = AuditEvent.objects.get(action="coordination.subscriber_removed")
    assert event.actor == world.carol and event.network == world.network
    assert event.changes == {
        "subscriber": address_fingerprint(world.network, "reader@example.org"),
        "subscriber_status": "confirmed",
    }
    assert "reader@example.org" not in event.object_repr + str(event.changes)
    assert client.post(url).status_code == 404  # gone


def test_a_subscriber_of_another_network_cannot_be_reached_through_ones_own(world: World) -> None:
    elsewhere = add_subscriber(world.other_network, "elsewhere@example.org")
    url = reverse("coordination:subscriber_remove", args=[world.network.public_id, elsewhere.public_id])
    assert client_for(world.carol).post(url).status_code == 404
    assert Subscriber.objects.filter(pk=elsewhere.pk).exists()


def test_export_lists_the_confirmed_subscribers_only(world: World, reader: Subscriber) -> None:
    add_subscriber(world.network, "=cmd@example.org")
    add_subscriber(world.network, "waiting@example.org", "pending")
    add_subscriber(world.network, "gone@example.org", "unsubscribed")
    response = client_for(world.carol).get(reverse("coordination:subscribers_export", args=[world.network.public_id]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("E-mail address", "Language of the newsletter", "Confirmed")
    assert [row[:2] for row in rows[1:]] == [("'=cmd@example.org", "English"), ("reader@example.org", "Slovenian")]


def _queries_for_list(world: World, count: int) -> tuple[int, str]:
    Subscriber.objects.filter(network=world.network).delete()
    Subscriber.objects.bulk_create(
        Subscriber(
            network=world.network,
            email=f"person{number:03}@example.org",
            language=("sl", "bg", "en")[number % 3],
            status=("pending", "confirmed", "unsubscribed")[number % 3],
            token=new_token(),
        )
        for number in range(count)
    )
    client = client_for(world.carol)
    url = reverse("coordination:subscribers", args=[world.network.public_id])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_list_queries_do_not_grow_with_subscribers(world: World, django_assert_max_num_queries: Any) -> None:
    few, _page = _queries_for_list(world, 3)
    many, page = _queries_for_list(world, 120)
    assert few == many, (few, many)
    assert page.count("@example.org</th>") == 50  # one page of 50
    client = client_for(world.carol)
    url = reverse("coordination:subscribers", args=[world.network.public_id])
    with django_assert_max_num_queries(10):
        last = client.get(url, {"page": 3})
    assert last.content.decode().count("@example.org</th>") == 20
