"""The coordinators' community items on the home page: practices to review, reported posts."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from opencaf.community.models import PostReport
from opencaf.community.tests.forum_factories import make_forum
from opencaf.community.tests.practice_factories import make_practice
from opencaf.community.todo import coordinator_items
from opencaf.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_hears_of_practices_to_review_and_reported_posts(world: World) -> None:
    for _ in range(2):
        make_practice(world.alice_org, state="submitted")
    make_practice(world.alice_org, state="draft")
    make_practice(OrganisationFactory(network=world.other_network), state="submitted")
    forum = make_forum(world)
    PostReport.objects.create(post=forum.post, reported_by=world.alice, reason="Spam")

    items = list(coordinator_items(world.carol))

    assert [item.count for item in items] == [2, 1]
    assert str(world.network.public_id) in items[0].url and items[0].url.endswith("/review/")
    assert items[1].url.endswith("/moderation/")
    (theirs,) = coordinator_items(world.dave)  # another network's coordinator: only their own network's practice
    assert theirs.count == 1 and str(world.other_network.public_id) in theirs.url
    assert list(coordinator_items(world.alice)) == []  # not a coordinator


@pytest.mark.parametrize("practices", [1, 12])
def test_the_items_cost_two_queries_whatever_the_number(
    world: World, practices: int, django_assert_max_num_queries: Any
) -> None:
    for _ in range(practices):
        make_practice(world.alice_org, state="submitted")
    list(coordinator_items(world.carol))  # the coordinator's networks, loaded once per request
    with django_assert_max_num_queries(2):
        list(coordinator_items(world.carol))
