"""Failed sign-ins are limited per account (guessing one person's password) and, far more loosely, per
address: a town hall of 300 people signs in from one public address, and one person's typos must not
lock out the office."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from conftest import World
from opencaf.organisations.tests.factories import PASSWORD, UserFactory

OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _post(email: str, password: str, address: str = OFFICE):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"login": email, "password": password})


def _sign_in(email: str, password: str) -> int:
    return _post(email, password).status_code


def _refused(response) -> bool:  # type: ignore[no-untyped-def]
    """allauth refuses with 429 (all attempts) or with a form error (failed attempts)."""
    return response.status_code == 429 or b"Too many failed login attempts" in response.content


def test_an_office_behind_one_address_is_not_locked_out(world: World) -> None:
    """Thirty colleagues mistype their password once in the same minute; everyone can still sign in."""
    colleagues = [UserFactory(email=f"staff{n}@example.org") for n in range(30)]
    for colleague in colleagues:
        assert _sign_in(colleague.email, "typo") == 200
    assert _sign_in("alice@example.org", PASSWORD) == 302
    assert not _refused(_post("alice@example.org", "x"))  # a normal "wrong password", not "too many attempts"


def test_guessing_one_accounts_password_is_stopped(world: World) -> None:
    for _attempt in range(5):
        assert _sign_in("alice@example.org", "guess") == 200
    # Even with the right password, and from another address: the account is protected for a while.
    assert _refused(_post("alice@example.org", PASSWORD, address="203.0.113.9"))


def test_spraying_from_one_address_is_stopped_eventually(world: World) -> None:
    users = [UserFactory(email=f"target{n}@example.org") for n in range(65)]
    responses = [_post(user.email, "Password1") for user in users]
    assert not any(_refused(response) for response in responses[:30])
    assert _refused(responses[-1])
