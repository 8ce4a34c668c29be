"""Time a survey's results page for 20,000 responses × 50 questions (about a million answers).

Builds the survey through the services on a throwaway PostgreSQL database (dropped at the end), loads
the responses in bulk (COPY; random UUID keys as the models make them), with two breakdown questions:
department (8 options, one of them a unit of four people) and age band (4). Then prints the median
server time of the results page cut by department × age band (`?by=<department>&by=<age band>`, as
the organisation's quality representative sees it), and the ratio to a bare Django view requested in
turns with it; the same page overall and by department alone; `results_of()` alone and its query
count. The build time is printed apart.

    .venv/bin/python benchmarks/survey_results.py                 # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python benchmarks/survey_results.py --sqlite        # in-memory SQLite, 2,000 responses
    .venv/bin/python benchmarks/survey_results.py --profile       # then cProfile and the slowest SQL, explained
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databases import PG_SERVER, use_database

DEPARTMENTS = [2500, 2000, 1600, 1300, 1100, 900, 596, 4]  # per 10,000 respondents: the last is tiny
AGE_BANDS = [15, 35, 35, 13, 2]  # per cent; the last 2 % leave it unanswered
CHUNK = 1000  # responses per batch written


def question_list() -> list[dict[str, Any]]:
    """50 questions: the two breakdowns, 6 single and 1 multiple choice, 32 ratings, 2 grids of 4
    items, 3 NPS, 2 numbers and 2 free texts."""
    rating = {"kind": "rating", "scale": (1, 5), "dont_know": True}
    return [
        {
            "kind": "single",
            "text": "Your department",
            "breakdown": "department",
            "options": [f"Department {n}" for n in range(1, len(DEPARTMENTS) + 1)],
        },
        {"kind": "single", "text": "Your age", "breakdown": "age_band", "options": ["<30", "30–44", "45–59", "60+"]},
        *(
            {"kind": "single", "text": f"Choice {n}", "options": [f"Option {m}" for m in range(1, 3 + n % 3)]}
            for n in range(1, 7)
        ),
        {"kind": "multiple", "text": "What do you use?", "options": [f"Tool {n}" for n in range(1, 6)]},
        *({**rating, "text": f"Statement {n}"} for n in range(1, 33)),
        *(
            {**rating, "kind": "grid", "text": f"Grid {n}", "items": [f"Item {m}" for m in range(1, 5)]}
            for n in range(1, 3)
        ),
        *({"kind": "nps", "text": f"Would you recommend {n}?"} for n in range(1, 4)),
        {"kind": "number", "text": "Years of service", "number_min": Decimal(0), "number_max": Decimal(50)},
        {"kind": "number", "text": "Days of training", "number_min": Decimal(0), "number_max": Decimal(100)},
        {"kind": "short_text", "text": "One word for us"},
        {"kind": "long_text", "text": "What should we improve?"},
    ]


def build_survey() -> tuple[Any, Any]:
    from django.db import transaction

    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member
    from opencaf.surveys import services
    from opencaf.surveys.lifecycle import Action
    from opencaf.surveys.tests.factories import add_question, make_survey, texts

    organisation = OrganisationFactory()
    quality_representative = UserFactory()
    add_member(organisation, quality_representative, Role.ORG_ADMIN)
    survey = make_survey(organisation, quality_representative, audience="employees")
    with transaction.atomic():
        for n in range(2, 6):
            services.add_section(actor=quality_representative, survey=survey, title=texts(f"Part {n}"))
    questions = question_list()
    for index, spec in enumerate(questions):
        spec = dict(spec)
        for name in ("options", "items"):
            if name in spec:
                spec[name] = [texts(label) for label in spec[name]]
        add_question(survey, quality_representative, page=index // 10 + 1, **spec)
    with transaction.atomic():
        services.change_state(actor=quality_representative, survey=survey, action=Action.OPEN)
    return survey, quality_representative


type Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def generate(survey: Any, responses: int, seed: int) -> Iterator[Rows]:
    """Batches of (responses, answers, text answers) rows, in the models' column order."""
    from opencaf.surveys.models import TextStatus
    from opencaf.surveys.selectors import structure_of

    rng = random.Random(seed)
    questions = [
        (view.question.pk, view.kind.value, [o.pk for o in view.options], [i.pk for i in view.items] or [None])
        for view in structure_of(survey).questions
    ]
    scale = [1, 2, 3, 3, 4, 4, 4, 5, 5]
    released, pending, withheld = TextStatus.RELEASED.value, TextStatus.PENDING.value, TextStatus.WITHHELD.value
    for start in range(0, responses, CHUNK):
        batch: Rows = ([], [], [])
        answers, texts = batch[1], batch[2]
        for _ in range(min(CHUNK, responses - start)):
            response = uuid.uuid4()
            batch[0].append((response, survey.pk, rng.choice(["sl", "sl", "en"])))
            department = rng.choices(range(len(DEPARTMENTS)), DEPARTMENTS)[0]
            for index, (question, kind, options, items) in enumerate(questions):
                if index == 0:
                    answers.append((uuid.uuid4(), response, question, options[department], None, None, False))
                    continue
                if index == 1:
                    band = rng.choices(range(5), AGE_BANDS)[0]
                    if band < 4:
                        answers.append((uuid.uuid4(), response, question, options[band], None, None, False))
                    continue
                if rng.random() < 0.03:  # skipped
                    continue
                if kind == "single":
                    answers.append((uuid.uuid4(), response, question, rng.choice(options), None, None, False))
                elif kind == "multiple":
                    for option in rng.sample(options, rng.randint(1, 3)):
                        answers.append((uuid.uuid4(), response, question, option, None, None, False))
                elif kind in ("rating", "grid"):
                    for item in items:
                        known = rng.random() > 0.04
                        value = min(5, rng.choice(scale) + (department % 3 == 0)) if known else None
                        answers.append((uuid.uuid4(), response, question, None, item, value, not known))
                elif kind == "nps":
                    answers.append((uuid.uuid4(), response, question, None, None, rng.randint(0, 10), False))
                elif kind == "number":
                    answers.append((uuid.uuid4(), response, question, None, None, rng.randint(0, 40), False))
                elif rng.random() < (0.2 if kind == "short_text" else 0.1):
                    text = f"Comment {rng.randint(1, 500)} about department {department + 1}"
                    status = rng.choice([released, released, pending, withheld])
                    texts.append((uuid.uuid4(), response, question, text, status, text if status == released else ""))
        yield batch


