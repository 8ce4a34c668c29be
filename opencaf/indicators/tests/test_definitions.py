"""Shared indicator definitions: a network's coordinators keep the set (draft, change, publish,
withdraw, the starter library); an organisation's managers adopt a published one as an indicator
whose defining fields stay locked. Every change audited; nobody outside sees anything."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.indicators import definition_services as services
from opencaf.indicators import services as indicator_services
from opencaf.indicators.definition_services import DefinitionInput
from opencaf.indicators.forms import IndicatorForm
from opencaf.indicators.library import starter_library
from opencaf.indicators.models import DefinitionStatus, Indicator, SharedDefinition
from opencaf.indicators.services import IndicatorInput
from opencaf.indicators.tests.factories import record
from opencaf.organisations.choices import Role
from opencaf.organisations.models import Membership, Network
from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member


def _input(**fields: Any) -> DefinitionInput:
    data: dict[str, Any] = {
        "code": "days-to-decide",
        "name": {"en": "Average days to decide a case", "sl": "Povprečno število dni do odločitve"},
        "definition": {
            "en": "Calendar days from receipt to decision.",
            "sl": "Koledarski dnevi od prejema do odločbe.",
        },
        "unit": "days",
        "direction": "lower_better",
        "frequency": "quarterly",
        "decimals": 1,
        "subcriteria": ("6.2",),
        **fields,
    }
    return DefinitionInput(**data)


def _draft(world: World, network: Network | None = None, **fields: Any) -> SharedDefinition:
    network = network or world.network
    actor = world.carol if network == world.network else world.dave
    with transaction.atomic():
        return services.create_definition(actor=actor, network=network, data=_input(**fields))


def _published(world: World, network: Network | None = None, **fields: Any) -> SharedDefinition:
    definition = _draft(world, network, **fields)
    actor = world.carol if definition.network_id == world.network.pk else world.dave
    return services.publish_definition(actor=actor, definition=definition)


def _member(world: World, role: str) -> Any:
    user = UserFactory()
    add_member(world.alice_org, user, role)
    return user


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# --- the coordinators' services ---------------------------------------------------------------------


def test_a_coordinator_drafts_changes_publishes_and_withdraws_audited(world: World) -> None:
    definition = _draft(world)
    assert definition.status == DefinitionStatus.DRAFT and definition.created_by == world.carol
    services.update_definition(actor=world.carol, definition=definition, data=_input(decimals=0, frequency="yearly"))
    definition.refresh_from_db()
    assert (definition.decimals, definition.frequency) == (0, "yearly")
    services.update_definition(actor=world.carol, definition=definition, data=_input(decimals=0, frequency="yearly"))
    services.publish_definition(actor=world.carol, definition=definition)
    definition.refresh_from_db()
    assert definition.status == DefinitionStatus.PUBLISHED and definition.published_at is not None
    services.withdraw_definition(actor=world.carol, definition=definition)
    definition.refresh_from_db()
    assert definition.status == DefinitionStatus.WITHDRAWN
    assert _actions() == [
        "indicators.definition_created",
        "indicators.definition_changed",  # once: the second save changed nothing
        "indicators.definition_published",
        "indicators.definition_withdrawn",
    ]
    changed = AuditEvent.objects.get(action="indicators.definition_changed")
    assert changed.changes == {"frequency": ["quarterly", "yearly"], "decimals": [1, 0]}
    assert set(AuditEvent.objects.values_list("network", flat=True)) == {world.network.pk}


def test_only_the_networks_coordinators_keep_its_set(world: World) -> None:
    definition = _draft(world)
    for outsider in (world.alice, world.dave, world.bob, world.charlie):
        with pytest.raises(PermissionDenied):
            services.create_definition(actor=outsider, network=world.network, data=_input(code="other"))
        with pytest.raises(PermissionDenied):
            services.update_definition(actor=outsider, definition=definition, data=_input(decimals=2))
        with pytest.raises(PermissionDenied):
            services.publish_definition(actor=outsider, definition=definition)
        with pytest.raises(PermissionDenied):
            services.withdraw_definition(actor=outsider, definition=definition)
        with pytest.raises(PermissionDenied):
            services.add_starter_library(actor=outsider, network=world.network)
        with pytest.raises(PermissionDenied):
            services.publish_drafts(actor=outsider, network=world.network)
    assert SharedDefinition.objects.get().status == DefinitionStatus.DRAFT


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "Days To Decide"}, "lower-case letters, digits and hyphens"),
        ({"code": ""}, "lower-case letters"),
        ({"name": {"en": "  "}, "definition": {"en": "Days."}}, "name in at least one language"),
        ({"definition": {"en": "Days."}}, "in every language that has a name"),
        ({"unit": "other"}, "which unit the values are in"),
        ({"unit": "litres"}, "Choose the unit"),
        ({"frequency": "weekly"}, "how often it is measured"),
        ({"decimals": 5}, "0 to 4 decimal places"),
        ({"subcriteria": ("6.2", "10.1")}, "Not subcriteria of CAF 2020: 10.1"),
    ],
)
def test_a_definition_is_checked(world: World, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        services.create_definition(actor=world.carol, network=world.network, data=_input(**fields))
    assert not SharedDefinition.objects.exists() and not AuditEvent.objects.exists()


def test_a_code_is_unique_in_its_network_only(world: World) -> None:
    _draft(world)
    with pytest.raises(ValidationError, match="already has a definition with this code"):
        services.create_definition(actor=world.carol, network=world.network, data=_input())
    _draft(world, world.other_network)  # the same code in another network
    other = _draft(world, code="cases-in-time")
    with pytest.raises(ValidationError, match="already has a definition with this code"):
        services.update_definition(actor=world.carol, definition=other, data=_input())


def test_a_published_definition_does_not_change(world: World) -> None:
    definition = _published(world)
    with pytest.raises(ValidationError, match="add a new definition and withdraw this one"):
        services.update_definition(actor=world.carol, definition=definition, data=_input(decimals=3))
    with pytest.raises(ValidationError, match="Only a draft can be published"):
        services.publish_definition(actor=world.carol, definition=definition)
    services.withdraw_definition(actor=world.carol, definition=definition)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.publish_definition(actor=world.carol, definition=definition)
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.withdraw_definition(actor=world.carol, definition=definition)
    definition.refresh_from_db()
    assert definition.decimals == 1


def test_the_starter_library_is_added_once_as_drafts(world: World) -> None:
    added = services.add_starter_library(actor=world.carol, network=world.network)
    assert len(added) == len(starter_library()) == SharedDefinition.objects.filter(network=world.network).count()
    assert set(SharedDefinition.objects.values_list("status", flat=True)) == {DefinitionStatus.DRAFT}
    event = AuditEvent.objects.get(action="indicators.library_added")
    assert event.network == world.network and event.changes["added"][0] == starter_library()[0].code
    first = SharedDefinition.objects.get(code=starter_library()[0].code)
    assert first.name == starter_library()[0].name and set(first.definition) == {"en", "sl", "bg"}
    # Idempotent by code: nothing again, not even a code the coordinators withdrew.
    services.withdraw_definition(actor=world.carol, definition=first)
    assert services.add_starter_library(actor=world.carol, network=world.network) == []
    assert AuditEvent.objects.filter(action="indicators.library_added").count() == 1
    # A library that grew adds only its new codes.
    grown = [*starter_library()[:2], replace(starter_library()[2], code="new")]
    added = services.add_starter_library(actor=world.carol, network=world.network, entries=grown)
    assert [definition.code for definition in added] == ["new"]


def test_every_draft_is_published_at_once(world: World) -> None:
    services.add_starter_library(actor=world.carol, network=world.network)
    withdrawn = SharedDefinition.objects.order_by("id").first()
    assert withdrawn is not None
    services.withdraw_definition(actor=world.carol, definition=withdrawn)
    count = services.publish_drafts(actor=world.carol, network=world.network)
    assert count == len(starter_library()) - 1
    assert SharedDefinition.objects.filter(status=DefinitionStatus.PUBLISHED).count() == count
    assert AuditEvent.objects.filter(action="indicators.definition_published").count() == count
    assert services.publish_drafts(actor=world.carol, network=world.network) == 0


# --- adopting -----------------------------------------------------------------------------------------


def test_a_manager_adopts_a_published_definition_once(world: World) -> None:
    definition = _published(world, unit="other", unit_label="kWh/m²", subcriteria=("8.2",), decimals=0)
    indicator = services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=definition)
    assert indicator.definition == definition and indicator.organisation == world.alice_org
    assert indicator.name == definition.name and indicator.description == definition.definition
    assert (indicator.unit, indicator.unit_label, indicator.direction, indicator.frequency, indicator.decimals) == (
        "other",
        "kWh/m²",
        "lower_better",
        "quarterly",
        0,
    )
    assert indicator.subcriteria == ["8.2"]
    assert _actions()[-2:] == ["indicators.created", "indicators.definition_adopted"]
    adopted = AuditEvent.objects.get(action="indicators.definition_adopted")
    assert adopted.organisation == world.alice_org and adopted.changes == {"shared_definition": "days-to-decide"}
    with pytest.raises(ValidationError, match="already adopted this definition: its indicator is Average days"):
        services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=definition)
    assert Indicator.objects.count() == 1


def test_only_a_published_definition_of_the_own_network_is_adopted(world: World) -> None:
    draft = _draft(world)
    with pytest.raises(ValidationError, match="Only a published definition"):
        services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=draft)
    services.publish_definition(actor=world.carol, definition=draft)
    services.withdraw_definition(actor=world.carol, definition=draft)
    with pytest.raises(ValidationError, match="Only a published definition"):
        services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=draft)
    foreign = _published(world, world.other_network, code="foreign")
    with pytest.raises(PermissionDenied):
        services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=foreign)
    alone = OrganisationFactory(network=None)
    add_member(alone, world.charlie, Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.adopt_definition(actor=world.charlie, organisation=alone, definition=foreign)
    viewer = _member(world, Role.VIEWER)
    published = _published(world, code="published")
    with pytest.raises(PermissionDenied):
        services.adopt_definition(actor=viewer, organisation=world.alice_org, definition=published)
    assert not Indicator.objects.exists()


def test_the_defining_fields_of_an_adopted_indicator_stay(world: World) -> None:
    definition = _published(world)
    indicator = services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=definition)
    kept = {
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "frequency": indicator.frequency,
        "decimals": indicator.decimals,
    }
    for change in ({"unit": "percent"}, {"name": {"en": "Days"}}, {"decimals": 2}, {"description": {}}):
        with pytest.raises(ValidationError, match="follows a shared definition"):
            indicator_services.update_indicator(
                actor=world.alice, indicator=indicator, data=IndicatorInput(**{**kept, **change})
            )
    # What the organisation decides for itself still changes: owner, tolerance, more subcriteria.
    data = IndicatorInput(**kept, owner=world.alice_membership, subcriteria=("6.2", "5.1"))
    indicator_services.update_indicator(actor=world.alice, indicator=indicator, data=data)
    indicator.refresh_from_db()
    assert indicator.owner == world.alice_membership and indicator.subcriteria == ["5.1", "6.2"]
    assert indicator.unit == "days"


def test_the_indicator_form_locks_the_defining_fields(world: World) -> None:
    definition = _published(world)
    indicator = services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=definition)
    form = IndicatorForm(members=Membership.objects.none(), subcriteria=[], indicator=indicator)
    locked = {name for name, field in form.fields.items() if field.disabled}
    assert {"unit", "unit_label", "direction", "frequency", "decimals", "name_en", "description_sl"} <= locked
    assert not {"owner", "tolerance", "subcriteria", "data_source", "visibility"} & locked
    plain = Indicator.objects.create(organisation=world.alice_org, name={"en": "Own"}, unit="count", direction="x")
    assert not any(
        field.disabled
        for field in IndicatorForm(members=Membership.objects.none(), subcriteria=[], indicator=plain).fields.values()
    )
    # Through the page: a forged unit is ignored, the rest is saved.
    url = reverse("indicators:edit", kwargs={"org_id": world.alice_org.public_id, "indicator_id": indicator.public_id})
    response = client_for(world.alice).post(
        url,
        {
            "name_en": "Forged name",
            "unit": "percent",
            "direction": "higher_better",
            "frequency": "monthly",
            "decimals": 3,
            "tolerance": "10",
            "visibility": "internal",
            "data_source": "Case register",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.data_source == "Case register" and indicator.unit == "days"
    assert indicator.name == definition.name and indicator.frequency == "quarterly"


# --- pages: who sees what -----------------------------------------------------------------------------


def _network_urls(world: World) -> list[tuple[str, str]]:
    draft = _draft(world, code="a-draft")
    published = _published(world, code="published-one")
    network = {"network_id": world.network.public_id}
    return [
        ("get", reverse("indicators:definitions", kwargs=network)),
        ("get", reverse("indicators:definition_new", kwargs=network)),
        ("get", reverse("indicators:definitions_publish", kwargs=network)),
        ("get", reverse("indicators:definition", kwargs={**network, "definition_id": draft.public_id})),
        ("get", reverse("indicators:definition", kwargs={**network, "definition_id": published.public_id})),
        (
            "get",
            reverse(
                "indicators:definition_step",
                kwargs={**network, "definition_id": draft.public_id, "action": "publish"},
            ),
        ),
        (
            "get",
            reverse(
                "indicators:definition_step",
                kwargs={**network, "definition_id": published.public_id, "action": "withdraw"},
            ),
        ),
        ("post", reverse("indicators:definition_library", kwargs=network)),
    ]


def test_the_network_pages_are_for_its_coordinators_only(world: World) -> None:
    urls = _network_urls(world)
    viewer = _member(world, Role.VIEWER)
    for method, url in urls:
        for outsider in (world.dave, world.alice, viewer, world.bob, world.charlie):
            response = getattr(client_for(outsider), method)(url)
            assert response.status_code == 404, (url, outsider.email, response.status_code)
        anonymous = getattr(client_for(None), method)(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert not AuditEvent.objects.filter(action="indicators.library_added").exists()
    for method, url in urls:
        response = getattr(client_for(world.carol), method)(url)
        assert response.status_code == (302 if method == "post" else 200), url


def test_the_organisation_pages_are_for_its_members(world: World) -> None:
    published = _published(world)
    url = reverse("indicators:shared_definitions", kwargs={"org_id": world.alice_org.public_id})
    adopt = reverse(
        "indicators:adopt_definition",
        kwargs={"org_id": world.alice_org.public_id, "definition_id": published.public_id},
    )
    viewer = _member(world, Role.VIEWER)
    page = client_for(viewer).get(url)
    assert page.status_code == 200 and "Average days to decide a case" in page.content.decode()
    assert adopt not in page.content.decode()  # no Adopt button for a plain member
    assert client_for(viewer).post(adopt).status_code == 403
    for outsider in (world.bob, world.carol, world.dave, world.charlie):  # the coordinator too: org's own work
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(adopt).status_code == 404
    for response in (client_for(None).get(url), client_for(None).post(adopt)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client_for(world.alice).get(adopt).status_code == 405
    assert not Indicator.objects.exists()
    manager_page = client_for(world.alice).get(url).content.decode()
    assert adopt in manager_page
    response = client_for(world.alice).post(adopt)
    indicator = Indicator.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "indicators:detail", kwargs={"org_id": world.alice_org.public_id, "indicator_id": indicator.public_id}
    )
    after = client_for(world.alice).get(url).content.decode()
    assert adopt not in after and "Adopted" in after


def test_a_definition_that_cannot_be_adopted_gets_a_message_or_404(world: World) -> None:
    published = _published(world)
    client = client_for(world.alice)
    org = {"org_id": world.alice_org.public_id}
    adopt = reverse("indicators:adopt_definition", kwargs={**org, "definition_id": published.public_id})
    client.post(adopt)
    again = client.post(adopt, follow=True)
    assert again.status_code == 200 and "already adopted this definition" in again.content.decode()
    draft = _draft(world, code="still-a-draft")
    foreign = _published(world, world.other_network, code="foreign")
    for definition in (draft, foreign):
        url = reverse("indicators:adopt_definition", kwargs={**org, "definition_id": definition.public_id})
        assert client.post(url).status_code == 404
    assert Indicator.objects.count() == 1
    alone = OrganisationFactory(network=None)
    add_member(alone, world.charlie, Role.ORG_ADMIN)
    page = client_for(world.charlie).get(reverse("indicators:shared_definitions", kwargs={"org_id": alone.public_id}))
    assert page.status_code == 200 and "not part of a network" in page.content.decode()


# --- pages: the coordinators' work --------------------------------------------------------------------


def test_a_coordinator_adds_reviews_and_publishes_the_starter_library(world: World) -> None:
    client = client_for(world.carol)
    network = {"network_id": world.network.public_id}
    listing = reverse("indicators:definitions", kwargs=network)
    assert "Add the starter library" in client.get(listing).content.decode()
    added = client.post(reverse("indicators:definition_library", kwargs=network), follow=True)
    assert "have been added as drafts" in added.content.decode()
    page = client.get(listing).content.decode()
    assert "Add the starter library" not in page and f"Publish {len(starter_library())} drafts" in page
    confirm = client.get(reverse("indicators:definitions_publish", kwargs=network)).content.decode()
    assert confirm.count("<li>") == len(starter_library())
    assert not SharedDefinition.objects.filter(status=DefinitionStatus.PUBLISHED).exists()  # GET only asks
    client.post(reverse("indicators:definitions_publish", kwargs=network))
    assert SharedDefinition.objects.filter(status=DefinitionStatus.PUBLISHED).count() == len(starter_library())
    again = client.post(reverse("indicators:definition_library", kwargs=network), follow=True)
    assert "already has every definition of the starter library" in again.content.decode()
    # The organisation now sees them, in its people's language.
    alice_client = client_for(world.alice)
    alice_client.post(reverse("accounts:set_language"), {"language": "sl", "next": "/"})
    organisation_page = alice_client.get(
        reverse("indicators:shared_definitions", kwargs={"org_id": world.alice_org.public_id})
    ).content.decode()
    assert starter_library()[0].name["sl"] in organisation_page


def test_a_draft_is_written_and_changed_through_the_form(world: World, caf_framework: Any) -> None:
    client = client_for(world.carol)
    network = {"network_id": world.network.public_id}
    new = reverse("indicators:definition_new", kwargs=network)
    fields = {
        "code": "days-to-decide",
        "name_en": "Average days to decide a case",
        "definition_en": "Calendar days from receipt to decision.",
        "unit": "days",
        "direction": "lower_better",
        "frequency": "quarterly",
        "decimals": 1,
        "subcriteria": ["6.2"],
    }
    empty = client.post(new, {**fields, "name_en": "", "code": "Bad code!"})
    assert empty.status_code == 422 and "data-error-summary" in empty.content.decode()
    assert "at least one language" in empty.content.decode()
    no_text = client.post(new, {**fields, "definition_en": ""})
    assert no_text.status_code == 422 and "in every language that has a name" in no_text.content.decode()
    assert client.post(new, fields).status_code == 302
    duplicate = client.post(new, fields)
    assert duplicate.status_code == 422 and "already has a definition with this code" in duplicate.content.decode()
    definition = SharedDefinition.objects.get()
    edit = reverse("indicators:definition", kwargs={**network, "definition_id": definition.public_id})
    assert client.post(edit, {**fields, "decimals": 0, "name_sl": "Dnevi do odločitve"}).status_code == 422
    assert client.post(edit, {**fields, "decimals": 0}).status_code == 302
    definition.refresh_from_db()
    assert definition.decimals == 0 and definition.subcriteria == ["6.2"]
    # Publishing asks first; then the page shows the definition as it stays, and refuses a change.
    step = reverse(
        "indicators:definition_step",
        kwargs={**network, "definition_id": definition.public_id, "action": "publish"},
    )
    assert "does not change" in client.get(step).content.decode()
    client.post(step)
    definition.refresh_from_db()
    assert definition.status == DefinitionStatus.PUBLISHED
    shown = client.get(edit)
    assert shown.status_code == 200 and "<form" not in shown.content.decode().split("<main", 1)[1].split("Withdraw")[0]
    assert client.post(edit, fields).status_code == 405
    again = client.post(step, follow=True)
    assert "Only a draft can be published" in again.content.decode()
    unknown = reverse(
        "indicators:definition_step",
        kwargs={**network, "definition_id": definition.public_id, "action": "delete"},
    )
    assert client.get(unknown).status_code == 404 and client.post(unknown).status_code == 404


# --- bounded queries ----------------------------------------------------------------------------------


def test_the_lists_read_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: Any) -> None:
    services.add_starter_library(actor=world.carol, network=world.network)
    services.publish_drafts(actor=world.carol, network=world.network)
    for definition in SharedDefinition.objects.all()[:5]:
        indicator = services.adopt_definition(actor=world.alice, organisation=world.alice_org, definition=definition)
        if indicator.frequency == "yearly":
            record(indicator, world.alice, "2025", "5")
    for number in range(3):
        other = OrganisationFactory(network=world.network, name=f"Other {number}")
        manager = UserFactory()
        add_member(other, manager, Role.MANAGER)
        for definition in SharedDefinition.objects.all()[:3]:
            services.adopt_definition(actor=manager, organisation=other, definition=definition)
    network_list = reverse("indicators:definitions", kwargs={"network_id": world.network.public_id})
    organisation_list = reverse("indicators:shared_definitions", kwargs={"org_id": world.alice_org.public_id})
    coordinator, manager_client = client_for(world.carol), client_for(world.alice)
    coordinator.get(network_list)
    manager_client.get(organisation_list)
    with django_assert_max_num_queries(8):
        page = coordinator.get(network_list)
    assert page.status_code == 200 and page.content.decode().count('<th scope="row"') == len(starter_library())
    with django_assert_max_num_queries(8):
        page = manager_client.get(organisation_list)
    assert page.status_code == 200 and page.content.decode().count("Open the indicator") == 5


# --- the demo -----------------------------------------------------------------------------------------


def test_the_demo_network_publishes_the_library_and_the_municipality_adopts_some(db: None) -> None:
    from opencaf.demo.assessments import MUNICIPALITY
    from opencaf.demo.definitions import ADOPTIONS, seed_definitions
    from opencaf.demo.organisations import DEMO_NETWORK, seed_organisations

    seed_organisations()
    assert seed_definitions() is True
    network = Network.objects.get(name=DEMO_NETWORK)
    published = SharedDefinition.objects.filter(network=network, status=DefinitionStatus.PUBLISHED)
    assert published.count() == len(starter_library())
    adopted = Indicator.objects.filter(organisation__name=MUNICIPALITY, definition__isnull=False)
    assert adopted.count() == len(ADOPTIONS) and 3 <= len(ADOPTIONS) <= 5
    assert all(indicator.measurements.count() == 3 for indicator in adopted)
    assert all(indicator.targets.count() == 3 for indicator in adopted)
    events = AuditEvent.objects.count()
    assert seed_definitions() is False
    assert AuditEvent.objects.count() == events and Indicator.objects.count() == len(ADOPTIONS)
