"""core.ratelimit: counters per address and window for public forms."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from opencaf.core import ratelimit
from opencaf.core.ratelimit import Rate, parse_rates, within_limits


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.PUBLIC_FORM_RATE_LIMITS = {"answer": "3/h/ip", "code": "2/m/ip,3/h/ip"}


def request_from(address: str) -> Any:
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_rates_are_read_in_allauths_notation() -> None:
    assert parse_rates("60/h/ip") == (Rate(60, 3600),)
    assert parse_rates("30/m/ip, 300/h/ip") == (Rate(30, 60), Rate(300, 3600))
    assert parse_rates("5/5m/ip,1000000/5s/ip,2/d/ip") == (Rate(5, 300), Rate(1000000, 5), Rate(2, 86400))


@pytest.mark.parametrize("text", ["60/h", "60/h/key", "sixty/h/ip", "60/w/ip", "60/h/ip;1/s/ip"])
def test_a_rate_written_otherwise_is_a_configuration_error(text: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_rates(text)


@given(st.integers(1, 10**6), st.integers(1, 99), st.sampled_from("smhd"))
def test_every_well_written_rate_is_read_back(amount: int, count: int, unit: str) -> None:
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit] * count
    assert parse_rates(f"{amount}/{count}{unit}/ip") == (Rate(amount, seconds),)


def test_an_address_is_refused_once_over_the_limit_and_others_are_not() -> None:
    assert [within_limits(request_from("10.0.0.1"), "answer") for _ in range(4)] == [True, True, True, False]
    assert within_limits(request_from("10.0.0.2"), "answer")
    assert within_limits(request_from("10.0.0.2"), "code")  # each action counts apart


def test_the_next_window_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [7200.0 * 1000]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [within_limits(request_from("10.0.0.1"), "code") for _ in range(3)] == [True, True, False]
    now[0] += 60  # a new minute: the minute's limit starts again, the hour's goes on counting
    assert [within_limits(request_from("10.0.0.1"), "code") for _ in range(2)] == [False, False]
    now[0] += 3600
    assert within_limits(request_from("10.0.0.1"), "code")


def test_ipv6_addresses_of_one_network_share_their_count() -> None:
    assert [within_limits(request_from(f"2001:db8:1:2::{n}"), "answer") for n in range(1, 5)] == [
        True,
        True,
        True,
        False,
    ]
    assert within_limits(request_from("2001:db8:1:3::1"), "answer")


def test_answers_sent_at_once_from_one_address_are_all_counted() -> None:
    """No lock and no lost update: fifty requests at once from one address, three allowed."""
    results: list[bool] = []
    lock = threading.Lock()

    def send() -> None:
        allowed = within_limits(request_from("10.0.0.9"), "answer")
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=send) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 47 + [True] * 3
