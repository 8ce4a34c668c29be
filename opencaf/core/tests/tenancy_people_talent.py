"""Tenancy cases of the people app's talent part (merged by tenancy_people.py). Kinds as in test_tenancy:
ORG (an organisation's page: 404 for others), NETWORK (a network's page: 404 for others)."""

from __future__ import annotations

from typing import Any

ORG = "organisation"
NETWORK = "network"

CASES: dict[str, tuple[str, Any]] = {}
