from typing import Any

from django import template

from opencaf.audit.actions import action_label as _action_label
from opencaf.audit.describe import describe_changes as _describe_changes

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def describe_changes(changes: dict[str, Any]) -> str:
    return _describe_changes(changes or {})
