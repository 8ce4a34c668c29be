from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.coordination.models import EngagementEntry
from opencaf.coordination.services.engagement import record_contact


def _url(world: World) -> str:
    kwargs = {"network_id": world.network.public_id, "org_id": world.alice_org.public_id}
    return reverse("coordination:portfolio_organisation", kwargs=kwargs)


def _record(world: World, **overrides: Any) -> EngagementEntry:
    data: dict[str, Any] = {
        "actor": world.carol,
        "network": world.network,
        "organisation": world.alice_org,
        "kind": "call",
        "happened_on": timezone.localdate(),
        "summary": "Talked about the training dates.",
    }
    with transaction.atomic():
        return record_contact(**{**data, **overrides})


def test_a_contact_is_recorded_and_audited(world: World) -> None:
    entry = _record(world, kind="visit", happened_on=date(2026, 3, 2), summary="  Visit to the mayor.  ")
    assert (entry.kind, entry.summary, entry.author) == ("visit", "Visit to the mayor.", world.carol)
    event = AuditEvent.objects.get(action="coordination.contact_recorded")
    assert event.network == world.network and event.organisation is None  # the network's own record
    assert event.changes == {"kind": "visit", "date": "2026-03-02"}
    assert "mayor" not in str(event.changes)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("summary", {"summary": "   "}),
        ("happened_on", {"happened_on": timezone.localdate() + timedelta(days=1)}),
        ("kind", {"kind": "telepathy"}),
    ],
)
def test_bad_input_is_refused(world: World, field: str, overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as raised:
        _record(world, **overrides)
    assert field in raised.value.error_dict
    assert not EngagementEntry.objects.exists() and not AuditEvent.objects.filter(action__startswith="coord").exists()


def test_only_the_network_s_coordinator_may_record(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.dave)
    with pytest.raises(PermissionDenied):
        _record(world, actor=world.alice)
    with pytest.raises(ValidationError):
        _record(world, organisation=world.bob_org)  # not an organisation of Carol's network
    assert not EngagementEntry.objects.exists()


def test_the_form_adds_an_entry_and_the_log_is_newest_first(world: World) -> None:
    _record(world, happened_on=date(2026, 1, 5), summary="First call.")
    client = client_for(world.carol)
    response = client.post(_url(world), {"kind": "email", "happened_on": "2026-02-10", "summary": "Sent the brochure."})
    assert response.status_code == 302
    body = client.get(_url(world)).content.decode()
    assert body.index("Sent the brochure.") < body.index("First call.")
    assert EngagementEntry.objects.filter(network=world.network, organisation=world.alice_org).count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "call", "happened_on": "2026-01-05", "summary": ""}, "This field is required."),
        ({"kind": "fax", "happened_on": "2026-01-05", "summary": "x"}, "Select a valid choice."),
        ({"kind": "call", "happened_on": "next week", "summary": "x"}, "Enter a valid date."),
        (
            {"kind": "call", "happened_on": (timezone.localdate() + timedelta(days=3)).isoformat(), "summary": "x"},
            "The date cannot be in the future",
        ),
    ],
)
def test_the_form_explains_bad_input(world: World, data: dict[str, str], message: str) -> None:
    response = client_for(world.carol).post(_url(world), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "There is a problem" in body
    assert not EngagementEntry.objects.exists()


def test_the_log_page_has_bounded_queries(world: World, django_assert_max_num_queries: Any) -> None:
    for day in range(1, 21):
        _record(world, happened_on=date(2026, 1, day), summary=f"Note {day}")
    client = client_for(world.carol)
    with django_assert_max_num_queries(20):
        response = client.get(_url(world))
    assert response.content.decode().count("Note ") == 20
