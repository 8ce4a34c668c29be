"""Error pages render for requests that never reached the authentication middleware."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["opencaf.example.org"])
def test_wrong_host_header_gets_400_not_500() -> None:
    """CommonMiddleware rejects the host before AuthenticationMiddleware sets request.user; the 400 page
    and its context processors must not need a user."""
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"Bad request" in response.content
    assert b"Sign in" in response.content  # the layout rendered, as for a visitor


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["opencaf.example.org"])
def test_wrong_host_header_on_a_page_that_needs_sign_in() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/my/actions/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
