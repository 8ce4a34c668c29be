"""`core.bulk.upsert` stores what the ORM would store, adds new rows and replaces only the fields it
is told to in existing ones."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction

from conftest import World
from opencaf.core.bulk import arrays_insertion, insert, upsert
from opencaf.indicators.models import Measurement, Target
from opencaf.indicators.tests.factories import aim, make_indicator, record


def test_new_rows_are_added_and_existing_ones_replaced_in_the_named_fields(world: World) -> None:
    indicator = make_indicator(world.alice_org, world.alice)
    record(indicator, world.alice, "2026-Q1", "50", comment="Before")
    aim(indicator, world.alice, "2026-Q1", "80")
    Target.objects.filter(indicator=indicator).update(rationale="Kept")
    moment = datetime(2026, 12, 6, 10, 30, 15, 123456, tzinfo=UTC)
    rows = [
        {"indicator": indicator, "period": "2026-Q1", "value": Decimal("81.25"), "status": "provisional",
         "comment": "After", "entered_by_id": world.alice.pk, "entered_at": moment},
        {"indicator": indicator, "period": "2026-Q2", "value": Decimal(7), "status": "final",
         "comment": "", "entered_by_id": None, "entered_at": moment},
    ]  # fmt: skip
    with transaction.atomic():
        upsert(Measurement, rows, unique=["indicator", "period"], update=["value", "status", "comment", "entered_at"])
        upsert(
            Target,
            [{"indicator_id": indicator.pk, "period": "2026-Q1", "value": Decimal(90), "low": None, "high": None,
              "rationale": ""}],
            unique=["indicator", "period"],
            update=["value"],
        )  # fmt: skip
    first, second = Measurement.objects.order_by("period")
    assert (first.value, first.status, first.comment, first.entered_at) == (
        Decimal("81.25"), "provisional", "After", moment,
    )  # fmt: skip
    assert (second.value, second.entered_by, second.entered_at) == (Decimal(7), None, moment)
    target = Target.objects.get()
    assert (target.value, target.rationale) == (Decimal(90), "Kept")  # only the named field replaced
    upsert(Measurement, [], unique=["indicator", "period"], update=["value"])  # nothing to write: no query
    assert Measurement.objects.count() == 2


# --- insert ---------------------------------------------------------------------------------------


def test_insert_stores_what_the_orm_would_and_gives_unnamed_fields_their_defaults(world: World) -> None:

    indicator = make_indicator(world.alice_org, world.alice)
    before = datetime.now(UTC)
    rows = [
        {"indicator": indicator, "period": "2025", "value": Decimal("12.5"), "status": "final"},
        {"indicator": indicator, "period": "2026", "value": Decimal("-0.0001"), "status": "provisional"},
    ]
    with transaction.atomic():
        insert(Measurement, rows)
    stored = list(Measurement.objects.filter(indicator=indicator).order_by("period"))
    assert [(m.period, m.value, m.status) for m in stored] == [
        ("2025", Decimal("12.5"), "final"),
        ("2026", Decimal("-0.0001"), "provisional"),
    ]
    # Not named: the comment's default, no one who entered it, and the moment of the insert.
    assert all(m.comment == "" and m.entered_by_id is None and m.entered_at >= before for m in stored)
    assert len({m.pk for m in stored}) == 2  # numbered by the database


def test_insert_gives_each_row_its_own_uuid_key_and_takes_as_many_statements_as_the_database_needs(
    world: World, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencaf.surveys.models import Response, TextAnswer
    from opencaf.surveys.tests.factories import add_question, make_survey

    survey = make_survey(world.alice_org, world.alice)
    question = add_question(survey, world.alice, kind="long_text")
    response = Response.objects.create(survey=survey, language="sl")
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 4)  # rows per statement
    texts = [{"response_id": response.pk, "question_id": question.pk, "text": f"Odgovor {n} <&>"} for n in range(10)]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        insert(TextAnswer, texts)
        insert(TextAnswer, [])  # nothing to write: no statement
    # (A prepared statement is logged as `QUERY = '…' - PARAMS = …`.)
    statements = [q["sql"] for q in queries if "INSERT INTO" in q["sql"]]
    if connection.vendor == "postgresql":  # one array per column, whatever the batch size
        assert len(statements) == 1 and "unnest(" in statements[0]
    else:
        assert len(statements) == 3  # 4 + 4 + 2 rows
    stored = TextAnswer.objects.filter(response=response)
    assert sorted(answer.text for answer in stored) == sorted(row["text"] for row in texts)
    assert len({answer.pk for answer in stored}) == 10
    assert {answer.status for answer in stored} == {"pending"} and {a.released_text for a in stored} == {""}


def test_insert_keeps_every_value_as_typed_also_as_arrays(world: World) -> None:
    """Thirty rows at once (PostgreSQL sends them as one array per column): texts that array
    literals must quote, the text "NULL" beside real nulls, a column of nulls only, numbers."""
    from opencaf.surveys.models import Answer, Response, TextAnswer
    from opencaf.surveys.tests.factories import add_question, make_survey

    survey = make_survey(world.alice_org, world.alice)
    rating = add_question(survey, world.alice, kind="rating")
    comment = add_question(survey, world.alice, kind="long_text")
    response = Response.objects.create(survey=survey, language="bg")
    awkward = ["NULL", "null", "", 'a "quoted" word', "back\\slash", "{braces}, commas", "Отговор ‘ą’ 😀", " ", "x\ny"]
    texts = [awkward[n % len(awkward)] + ("" if n < len(awkward) else str(n)) for n in range(30)]
    values = [None if n % 4 == 0 else Decimal(n) / 4 for n in range(30)]
    with transaction.atomic():
        insert(TextAnswer, [{"response_id": response.pk, "question_id": comment.pk, "text": t} for t in texts])
        insert(
            Answer,
            [
                {"response": response, "question_id": rating.pk, "option_id": None, "value": v, "dont_know": v is None}
                for v in values
            ],
        )
    stored_texts = TextAnswer.objects.filter(response=response).values_list("text", flat=True)
    assert sorted(stored_texts) == sorted(texts)
    stored = Answer.objects.filter(response=response).values_list("value", "dont_know", "option_id", "item_id")
    assert sorted(stored, key=lambda row: (row[0] is None, row[0] or 0)) == sorted(
        ((v, v is None, None, None) for v in values), key=lambda row: (row[0] is None, row[0] or 0)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays are PostgreSQL's")
def test_arrays_insertion_sends_shared_values_once_and_lets_the_database_make_random_keys(world: World) -> None:
    from opencaf.core import prepared
    from opencaf.surveys.models import Response, TextAnswer
    from opencaf.surveys.tests.factories import add_question, make_survey

    survey = make_survey(world.alice_org, world.alice)
    question = add_question(survey, world.alice, kind="long_text")
    response = Response.objects.create(survey=survey, language="sl")
    rows = [{"question_id": question.pk, "text": f"Odgovor {n}"} for n in range(3)]
    sql, params = arrays_insertion(TextAnswer, rows, shared={"response": response})
    assert "gen_random_uuid()" in sql and len(params) == 1 + 2 + 2  # the key; question, text; status, redaction
    with transaction.atomic():
        prepared.run(sql, params)
    stored = TextAnswer.objects.filter(response=response)
    assert sorted(answer.text for answer in stored) == ["Odgovor 0", "Odgovor 1", "Odgovor 2"]
    assert len({answer.pk for answer in stored}) == 3 and {answer.pk.version for answer in stored} == {4}
