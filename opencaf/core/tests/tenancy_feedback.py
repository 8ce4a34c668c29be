"""Tenancy cases of the external feedback app, merged into `test_tenancy.URL_CASES`. Kept apart so the
main module stays readable; the kinds mean the same as there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import World

NETWORK = "network"

Case = tuple[str, Callable[[World, dict[str, Any]], dict[str, Any]]]


def _network(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"network_id": w.network.public_id}


CASES: dict[str, Case] = {
    # The network's procedure: its coordinators see and choose it; anyone else gets a 404.
    "feedback:procedure": (NETWORK, _network),
}