def load(survey: Any, responses: int, seed: int) -> tuple[int, int]:
    """Write the responses in bulk: COPY on PostgreSQL, executemany on SQLite. Returns the numbers of
    answers and text answers written."""
    from django.db import connection, transaction

    from opencaf.surveys.models import Answer, Response, Survey, TextAnswer

    models = (Response, Answer, TextAnswer)
    columns = [[field.column for field in model._meta.concrete_fields] for model in models]
    written = [0, 0, 0]
    for batch in generate(survey, responses, seed):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    raw = cursor.cursor  # psycopg's own cursor, for COPY
                    for model, names, rows in zip(models, columns, batch, strict=True):
                        with raw.copy(f"COPY {model._meta.db_table} ({', '.join(names)}) FROM STDIN") as copy:
                            for row in rows:
                                copy.write_row(row)
            else:  # SQLite keeps UUIDs as 32 hex digits
                with connection.cursor() as cursor:
                    for model, names, rows in zip(models, columns, batch, strict=True):
                        cursor.executemany(
                            f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "
                            f"VALUES ({', '.join(['%s'] * len(names))})",
                            [tuple(v.hex if isinstance(v, uuid.UUID) else v for v in row) for row in rows],
                        )
        for n, rows in enumerate(batch):
            written[n] += len(rows)
    Survey.objects.filter(pk=survey.pk).update(response_count=written[0])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would have done by the time anyone looks
            cursor.execute("ANALYZE")
    return written[1], written[2]


