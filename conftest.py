"""Shared fixtures. As in Healthchecks: Alice administers her organisation, Bob administers another
one (and must see nothing of Alice's), Charlie belongs to no organisation at all."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import hypothesis
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from opencaf.accounts.models import User
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.organisations.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    add_member,
    make_coordinator,
)

if TYPE_CHECKING:
    from opencaf.frameworks.models import FrameworkVersion

# Property tests judge results, never speed: hypothesis's default 200 ms deadline per example failed
# them at random on a loaded machine (two xdist workers, a browser), which says nothing about the code.
hypothesis.settings.register_profile("opencaf", deadline=None)
hypothesis.settings.load_profile("opencaf")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Middleware activates a language for the thread; do not let it leak into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_framework_structures() -> None:
    """Each test starts with no framework structure read, so query counts do not depend on the order."""
    from opencaf.frameworks.selectors import forget_structures
    from opencaf.surveys.selectors import forget_respondent_structures, forget_visit_snapshots

    forget_structures()
    forget_respondent_structures()
    forget_visit_snapshots()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: nothing another test left there (rate-limit counts of the
    test client's one address, cached figures of rows rolled back since) may decide its result."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    network: Network
    other_network: Network
    alice: User
    alice_org: Organisation
    alice_membership: Membership
    bob: User
    bob_org: Organisation
    charlie: User
    carol: User  # coordinator of Alice's network
    dave: User  # coordinator of the other network


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """Alice, Bob, Charlie and the coordinators: the `world` fixture, for a fixture of a wider scope to call."""
    network = NetworkFactory(name="Alice Quality Network")
    other_network = NetworkFactory(name="Bob Quality Network")
    alice = UserFactory(email="alice@example.org", full_name="Alice Adams")
    bob = UserFactory(email="bob@example.org", full_name="Bob Brown")
    charlie = UserFactory(email="charlie@example.org", full_name="Charlie Clark")
    carol = UserFactory(email="carol@example.org", full_name="Carol Coordinator")
    dave = UserFactory(email="dave@example.org", full_name="Dave Coordinator")
    alice_org = OrganisationFactory(network=network, name="Alice Municipality")
    bob_org = OrganisationFactory(network=other_network, name="Bob Agency")
    alice_membership = add_member(alice_org, alice, Role.ORG_ADMIN)
    add_member(bob_org, bob, Role.ORG_ADMIN)
    make_coordinator(network, carol)
    make_coordinator(other_network, dave)
    return World(network, other_network, alice, alice_org, alice_membership, bob, bob_org, charlie, carol, dave)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@functools.cache
def _caf_model_data() -> dict[str, Any]:
    """frameworks/caf2020/model.yaml read and validated once per process (an xdist worker): parsing the
    YAML took about as long as loading its rows, and hundreds of tests load the model."""
    from opencaf.frameworks.services import DEFAULT_MODEL_FILES, read_framework_file

    return read_framework_file(DEFAULT_MODEL_FILES[0])


def load_caf_framework() -> FrameworkVersion:
    """The CAF 2020 model loaded into the database, as `load_frameworks` does (a fresh copy of the data,
    so nothing the loader might do to it reaches the next test)."""
    from opencaf.frameworks.services import load_framework

    return load_framework(copy.deepcopy(_caf_model_data())).framework


@pytest.fixture
def caf_framework(db: None) -> FrameworkVersion:
    """The CAF 2020 model loaded from frameworks/caf2020/model.yaml (into this test's database)."""
    return load_caf_framework()
