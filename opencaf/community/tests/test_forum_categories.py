"""The forum's categories: the default set made at the first opening (named in every language, the
criteria from the framework), and the coordinators' creating, renaming, reordering and deleting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from conftest import World
from opencaf.audit.models import AuditEvent
from opencaf.community.models import ForumCategory
from opencaf.community.services import forum_categories as services
from opencaf.community.services.forum_categories import CategoryData
from opencaf.community.tests.forum_factories import make_category, make_thread
from opencaf.frameworks.models import Criterion

pytestmark = pytest.mark.django_db


def _names(network: Any) -> list[dict[str, str]]:
    return [category.names for category in ForumCategory.objects.filter(network=network).order_by("position")]


def test_the_first_opening_makes_the_default_categories_in_every_language(world: World, caf_framework: Any) -> None:
    made = services.ensure_default_categories(world.network, actor=world.alice)
    assert len(made) == 14 and [category.position for category in made] == list(range(14))
    names = _names(world.network)
    for code in ("sl", "bg", "en"):
        with translation.override(code):
            assert names[0][code] == gettext("CAF implementation")
            assert names[-1][code] == gettext("Self-assessment reports and improvement plans")
            criterion = Criterion.objects.get(framework=caf_framework, number=3)
            expected = gettext("Criterion %(number)s: %(title)s") % {"number": 3, "title": criterion.title}
            assert names[3][code] == expected
    assert names[1]["en"].startswith("Criterion 1: ") and names[9]["en"].startswith("Criterion 9: ")
    assert [name["en"] for name in names[10:13]] == ["Surveys", "Indicators", "External feedback"]
    event = AuditEvent.objects.get(action="community.forum_categories_created")
    assert event.network == world.network and event.changes == {"count": 14}
    # A second opening changes nothing; another network gets its own.
    assert [c.pk for c in services.ensure_default_categories(world.network)] == [c.pk for c in made]
    assert AuditEvent.objects.filter(action="community.forum_categories_created").count() == 1
    assert not ForumCategory.objects.filter(network=world.other_network).exists()
    assert names[3]["sl"] != names[3]["en"]  # the framework's own Slovenian title


def test_without_a_framework_the_defaults_have_no_criteria(world: World) -> None:
    assert len(services.ensure_default_categories(world.network)) == 5


def test_default_categories_are_found_by_key_for_seeding(world: World, caf_framework: Any) -> None:
    by_key = services.default_categories_by_key(world.network)
    assert list(by_key)[:2] == ["caf", "criterion-1"] and "criterion-9" in by_key and "reports" in by_key
    assert by_key["surveys"].names["en"] == "Surveys" and len(by_key) == 14


def test_a_coordinator_creates_a_category_at_the_end(world: World) -> None:
    make_category(world.network, "First")
    category = services.create_category(
        actor=world.carol,
        network=world.network,
        data=CategoryData(names={"sl": " Okrogle  mize ", "en": "Round tables"}, descriptions={"en": "Talks."}),
    )
    assert category.names == {"sl": "Okrogle mize", "en": "Round tables"} and category.descriptions == {"en": "Talks."}
    assert category.position == 1
    assert AuditEvent.objects.get(action="community.forum_category_created").changes["forum_category_names"] == (
        category.names
    )


def test_category_names_are_checked(world: World) -> None:
    with translation.override("sl"), pytest.raises(ValidationError) as refused:
        services.create_category(
            actor=world.carol,
            network=world.network,  # writes Slovenian
            data=CategoryData(names={"en": "Only English", "bg": "x" * 121}, descriptions={"bg": "Описание"}),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"name_sl", "name_bg"}
    with translation.override("sl"):
        assert errors["name_sl"] == [gettext("Name the category at least in the network's language.")]
    with pytest.raises(ValidationError) as refused:
        services.create_category(
            actor=world.carol, network=world.network, data=CategoryData(names={"sl": "Ok"}, descriptions={"en": "D"})
        )
    assert set(refused.value.message_dict) == {"name_en"}
    assert not ForumCategory.objects.exists()


def test_only_the_network_s_coordinators_manage_categories(world: World) -> None:
    category = make_category(world.network)
    data = CategoryData(names={"sl": "Nova"})
    for user in (world.alice, world.dave, world.bob):
        with pytest.raises(PermissionDenied):
            services.create_category(actor=user, network=world.network, data=data)
        with pytest.raises(PermissionDenied):
            services.update_category(actor=user, category=category, data=data)
        with pytest.raises(PermissionDenied):
            services.move_category(actor=user, category=category, offset=1)
        with pytest.raises(PermissionDenied):
            services.delete_category(actor=user, category=category)
    assert ForumCategory.objects.count() == 1 and not AuditEvent.objects.exists()


def test_renaming_records_what_changed(world: World) -> None:
    category = make_category(world.network, "Staro")
    services.update_category(actor=world.carol, category=category, data=CategoryData(names={"sl": "Staro"}))
    assert not AuditEvent.objects.exists()  # nothing changed
    services.update_category(actor=world.carol, category=category, data=CategoryData(names={"sl": "Novo"}))
    category.refresh_from_db()
    assert category.names == {"sl": "Novo"}
    changes = AuditEvent.objects.get(action="community.forum_category_changed").changes
    assert changes["forum_category_names"] == {"before": {"sl": "Staro"}, "after": {"sl": "Novo"}}


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(world: World) -> None:
    first, second, third = (make_category(world.network, name) for name in ("A", "B", "C"))
    services.move_category(actor=world.carol, category=third, offset=-1)
    assert [names["sl"] for names in _names(world.network)] == ["A", "C", "B"]
    services.move_category(actor=world.carol, category=first, offset=-1)  # already first: nothing
    services.move_category(actor=world.carol, category=first, offset=1)
    assert [names["sl"] for names in _names(world.network)] == ["C", "A", "B"]
    assert AuditEvent.objects.filter(action="community.forum_category_moved").count() == 2
    assert second.pk  # untouched but renumbered


def test_only_an_empty_category_is_deleted_and_never_the_last(world: World) -> None:
    busy, empty = make_category(world.network, "Busy"), make_category(world.network, "Empty")
    make_thread(busy, world.alice)
    with pytest.raises(ValidationError):
        services.delete_category(actor=world.carol, category=busy)
    services.delete_category(actor=world.carol, category=empty)
    assert list(ForumCategory.objects.all()) == [busy]
    busy.threads.all().delete()
    with pytest.raises(ValidationError):
        services.delete_category(actor=world.carol, category=busy)  # the forum keeps one
    assert AuditEvent.objects.filter(action="community.forum_category_deleted").count() == 1
