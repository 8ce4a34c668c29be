"""The pages a person sees when single sign-on does not sign them in. Each says what happened and what
to do, in the person's language; the cause goes to the log for the administrator."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opencaf.accounts.single_sign_on import Failure

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
