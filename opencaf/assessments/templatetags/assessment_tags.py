from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from opencaf.core.escaping import escaped

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter(needs_autoescape=True)
def joined(values: Iterable[object], separator: str, autoescape: bool = True) -> SafeString | str:
    """Django's `join` for lists of plain texts (the names and wordings folded into one entry), each
    item escaped by core.escaping.escaped: Django's conditional_escape around each of thirty names an
    entry was most of the merged entries' cost."""
    if not autoescape:
        return separator.join(str(value) for value in values)
    return mark_safe(escaped(separator).join(escaped(value) for value in values))
