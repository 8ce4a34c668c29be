"""`core.prepared.run`: the statement's rows come back, errors are Django's, the query is seen by
Django's wrappers; on PostgreSQL the server prepares it once per connection and reuses it."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import World
from opencaf.core import prepared
from opencaf.surveys.models import Response
from opencaf.surveys.tests.factories import make_survey

INSERT = 'INSERT INTO "surveys_response" ("id", "survey_id", "language") VALUES (%s, %s, %s)'


def _key(key: uuid.UUID) -> object:
    """A key as the database takes it (run() takes database values, as a cursor does)."""
    return Response._meta.pk.get_db_prep_save(key, connection)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def test_it_answers_rows_and_nothing_for_a_statement_without_rows(world: World) -> None:
    survey = make_survey(world.alice_org, world.alice)
    key = uuid.uuid4()
    with transaction.atomic():
        assert prepared.run(INSERT, [_key(key), survey.pk, "sl"]) == []
    assert prepared.run('SELECT "language", "survey_id" FROM "surveys_response" WHERE "id" = %s', [_key(key)]) == [
        ("sl", survey.pk)
    ]
    assert prepared.run("SELECT %s + 1, %s", [41, "Отговор 'ą' \\ 😀"]) == [(42, "Отговор 'ą' \\ 😀")]


def test_errors_are_djangos_and_the_query_is_seen_by_its_wrappers(world: World) -> None:
    survey = make_survey(world.alice_org, world.alice)
    key = uuid.uuid4()
    seen: list[str] = []

    def watch(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch), CaptureQueriesContext(connection) as logged:
        with transaction.atomic():
            prepared.run(INSERT, [_key(key), survey.pk, "en"])
        with pytest.raises(IntegrityError), transaction.atomic():
            prepared.run(INSERT, [_key(key), survey.pk, "en"])  # the same key again
    assert [sql for sql in seen if "SAVEPOINT" not in sql] == [INSERT, INSERT]
    assert sum("surveys_response" in query["sql"] for query in logged) == 2
    assert Response.objects.filter(pk=key).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_prepares_the_statement_once_and_reuses_it(world: World) -> None:
    survey = make_survey(world.alice_org, world.alice)
    with transaction.atomic():
        for _ in range(3):
            prepared.run(INSERT, [_key(uuid.uuid4()), survey.pk, "bg"])
    ours = [text for text in _prepared_statements() if "surveys_response" in text]
    assert ours == [INSERT.replace("%s", "$1", 1).replace("%s", "$2", 1).replace("%s", "$3", 1)]
    with connection.cursor() as cursor:  # Django's own statements are not prepared
        cursor.execute('SELECT count(*) FROM "surveys_response" WHERE "language" = %s', ["bg"])
        assert cursor.fetchone() == (3,)
    assert not [text for text in _prepared_statements() if "count(*)" in text]
