"""Accepting an invitation through a single sign-on provider ("Accept with SI-PASS").

The invitation page keeps the invitation's token in the session and sends the person to the
provider; when they come back, accounts' adapter asks this linker. Following the invitation link
proved the address; signing in at the provider proves the person: the account is created for the
invited address (not the provider's), joins the organisation, and the identity is linked to it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from opencaf.organisations import services

SESSION_INVITATION = "opencaf_invitation_for_sign_on"

logger = logging.getLogger("opencaf.accounts.single_sign_on")


def remember_invitation(request: HttpRequest, token: str) -> None:
    request.session[SESSION_INVITATION] = token


def accept_invitation_with_identity(request: HttpRequest, claims: Mapping[str, Any]) -> Any:
    token = request.session.pop(SESSION_INVITATION, None)
    if not token:
        return None
    try:
        membership = services.accept_invitation_as_new_user(
            token=token,
            full_name=str(claims.get("name") or "").strip(),
            password=None,
            language="",  # the organisation's language, as for any account made from an invitation
        )
    except (services.InvitationProblem, ValidationError) as problem:
        logger.warning("invitation not accepted through single sign-on: %r", problem)
        return None
    return membership.user


def register() -> None:
    from opencaf.accounts.sign_on_linkers import register_linker

    register_linker("invitation", accept_invitation_with_identity)
