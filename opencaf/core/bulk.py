"""Writing many rows of one table at once, inserting new ones and replacing existing ones.

`QuerySet.bulk_create(update_conflicts=True)` does the same, but builds every batch through the
ORM's SQL compiler, value by value: for a file of 10,000 indicator values it took over a second
and most of the import. Here the statement is built once and the rows are sent with
`executemany`, which SQLite runs in C and psycopg sends as one pipeline; each value still goes
through its field's `get_db_prep_save`, so it is stored exactly as the ORM would store it. The
`INSERT … ON CONFLICT (…) DO UPDATE SET … = excluded.…` form is the same on SQLite (3.24 and
later) and PostgreSQL, the two databases the platform runs on.

No model signals are sent and no primary keys are set on the caller's objects; call this from a
service function, inside its transaction, with its own audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models


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
    prepare = [_preparer(field, name) for field, name in zip(fields, names, strict=True)]
    params = [[convert(row[name]) for convert, name in zip(prepare, names, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _field(model: type[models.Model], name: str) -> Any:
    """A concrete field of the model (one with a column), by name."""
    field = model._meta.get_field(name)
    if not getattr(field, "column", None):
        raise ValueError(f"{model.__name__}.{name} has no column")
    return field


def _preparer(field: Any, name: str) -> Any:
    """How one column's values become database values: a related object becomes its key."""
    if field.is_relation and name == field.name:
        target = field.target_field

        def related(value: Any) -> Any:
            key = value.pk if isinstance(value, models.Model) else value
            return target.get_db_prep_save(key, connection)

        return related
    return lambda value: field.get_db_prep_save(value, connection)
