"""Core's writes: keeping a checked import file until its uploader confirms it (`core.importing`).

A pending import belongs to one person and one import target; it is kept at most PENDING_LIFETIME.
Clean-up happens on every new upload, so no scheduled job is needed.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from opencaf.core.models import PendingImport

PENDING_LIFETIME = timedelta(hours=1)


@transaction.atomic
def keep_pending_import(
    *, actor: AbstractBaseUser, kind: str, scope_key: str, filename: str, content: bytes
) -> PendingImport:
    """Keep a clean file until `actor` confirms it. Expired files (anyone's) and the actor's earlier
    file for the same import are deleted first: cheap, idempotent, and it bounds what is stored."""
    PendingImport.objects.filter(created_at__lte=timezone.now() - PENDING_LIFETIME).delete()
    PendingImport.objects.filter(user_id=actor.pk, kind=kind, scope_key=scope_key).delete()
    return PendingImport.objects.create(
        user_id=actor.pk, kind=kind, scope_key=scope_key, filename=filename[:255], content=content
    )


def claim_pending_import(
    *, actor: AbstractBaseUser, kind: str, scope_key: str, public_id: object
) -> PendingImport | None:
    """The actor's own unexpired file for this import, locked until the caller's transaction ends so
    that two confirmations cannot both apply it; None for anything else (unknown, malformed,
    expired, someone else's, another import's). Call it inside `transaction.atomic()`."""
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        return None
    waiting = PendingImport.objects.select_for_update().filter(
        public_id=wanted,
        user_id=actor.pk,
        kind=kind,
        scope_key=scope_key,
        created_at__gt=timezone.now() - PENDING_LIFETIME,
    )
    return waiting.first()


def discard_pending_import(pending: PendingImport) -> None:
    """Drop a file once it is applied, cancelled or found to have problems: it is never used twice."""
    pending.delete()
