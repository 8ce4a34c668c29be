"""What every benchmark needs: Django on a throwaway in-memory database, the project's URLs plus a
bare view to compare against, and a median timer. Import this module first."""

from __future__ import annotations

import os
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencaf.settings_test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template.base import PartialTemplate, Template  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

import opencaf.urls  # noqa: E402

BARE_URL = "/__bare__/"


def bare_view(request: HttpRequest) -> HttpResponse:
    """The baseline: a request through the whole middleware stack that does nothing."""
    return HttpResponse("ok", content_type="text/plain")


# Use with override_settings(ROOT_URLCONF="harness").
urlpatterns = [*opencaf.urls.urlpatterns, path(BARE_URL.strip("/") + "/", bare_view)]


def create_database() -> None:
    production_render = Template._render, PartialTemplate._render
    setup_test_environment()  # the test client's host, mail kept in memory
    # ...but templates render as in production: the test environment wraps every template render to
    # record its context for assertions, which cost the pages (dozens of templates, form widgets
    # included) up to a third of their time and the bare view nothing, skewing every ratio.
    Template._render, PartialTemplate._render = production_render
    connection.creation.create_test_db(verbosity=0)


@contextmanager
def throwaway_database() -> Iterator[None]:
    """`create_database`, and on PostgreSQL drop the database again at the end, also when the
    benchmark fails or is stopped (SIGTERM)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    original_name = connection.settings_dict["NAME"]
    try:
        create_database()
        yield
    finally:
        if connection.vendor == "postgresql" and connection.settings_dict["NAME"] != original_name:
            connection.creation.destroy_test_db(original_name, verbosity=0)


def engine_name() -> str:
    return f"PostgreSQL {connection.pg_version // 10000}" if connection.vendor == "postgresql" else "SQLite"


def interleaved_median_seconds(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Each action's median time, the actions taking turns round by round. A shared machine speeds up
    and slows down over seconds; measured one after another, a baseline and a page can land in
    different moments and their ratio swings by half. Taking turns, they share every moment."""
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)
