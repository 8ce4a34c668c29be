"""Who may coordinate: a network's coordinators act for it (campaigns, portfolio, engagement log);
anyone else gets a 404 for its pages (`organisations.permissions.get_network_for_coordinator`).
An invited organisation answers a campaign through its signed link, without an account."""

from __future__ import annotations

from typing import Any

from opencaf.organisations.models import Network
from opencaf.organisations.permissions import get_network_for_coordinator


def coordinated_network(user: Any, network_id: object) -> Network:
    """The network the person coordinates; 404 for anyone else."""
    return get_network_for_coordinator(user, network_id)
