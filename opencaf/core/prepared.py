"""Running a written-out statement that the database keeps prepared (on PostgreSQL).

Django's PostgreSQL backend writes each statement's values into its text (psycopg's client-side
binding), so the server parses and plans every statement afresh. For the few written-out statements
that run with every request of a busy kind, that is most of their cost: storing a survey response
(core.bulk arrays, surveys/services/counting.py) took the server 0.45 ms to parse and 0.55 ms to
plan, against 0.8 ms to run. `run` sends such a statement with its values apart from the text, in
binary, and has psycopg prepare it on the connection the first time it runs there; after that only
the values travel and the server reuses its plan.

Only statements run through here are prepared: Django's own cursors never prepare (psycopg's
client-side cursors cannot), so the rest of the platform behaves as before. psycopg prepares only
on a connection given a `prepare_threshold` (settings.py gives one); without it these statements
still run correctly, unprepared. A connection pooler that hands one client's statements to several
server connections (PgBouncer in transaction mode before 1.21) needs prepared-statement support on.
On SQLite the statement runs through Django's cursor as any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections


def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Execute `sql` (`%s` placeholders; only trusted identifiers in its text) with `params` and
    return the rows it answers (none for a statement that answers none). Goes through Django's
    cursor wrapper, so query logging, `execute_wrapper`s and error translation apply as usual."""
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "postgresql":
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    database.close_if_health_check_failed()
    database.ensure_connection()
    database.validate_thread_sharing()
    raw = _PreparingCursor(database.connection)
    # Django's own wrappers (the stubs say they take a wrapper; they take the driver's cursor).
    wrap = database.make_debug_cursor if database.queries_logged else database.make_cursor
    cursor = wrap(raw)  # type: ignore[arg-type]
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


class _PreparingCursor(psycopg.Cursor):
    """Binds on the server, in binary, and has every statement prepared: Django's wrapper calls
    `execute(sql, params)`, so the choice is made here."""

    def execute(self, query: Any, params: Any = None, **_: Any) -> Any:
        return super().execute(query, params, prepare=True, binary=True)
