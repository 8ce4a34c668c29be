"""OIDC_PROVIDERS (a JSON list, one object per identity provider) turned into django-allauth's
`openid_connect` apps. Free of Django: settings.py imports it.

Each provider object:
    id, client_id, server_url          required
    name                               the button's label; "names": {"sl": ..., "bg": ...} per language
    secret                             the client secret (confidential clients)
    token_auth_method                  "client_secret_basic" or "client_secret_post" (default: as discovered)
    scopes                             default ["openid", "profile", "email"]
    acr_values                         requested assurance, e.g. "substantial"
    accepted_acr                       acr values accepted back, e.g. ["substantial", "high"] (default: any)
    trust_email_for_linking            link an unlinked identity to the account with the same verified e-mail
                                       (never staff or superusers); off unless the provider is trusted for it
"""

from __future__ import annotations

from typing import Any

DEFAULT_SCOPES = ("openid", "profile", "email")
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")


class ProviderSettingsError(ValueError):
    """OIDC_PROVIDERS describes a provider the platform cannot use."""


def allauth_apps(providers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    apps = []
    seen: set[str] = set()
    for provider in providers:
        missing = [key for key in ("id", "client_id", "server_url") if not provider.get(key)]
        if missing:
            raise ProviderSettingsError(f"OIDC_PROVIDERS entry {provider!r} lacks {', '.join(missing)}")
        if provider["id"] in seen:
            raise ProviderSettingsError(f"OIDC_PROVIDERS names {provider['id']!r} twice")
        seen.add(provider["id"])
        method = provider.get("token_auth_method")
        if method is not None and method not in TOKEN_AUTH_METHODS:
            raise ProviderSettingsError(f"{provider['id']}: token_auth_method must be one of {TOKEN_AUTH_METHODS}")
        scopes = list(provider.get("scopes") or DEFAULT_SCOPES)
        if "openid" not in scopes:
            raise ProviderSettingsError(f"{provider['id']}: scopes must include openid")
        app_settings: dict[str, Any] = {
            "server_url": provider["server_url"],
            "scope": scopes,
            # OpenCAF's own options, read by opencaf.accounts.adapters.
            "names": dict(provider.get("names") or {}),
            "accepted_acr": list(provider.get("accepted_acr") or []),
            "trust_email_for_linking": provider.get("trust_email_for_linking") is True,
        }
        if method:
            app_settings["token_auth_method"] = method
        if provider.get("acr_values"):
            app_settings["auth_params"] = {"acr_values": str(provider["acr_values"])}
        apps.append(
            {
                "provider_id": provider["id"],
                "name": provider.get("name") or provider["id"],
                "client_id": provider["client_id"],
                "secret": provider.get("secret", ""),
                "settings": app_settings,
            }
        )
    return apps


PROVIDER_CLASS = "opencaf.accounts.sign_on_provider.SignOnProvider"


def socialaccount_providers(providers: list[dict[str, Any]]) -> dict[str, Any]:
    """SOCIALACCOUNT_PROVIDERS for these providers, with OpenCAF's provider class (nonce, ui_locales,
    names per language, logout at the provider)."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "provider_class": PROVIDER_CLASS,
            "APPS": allauth_apps(providers),
        }
    }
