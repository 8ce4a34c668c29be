"""Reading what an OpenID Connect provider says about a person, strictly. Free of Django."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any


class Refusal(StrEnum):
    NOT_LINKED = "not_linked"  # no account has this identity: accept an invitation with it, or connect it
    NO_EMAIL = "no_email"
    EMAIL_NOT_VERIFIED = "email_not_verified"
    PRIVILEGED_ACCOUNT = "privileged_account"  # staff accounts are never linked by e-mail
    ASSURANCE_TOO_LOW = "assurance_too_low"


class Failure(StrEnum):
    UNREACHABLE = "unreachable"  # the provider did not answer (down, wrong address)
    CANCELLED = "cancelled"  # the person cancelled at the provider
    FAILED = "failed"  # anything else: a wrong client secret, an invalid token, a refused request


def claims_of(extra_data: dict[str, Any]) -> dict[str, Any]:
    """The claims allauth stored: the userinfo response when fetched (it has more), else the ID token."""
    return dict(extra_data.get("userinfo") or extra_data.get("id_token") or extra_data)


def email_is_verified(claims: dict[str, Any]) -> bool:
    """Only the JSON boolean true: several providers send "false" as a string, which is truthy."""
    return claims.get("email_verified") is True


def acr_accepted(claims: dict[str, Any], accepted: Sequence[str]) -> bool:
    """Whether the authentication's assurance level (acr) is one the provider's settings accept."""
    return not accepted or str(claims.get("acr") or "") in accepted
