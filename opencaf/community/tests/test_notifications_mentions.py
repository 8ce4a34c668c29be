"""Mentions: which `@[Full Name]` in a post's Markdown count, and whom they reach (readers of the network's
forum only, matched exactly, ignoring case and spaces; every reader of an ambiguous name)."""

from __future__ import annotations

from typing import cast

import pytest

from conftest import World
from opencaf.accounts.models import User
from opencaf.community.mentions import (
    MAX_MENTIONS,
    forum_readers,
    is_forum_reader,
    mentioned_names,
    reading_pairs,
    resolve_mentions,
)
from opencaf.community.tests.test_notifications_builders import member_of_network
from opencaf.organisations.tests.factories import UserFactory, add_member


def test_names_in_text_count_once_each_in_order() -> None:
    source = "Thanks @[Alice Adams] and @[Bob  Brown]!\n\n> As @[alice adams] said, *@[Carol Coordinator]* knows."
    assert mentioned_names(source) == ["Alice Adams", "Bob Brown", "Carol Coordinator"]


def test_code_and_link_texts_are_no_mentions() -> None:
    source = (
        "Write `@[Alice Adams]` to mention someone.\n\n"
        "    @[Indented Code]\n\n"
        "```\n@[Fenced Code]\n```\n\n"
        "See [@[Linked Name]](https://example.org) and @[Real Person]."
    )
    assert mentioned_names(source) == ["Real Person"]


def test_broken_syntax_and_too_many_names() -> None:
    assert mentioned_names("@[Two\nLines] @[] @[a[b]] @Alice [Alice] @ [Alice]") == []
    many = " ".join(f"@[Person {number}]" for number in range(MAX_MENTIONS + 5))
    assert len(mentioned_names(many)) == MAX_MENTIONS


@pytest.mark.django_db
def test_readers_are_members_of_the_networks_organisations_and_its_coordinators(world: World) -> None:
    neighbour = member_of_network(world.network)
    gone = member_of_network(world.network, email="gone@example.org", name="Gone Person")
    gone.is_active = False
    gone.save()
    readers = set(forum_readers(world.network))
    assert readers == {world.alice, world.carol, neighbour}
    assert is_forum_reader(world.carol, world.network) and not is_forum_reader(world.dave, world.network)
    assert not is_forum_reader(world.bob, world.network) and not is_forum_reader(world.charlie, world.network)
    pairs = reading_pairs(
        [world.alice.pk, world.bob.pk, world.carol.pk, world.dave.pk, gone.pk],
        [world.network.pk, world.other_network.pk],
    )
    assert pairs == {
        (world.alice.pk, world.network.pk),
        (world.carol.pk, world.network.pk),
        (world.bob.pk, world.other_network.pk),
        (world.dave.pk, world.other_network.pk),
    }


@pytest.mark.django_db
def test_mentions_resolve_case_insensitively_to_readers_only(world: World) -> None:
    # Names that a database's ASCII-only case folding would miss.
    zala = member_of_network(world.network, email="zala@example.org", name="Žala Čeh")
    ivan = member_of_network(world.network, email="ivan@example.org", name="Иван Петров")
    found = resolve_mentions("@[alice ADAMS], @[ŽALA ČEH], @[иван петров] and @[Carol  Coordinator]", world.network)
    assert found == sorted([world.alice, zala, ivan, world.carol], key=lambda person: person.pk)
    # Bob, Dave (another network) and Charlie (no organisation) are never found, whatever is written.
    nobody = resolve_mentions("@[Bob Brown] @[Dave Coordinator] @[Charlie Clark] @[Alice]", world.network)
    assert nobody == []


@pytest.mark.django_db
def test_an_ambiguous_name_reaches_every_reader_of_that_name_and_nobody_outside(world: World) -> None:
    first = member_of_network(world.network, email="ana1@example.org", name="Ana Novak")
    second = member_of_network(world.network, email="ana2@example.org", name="Ana Novak")
    outsider = cast(User, UserFactory(email="ana3@example.org", full_name="Ana Novak"))
    add_member(world.bob_org, outsider, "viewer")
    assert resolve_mentions("Ask @[Ana Novak].", world.network) == [first, second]
    assert resolve_mentions("Ask @[Ana Novak].", world.other_network) == [outsider]
