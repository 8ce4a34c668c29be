"""Respondents submitting a 30-answer survey through its public link, against gunicorn on PostgreSQL.

Starts gunicorn (3 sync workers, production settings: DEBUG off, collected static files, Redis for the
cache and rate limits as the README recommends for production, the database cache if no Redis
answers) on a throwaway PostgreSQL database, builds a survey through the services, and lets concurrent
clients answer it for a bounded time as browsers do: each respondent has its own cookie jar, GETs the
survey's first page, takes the CSRF token and the hidden fields from each page, POSTs every page with
its answers (by default all 30 on one page) and follows the redirect to the thank-you page. The
baseline, measured in the same run on the same stack and in turns with the survey, is a bare view
behind the same middleware: GET a form with a CSRF token, POST it (one row written in a transaction),
follow the redirect.

Prints submissions per second, p50/p95 latency of a whole submission, errors and the ratio to the
baseline; then counts what the database holds against what the clients were told (`lost`). Drops the
database and stops gunicorn at the end, also on failure. With --profile N, N more submissions run
in-process through Django's test client under cProfile (the server side only) before clean-up.

    .venv/bin/python benchmarks/survey_submit.py
    .venv/bin/python benchmarks/survey_submit.py --pages 3 --clients 6 --duration 20
"""

from __future__ import annotations

import argparse
import html
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_SERVER = "redis://127.0.0.1:6379/15"  # a database of its own; its keys expire on their own
BARE_FORM_URL = "/__bare_form__/"
BARE_TABLE = "bench_bare_row"
# The per-address limit on answers (60 an hour by default) would stop the benchmark's one address: lifted,
# but still counted (core.ratelimit raises a counter in the cache for every answer).
ANSWER_LIMITS = "1000000/5s/ip"
WORKERS = 3


# --- the server side: gunicorn loads `wsgi_app()` from this module ----------------------------------


@require_http_methods(["GET", "POST"])
def bare_form(request: HttpRequest) -> HttpResponse:
    """The baseline: a form with a CSRF token; its POST writes one row in a transaction and redirects."""
    if request.method == "POST":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {BARE_TABLE} (id, note) VALUES (%s, %s)", [uuid.uuid4(), request.POST["note"]])
        return redirect(BARE_FORM_URL + "?done=1")
    token = get_token(request)
    return HttpResponse(
        '<!doctype html><form method="post">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<input name="note"><button type="submit">Send</button></form>'
    )


def add_bare_form() -> None:
    """Serve the project's URLs plus the bare form, from this module (Django must be set up)."""
    from django.test.utils import override_settings
    from django.urls import path

    import opencaf.urls

    # First, so resolving its address costs it next to nothing: the baseline is the stack's floor. (After
    # the project's patterns it paid ~0.2 ms a request to try them, which flattered the ratio.)
    globals()["urlpatterns"] = [path(BARE_FORM_URL.strip("/") + "/", bare_form), *opencaf.urls.urlpatterns]
    override_settings(ROOT_URLCONF=__name__).enable()


