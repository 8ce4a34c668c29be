"""Writing many rows of one table at once: inserting new ones (`insert`), or inserting them and
replacing existing ones (`upsert`).

`QuerySet.bulk_create` does the same, but builds every batch through the ORM's SQL compiler, value
by value: for a file of 10,000 indicator values it took over a second and most of the import, and
for a survey answer's thirty rows it took longer than the database took to store them. Here each
statement's text is built once; each value still goes through its field's `get_db_prep_save`, so it
is stored exactly as the ORM would store it. `upsert` sends its rows with `executemany` (SQLite runs
it in C, psycopg sends it as one pipeline) in the `INSERT … ON CONFLICT (…) DO UPDATE SET … =
excluded.…` form, the same on SQLite (3.24 and later) and PostgreSQL, the two databases the platform
runs on. `insert` sends `INSERT … VALUES (…), (…)` statements of as many rows as SQLite takes, and
on PostgreSQL one statement with an array per column, `INSERT … SELECT … FROM unnest(…)`, whose text
does not change with the number of rows, so the database keeps it prepared (core.prepared).

No model signals are sent and no primary keys are set on the caller's objects; call this from a
service function, inside its transaction, with its own audit event (or, for survey answers, none).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

from opencaf.core import prepared


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
    """Insert `rows` (field name → value, as for `upsert`) as new rows: on PostgreSQL one prepared
    statement that takes one array per column (`arrays_insertion`); elsewhere `INSERT … VALUES (…),
    (…)` statements of as many rows as the database takes in one. A field a row does not name gets
    its default, as the ORM would give it (a new UUID for a UUID key).

    For the writes a request makes many of at once: a survey answer stores some thirty rows, and
    `bulk_create` spent twice as long preparing them as the database took to store them."""
    rows = list(rows)
    if not rows:
        return
    database = _database()
    if database.vendor == "postgresql":
        prepared.run(*arrays_insertion(model, rows))
        return
    plan = _insert_plan(model, tuple(rows[0]), database.vendor)
    row_marks = f"({', '.join(['%s'] * (len(plan.named) + len(plan.defaults)))})"
    per_statement = max(1, database.ops.bulk_batch_size([*plan.named, *plan.defaults], rows))
    with database.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params = [value for row in zip(*_columns(plan, batch, database), strict=True) for value in row]
            values = ", ".join([row_marks] * len(batch))
            cursor.execute(f"{plan.head} VALUES {values}", params)


def arrays_insertion(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    shared: Mapping[str, Any] | None = None,
    only_if: str = "",
) -> tuple[str, list[Any]]:
    """PostgreSQL: `INSERT INTO t (…) SELECT … FROM unnest(%s::type[], …)` for `rows` (as for
    `insert`), and its parameters, one array per column. Its text depends only on the model and
    the fields named, not on how many rows there are, so the database keeps one plan for it.

    `shared`: fields with the same value in every row (a response's key in each of its answers),
    sent once rather than as an array. `only_if`: the name of a query of the same `WITH` that
    answers one row or none; the rows are inserted only if it answers one (they are joined with it)."""
    shared = shared or {}
    database = _database()
    plan = _insert_plan(model, (*shared, *rows[0]), database.vendor)
    prepare = _preparers(plan, database)
    params = [convert(value) for convert, value in zip(prepare, shared.values(), strict=False)]
    params += _columns(plan, rows, database, skip=len(shared))
    return _arrays_statement(plan, len(shared), only_if), params


@cache
def _arrays_statement(plan: _InsertPlan, shared: int, only_if: str) -> str:
    """`INSERT … SELECT %s::t1, …, given.* FROM unnest(%s::t3[], …) AS given [CROSS JOIN only_if]`:
    the first `shared` columns once, the others as arrays."""
    arrayed = plan.db_types[shared : len(plan.db_types) - plan.generated]
    scalars = "".join(f"%s::{db_type}, " for db_type in plan.db_types[:shared])
    arrays = ", ".join(f"%s::{db_type}[]" for db_type in arrayed)
    generated = "".join([", gen_random_uuid()"] * plan.generated)
    join = f" CROSS JOIN {only_if}" if only_if else ""
    # Only identifiers from the model's own metadata (and the caller's query name) go into the text.
    return f"{plan.head} SELECT {scalars}given.*{generated} FROM unnest({arrays}) AS given{join}"  # noqa: S608


def _columns(plan: _InsertPlan, rows: Sequence[Mapping[str, Any]], database: Any, *, skip: int = 0) -> list[Any]:
    """The database values of `rows`, column by column: the named fields' (after the first `skip`),
    then the defaults'."""
    prepare = _preparers(plan, database)
    columns = [
        [convert(row[name]) for row in rows] for convert, name in zip(prepare[skip:], plan.names[skip:], strict=True)
    ]
    given_defaults = plan.defaults[: len(plan.defaults) - plan.generated]
    columns += [[field.get_db_prep_save(field.get_default(), database) for _ in rows] for field in given_defaults]
    return columns


@dataclass(frozen=True)
class _InsertPlan:
    """What inserting rows that name these fields takes, worked out once per process: the fields
    named, those given their defaults, the statement's head (`INSERT INTO t (c1, c2, …)`) and the
    columns' database types (in the same order). On PostgreSQL the last `generated` defaults are random
    UUID keys, which the database makes (`gen_random_uuid()`, a version 4 UUID as `uuid.uuid4`
    gives) rather than thirty UUIDs made, converted and sent per survey response."""

    names: tuple[str, ...]
    named: tuple[Any, ...]
    defaults: tuple[Any, ...]
    head: str
    db_types: tuple[str, ...]
    generated: int


@cache
def _insert_plan(model: type[models.Model], names: tuple[str, ...], vendor: str) -> _InsertPlan:
    named = tuple(_field(model, name.removesuffix("_id")) for name in names)
    given = {field.name for field in named}
    defaults = tuple(
        field
        for field in model._meta.concrete_fields
        if field.name not in given and not isinstance(field, models.AutoField)  # the database numbers those
    )
    random_keys: tuple[Any, ...] = ()
    if vendor == "postgresql":
        random_keys = tuple(field for field in defaults if field.primary_key and field.default is uuid.uuid4)
        defaults = tuple(field for field in defaults if field not in random_keys) + random_keys
    database = _database()
    quote = database.ops.quote_name
    columns = tuple(quote(field.column) for field in (*named, *defaults))
    # Only identifiers from the model's own metadata, quoted, go into the text; values are parameters.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)})"
    db_types = tuple(field.db_type(database) for field in (*named, *defaults))
    return _InsertPlan(names, named, defaults, head, db_types, len(random_keys))


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


def _preparers(plan: _InsertPlan, database: Any) -> list[Any]:
    return [_preparer(field, name, database) for name, field in zip(plan.names, plan.named, strict=True)]


def _preparer(field: Any, name: str, database: Any) -> Any:
    """How one column's values become database values: a related object becomes its key; a null
    stays null without the field's conversions, where the field itself would store null for it
    (a third of a survey answer's values are nulls)."""
    if field.is_relation and name == field.name:
        target = field.target_field

        def related(value: Any) -> Any:
            key = value.pk if isinstance(value, models.Model) else value
            return target.get_db_prep_save(key, database)

        return related
    convert = field.get_db_prep_save
    if convert(None, database) is not None:
        return lambda value: convert(value, database)
    return lambda value: None if value is None else convert(value, database)
