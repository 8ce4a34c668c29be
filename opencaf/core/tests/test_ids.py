"""get_by_public_id: one way to turn a URL's id into an object of the caller's scope, or a 404."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from conftest import World
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.models import Organisation


@pytest.mark.parametrize("bad", ["", "1", "not-a-uuid", "00000000-0000-0000-0000-00000000000g", None])
def test_a_malformed_id_is_not_found(world: World, bad: object) -> None:
    with pytest.raises(Http404):
        get_by_public_id(Organisation.objects.all(), bad)


def test_an_object_outside_the_scope_is_as_absent_as_a_missing_one(world: World) -> None:
    alices = Organisation.objects.filter(network=world.network)
    assert get_by_public_id(alices, world.alice_org.public_id) == world.alice_org
    assert get_by_public_id(alices, str(world.alice_org.public_id)) == world.alice_org
    with pytest.raises(Http404):
        get_by_public_id(alices, world.bob_org.public_id)
    with pytest.raises(Http404):
        get_by_public_id(alices, uuid.uuid4())
