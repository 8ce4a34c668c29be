"""OIDC_PROVIDERS as deployments write it, turned into allauth apps; mistakes are refused at start-up."""

from __future__ import annotations

import pytest

from opencaf.accounts.oidc_settings import ProviderSettingsError, allauth_apps
from opencaf.accounts.single_sign_on import acr_accepted, claims_of, email_is_verified

KEYCLOAK = {
    "id": "keycloak",
    "name": "Ministry sign-in",
    "names": {"sl": "Prijava ministrstva", "bg": "Вход на министерството"},
    "client_id": "opencaf",
    "secret": "s",
    "server_url": "https://sso.example.gov/realms/staff",
    "token_auth_method": "client_secret_basic",
    "scopes": ["openid", "email", "profile"],
    "acr_values": "substantial",
    "accepted_acr": ["substantial", "high"],
}


def test_a_full_provider_entry() -> None:
    (app,) = allauth_apps([KEYCLOAK])
    assert app["provider_id"] == "keycloak" and app["client_id"] == "opencaf"
    settings = app["settings"]
    assert settings["token_auth_method"] == "client_secret_basic"
    assert settings["auth_params"] == {"acr_values": "substantial"}
    assert settings["accepted_acr"] == ["substantial", "high"]
    assert settings["names"]["sl"] == "Prijava ministrstva"
    assert settings["trust_email_for_linking"] is False  # never unless asked for


def test_email_linking_needs_an_explicit_true() -> None:
    (app,) = allauth_apps([{**KEYCLOAK, "trust_email_for_linking": "yes"}])
    assert app["settings"]["trust_email_for_linking"] is False
    (app,) = allauth_apps([{**KEYCLOAK, "trust_email_for_linking": True}])
    assert app["settings"]["trust_email_for_linking"] is True


@pytest.mark.parametrize(
    "entry",
    [
        {k: v for k, v in KEYCLOAK.items() if k != "client_id"},
        {**KEYCLOAK, "token_auth_method": "private_key_jwt"},
        {**KEYCLOAK, "scopes": ["email"]},
    ],
)
def test_unusable_entries_are_refused(entry: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ProviderSettingsError):
        allauth_apps([entry])


def test_the_same_id_twice_is_refused() -> None:
    with pytest.raises(ProviderSettingsError):
        allauth_apps([KEYCLOAK, KEYCLOAK])


@pytest.mark.parametrize(
    ("claim", "verified"),
    [(True, True), (False, False), ("false", False), ("true", False), ("False", False), (1, False), (None, False)],
)
def test_only_the_boolean_true_verifies_an_address(claim: object, verified: bool) -> None:
    assert email_is_verified({"email": "a@example.org", "email_verified": claim}) is verified


def test_claims_prefer_userinfo_and_acr_is_checked() -> None:
    assert claims_of({"userinfo": {"sub": "u"}, "id_token": {"sub": "t"}}) == {"sub": "u"}
    assert claims_of({"id_token": {"sub": "t"}}) == {"sub": "t"}
    assert acr_accepted({"acr": "high"}, ["substantial", "high"])
    assert not acr_accepted({"acr": "low"}, ["substantial", "high"])
    assert not acr_accepted({}, ["substantial"])
    assert acr_accepted({}, [])
