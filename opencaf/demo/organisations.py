"""The demo networks, organisations and users: the first layer `manage.py seed_demo` seeds.

Two networks: the Slovenian "Demo quality network" with four organisations and the people of the
municipality, and a small Bulgarian one (one municipality, its quality representative and the
network's coordinator), so the interface and the surveys can be tried in Bulgarian.

Idempotent, network by network: each is created only when it is missing, so a database seeded before
the Bulgarian network existed gets it on the next run and nothing else changes. Refuses to run unless
DEBUG or OPENCAF_DEMO is on, so a production database never gets the well-known demo passwords.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from opencaf.accounts.models import User
from opencaf.demo.guard import require_demo_allowed
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, MembershipRole, Network, NetworkCoordinator, Organisation

DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo password, refused outside development
DEMO_NETWORK = "Demo quality network"

ORGANISATIONS = [
    # key, name, short name, type, parent key, size band
    ("ministry", "Ministrstvo za javno upravo (demo)", "MJU demo", "ministry", None, "250-999"),
    ("inspectorate", "Inšpektorat za javni sektor (demo)", "IJS demo", "body_within_ministry", "ministry", "1-49"),
    ("municipality", "Občina Zgornja Dolina (demo)", "Občina Zgornja Dolina", "municipality", None, "50-249"),
    ("unit", "Upravna enota Spodnja Dolina (demo)", "UE Spodnja Dolina", "administrative_unit", None, "50-249"),
]

# e-mail, full name, organisation key, roles, department, level
PEOPLE: list[tuple[str, str, str | None, list[str], str, str]] = [
    ("quality@example.org", "Mojca Kovač", "municipality", [Role.ORG_ADMIN], "Kabinet župana", "middle"),
    ("leader@example.org", "Andrej Novak", "municipality", [Role.CAF_LEADER], "Oddelek za splošne zadeve", "middle"),
    ("assessor1@example.org", "Petra Horvat", "municipality", [Role.ASSESSOR], "Oddelek za finance", "front_line"),
    (
        "assessor2@example.org",
        "Marko Krajnc",
        "municipality",
        [Role.ASSESSOR],
        "Oddelek za okolje in prostor",
        "middle",
    ),
    (
        "assessor3@example.org",
        "Nina Zupan",
        "municipality",
        [Role.ASSESSOR],
        "Oddelek za družbene dejavnosti",
        "front_line",
    ),
    (
        "assessor4@example.org",
        "Tomaž Potočnik",
        "municipality",
        [Role.ASSESSOR],
        "Oddelek za gospodarske javne službe",
        "front_line",
    ),
    ("assessor5@example.org", "Katja Vidmar", "municipality", [Role.ASSESSOR], "Sprejemna pisarna", "front_line"),
    ("assessor6@example.org", "Luka Kos", "municipality", [Role.ASSESSOR], "Medobčinski inšpektorat", "front_line"),
    ("assessor7@example.org", "Maja Golob", "municipality", [Role.ASSESSOR], "Kadrovska služba", "support"),
    ("assessor8@example.org", "Rok Turk", "municipality", [Role.ASSESSOR], "Informatika", "support"),
    ("assessor9@example.org", "Sara Kralj", "municipality", [Role.ASSESSOR], "Oddelek za finance", "middle"),
    ("manager@example.org", "Janez Božič", "municipality", [Role.MANAGER], "Direktor občinske uprave", "top"),
    (
        "owner@example.org",
        "Irena Mlakar",
        "municipality",
        [Role.ACTION_OWNER],
        "Oddelek za splošne zadeve",
        "front_line",
    ),
    ("viewer@example.org", "Boris Kavčič", "municipality", [Role.VIEWER], "Občinski svet", ""),
    ("outsider@example.org", "Vesna Rozman", "unit", [Role.ORG_ADMIN], "Kabinet načelnika", "top"),
    ("coordinator@example.org", "Alenka Zorman", None, [], "", ""),
    ("admin@example.org", "Site Administrator", None, [], "", ""),
]

# The Bulgarian network: one municipality, its quality representative, and the network's coordinator.
BG_NETWORK = "Демо мрежа по качеството"
BG_MUNICIPALITY = "Община Горна Долина (демо)"
BG_ORGANISATION = (BG_MUNICIPALITY, "Община Горна Долина", "municipality", "50-249")
BG_QUALITY = "kachestvo@example.org"
BG_COORDINATOR = "koordinator@example.org"
# e-mail, full name, roles, department, level
BG_PEOPLE: list[tuple[str, str, list[str], str, str]] = [
    (BG_QUALITY, "Мария Иванова", [Role.ORG_ADMIN], "Дирекция „Административно обслужване“", "middle"),
    (BG_COORDINATOR, "Георги Петров", [], "", ""),
]


def _user(email: str, full_name: str, language: str, **extra: Any) -> User:
    user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, language=language, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def seed_organisations() -> bool:
    """Create whichever demo network (with its organisations and users) is missing; False when both exist."""
    require_demo_allowed()
    created = False
    if not Network.objects.filter(name=DEMO_NETWORK).exists():
        _create()
        created = True
    if not Network.objects.filter(name=BG_NETWORK).exists():
        _create_bulgarian()
        created = True
    return created


@transaction.atomic
def _create() -> None:
    network = Network.objects.create(name=DEMO_NETWORK, country="SI", default_language="sl")
    organisations: dict[str, Organisation] = {}
    for key, name, short_name, org_type, parent, size in ORGANISATIONS:
        organisations[key] = Organisation.objects.create(
            network=network,
            name=name,
            short_name=short_name,
            org_type=org_type,
            parent=organisations[parent] if parent else None,
            country="SI",
            size_band=size,
            default_language="sl",
        )
    for email, full_name, org_key, roles, department, level in PEOPLE:
        is_admin = email == "admin@example.org"
        user = _user(email, full_name, "en" if is_admin else "sl", is_staff=is_admin, is_superuser=is_admin)
        if email == "coordinator@example.org":
            NetworkCoordinator.objects.create(network=network, user=user)
        if org_key:
            membership = Membership.objects.create(
                organisation=organisations[org_key], user=user, department=department, staff_level=level
            )
            MembershipRole.objects.bulk_create(MembershipRole(membership=membership, role=role) for role in roles)


@transaction.atomic
def _create_bulgarian() -> None:
    network = Network.objects.create(name=BG_NETWORK, country="BG", default_language="bg")
    name, short_name, org_type, size = BG_ORGANISATION
    municipality = Organisation.objects.create(
        network=network,
        name=name,
        short_name=short_name,
        org_type=org_type,
        country="BG",
        size_band=size,
        default_language="bg",
    )
    for email, full_name, roles, department, level in BG_PEOPLE:
        # A database whose Bulgarian network was deleted by hand may still have its people.
        user = User.objects.filter(email=email).first() or _user(email, full_name, "bg")
        if email == BG_COORDINATOR:
            NetworkCoordinator.objects.create(network=network, user=user)
            continue
        membership = Membership.objects.create(
            organisation=municipality, user=user, department=department, staff_level=level
        )
        MembershipRole.objects.bulk_create(MembershipRole(membership=membership, role=role) for role in roles)
