"""allauth's OpenID Connect provider with what public-sector sign-on needs on top (installed through
SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"], allauth's own extension point):

- a `nonce` in every authorisation request, kept in the login's state and checked against the ID
  token (SocialAccountAdapter.pre_social_login), so a replayed or injected token is refused;
- `ui_locales` from the person's language, so the provider's pages speak it too;
- the button's name in the person's language (`names` in OIDC_PROVIDERS);
- the raw ID token kept in the session after sign-in, as the hint for logging out at the provider.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest
from django.utils import translation

SESSION_PROVIDER = "opencaf_sign_on_provider"
SESSION_ID_TOKEN = "opencaf_sign_on_id_token"  # noqa: S105 - a session key, not a secret


class SignOnAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        login = super().complete_login(request, app, token, **kwargs)
        # Kept for RP-initiated logout (id_token_hint); Django keeps session data across the login.
        request.session[SESSION_PROVIDER] = self.provider_id
        request.session[SESSION_ID_TOKEN] = kwargs["response"].get("id_token") or ""
        return login


def forget_provider_session(request: HttpRequest) -> None:
    """The sign-in through the provider was refused: this session did not come from it after all."""
    request.session.pop(SESSION_PROVIDER, None)
    request.session.pop(SESSION_ID_TOKEN, None)


class SignOnProvider(OpenIDConnectProvider):
    package = "allauth.socialaccount.providers.openid_connect"  # keep allauth's URLs and views
    oauth2_adapter_class = SignOnAdapter

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = self.app.settings.get("names") or {}
        self.name = names.get(translation.get_language() or "", self.app.name)

    def redirect(
        self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any
    ) -> Any:
        nonce = secrets.token_urlsafe(24)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        language = translation.get_language()
        if language:
            auth_params.setdefault("ui_locales", language)
        # The nonce goes into the login's state (stash_redirect_state keeps extra keyword arguments).
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)


def configured_providers(request: HttpRequest) -> list[tuple[str, str]]:
    """The OpenID Connect providers people may sign in with, as (id, name in the person's language)."""
    from allauth.socialaccount.adapter import get_adapter

    return [
        (provider.app.provider_id, str(provider.name))
        for provider in get_adapter().list_providers(request)
        if isinstance(provider, OpenIDConnectProvider)
    ]
