from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from opencaf.audit import registry

if TYPE_CHECKING:
    from opencaf.audit.models import AuditEvent

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return registry.action_label(code)


@register.filter
def describe_changes(changes: dict[str, Any] | None, action: str) -> str:
    """`{{ event.changes|describe_changes:event.action }}`: fields read as the action's app names them."""
    return registry.describe_changes(action, changes or {})


@register.filter
def describe_event(event: AuditEvent) -> str:
    """`{{ event|describe_event }}`: the event's recorded changes as one line."""
    return registry.describe_changes(event.action, event.changes or {})
