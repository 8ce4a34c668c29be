"""Writing audit events. Every service function that changes data calls record_event()
inside its own transaction, so the change and its audit row commit or roll back together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from opencaf.audit import registry
from opencaf.audit.models import AuditEvent

if TYPE_CHECKING:
    from opencaf.accounts.models import User
    from opencaf.organisations.models import Network, Organisation


class AuditOutsideTransactionError(RuntimeError):
    """An audit row must be written in the same transaction as the change it records."""


def record_event(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    network: Network | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if not registry.is_known(action):
        raise ValueError(
            f"Unknown audit action {action!r}: add it to the ACTIONS of the owning app's audit_vocabulary.py "
            "(registered from its AppConfig.ready())."
        )
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(action)
    if network is None and organisation is not None:
        network = organisation.network
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor.email if actor is not None else "",
        organisation=organisation,
        network=network,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "public_id", getattr(obj, "pk", ""))) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=changes or {},
    )
