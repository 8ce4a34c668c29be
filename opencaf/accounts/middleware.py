"""Activate the signed-in person's language: their own preference, else their organisation's default.

Visitors who are not signed in keep Django's choice (language cookie, then the browser's
Accept-Language header).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


def _preferred_language(user: object) -> str:
    language = getattr(user, "language", "")
    if language:
        return str(language)
    # Accounts made by a site administrator may have no preference yet.
    membership = user.memberships.select_related("organisation").order_by("created_at").first()  # type: ignore[attr-defined]
    return membership.organisation.default_language if membership else ""


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = _preferred_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
