from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.organisations.tests.factories import PASSWORD


def test_login_page_is_at_accounts_login(world: World) -> None:
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="login"' in response.content


def test_login_with_email_and_password(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": "ALICE@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == world.alice


def test_wrong_password_shows_an_error(world: World) -> None:
    response = Client().post("/accounts/login/", {"login": "alice@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_open_signup_is_closed(world: World) -> None:
    response = Client().post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "Kakovost-2026-Xy", "password2": "Kakovost-2026-Xy"},
    )
    assert response.status_code == 200
    from opencaf.accounts.models import User

    assert not User.objects.filter(email="x@example.org").exists()


def test_password_reset_sends_an_email(world: World) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[0].to == ["alice@example.org"]


def test_totp_setup_page_is_available(world: World) -> None:
    client = client_for(world.alice)
    first = client.get("/accounts/2fa/totp/activate/")
    assert first.status_code == 302 and first["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(first["Location"], {"password": PASSWORD}).status_code == 302
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert b'name="code"' in response.content


def test_language_switch_stores_the_preference(world: World) -> None:
    client = client_for(world.alice)
    response = client.post(reverse("accounts:set_language"), {"language": "bg", "next": "/framework/"})
    assert response.status_code == 302 and response["Location"] == "/framework/"
    world.alice.refresh_from_db()
    assert world.alice.language == "bg"
    assert client.get("/").headers["Content-Language"] == "bg"
    assert AuditEvent.objects.filter(action="user.language_changed", actor=world.alice).exists()


@pytest.mark.django_db
def test_language_switch_for_visitors_uses_a_cookie_and_ignores_foreign_redirects() -> None:
    client = Client()
    response = client.post(reverse("accounts:set_language"), {"language": "sl", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/").headers["Content-Language"] == "sl"
    bad = client.post(reverse("accounts:set_language"), {"language": "xx"})
    assert bad.status_code == 302
    assert client.get("/").headers["Content-Language"] == "sl"


def test_profile_saves_name_and_language(world: World) -> None:
    client = client_for(world.alice)
    url = reverse("accounts:profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {"full_name": "Alice A. Adams", "language": "sl"})
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert (world.alice.full_name, world.alice.language) == ("Alice A. Adams", "sl")
    empty = client.post(url, {"full_name": "", "language": "sl"})
    assert empty.status_code == 200 and "full_name" in empty.context["form"].errors


@pytest.mark.django_db
def test_profile_requires_login() -> None:
    response = Client().get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


OIDC_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "si-pass",
                "name": "SI-PASS",
                "client_id": "opencaf",
                "secret": "secret",
                "settings": {"server_url": "https://idp.example/.well-known/openid-configuration"},
            }
        ],
    }
}


@pytest.mark.django_db
def test_oidc_single_sign_on_is_enabled_by_settings(settings) -> None:  # type: ignore[no-untyped-def]
    assert "SI-PASS" not in Client().get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = OIDC_PROVIDERS
    body = Client().get("/accounts/login/").content.decode()
    assert "SI-PASS" in body
    assert "/accounts/oidc/si-pass/login/" in body


def test_without_a_preference_the_organisation_language_applies(world: World) -> None:
    world.alice.language = ""
    world.alice.save()
    response = client_for(world.alice).get("/", headers={"accept-language": "en"})
    assert response.headers["Content-Language"] == world.alice_org.default_language == "sl"
    # A person's own preference wins over the organisation's.
    world.alice.language = "bg"
    world.alice.save()
    assert client_for(world.alice).get("/").headers["Content-Language"] == "bg"
