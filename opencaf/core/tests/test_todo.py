"""The home page's registries (core.todo) and the home page that renders them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World, client_for
from opencaf.core import todo
from opencaf.core.todo import TodoItem, Urgency


@pytest.fixture
def empty_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registries without the apps' providers and sections, restored after the test."""
    monkeypatch.setattr(todo, "_providers", {})
    monkeypatch.setattr(todo, "_sections", {})


class _Person:
    is_authenticated = True


def _item(title: str, urgency: Urgency, due: date | None = None) -> TodoItem:
    return TodoItem(title=title, detail="", url="/", urgency=urgency, due=due)


def test_registering_a_key_again_replaces_the_provider(empty_registry: None) -> None:
    todo.register_provider("app.things", lambda user: [_item("old", Urgency.INFO)])
    todo.register_provider("app.things", lambda user: [_item("new", Urgency.INFO)])
    assert [item.title for item in todo.items_for(_Person())] == ["new"]
    todo.unregister_provider("app.things")
    assert todo.items_for(_Person()) == []


def test_items_are_sorted_by_urgency_then_due_date(empty_registry: None) -> None:
    todo.register_provider(
        "a",
        lambda user: [
            _item("info", Urgency.INFO),
            _item("waiting, undated", Urgency.WAITING),
            _item("waiting, later", Urgency.WAITING, date(2026, 12, 20)),
        ],
    )
    todo.register_provider(
        "b",
        lambda user: [
            _item("waiting, sooner", Urgency.WAITING, date(2026, 12, 5)),
            _item("overdue", Urgency.OVERDUE, date(2026, 11, 1)),
            _item("due soon", Urgency.DUE_SOON, date(2026, 12, 3)),
        ],
    )
    assert [item.title for item in todo.items_for(_Person())] == [
        "overdue",
        "due soon",
        "waiting, sooner",
        "waiting, later",
        "waiting, undated",
        "info",
    ]


def test_anonymous_visitors_get_nothing_and_providers_are_not_asked(empty_registry: None) -> None:
    def explode(user: Any) -> Iterator[TodoItem]:
        raise AssertionError("a provider was called for an anonymous visitor")

    todo.register_provider("boom", explode)
    todo.register_section("boom", "x.html", explode)  # type: ignore[arg-type]

    class Anonymous:
        is_authenticated = False

    assert todo.items_for(Anonymous()) == []
    assert todo.sections_for(Anonymous()) == []


def test_sections_follow_their_order_and_may_stay_out(empty_registry: None) -> None:
    todo.register_section("late", "late.html", lambda user: {"n": 2}, order=20)
    todo.register_section("early", "early.html", lambda user: {"n": 1}, order=10)
    todo.register_section("absent", "absent.html", lambda user: None, order=5)
    sections = todo.sections_for(_Person())
    assert [(s.key, s.template_name, dict(s.data)) for s in sections] == [
        ("early", "early.html", {"n": 1}),
        ("late", "late.html", {"n": 2}),
    ]


def test_urgency_has_a_label_in_words_and_a_code() -> None:
    assert [u.code for u in sorted(Urgency)] == ["overdue", "due_soon", "waiting", "info"]
    assert Urgency.OVERDUE.label == "Overdue"
    with translation.override("sl"):
        assert Urgency.OVERDUE.label  # translated when the catalogue has it; never empty


def test_due_dates_in_the_active_language() -> None:
    today = date(2026, 12, 2)
    with translation.override("en"):
        assert todo.day_and_month(date(2026, 12, 20), today) == "December 20"
        assert todo.day_and_month(date(2027, 1, 15), today) == "Jan. 15, 2027"
    with translation.override("sl"):
        assert todo.day_and_month(date(2026, 12, 20), today) == "20. decembra"  # genitive, as Slovenian writes a date


def test_every_app_registers_its_providers_and_sections() -> None:
    assert {
        "assessments.assessor",
        "assessments.leader",
        "reports.acceptance",
        "improvement.approval",
        "improvement.owner",
        "organisations.networks",
        "organisations.invitations",
    } <= set(todo.registered_providers())
    assert {"organisations.networks", "organisations.memberships"} <= set(todo.registered_sections())


# --- the home page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_gets_the_landing_page() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert "core/landing.html" in [t.name for t in response.templates]
    assert reverse("account_login").encode() in response.content


def test_nothing_waiting_says_so(world: World) -> None:
    response = client_for(world.charlie).get("/")
    assert response.status_code == 200
    assert response.context["items"] == []
    body = response.content.decode()
    assert "Nothing is waiting for you." in body
    assert "You are not a member of any organisation yet." in body


def test_items_are_an_ordered_list_with_a_text_badge(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(todo, "_providers", dict(todo._providers))
    todo.register_provider(
        "test.items",
        lambda user: [
            TodoItem(
                title="Approve the plan",
                detail="3 actions drafted",
                url="/somewhere/",
                organisation="Alice Municipality",
                urgency=Urgency.OVERDUE,
            )
        ],
    )
    body = client_for(world.alice).get("/").content.decode()
    todo_list = body[body.index('aria-labelledby="todo-heading"') :]
    assert "<ol" in todo_list.split("</section>")[0]
    assert '<a class="fw-semibold" href="/somewhere/">Approve the plan</a>' in body
    assert ">Overdue</span>" in body  # the urgency in words, not only a colour
    assert "3 actions drafted" in body
    # The organisation sections follow the list.
    assert body.index("todo-heading") < body.index("orgs-heading")


def test_home_page_shows_own_organisations_and_networks_only(world: World) -> None:
    body = client_for(world.alice).get("/").content.decode()
    assert world.alice_org.name in body
    assert world.bob_org.name not in body
    assert "networks-heading" not in body
    coordinator = client_for(world.carol).get("/").content.decode()
    assert world.network.name in coordinator and world.other_network.name not in coordinator
    assert "networks-heading" in coordinator


def test_bob_sees_nothing_of_alices(world: World) -> None:
    body = client_for(world.bob).get("/").content.decode()
    assert world.alice_org.name not in body
    assert world.network.name not in body


def test_my_actions_link_in_the_navigation_for_members_only(world: World) -> None:
    link = reverse("improvement:my_actions")
    assert link in client_for(world.alice).get("/").content.decode()
    assert link not in client_for(world.charlie).get("/").content.decode()
    assert link not in Client().get("/").content.decode()
