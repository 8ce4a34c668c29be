"""The statement that counts a stored response, and by counting it decides whether the survey still
takes answers (see answering.submit_response).

It runs with every response sent, and the ORM spent 0.5 ms building its nine conditions (the
lifecycle rule, the link, the version) for a statement the database runs in a fraction of that.
So it is written out, once per process and database kind, through the columns named in the model's
metadata; values go in as parameters, each prepared by its field as the ORM would. The rule it
carries is lifecycle.accepts_answers() written as SQL: `tests/test_counting.py` holds the two to
the same answer for every state and every opening and closing date, on both databases.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from opencaf.surveys.lifecycle import State
from opencaf.surveys.models import Survey


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
    """Raise the survey's response count by one if it takes answers `today`; False if it does not
    (the caller rolls the response back). `through_link`: the answers came through the public link
    with this key, and were checked against the survey as `survey` holds it: counted only while that
    link is still on and the questions are still that version."""
    database = connections[DEFAULT_DB_ALIAS]

    def value(name: str, given: object) -> Any:
        return _field(name).get_db_prep_save(given, database)

    params = [value("id", survey.pk), value("state", State.OPEN.value), value("opens_on", today)]
    params.append(value("closes_on", today))
    if through_link is not None:
        params += [value("link_key", through_link), value("public_link", True), value("version", survey.version)]
    with database.cursor() as cursor:
        cursor.execute(_statement(database.vendor, through_link is not None), params)
        return cursor.rowcount == 1
