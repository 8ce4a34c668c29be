"""The first demo layer: the network, organisations and users."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from opencaf.accounts.models import User
from opencaf.demo.guard import DemoError
from opencaf.demo.organisations import BG_NETWORK, seed_organisations
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network, Organisation
from opencaf.organisations.permissions import roles_in


@pytest.mark.django_db
def test_demo_seed_is_idempotent_and_complete() -> None:
    assert seed_organisations()
    assert not seed_organisations()
    assert Network.objects.filter(name="Demo quality network").count() == 1
    assert Organisation.objects.filter(network__name="Demo quality network").count() == 4
    municipality = Organisation.objects.get(org_type="municipality", country="SI")
    unit = Organisation.objects.get(org_type="administrative_unit")
    assert Organisation.objects.get(org_type="body_within_ministry").parent.org_type == "ministry"
    expected = {
        "quality@example.org": {Role.ORG_ADMIN},
        "leader@example.org": {Role.CAF_LEADER},
        "manager@example.org": {Role.MANAGER},
        "owner@example.org": {Role.ACTION_OWNER},
        "viewer@example.org": {Role.VIEWER},
        **{f"assessor{n}@example.org": {Role.ASSESSOR} for n in range(1, 10)},
    }
    for email, roles in expected.items():
        assert roles_in(User.objects.get(email=email), municipality) == roles, email
    outsider = User.objects.get(email="outsider@example.org")
    assert roles_in(outsider, unit) == {Role.ORG_ADMIN}
    assert roles_in(outsider, municipality) == frozenset()
    assert User.objects.get(email="admin@example.org").is_staff
    departments = set(municipality.memberships.filter(roles__role=Role.ASSESSOR).values_list("department", flat=True))
    assert len(departments) >= 7


@pytest.mark.django_db
def test_the_bulgarian_network() -> None:
    assert seed_organisations()
    network = Network.objects.get(name=BG_NETWORK)
    assert (network.country, network.default_language) == ("BG", "bg")
    (municipality,) = network.organisations.all()
    assert (municipality.name, municipality.short_name) == ("Община Горна Долина (демо)", "Община Горна Долина")
    assert (municipality.default_language, municipality.size_band, municipality.org_type) == (
        "bg",
        "50-249",
        "municipality",
    )
    quality = User.objects.get(email="kachestvo@example.org")
    assert (quality.full_name, quality.language) == ("Мария Иванова", "bg")
    assert roles_in(quality, municipality) == {Role.ORG_ADMIN}
    coordinator = User.objects.get(email="koordinator@example.org")
    assert (coordinator.full_name, coordinator.language) == ("Георги Петров", "bg")
    assert list(network.coordinators.all()) == [coordinator]
    assert not coordinator.memberships.exists()
    assert Client().post("/accounts/login/", {"login": "kachestvo@example.org", "password": "demo"}).status_code == 302


@pytest.mark.django_db
def test_a_database_seeded_before_the_bulgarian_network_gets_it() -> None:
    seed_organisations()
    Organisation.objects.filter(network__name=BG_NETWORK).delete()
    Network.objects.filter(name=BG_NETWORK).delete()
    User.objects.filter(email__in=["kachestvo@example.org", "koordinator@example.org"]).delete()
    slovenian = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    assert seed_organisations()
    assert Network.objects.filter(name=BG_NETWORK).exists()
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == (
        slovenian[0] + 1,
        slovenian[1] + 2,
        slovenian[2] + 1,
    )
    assert Network.objects.filter(name="Demo quality network").count() == 1
    assert not seed_organisations()


@pytest.mark.django_db
def test_every_demo_user_can_sign_in_with_demo() -> None:
    seed_organisations()
    for email in ["coordinator@example.org", "quality@example.org", "assessor9@example.org", "outsider@example.org"]:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": "demo"})
        assert response.status_code == 302, email


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=False)
def test_demo_is_refused_in_production() -> None:
    with pytest.raises(CommandError, match="OPENCAF_DEMO=1"):
        call_command("seed_demo")
    with pytest.raises(DemoError, match="OPENCAF_DEMO=1"):
        seed_organisations()
    assert not Network.objects.exists()
    assert not User.objects.exists()
