from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.urls import reverse

from conftest import World, client_for


@pytest.mark.django_db
def test_healthz_ok() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_reports_database_failure() -> None:
    with mock.patch("opencaf.core.views.connection.cursor", side_effect=DatabaseError("down")):
        response = Client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_landing_page_for_visitors() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    assert reverse("account_login").encode() in response.content


def test_dashboard_lists_own_organisations_only(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.alice)
    # Bounded whatever the data: the user, memberships, networks and one query per app that adds
    # to-do items (improvement, surveys, indicators, benchmarking, external feedback, …), not one per
    # organisation or item; people development asks two (a person's own self-assessment and the line
    # manager's assessments to give in one, a panel member's candidates to score).
    with django_assert_max_num_queries(13):
        response = client.get("/")
    body = response.content.decode()
    assert world.alice_org.name in body
    assert world.bob_org.name not in body
    coordinator = client_for(world.carol).get("/").content.decode()
    assert world.network.name in coordinator


def test_404_page_in_the_users_language(world: World) -> None:
    world.alice.language = "sl"
    world.alice.save()
    response = client_for(world.alice).get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="sl">' in response.content.decode()
    assert response["Content-Language"] == "sl"


def test_403_page_is_rendered_with_the_layout(world: World) -> None:
    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import UserFactory, add_member

    viewer = UserFactory(language="bg")
    add_member(world.alice_org, viewer, Role.VIEWER)
    response = client_for(viewer).get(reverse("organisations:audit", kwargs={"org_id": world.alice_org.public_id}))
    assert response.status_code == 403
    assert '<html lang="bg">' in response.content.decode()


@override_settings(DEBUG=False)
def test_500_page_is_rendered_in_the_active_language(world: World) -> None:
    client = client_for(world.alice)
    client.raise_request_exception = False
    world.alice.language = "bg"
    world.alice.save()
    with mock.patch("opencaf.core.views.todo.items_for", side_effect=RuntimeError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    assert '<html lang="bg">' in response.content.decode()


@pytest.mark.django_db
def test_expired_form_gets_a_friendly_translated_page() -> None:
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "sl"})
    response = client.post(reverse("accounts:set_language"), {"language": "bg"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="sl">' in body
    assert "OpenCAF" in body


@pytest.mark.django_db
def test_security_headers() -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_page_titles_name_the_page_then_the_platform(world: World) -> None:
    """Screen readers and browser tabs announce the title first: "Home · OpenCAF", not "HomeOpenCAF"."""
    response = client_for(world.alice).get("/")
    assert "<title>Home · OpenCAF</title>" in response.content.decode()
