"""Reads of the people app's model part."""

from __future__ import annotations

from typing import Any

from opencaf.people.access import PeopleAccess


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """What the People page shows of this part to this person (empty: nothing)."""
    return {}
