"""Changes to a person's own account."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opencaf.accounts.models import User
from opencaf.audit.services import record_event


@transaction.atomic
def set_language(*, actor: User, language: str) -> None:
    if actor.language == language:
        return
    before = actor.language
    actor.language = language
    actor.save(update_fields=["language"])
    record_event("user.language_changed", actor=actor, obj=actor, changes={"before": before, "after": language})


@transaction.atomic
def update_profile(*, actor: User, full_name: str, language: str) -> None:
    changes = {}
    for field, value in (("full_name", full_name), ("language", language)):
        if getattr(actor, field) != value:
            changes[field] = {"before": getattr(actor, field), "after": value}
            setattr(actor, field, value)
    if changes:
        actor.save(update_fields=list(changes))
        record_event("user.profile_changed", actor=actor, obj=actor, changes=changes)


@transaction.atomic
def record_identity_linked(*, user: User, provider: str, how: str) -> None:
    """Audit a single sign-on identity linked to an account (allauth saves the link itself)."""
    record_event("user.identity_linked", actor=user, obj=user, changes={"provider": provider, "how": how})


def audit_connected_identity(sender: object, request: object, sociallogin: Any, **kwargs: Any) -> None:
    """allauth's social_account_added signal, sent for every new link: by a signed-in person connecting
    an identity ("connected"), or by the adapter, which says how the link was proved."""
    how = getattr(sociallogin, "opencaf_linked_how", "connected")
    record_identity_linked(user=sociallogin.user, provider=sociallogin.account.provider, how=how)
