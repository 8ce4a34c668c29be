"""Navigation data for the base layout, computed only when a template uses it."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from opencaf.organisations import selectors
from opencaf.organisations.choices import Role


class Navigation:
    def __init__(self, request: HttpRequest) -> None:
        # Error pages can render before AuthenticationMiddleware ran (a wrong Host header is refused
        # by CommonMiddleware first): such a request has no user and is shown as to a visitor.
        self.user = getattr(request, "user", None) or AnonymousUser()

    @cached_property
    def memberships(self) -> list[Any]:
        return selectors.my_memberships(self.user)  # shared with the home page: loaded once per request

    @cached_property
    def networks(self) -> list[Any]:
        return selectors.my_networks(self.user)

    @cached_property
    def administered(self) -> list[Any]:
        return [m.organisation for m in self.memberships if Role.ORG_ADMIN in m.role_codes]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav": Navigation(request)}
