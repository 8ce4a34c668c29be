"""The home page's registries: "what needs you" items, and the sections shown below them.

`core` owns the home page but knows nothing of self-assessments, plans or networks. Each app
contributes from its `AppConfig.ready()`:

    register_provider("improvement.actions", todo.open_actions)      # (user) -> Iterable[TodoItem]
    register_section("organisations.memberships", "organisations/_home_memberships.html", provider)

A provider is a plain function of the signed-in user that runs a fixed number of queries whatever
the data size, and returns items already translated in the active language. Registering the same
key again replaces the earlier provider, so a reloaded app never shows its items twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from django.utils import formats
from django.utils.translation import pgettext_lazy


class Urgency(IntEnum):
    """How soon an item needs the person; the value is the sort order (most urgent first)."""

    OVERDUE = 1
    DUE_SOON = 2
    WAITING = 3
    INFO = 4

    @property
    def label(self) -> str:
        return str(_URGENCY_LABELS[self])

    @property
    def code(self) -> str:
        """A stable name for templates and CSS (never shown alone: the label says it in words)."""
        return self.name.lower()


_URGENCY_LABELS = {
    Urgency.OVERDUE: pgettext_lazy("to-do urgency", "Overdue"),
    Urgency.DUE_SOON: pgettext_lazy("to-do urgency", "Due soon"),
    Urgency.WAITING: pgettext_lazy("to-do urgency", "Waiting for you"),
    Urgency.INFO: pgettext_lazy("to-do urgency", "For information"),
}


@dataclass(frozen=True)
class TodoItem:
    """One thing that needs the person: a link to where it is done and why it matters now."""

    title: str
    detail: str
    url: str
    organisation: str = ""
    urgency: Urgency = Urgency.INFO
    due: date | None = None
    count: int | None = None  # how many things the item stands for (actions, members …), when it sums several


def day_and_month(day: date, today: date) -> str:
    """A due date for an item's text, in the active language: "20 December" (the locale's
    MONTH_DAY_FORMAT), with the year when it is not this year's."""
    return formats.date_format(day, "MONTH_DAY_FORMAT" if day.year == today.year else "DATE_FORMAT")


Provider = Callable[[Any], Iterable[TodoItem]]
SectionProvider = Callable[[Any], Mapping[str, Any] | None]

_providers: dict[str, Provider] = {}


def register_provider(key: str, provider: Provider) -> None:
    """Add (or replace) the provider registered under `key`, e.g. "improvement.actions"."""
    _providers[key] = provider


def unregister_provider(key: str) -> None:
    _providers.pop(key, None)


def registered_providers() -> dict[str, Provider]:
    return dict(_providers)


def _sort_key(item: TodoItem) -> tuple[int, bool, date]:
    return (int(item.urgency), item.due is None, item.due or date.max)


def items_for(user: Any) -> list[TodoItem]:
    """Every provider's items for the user, most urgent first, then by due date (undated last).

    Items of equal urgency and date keep the order in which their providers were registered.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    items = [item for provider in _providers.values() for item in provider(user)]
    return sorted(items, key=_sort_key)


# --- sections below the to-do list ------------------------------------------------------------------


@dataclass(frozen=True)
class _SectionSpec:
    template_name: str
    provider: SectionProvider
    order: int


@dataclass(frozen=True)
class HomeSection:
    """A section of the home page ready to render: `{% include section.template_name with data=section.data %}`."""

    key: str
    template_name: str
    data: Mapping[str, Any]


_sections: dict[str, _SectionSpec] = {}


def register_section(key: str, template_name: str, provider: SectionProvider, order: int = 100) -> None:
    """Add (or replace) a home page section. The provider returns the template's data, or None to
    leave the section out for this person; sections appear by `order`, then key."""
    _sections[key] = _SectionSpec(template_name, provider, order)


def unregister_section(key: str) -> None:
    _sections.pop(key, None)


def registered_sections() -> list[str]:
    return list(_sections)


def sections_for(user: Any) -> list[HomeSection]:
    if not getattr(user, "is_authenticated", False):
        return []
    result = []
    for key, spec in sorted(_sections.items(), key=lambda pair: (pair[1].order, pair[0])):
        data = spec.provider(user)
        if data is not None:
            result.append(HomeSection(key, spec.template_name, data))
    return result