def wsgi_app() -> Any:
    """The project's WSGI application with the bare form added (a gunicorn application factory)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    add_bare_form()
    return application


# --- the survey -----------------------------------------------------------------------------------

# 25 questions, 30 answers: the grid's 6 items count as 6.
GRID_ITEMS = 6
VALUES_PER_RESPONSE = 29  # every question is answered: 29 values and one free text
TEXTS = ["Quick & friendly", 'Too "busy"', "Čakalnica <3", "ok"]  # escaped in hidden fields, and back


def question_list() -> list[dict[str, Any]]:
    offices = [f"Office {n}" for n in range(1, 7)]
    ages = ["Under 30", "30–44", "45–59", "60 or over"]
    rating = {"kind": "rating", "scale": (1, 5), "dont_know": True}
    return [
        {
            "kind": "single",
            "text": "Which office did you visit?",
            "breakdown": "channel",
            "required": True,
            "options": offices,
        },
        {"kind": "single", "text": "Your age", "breakdown": "age_band", "options": ages},
        *({**rating, "text": f"How satisfied are you with aspect {n}?", "required": n < 3} for n in range(1, 11)),
        {
            "kind": "grid",
            "text": "How easy was it?",
            "scale": (1, 5),
            "dont_know": True,
            "items": [f"Step {n}" for n in range(1, GRID_ITEMS + 1)],
        },
        *({**rating, "text": f"How do you rate the staff on point {n}?"} for n in range(1, 7)),
        {"kind": "single", "text": "Did you get what you came for?", "options": ["Yes", "Partly", "No"]},
        {"kind": "single", "text": "How long did you wait?", "options": ["None", "<5 min", "<15 min", "<1 h", "More"]},
        {"kind": "single", "text": "How did you come?", "options": ["On foot", "By car", "By bus", "By bike"]},
        {"kind": "nps", "text": "Would you recommend us?", "required": True},
        {"kind": "number", "text": "How many visits this year?", "number_min": 0, "number_max": 365},
        {"kind": "short_text", "text": "One word for us"},
    ]


@dataclass
class Asked:
    code: str
    kind: str
    options: list[str]
    items: list[str]


def build_survey(pages: int) -> tuple[Any, list[list[Asked]]]:
    """The survey, open, through the services; and what each of its pages asks."""
    from decimal import Decimal

    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member
    from opencaf.surveys import services
    from opencaf.surveys.lifecycle import Action
    from opencaf.surveys.selectors import structure_of
    from opencaf.surveys.tests.factories import add_question, make_survey, texts

    organisation = OrganisationFactory()
    admin = UserFactory()
    add_member(organisation, admin, Role.ORG_ADMIN)
    survey = make_survey(organisation, admin, audience="citizens")
    with transaction.atomic():
        for n in range(2, pages + 1):
            services.add_section(actor=admin, survey=survey, title=texts(f"Part {n}"))
    questions = question_list()
    per_page = -(-len(questions) // pages)
    for index, spec in enumerate(questions):
        spec = dict(spec)
        for name in ("options", "items"):
            if name in spec:
                spec[name] = [texts(label) for label in spec[name]]
        for name in ("number_min", "number_max"):
            if name in spec:
                spec[name] = Decimal(spec[name])
        add_question(survey, admin, page=index // per_page + 1, **spec)
    with transaction.atomic():
        services.change_state(actor=admin, survey=survey, action=Action.OPEN)
    survey.refresh_from_db()
    plan = [
        [
            Asked(view.code, view.kind.value, [o.code for o in view.options], [i.code for i in view.items])
            for view in section.questions
        ]
        for section in structure_of(survey).sections
    ]
    assert sum(len(q.items) or 1 for page in plan for q in page) == 30, "the survey must ask for 30 answers"
    return survey, plan


def answers_for(page: list[Asked], rng: random.Random) -> list[tuple[str, str]]:
    """One respondent's answers to one page, as the form posts them."""
    scale = ["1", "2", "3", "4", "4", "5", "5", "dk"]
    fields: list[tuple[str, str]] = []
    for asked in page:
        name = f"q-{asked.code}"
        if asked.kind == "single":
            fields.append((name, rng.choice(asked.options)))
        elif asked.kind == "rating":
            fields.append((name, rng.choice(scale)))
        elif asked.kind == "grid":
            fields.extend((f"{name}-{item}", rng.choice(scale)) for item in asked.items)
        elif asked.kind == "nps":
            fields.append((name, str(rng.randint(0, 10))))
        elif asked.kind == "number":
            fields.append((name, str(rng.randint(0, 40))))
        else:
            fields.append((name, rng.choice(TEXTS)))
    return fields


