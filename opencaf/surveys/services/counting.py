"""The statement that counts a stored response, and by counting it decides whether the survey still
takes answers; and storing a response only if it was counted (`store_counted`, used by
answering.submit_response).

It runs with every response sent, and the ORM spent 0.5 ms building its nine conditions (the
lifecycle rule, the link, the version) for a statement the database runs in a fraction of that.
So it is written out, once per process and database kind, through the columns named in the model's
metadata; values go in as parameters, each prepared by its field as the ORM would. The rule it
carries is lifecycle.accepts_answers() written as SQL: `tests/test_counting.py` holds the two to
the same answer for every state and every opening and closing date, on both databases.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from opencaf.core import prepared
from opencaf.core.bulk import arrays_insertion, insert
from opencaf.surveys.lifecycle import State
from opencaf.surveys.models import Survey


@dataclass(frozen=True)
class Table:
    """Rows to insert into one model's table (as for core.bulk.insert); `shared`: fields with the
    same value in every row (a response's key in each of its answers), sent once."""

    model: type[models.Model]
    rows: Sequence[Mapping[str, object]]
    shared: Mapping[str, object] = field(default_factory=dict)


def _field(name: str) -> Any:
    return Survey._meta.get_field(name)


@cache
def _statement(vendor: str, through_link: bool) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name

    def column(name: str) -> str:
        return quote(_field(name).column)

    count, opens_on, closes_on = column("response_count"), column("opens_on"), column("closes_on")
    # Only quoted identifiers from the model's metadata go into the text; values are parameters.
    sql = (
        f"UPDATE {quote(Survey._meta.db_table)} SET {count} = {count} + 1"  # noqa: S608
        f" WHERE {column('id')} = %s AND {column('state')} = %s"
        # Open, and within the dates (both inclusive), as lifecycle.accepts_answers().
        f" AND ({opens_on} IS NULL OR {opens_on} <= %s)"
        f" AND ({closes_on} IS NULL OR {closes_on} >= %s)"
    )
    if through_link:
        sql += f" AND {column('link_key')} = %s AND {column('public_link')} = %s AND {column('version')} = %s"
    return sql


def count_response(survey: Survey, today: datetime.date, *, through_link: str | None = None) -> bool:
    """Raise the survey's response count by one if it takes answers `today`; False if it does not.
    `through_link`: the answers came through the public link with this key, and were checked against
    the survey as `survey` holds it: counted only while that link is still on and the questions are
    still that version."""
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        cursor.execute(_statement(database.vendor, through_link is not None), _params(survey, today, through_link))
        return cursor.rowcount == 1


def store_counted(
    survey: Survey, today: datetime.date, tables: Sequence[Table], *, through_link: str | None = None
) -> bool:
    """Count a response as `count_response` does and, only if it was counted, insert the rows of its
    `tables`, all or nothing. False if the survey takes no answers:
    then nothing is written.

    On PostgreSQL this is one prepared statement, atomic by itself: `WITH counted AS (UPDATE …
    RETURNING 1), w1 AS (INSERT … SELECT … CROSS JOIN counted), … SELECT count(*) FROM counted`.
    The inserts read `counted`, so they run after the UPDATE and insert nothing when it matched
    nothing. One round trip instead of six (BEGIN, three INSERTs, the UPDATE, COMMIT), its values in
    binary and its plan kept by the server (core.prepared): the database's CPU per submission in
    benchmarks/survey_submit.py fell from 2.9 to 2.3 ms, the workers' from 11.6 to 10.9 ms. Elsewhere
    the same happens in a transaction: the UPDATE first, then one insert per table."""
    database = connections[DEFAULT_DB_ALIAS]
    tables = [table for table in tables if table.rows]
    if database.vendor != "postgresql":
        with transaction.atomic():
            if not count_response(survey, today, through_link=through_link):
                return False
            for table in tables:
                insert(table.model, [{**table.shared, **row} for row in table.rows])
        return True
    queries = [f"counted AS ({_statement(database.vendor, through_link is not None)} RETURNING 1)"]
    params = _params(survey, today, through_link)
    for number, table in enumerate(tables, 1):
        insertion, arrays = arrays_insertion(table.model, table.rows, shared=table.shared, only_if="counted")
        queries.append(f"inserted_{number} AS ({insertion})")
        params += arrays
    # Only quoted identifiers from the models' metadata go into the text; values are parameters.
    [(counted,)] = prepared.run(f"WITH {', '.join(queries)} SELECT count(*) FROM counted", params)  # noqa: S608
    return counted == 1


def _params(survey: Survey, today: datetime.date, through_link: str | None) -> list[Any]:
    """The counting statement's values, each prepared by its field as the ORM would."""
    database = connections[DEFAULT_DB_ALIAS]

    def value(name: str, given: object) -> Any:
        return _field(name).get_db_prep_save(given, database)

    params = [value("id", survey.pk), value("state", State.OPEN.value), value("opens_on", today)]
    params.append(value("closes_on", today))
    if through_link is not None:
        params += [value("link_key", through_link), value("public_link", True), value("version", survey.version)]
    return params
