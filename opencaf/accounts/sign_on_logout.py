"""Logging out at the identity provider too (OpenID Connect RP-Initiated Logout 1.0)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.http import HttpRequest
from django.urls import reverse

from opencaf.accounts.sign_on_provider import SESSION_ID_TOKEN, SESSION_PROVIDER, SignOnAdapter

logger = logging.getLogger("opencaf.accounts.single_sign_on")


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send the browser to end the provider's session, when this session came from one;
    read before the local session is flushed. None for password sessions, or when the provider
    has no end_session_endpoint or cannot be reached (the local logout still happens)."""
    provider_id = request.session.get(SESSION_PROVIDER)
    if not provider_id:
        return None
    try:
        adapter = SignOnAdapter(request, provider_id)
        provider = adapter.get_provider()
        endpoint = adapter.openid_config.get("end_session_endpoint")
    except (requests.RequestException, OAuth2Error, ValueError, LookupError) as error:
        logger.warning("logout at %s not possible: %r", provider_id, error)
        return None
    if not endpoint:
        return None
    params = {
        "client_id": provider.app.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("account_login")),
    }
    id_token = request.session.get(SESSION_ID_TOKEN)
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"