# --- the clients ----------------------------------------------------------------------------------

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]*)" value="([^"]*)">')


class FlowError(Exception):
    """A step of a submission did not answer as a browser expects."""


class Browser:
    """One respondent's browser: its own cookie jar; every request a new connection, as gunicorn's
    sync workers close them. Behind a TLS-terminating proxy, as in production: the proxy's
    X-Forwarded-Proto tells Django the request is secure, so its secure cookies and CSRF checks apply."""

    def __init__(self, port: int, timings: dict[str, list[float]] | None = None) -> None:
        self.port = port
        self.timings = timings if timings is not None else {}
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, form: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            "User-Agent": "survey-benchmark",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + url,
            }
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, url, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode()
            for header in response.msg.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, response.getheader("Location", ""), content
        finally:
            conn.close()

    def expect(
        self, label: str, method: str, url: str, status: int, form: list[tuple[str, str]] | None = None
    ) -> tuple[str, str]:
        """One request that must answer `status`, timed under `label`."""
        start = time.perf_counter()
        got, location, content = self.request(method, url, form)
        self.timings.setdefault(label, []).append(time.perf_counter() - start)
        if got != status:
            raise FlowError(f"{label}: {got}")
        return location, content


def hidden_fields(content: str) -> list[tuple[str, str]]:
    return [(html.unescape(name), html.unescape(value)) for name, value in HIDDEN_INPUT.findall(content)]


def submit_survey(browser: Browser, link: str, plan: list[list[Asked]], rng: random.Random) -> str:
    """One respondent, from the survey's page through its last step. Returns where the survey sent
    them after the last step (the moment it said the answers were stored)."""
    _, content = browser.expect("GET page", "GET", link, 200)
    for step in range(1, len(plan) + 1):
        form = hidden_fields(content)
        form.extend(answers_for(plan[step - 1], rng))
        form += [("website", ""), ("nav", "next")]  # the honeypot stays empty
        if step < len(plan):
            _, content = browser.expect(f"POST page {step}", "POST", link, 200, form)
            first = f'name="q-{plan[step][0].code}'
            if first + '"' not in content and first + "-" not in content:
                raise FlowError(f"page {step}: not followed by the next page")
        else:
            location, _ = browser.expect("POST last (stores)", "POST", link, 302, form)
            if "/thanks/" not in location:
                raise FlowError(f"last page: redirected to {location}")
    return location


def submit_bare(browser: Browser, rng: random.Random) -> str:
    _, content = browser.expect("GET form", "GET", BARE_FORM_URL, 200)
    form = [*hidden_fields(content), ("note", str(rng.random()))]
    location, _ = browser.expect("POST (one row)", "POST", BARE_FORM_URL, 302, form)
    return location


@dataclass
class Tally:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    confirmed: int = 0  # redirected to the thank-you page: the server said it stored the answers
    steps: dict[str, list[float]] = field(default_factory=dict)  # each request's latencies
    client_cpu: float = 0.0  # CPU seconds the clients themselves used
    server_cpu: float = 0.0  # CPU seconds gunicorn's workers used
    database_cpu: float = 0.0  # CPU seconds PostgreSQL's processes used (all of them: the machine's server)

    @property
    def completed(self) -> int:
        return len(self.latencies)


def _stat_fields(process: Path) -> list[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces): field 1 is the parent's pid,
    11 and 12 the process's user and system ticks, 13 and 14 those of its ended children."""
    return (process / "stat").read_text().rsplit(")", 1)[1].split()


def _ticks(fields: list[str]) -> int:
    return int(fields[11]) + int(fields[12])  # utime, stime


def server_cpu_seconds(server: subprocess.Popen[bytes]) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc; 0 elsewhere)."""
    try:
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        ticks = sum(_ticks(_stat_fields(Path(f"/proc/{pid}"))) for pid in workers)
    except OSError:
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time used so far by the PostgreSQL server's processes, including those that have ended
    (the postmaster's children's time). Linux /proc; 0 elsewhere. The server is shared, so other
    work on it counts too: on a quiet machine that is only its background writers."""
    ticks = 0
    try:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if (entry / "comm").read_text().strip() != "postgres":
                    continue
                fields = _stat_fields(entry)
            except OSError:
                continue  # ended meanwhile
            ticks += _ticks(fields)
            if fields[1] == "1":  # the postmaster: add its ended children (backends) too
                ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    except OSError:
        return 0.0
    return ticks / os.sysconf("SC_CLK_TCK")


def run_turn(
    submit: Any, port: int, clients: int, seconds: float, tally: Tally, seed: int, server: subprocess.Popen[bytes]
) -> None:
    """`clients` respondents one after another on each of `clients` threads for `seconds`."""
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            browser = Browser(port, tally.steps)  # a new respondent: a new cookie jar
            try:
                location = submit(browser, rng)
                with lock:
                    tally.confirmed += 1
                browser.expect(
                    "GET after redirect", "GET", urlsplit(location).path + "?" + urlsplit(location).query, 200
                )
            except (FlowError, OSError, http.client.HTTPException) as error:
                with lock:
                    tally.errors[str(error) if isinstance(error, FlowError) else type(error).__name__] += 1
                continue
            elapsed = time.perf_counter() - start
            with lock:
                tally.latencies.append(elapsed)

    start, cpu, server_cpu = time.perf_counter(), time.process_time(), server_cpu_seconds(server)
    database_cpu = postgres_cpu_seconds()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.seconds += time.perf_counter() - start
    tally.client_cpu += time.process_time() - cpu
    tally.server_cpu += server_cpu_seconds(server) - server_cpu
    tally.database_cpu += postgres_cpu_seconds() - database_cpu


