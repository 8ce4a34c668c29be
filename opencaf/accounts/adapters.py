"""django-allauth adapters: accounts are created through invitations, never by open sign-up, and an
identity from a single sign-on provider reaches an account only through a link the person made.

An identity is recognised by the provider's stable subject (`sub`), never by the e-mail address it
asserts: a misconfigured or compromised provider, or one that lets people choose their address, would
otherwise own every account. A provider may be trusted to link by e-mail (`trust_email_for_linking`
in OIDC_PROVIDERS); even then only a verified address (the boolean `true`, not the string "false"
some providers send) links, and never to a staff or superuser account.
"""

from __future__ import annotations

from typing import Any, NoReturn

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthError
from django.db import transaction
from django.http import HttpRequest

from opencaf.accounts.models import User
from opencaf.accounts.sign_on_linkers import account_proved_in_this_sign_in
from opencaf.accounts.sign_on_logout import end_session_url
from opencaf.accounts.sign_on_pages import single_sign_on_failed, single_sign_on_refused
from opencaf.accounts.sign_on_provider import forget_provider_session
from opencaf.accounts.single_sign_on import Failure, Refusal, acr_accepted, claims_of, email_is_verified


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        # allauth asks before it ends the session. A session that came from a provider ends there too
        # (RP-initiated logout): otherwise, on a shared office PC, the provider's button would sign the
        # next person in as the previous one.
        return end_session_url(request) or super().get_logout_redirect_url(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False  # identities link to accounts made by invitation (pre_social_login)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        provider = sociallogin.account.get_provider()
        options = provider.app.settings
        claims = claims_of(sociallogin.account.extra_data)
        verified = email_is_verified(claims)
        for address in sociallogin.email_addresses:
            address.verified = verified
        expected_nonce = sociallogin.state.get("nonce")
        if expected_nonce and (sociallogin.account.extra_data.get("id_token") or {}).get("nonce") != expected_nonce:
            forget_provider_session(request)
            raise ImmediateHttpResponse(
                single_sign_on_failed(request, provider.app.provider_id, Failure.FAILED, "nonce mismatch")
            )
        if not acr_accepted(claims, options.get("accepted_acr") or []):
            self._refuse(request, provider, Refusal.ASSURANCE_TOO_LOW, claims)
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            return  # a linked identity, or a signed-in person connecting one (allauth checks the rest)
        proved = account_proved_in_this_sign_in(request, claims)  # e.g. an invitation accepted with the provider
        if proved is not None:
            user, how = proved
            _link(request, sociallogin, user, how)
            return
        email = str(claims.get("email") or "").strip()
        if not options.get("trust_email_for_linking"):
            self._refuse(request, provider, Refusal.NOT_LINKED, claims)
        if not email:
            self._refuse(request, provider, Refusal.NO_EMAIL, claims)
        if not verified:
            self._refuse(request, provider, Refusal.EMAIL_NOT_VERIFIED, claims)
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            self._refuse(request, provider, Refusal.NOT_LINKED, claims)
        if user.is_staff or user.is_superuser:
            self._refuse(request, provider, Refusal.PRIVILEGED_ACCOUNT, claims)
        _link(request, sociallogin, user, "email")

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        if error == AuthError.CANCELLED:
            failure = Failure.CANCELLED
        elif isinstance(exception, requests.RequestException):
            failure = Failure.UNREACHABLE
        else:
            failure = Failure.FAILED
        provider_id = getattr(getattr(provider, "app", None), "provider_id", "") or str(provider)
        raise ImmediateHttpResponse(single_sign_on_failed(request, provider_id, failure, exception or error))

    def _refuse(self, request: HttpRequest, provider: Any, refusal: Refusal, claims: dict[str, Any]) -> NoReturn:
        forget_provider_session(request)  # a later logout must not send this browser to the provider
        raise ImmediateHttpResponse(
            single_sign_on_refused(request, provider.app.provider_id, provider.name, refusal, claims)
        )


def _link(request: HttpRequest, sociallogin: Any, user: Any, how: str) -> None:
    """Link the identity to the account; allauth's social_account_added signal records the audit event
    (services.audit_connected_identity), told here how the link was proved."""
    sociallogin.opencaf_linked_how = how
    with transaction.atomic():  # the link and its audit event together
        sociallogin.connect(request, user)
