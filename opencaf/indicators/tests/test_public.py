"""The organisation's public page of indicators: only what it publishes, for anyone, without names
of people or how late values are."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from opencaf.indicators.tests.factories import aim, make_indicator, record


def test_anyone_reads_the_published_indicators_and_nothing_else(
    world: World, django_assert_max_num_queries: Any
) -> None:
    url = reverse("indicators:public", args=[world.alice_org.public_id])
    internal = make_indicator(world.alice_org, world.alice, name={"en": "Internal only"})
    assert Client().get(url).status_code == 404  # nothing published: nothing to show, nothing told
    published = make_indicator(
        world.alice_org, world.alice, name={"en": "Cases decided in time"}, visibility="published",
        owner=world.alice_membership,
    )  # fmt: skip
    for period, value in (("2025-Q3", "70"), ("2025-Q4", "75"), ("2026-Q1", "80")):
        record(published, world.alice, period, value)
        record(internal, world.alice, period, value)
        aim(published, world.alice, period, "78")
    with django_assert_max_num_queries(8):
        page = Client().get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Cases decided in time" in text and "Internal only" not in text
    assert world.alice.full_name not in text and "overdue" not in text
    assert reverse("indicators:detail", args=[world.alice_org.public_id, published.public_id]) not in text
    assert Client().get(reverse("indicators:public", args=[world.bob_org.public_id])).status_code == 404


def test_the_list_links_to_the_public_page_once_something_is_published(world: World) -> None:
    listing = reverse("indicators:list", args=[world.alice_org.public_id])
    public = reverse("indicators:public", args=[world.alice_org.public_id])
    make_indicator(world.alice_org, world.alice)
    assert public not in client_for(world.alice).get(listing).content.decode()
    make_indicator(world.alice_org, world.alice, name={"en": "Shown"}, visibility="published")
    assert public in client_for(world.alice).get(listing).content.decode()
