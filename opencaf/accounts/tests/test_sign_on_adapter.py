"""The checks on what a provider returned that the browser journeys cannot provoke with a correct provider."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from opencaf.accounts.adapters import SocialAccountAdapter
from opencaf.accounts.sign_on_provider import SESSION_ID_TOKEN, SESSION_PROVIDER


def _login(state_nonce: str, token_nonce: str | None, **claims: Any) -> Any:
    provider = SimpleNamespace(app=SimpleNamespace(provider_id="idp", settings={}), name="IdP")
    id_token = {"sub": "s1", **claims, **({"nonce": token_nonce} if token_nonce is not None else {})}
    account = SimpleNamespace(extra_data={"id_token": id_token}, get_provider=lambda: provider)
    return SimpleNamespace(account=account, state={"nonce": state_nonce}, email_addresses=[], is_existing=True)


@pytest.mark.django_db
@pytest.mark.parametrize("token_nonce", ["another", None])
def test_an_id_token_without_the_requests_nonce_is_refused(token_nonce: str | None) -> None:
    request = RequestFactory().get("/accounts/oidc/idp/login/callback/")
    request.session = SessionStore()
    request.session[SESSION_PROVIDER], request.session[SESSION_ID_TOKEN] = "idp", "header.payload.signature"
    with pytest.raises(ImmediateHttpResponse) as refused:
        SocialAccountAdapter().pre_social_login(request, _login("expected", token_nonce))
    assert refused.value.response.status_code == 502
    # This session did not come from the provider: a later logout must not send the browser there.
    assert SESSION_PROVIDER not in request.session and SESSION_ID_TOKEN not in request.session


@pytest.mark.django_db
def test_the_matching_nonce_passes() -> None:
    request = RequestFactory().get("/accounts/oidc/idp/login/callback/")
    SocialAccountAdapter().pre_social_login(request, _login("expected", "expected"))  # a linked identity: no refusal
