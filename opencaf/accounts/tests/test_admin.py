"""The administration site is how site administrators create networks and name coordinators."""

from __future__ import annotations

import pytest
from django.test import Client

from opencaf.accounts.models import User
from opencaf.organisations.tests.factories import UserFactory

ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/admin/accounts/user/add/",
    "/admin/organisations/network/add/",
    "/admin/organisations/organisation/",
    "/admin/organisations/membership/add/",
    "/admin/audit/auditevent/",
    "/admin/frameworks/frameworkversion/",
]


@pytest.mark.django_db
def test_site_administrator_uses_the_admin() -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for url in [*ADMIN_PAGES, f"/admin/accounts/user/{admin.pk}/change/"]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.org",
            "password1": "Kakovost-2026-Xy",
            "password2": "Kakovost-2026-Xy",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
def test_audit_events_cannot_be_edited_in_the_admin() -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/add/").status_code == 403


@pytest.mark.django_db
def test_staff_flag_is_needed_for_the_admin() -> None:
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 302
