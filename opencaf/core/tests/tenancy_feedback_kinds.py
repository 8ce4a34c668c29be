"""The kinds of tenancy cases, as in test_tenancy (shared by the tenancy_feedback_* modules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import World

ORG = "organisation"
NETWORK = "network"
PUBLIC = "public"
TOKEN = "token"
PERSONAL = "personal"

Case = tuple[str, Callable[[World, dict[str, Any]], dict[str, Any]]]


def case_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return dict(x["case_kwargs"])


def network_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"network_id": w.network.public_id}


def org_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {"org_id": w.alice_org.public_id}
