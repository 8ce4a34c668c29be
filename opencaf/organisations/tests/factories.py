"""Test data builders for people, networks and organisations."""

from __future__ import annotations

from typing import Any

import factory

from opencaf.accounts.models import User
from opencaf.organisations.models import Membership, MembershipRole, Network, NetworkCoordinator, Organisation

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Quality network {n}")
    country = "SI"
    default_language = "sl"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    org_type = "municipality"
    country = "SI"
    size_band = "50-249"
    default_language = "sl"


def add_member(organisation: Organisation, user: User, *roles: str, department: str = "") -> Membership:
    membership = Membership.objects.create(organisation=organisation, user=user, department=department)
    MembershipRole.objects.bulk_create(MembershipRole(membership=membership, role=role) for role in roles)
    return membership


def make_coordinator(network: Network, user: User) -> None:
    NetworkCoordinator.objects.create(network=network, user=user)