# --- the stack ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "gunicorn",
        "--workers", str(WORKERS),
        "--bind", f"127.0.0.1:{port}",
        "--chdir", str(ROOT),
        "--pythonpath", str(Path(__file__).resolve().parent),
        "--log-level", "warning",
        "--error-logfile", str(log),
        "survey_submit:wsgi_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            if Browser(port).request("GET", BARE_FORM_URL)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen[bytes] | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def redis_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as connection_:
            connection_.sendall(b"PING\r\n")
            return connection_.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def profile_in_process(link: str, plan: list[list[Asked]], count: int) -> None:
    """The server side of `count` submissions, in this process through the test client: each
    request's median time and SQL queries, then a cProfile of the whole submissions."""
    import cProfile
    import pstats
    from http.cookies import SimpleCookie

    from django.test import Client

    add_bare_form()
    rng = random.Random(7)
    client = Client(SERVER_NAME="127.0.0.1", headers={"accept-language": "en"})  # one handler, as a worker
    timings: dict[str, list[float]] = {}
    queries: dict[str, list[int]] = {}
    statements: dict[str, list[str]] = {}

    def timed(label: str, method: str, url: str, data: dict[str, Any] | None = None, status: int = 200) -> Any:
        executed = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            executed.append(sql)
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            if method == "GET":
                response = client.get(url, secure=True)
            else:  # urlencoded, as the clients above and browsers send a form without files
                body = urlencode(data or {}, doseq=True)
                response = client.post(url, body, content_type="application/x-www-form-urlencoded", secure=True)
        timings.setdefault(label, []).append(time.perf_counter() - start)
        queries.setdefault(label, []).append(len(executed))
        statements[label] = executed
        assert response.status_code == status, (label, response.status_code)
        return response

    def one() -> None:
        client.cookies = SimpleCookie()  # a new respondent
        timed("GET survey page", "GET", link)
        form: dict[str, Any] = {"lang": "en", "nav": "next", "website": ""}
        for step in range(1, len(plan) + 1):
            form.update(answers_for(plan[step - 1], rng))
            last = step == len(plan)
            label = "POST last page (stores)" if last else f"POST page {step}"
            response = timed(label, "POST", link, {**form, "step": step}, status=302 if last else 200)
        timed("GET thank-you page", "GET", response["Location"])
        client.cookies = SimpleCookie()
        timed("bare GET", "GET", BARE_FORM_URL)
        response = timed("bare POST (one row)", "POST", BARE_FORM_URL, {"note": "x"}, status=302)

    one()
    timings.clear()
    queries.clear()
    for _ in range(count):
        one()
    print(f"\nin-process, the server side of {count} submissions (median per request, SQL queries):")
    for label, values in timings.items():
        print(
            f"  {label:26} {statistics.median(values) * 1000:7.1f} ms  {statistics.median(queries[label]):4.0f} queries"
        )
    for label in ("POST page 1", "POST last page (stores)"):
        print(f"  SQL of {label}:")
        for sql in statements.get(label, []):
            print(f"    {' '.join(sql.split())[:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        one()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(r"/opencaf/", 30)  # the project's own functions
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


# --- the run --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=6, help="concurrent respondents (threads)")
    parser.add_argument("--duration", type=float, default=20, help="seconds of load for each of survey and baseline")
    parser.add_argument("--turn", type=float, default=5, help="seconds per turn; survey and baseline alternate")
    parser.add_argument(
        "--pages", type=int, default=1, help="pages the 25 questions are spread over (1: GET the page, POST answers)"
    )
    parser.add_argument("--pg", default=PG_SERVER, help="PostgreSQL server (trust auth), without database name")
    parser.add_argument(
        "--redis",
        default=REDIS_SERVER,
        help="Redis for cache and rate limits, as in production (README); '' or unreachable: the database cache",
    )
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="then profile N submissions in-process")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    database = f"ocaf_bench_submit_{os.getpid()}"
    scratch = Path(tempfile.mkdtemp(prefix="ocaf_bench_"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="opencaf.settings",
        DATABASE_URL=f"{args.pg.rstrip('/')}/{database}",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SURVEY_ANSWER_LIMITS=ANSWER_LIMITS,
        OPENCAF_VAR_DIR=str(scratch),
        LOG_LEVEL="WARNING",
    )
    if args.redis and redis_answers(args.redis):
        os.environ["REDIS_URL"] = args.redis
    pg = urlsplit(args.pg)
    pg_args = ["-h", pg.hostname or "127.0.0.1", "-p", str(pg.port or 5432), "-U", pg.username or "postgres"]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = None
    created = False
    try:
        subprocess.run(["createdb", *pg_args, database], check=True)
        created = True
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {BARE_TABLE} (id uuid PRIMARY KEY, note text NOT NULL)")
        survey, plan = build_survey(args.pages)
        from opencaf.surveys.models import Answer, Response, Survey, TextAnswer

        link = f"/s/{survey.link_key}/"
        setup_seconds = time.perf_counter() - started
        connection.close()

        port = free_port()
        server = start_gunicorn(port, scratch / "gunicorn.log")
        kinds = {
            "bare": submit_bare,
            "survey": lambda browser, rng: submit_survey(browser, link, plan, rng),
        }
        warm = {name: Tally() for name in kinds}
        for name, submit in kinds.items():  # every worker loads its code and templates
            run_turn(submit, port, args.clients, 2, warm[name], seed=99, server=server)
        tallies = {name: Tally() for name in kinds}
        turn = 0
        while any(tally.seconds < args.duration for tally in tallies.values()):
            for name, submit in kinds.items():
                left = args.duration - tallies[name].seconds
                if left > 0.5:
                    run_turn(submit, port, args.clients, min(args.turn, left), tallies[name], seed=turn, server=server)
            turn += 1
        stop(server)

        stored = Response.objects.filter(survey=survey).count()
        values = Answer.objects.filter(question__survey=survey).count()
        texts = TextAnswer.objects.filter(question__survey=survey)
        garbled = texts.exclude(text__in=TEXTS).count()
        texts_stored = texts.count()
        counter = Survey.objects.get(pk=survey.pk).response_count
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {BARE_TABLE}")
            bare_rows = cursor.fetchone()[0]
        seen = {name: tallies[name].confirmed + warm[name].confirmed for name in kinds}

        rates = {name: tally.completed / tally.seconds for name, tally in tallies.items()}
        steps = len(plan)
        print(
            f"survey submissions through the public link: gunicorn {WORKERS} sync workers, PostgreSQL, "
            f"{args.clients} clients, {args.duration:g} s each in {args.turn:g} s turns, {os.cpu_count()} cores"
        )
        print(f"  set-up (migrate, cache table, collectstatic, survey): {setup_seconds:.1f} s")
        print(
            f"  survey: 30 answers (25 questions; a grid of {GRID_ITEMS} items counted as {GRID_ITEMS}) on "
            f"{len(plan)} page(s); a submission is GET of the first page + {steps} POST(s), one per page, "
            f"+ GET of the thank-you page"
        )
        print("  baseline: bare view, GET form + POST writing one row in a transaction + GET after the redirect")
        print(f"  rate limit on answers per address lifted: SURVEY_ANSWER_LIMITS={ANSWER_LIMITS}")
        print(f"  cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, DEBUG off, HTTPS via proxy header")
        for name, label in (("bare", "bare view"), ("survey", "survey")):
            tally = tallies[name]
            ratio = f"   ratio {rates['survey'] / rates['bare']:.2f} (goal >= 0.5)" if name == "survey" else ""
            print(
                f"  {label:10} {rates[name]:7.1f} submissions/s   p50 {percentile(tally.latencies, 0.5) * 1000:7.1f} ms"
                f"   p95 {percentile(tally.latencies, 0.95) * 1000:7.1f} ms   completed {tally.completed:5}"
                f"   errors {sum(tally.errors.values())}{ratio}"
            )
            per_request = ", ".join(f"{step} {statistics.median(v) * 1000:.0f}" for step, v in tally.steps.items())
            print(f"      p50 ms per request: {per_request}")
            done = max(tally.completed, 1)
            print(
                f"      CPU per submission: gunicorn workers {tally.server_cpu / done * 1000:.1f} ms, "
                f"PostgreSQL {tally.database_cpu / done * 1000:.1f} ms, "
                f"the clients themselves {tally.client_cpu / done * 1000:.1f} ms"
            )
            for reason, count in tally.errors.most_common(5):
                print(f"      {count} x {reason}")
        p50 = {name: statistics.median(t.latencies) if t.latencies else float("nan") for name, t in tallies.items()}
        print(f"  p50 latency survey / bare: {p50['survey'] / p50['bare']:.1f}x")
        print(
            f"  survey responses stored {stored}, clients told stored {seen['survey']} (warm-up included): "
            f"lost: {seen['survey'] - stored}, stored but not confirmed: {stored - seen['survey']}; "
            f"response_count {counter}"
        )
        print(
            f"  per response stored: {values / max(stored, 1):.2f} values (expected {VALUES_PER_RESPONSE}), "
            f"{texts_stored / max(stored, 1):.2f} free texts (expected 1), {garbled} texts not as typed"
        )
        print(f"  bare rows stored {bare_rows}, clients told stored {seen['bare']}: lost: {seen['bare'] - bare_rows}")
        if args.profile:
            profile_in_process(link, plan, args.profile)
    finally:
        stop(server)
        from django.apps import apps
        from django.db import connections

        if apps.ready:
            connections.close_all()
        if created:
            subprocess.run(["dropdb", *pg_args, "--if-exists", "--force", database], check=False)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
