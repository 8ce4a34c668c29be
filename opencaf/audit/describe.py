"""Turning an audit event's recorded changes into a short sentence in the reader's language.

Feature apps register the fields they record (label and how to show a value) with
`register_field()` from their AppConfig.ready(), so this lower layer never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencaf.organisations.choices import Role, StaffLevel

FIELD_LABELS = {
    "roles": gettext_lazy("Roles"),
    "department": gettext_lazy("Department"),
    "staff_level": gettext_lazy("Level"),
    "email": gettext_lazy("E-mail address"),
    "full_name": gettext_lazy("Full name"),
    "language": gettext_lazy("Language"),
    "count": gettext_lazy("Number"),
    "score": gettext_lazy("Score"),
    "subcriterion": gettext_lazy("Subcriterion"),
    "status": gettext_lazy("Status"),
}
VALUE_FORMATTERS: dict[str, Callable[[Any], str]] = {}
# Internal details (content hashes, …) that mean nothing to a reader.
HIDDEN_FIELDS = {"hash"}


def register_field(field: str, label: Any, formatter: Callable[[Any], str] | None = None) -> None:
    FIELD_LABELS[field] = label
    if formatter is not None:
        VALUE_FORMATTERS[field] = formatter


def _value(field: str, value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if field in VALUE_FORMATTERS and not isinstance(value, list):
        return VALUE_FORMATTERS[field](value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_value(field, item) for item in value)
    if field == "roles" and value in Role.values:
        return str(Role(value).label)
    if field == "staff_level" and value in StaffLevel.values:
        return str(StaffLevel(value).label)
    if field == "language":
        return settings.LANGUAGE_SELF_NAMES.get(value, str(value))
    return str(value)


def describe_changes(changes: dict[str, Any]) -> str:
    parts = []
    for field, value in changes.items():
        if field in HIDDEN_FIELDS:
            continue
        label = str(FIELD_LABELS.get(field, field))
        if isinstance(value, dict) and set(value) == {"before", "after"}:
            parts.append(
                _("%(field)s: %(before)s → %(after)s")
                % {"field": label, "before": _value(field, value["before"]), "after": _value(field, value["after"])}
            )
        else:
            parts.append(f"{label}: {_value(field, value)}")
    return "; ".join(parts)
