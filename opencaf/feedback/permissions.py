"""Who may see and choose a network's external feedback procedure: its coordinators, as for every
coordination page of the network; anyone else gets a 404 (`get_network_for_coordinator`)."""

from __future__ import annotations

from typing import Any

from opencaf.organisations.models import Network
from opencaf.organisations.permissions import get_network_for_coordinator


def network_for_procedure(user: Any, network_id: object) -> Network:
    """The network whose procedure the person coordinates; 404 for anyone else."""
    return get_network_for_coordinator(user, network_id)
