"""Contact requests waiting for an organisation's answer, on its administrators' home page."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from opencaf.benchmarking.models import PartnerRequest
from opencaf.benchmarking.todo import partner_request_items
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

pytestmark = pytest.mark.django_db


def _ask(world: World, state: str = "pending", code: str = "1.1") -> PartnerRequest:
    return PartnerRequest.objects.create(
        requester=OrganisationFactory(network=world.network),
        partner=world.alice_org,
        subcriterion_code=code,
        message="Could we learn from you?",
        state=state,
    )


def test_the_partner_administrators_hear_of_requests_waiting_for_them(world: World) -> None:
    _ask(world, code="1.1")
    _ask(world, code="3.2")
    _ask(world, state="declined", code="4.1")
    viewer = UserFactory()
    add_member(world.alice_org, viewer, Role.VIEWER)

    (item,) = partner_request_items(world.alice)

    assert item.count == 2 and str(world.alice_org.public_id) in item.url
    assert list(partner_request_items(viewer)) == []  # a member who may not answer
    assert list(partner_request_items(world.bob)) == []  # another organisation
    assert list(partner_request_items(world.carol)) == []  # the coordinator answers for nobody


@pytest.mark.parametrize("requests", [1, 12])
def test_one_query_whatever_the_number(world: World, requests: int, django_assert_max_num_queries: Any) -> None:
    for number in range(requests):
        _ask(world, code=f"{number % 9 + 1}.1")
    list(partner_request_items(world.alice))  # the memberships, loaded once per request
    with django_assert_max_num_queries(1):
        list(partner_request_items(world.alice))
