"""The pages a person sees when single sign-on does not sign them in. Each says what happened and what
to do, in the person's language; the cause goes to the log for the administrator."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opencaf.accounts.single_sign_on import Failure, Refusal

logger = logging.getLogger("opencaf.accounts.single_sign_on")

_STATUS = {Failure.UNREACHABLE: 503, Failure.CANCELLED: 200, Failure.FAILED: 502}


def provider_name(request: HttpRequest, provider_id: str) -> str:
    from allauth.socialaccount.adapter import get_adapter

    try:
        return str(get_adapter().get_provider(request, provider_id).name)
    except Exception:
        return provider_id


def single_sign_on_failed(
    request: HttpRequest, provider_id: str, failure: Failure, cause: object = None
) -> HttpResponse:
    logger.warning("single sign-on through %s failed: %s (%r)", provider_id, failure.value, cause)
    context = {"failure": failure.value, "provider_name": provider_name(request, provider_id)}
    return render(request, "accounts/sign_on_failed.html", context, status=_STATUS[failure])


def single_sign_on_refused(
    request: HttpRequest, provider_id: str, provider_name: str, refusal: Refusal, claims: Mapping[str, Any]
) -> HttpResponse:
    """The provider signed the person in, but OpenCAF will not link that identity to an account."""
    logger.warning(
        "single sign-on through %s refused: %s (sub=%r, email=%r, email_verified=%r, acr=%r)",
        provider_id,
        refusal.value,
        claims.get("sub"),
        claims.get("email"),
        claims.get("email_verified"),
        claims.get("acr"),
    )
    context = {"refusal": refusal.value, "provider_name": provider_name}
    return render(request, "accounts/sign_on_refused.html", context, status=403)
