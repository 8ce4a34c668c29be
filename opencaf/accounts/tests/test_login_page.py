"""The sign-in page with single sign-on configured: a real button per provider, named in the person's
language, beside the password form, with no English or mistranslated heading."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from opencaf.accounts.oidc_settings import socialaccount_providers

SI_PASS = {
    "id": "si-pass",
    "name": "SI-PASS",
    "names": {"sl": "SI-PASS (državna prijava)", "bg": "SI-PASS (държавен вход)"},
    "client_id": "opencaf",
    "server_url": "https://idp.example.gov",
}


@pytest.fixture
def with_si_pass(settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers([SI_PASS])


@pytest.mark.django_db
@pytest.mark.usefixtures("with_si_pass")
@pytest.mark.parametrize(
    ("language", "name", "absent"),
    [
        ("en", "Sign in with SI-PASS", "third-party"),
        ("sl", "SI-PASS (državna prijava)", "tretj"),
        ("bg", "SI-PASS (държавен вход)", "трета"),
    ],
)
def test_each_provider_is_a_button_named_in_the_persons_language(language: str, name: str, absent: str) -> None:
    body = Client(HTTP_ACCEPT_LANGUAGE=language).get("/accounts/login/").content.decode()
    assert name in body
    assert 'action="/accounts/oidc/si-pass/login/?process=login"' in body
    assert '<button type="submit" class="btn btn-outline-primary' in body
    assert absent not in body.lower()
    assert 'name="password"' in body  # the password form stays beside it
