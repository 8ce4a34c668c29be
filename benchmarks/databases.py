"""Which database a benchmark runs on, chosen before Django starts (import this before `harness`).

In-memory SQLite by default; `--pg` for a PostgreSQL server with trust authentication (as in CI), on
which the harness creates a throwaway test database named after the one set here ("test_" prefix)
and drops it at the end (see `harness.throwaway_database`).
"""

from __future__ import annotations

import argparse
import os

PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def add_pg_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pg", nargs="?", const=PG_SERVER, help=f"PostgreSQL server (trust auth) without database name; {PG_SERVER}"
    )


def use_database(pg_server: str | None, label: str) -> None:
    """PostgreSQL at `pg_server` when given (the database is named after `label` and this process),
    else the in-memory SQLite of the test settings."""
    if pg_server:
        os.environ["DATABASE_URL"] = f"{pg_server.rstrip('/')}/ocaf_bench_{label}_{os.getpid()}"
    else:
        os.environ.pop("DATABASE_URL", None)
