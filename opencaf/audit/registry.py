"""The audit vocabulary: which action codes exist, who owns them, and how their changes read.

Each app declares its own action codes (with their translated labels) and the fields its services
record (label and how to show a value) in its `audit_vocabulary.py`, and registers them from its
`AppConfig.ready()`. This module imports no app: the same field name (`status`, say) can mean one
thing in self-assessments and another in improvement plans, because fields are looked up through
the app that owns the event's action. Fields every app may record (`count`, `email`) are registered
by the audit app itself and used when the owning app does not declare the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# The app whose fields apply to every action (registered in opencaf/audit/audit_vocabulary.py).
COMMON_APP = "audit"

Label = Promise | str


@dataclass(frozen=True)
class Field:
    """How a recorded field reads in the log: its label, and optionally how to show one value."""

    label: Label
    format: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class Vocabulary:
    """One app's part of the audit vocabulary."""

    app_label: str
    actions: Mapping[str, Label]
    fields: Mapping[str, Field] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    # Who may read this app's events in an organisation's audit log: the roles (codes), any of which
    # is enough; empty for everyone who may read the log. A network's log never shows restricted
    # events (people development: who read whose competency review is HR's business).
    readers: frozenset[str] = frozenset()


class AuditRegistry:
    def __init__(self) -> None:
        self._apps: dict[str, Vocabulary] = {}
        self._owners: dict[str, str] = {}

    def register(
        self,
        app_label: str,
        *,
        actions: Mapping[str, Label],
        fields: Mapping[str, Field] | None = None,
        hidden: Iterable[str] = (),
        readers: Iterable[str] = (),
    ) -> None:
        """Declare (or declare again, replacing the previous declaration) one app's vocabulary."""
        for code in actions:
            owner = self._owners.get(code)
            if owner is not None and owner != app_label:
                raise ImproperlyConfigured(
                    f"Audit action {code!r} is declared by both {owner!r} and {app_label!r}; "
                    "each action code belongs to exactly one app."
                )
        previous = self._apps.get(app_label)
        if previous is not None:
            for code in previous.actions:
                del self._owners[code]
        self._apps[app_label] = Vocabulary(
            app_label, dict(actions), dict(fields or {}), frozenset(hidden), frozenset(readers)
        )
        for code in actions:
            self._owners[code] = app_label

    def unregister(self, app_label: str) -> None:
        vocabulary = self._apps.pop(app_label, None)
        if vocabulary is not None:
            for code in vocabulary.actions:
                del self._owners[code]

    def vocabulary(self, app_label: str) -> Vocabulary | None:
        return self._apps.get(app_label)

    def vocabularies(self) -> list[Vocabulary]:
        return list(self._apps.values())

    def is_known(self, code: str) -> bool:
        return code in self._owners

    def unreadable_actions(self, roles: Iterable[str] | None) -> list[str]:
        """The action codes a reader holding these roles may not read (None: a network's reader, who
        may read no restricted app's events)."""
        held = frozenset(roles or ())
        return [
            code
            for vocabulary in self._apps.values()
            if vocabulary.readers and (roles is None or not vocabulary.readers & held)
            for code in vocabulary.actions
        ]

    def owner_of(self, code: str) -> str | None:
        return self._owners.get(code)

    def action_label(self, code: str) -> str:
        owner = self._owners.get(code)
        return str(self._apps[owner].actions[code]) if owner is not None else code

    def _apps_for(self, code: str) -> list[Vocabulary]:
        """Where a field of this action is looked up: the owning app first, then the common fields."""
        names = [self._owners.get(code), COMMON_APP]
        return [self._apps[name] for name in dict.fromkeys(names) if name is not None and name in self._apps]

    def field_for(self, code: str, name: str) -> Field | None:
        for vocabulary in self._apps_for(code):
            if name in vocabulary.fields:
                return vocabulary.fields[name]
        return None

    def is_hidden(self, code: str, name: str) -> bool:
        return any(name in vocabulary.hidden for vocabulary in self._apps_for(code))

    def describe_changes(self, code: str, changes: Mapping[str, Any]) -> str:
        """The recorded changes of an event with this action, as one short line in the reader's language."""
        parts = []
        for name, value in changes.items():
            if self.is_hidden(code, name):
                continue
            spec = self.field_for(code, name)
            label = str(spec.label) if spec is not None else name
            if isinstance(value, dict) and set(value) == {"before", "after"}:
                parts.append(
                    _("%(field)s: %(before)s → %(after)s")
                    % {"field": label, "before": _value(spec, value["before"]), "after": _value(spec, value["after"])}
                )
            else:
                parts.append(f"{label}: {_value(spec, value)}")
        return "; ".join(parts)


def _value(spec: Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(spec, item) for item in value)
    if spec is not None and spec.format is not None:
        return spec.format(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


# --- formatters apps share -------------------------------------------------------------------------


def choice_label(choices: Any) -> Callable[[Any], str]:
    """Show a stored choice value by its label (e.g. a TextChoices or IntegerChoices class).

    Values recorded as text ("3" for an integer choice) are matched too; unknown values show as stored.
    """

    def label(value: Any) -> str:
        labels = {str(key): text for key, text in choices.choices}
        return str(labels.get(str(value), value))

    return label


def language_name(value: Any) -> str:
    """A language code shown by the language's own name (Slovenščina, Български, English)."""
    return str(settings.LANGUAGE_SELF_NAMES.get(value, value))


# --- the registry the project uses -------------------------------------------------------------------

registry = AuditRegistry()


def register_vocabulary(
    app_label: str,
    *,
    actions: Mapping[str, Label],
    fields: Mapping[str, Field] | None = None,
    hidden: Iterable[str] = (),
    readers: Iterable[str] = (),
) -> None:
    registry.register(app_label, actions=actions, fields=fields, hidden=hidden, readers=readers)


def is_known(code: str) -> bool:
    return registry.is_known(code)


def owner_of(code: str) -> str | None:
    return registry.owner_of(code)


def action_label(code: str) -> str:
    return registry.action_label(code)


def describe_changes(code: str, changes: Mapping[str, Any]) -> str:
    return registry.describe_changes(code, changes)
