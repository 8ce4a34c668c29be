"""Refreshing a network's benchmark snapshot (owned by the figures part).

`request_refresh(network)` is called by every service that changes what is consented (a consent given,
changed or withdrawn; a peer group's members) after its write; it queues one background refresh of
the network's snapshot (not a second while one waits) on commit."""

from __future__ import annotations

from typing import Any


def request_refresh(network: Any) -> None:
    """Queue a refresh of `network`'s benchmark snapshot."""
