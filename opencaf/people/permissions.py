"""The people app's access helpers: `access.people_access` for an organisation's People pages (the
rules are written there once), and `network_model_access` for a network's shared competency model."""

from __future__ import annotations

from typing import Any

from opencaf.organisations.models import Network
from opencaf.organisations.permissions import get_network_for_coordinator
from opencaf.people.access import PeopleAccess, access_in, people_access

__all__ = ["PeopleAccess", "access_in", "network_model_access", "people_access"]


def network_model_access(user: Any, network_id: object) -> Network:
    """A network's shared competency model is kept by its coordinators; anyone else gets a 404."""
    return get_network_for_coordinator(user, network_id)
