"""Ways an unlinked single sign-on identity may become linked, offered by the apps that know them.

accounts cannot know about invitations (organisations sits above it), so an app registers a linker
from its AppConfig.ready(): given the request and the provider's claims, it returns the account the
person has proved is theirs in this very sign-in (e.g. by following an invitation link first), or
None. The first linker that answers wins; the adapter links the identity and audits it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Linker:
    how: str  # audit code: "invitation", …
    link: Callable[[HttpRequest, Mapping[str, Any]], Any]  # → the User, or None


_linkers: list[Linker] = []


def register_linker(how: str, link: Callable[[HttpRequest, Mapping[str, Any]], Any]) -> None:
    if not any(existing.how == how for existing in _linkers):
        _linkers.append(Linker(how, link))


def account_proved_in_this_sign_in(request: HttpRequest, claims: Mapping[str, Any]) -> tuple[Any, str] | None:
    for linker in _linkers:
        user = linker.link(request, claims)
        if user is not None:
            return user, linker.how
    return None