def fetcher(client: Any, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch()  # warm caches and templates
    return fetch


def profile(client: Any, url: str, survey: Any, selected: list[str]) -> None:
    """cProfile of one results page, then the slowest SQL of `results_of()` with its plan."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opencaf.surveys.results import results_of

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    print("\nprofile of one results page (by department x age band)")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/opencaf/", 25)
    stats.sort_stats("tottime").print_stats(15)
    with CaptureQueriesContext(connection) as queries:
        results_of(survey, selected)
    slowest = sorted(queries.captured_queries, key=lambda query: float(query["time"]), reverse=True)[:3]
    explain = "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for query in slowest:
        print(f"\n{float(query['time']) * 1000:.0f} ms: {query['sql']}\n")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"{explain} {query['sql']}")
                print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", action="store_true", help="in-memory SQLite instead of PostgreSQL")
    parser.add_argument("--responses", type=int, help="default 20,000 (2,000 with --sqlite)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server (trust auth), without database name")
    parser.add_argument("--profile", action="store_true", help="then profile one page and explain the slowest SQL")
    args = parser.parse_args()
    responses = args.responses or (2000 if args.sqlite else 20000)
    use_database(None if args.sqlite else args.pg, "results")

    from django.db import connection, transaction
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from harness import BARE_URL, engine_name, interleaved_median_seconds, median_seconds, throwaway_database

    from opencaf.surveys import services
    from opencaf.surveys.lifecycle import Action
    from opencaf.surveys.models import Question
    from opencaf.surveys.results import results_of

    with throwaway_database(), override_settings(ROOT_URLCONF="harness"):
        started = time.perf_counter()
        survey, quality_representative = build_survey()
        designed = time.perf_counter()
        answers, texts = load(survey, responses, seed=20)
        loaded = time.perf_counter()
        with transaction.atomic():
            services.change_state(actor=quality_representative, survey=survey, action=Action.CLOSE)
        client = Client()
        client.force_login(quality_representative)
        base = reverse(
            "surveys:results",
            kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id},
        )
        selected = [Question.objects.get(survey=survey, breakdown=cut).code for cut in ("department", "age_band")]
        pages = {
            "bare": BARE_URL,
            "by department x age band": f"{base}?by={selected[0]}&by={selected[1]}",
            "by department": f"{base}?by={selected[0]}",
            "overall": base,
        }
        medians = interleaved_median_seconds({name: fetcher(client, url) for name, url in pages.items()}, args.runs)
        alone = median_seconds(lambda: results_of(survey, selected), args.runs)
        with CaptureQueriesContext(connection) as queries:
            outcome = results_of(survey, selected)
        shown = sum(1 for group in outcome.groups if group.people is not None)
        engine = engine_name()
        bare = medians["bare"] * 1000
        how = "COPY, then ANALYZE" if connection.vendor == "postgresql" else "executemany"
        print(
            f"survey results, {responses:,} responses x 50 questions = {answers:,} answers "
            f"+ {texts:,} free texts, {engine}, {args.runs} runs (median, in turns with the bare view)"
        )
        print(f"  build: survey {designed - started:.1f} s, responses {loaded - designed:.1f} s ({how})")
        print(f"  bare Django view:                {bare:9.2f} ms")
        for name in list(pages)[1:]:
            page = medians[name] * 1000
            goal = "   (goal on PostgreSQL: <= 1000 ms)" if name.startswith("by department x") else ""
            print(f"  results {name + ':':25} {page:9.2f} ms   ratio {page / bare:7.1f}x{goal}")
        print(
            f"  results_of() alone, by department x age band: {alone * 1000:.2f} ms, {len(queries)} queries; "
            f"{len(outcome.groups)} groups, {shown} shown"
        )
        if args.profile:
            profile(client, pages["by department x age band"], survey, selected)


if __name__ == "__main__":
    main()
