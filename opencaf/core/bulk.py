"""Writing many rows of one table at once: inserting new ones (`insert`), or inserting them and
replacing existing ones (`upsert`).

`QuerySet.bulk_create` does the same, but builds every batch through the ORM's SQL compiler, value
by value: for a file of 10,000 indicator values it took over a second and most of the import, and
for a survey answer's thirty rows it took longer than the database took to store them. Here each
statement's text is built once; each value still goes through its field's `get_db_prep_save`, so it
is stored exactly as the ORM would store it. `upsert` sends its rows with `executemany` (SQLite runs
it in C, psycopg sends it as one pipeline) in the `INSERT … ON CONFLICT (…) DO UPDATE SET … =
excluded.…` form, the same on SQLite (3.24 and later) and PostgreSQL, the two databases the platform
runs on; `insert` sends one `INSERT … VALUES (…), (…)` for as many rows as the database takes (on
PostgreSQL, many rows go as one array per column, `INSERT … SELECT * FROM unnest(…)`).

No model signals are sent and no primary keys are set on the caller's objects; call this from a
service function, inside its transaction, with its own audit event (or, for survey answers, none).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# psycopg keeps its parse of a statement's text only for statements of at most this many values.
PSYCOPG_CACHED_PARAMS = 50


def upsert(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert `rows` (field name → value; a foreign key by its `…_id` attname or its field name with
    an object), replacing the `update` fields of a row that already exists with the same `unique`
    fields. Every row names the same fields."""
    rows = list(rows)
    if not rows:
        return
    options = model._meta
    names = list(rows[0])
    fields = [_field(model, name.removesuffix("_id")) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = ", ".join(quote(_field(model, name).column) for name in unique)
    changes = ", ".join(
        f"{quote(column)} = excluded.{quote(column)}" for column in (_field(model, name).column for name in update)
    )
    # Only identifiers from the model's own metadata, quoted, go into the text; values are parameters.
    sql = (
        f"INSERT INTO {quote(options.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET {changes}"
    )
    database = _database()
    prepare = [_preparer(field, name, database) for field, name in zip(fields, names, strict=True)]
    params = [[convert(row[name]) for convert, name in zip(prepare, names, strict=True)] for row in rows]
    with database.cursor() as cursor:
        cursor.executemany(sql, params)


def insert(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert `rows` (field name → value, as for `upsert`) as new rows: one `INSERT … VALUES (…), (…)`
    statement for as many rows as the database takes in one (all of them on PostgreSQL). A field
    a row does not name gets its default, as the ORM would give it (a new UUID for a UUID key).

    For the writes a request makes many of at once: a survey answer stores some thirty rows, and
    `bulk_create` spent twice as long preparing them as the database took to store them."""
    rows = list(rows)
    if not rows:
        return
    database = _database()
    plan = _insert_plan(model, tuple(rows[0]), database.vendor)
    prepare = [_preparer(field, name, database) for name, field in zip(plan.names, plan.named, strict=True)]
    defaults = plan.defaults
    if plan.casts and len(rows) * len(plan.columns) > PSYCOPG_CACHED_PARAMS:
        # One array per column, unnested into rows: the text has as many placeholders as columns,
        # so psycopg reuses its parse of it; a `VALUES` list of thirty rows has some two hundred,
        # which it parses afresh on every call (a third of the time this function took).
        arrays = [[convert(row[name]) for row in rows] for convert, name in zip(prepare, plan.names, strict=True)]
        arrays += [[field.get_db_prep_save(field.get_default(), database) for _ in rows] for field in defaults]
        with database.cursor() as cursor:
            cursor.execute(f"{plan.head} SELECT * FROM unnest({plan.casts})", arrays)  # noqa: S608 (see the plan)
        return
    row_marks = f"({', '.join(['%s'] * len(plan.columns))})"
    per_statement = max(1, database.ops.bulk_batch_size([*plan.named, *defaults], rows))
    with database.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params: list[Any] = []
            for row in batch:
                params.extend(convert(row[name]) for convert, name in zip(prepare, plan.names, strict=True))
                params.extend(field.get_db_prep_save(field.get_default(), database) for field in defaults)
            values = ", ".join([row_marks] * len(batch))
            cursor.execute(f"{plan.head} VALUES {values}", params)


@dataclass(frozen=True)
class _InsertPlan:
    """What inserting rows that name these fields takes, worked out once per process: the fields
    named, those given their defaults, and the statement's head (`INSERT INTO t (c1, c2, …)`)."""

    names: tuple[str, ...]
    named: tuple[Any, ...]
    defaults: tuple[Any, ...]
    columns: tuple[str, ...]
    head: str
    casts: str  # on PostgreSQL, `%s::type[]` per column for the arrays; empty elsewhere


@cache
def _insert_plan(model: type[models.Model], names: tuple[str, ...], vendor: str) -> _InsertPlan:
    named = tuple(_field(model, name.removesuffix("_id")) for name in names)
    given = {field.name for field in named}
    defaults = tuple(
        field
        for field in model._meta.concrete_fields
        if field.name not in given and not isinstance(field, models.AutoField)  # the database numbers those
    )
    database = _database()
    quote = database.ops.quote_name
    columns = tuple(quote(field.column) for field in (*named, *defaults))
    # Only identifiers from the model's own metadata, quoted, go into the text; values are parameters.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)})"
    casts = ""
    if vendor == "postgresql":
        casts = ", ".join(f"%s::{field.db_type(database)}[]" for field in (*named, *defaults))
    return _InsertPlan(names, named, defaults, columns, head, casts)


def _database() -> Any:
    """The connection itself, not the `connection` proxy, which looks it up again on each of the
    hundreds of value conversions a batch makes."""
    return connections[DEFAULT_DB_ALIAS]


def _field(model: type[models.Model], name: str) -> Any:
    """A concrete field of the model (one with a column), by name."""
    field = model._meta.get_field(name)
    if not getattr(field, "column", None):
        raise ValueError(f"{model.__name__}.{name} has no column")
    return field


def _preparer(field: Any, name: str, database: Any) -> Any:
    """How one column's values become database values: a related object becomes its key."""
    if field.is_relation and name == field.name:
        target = field.target_field

        def related(value: Any) -> Any:
            key = value.pk if isinstance(value, models.Model) else value
            return target.get_db_prep_save(key, database)

        return related
    return lambda value: field.get_db_prep_save(value, database)
