"""Time rendering and queueing one newsletter for 10,000 subscribers in three languages.

Everything but the network: `send_newsletter` (one delivery per confirmed subscriber, in bulk) and the
background task that works through the deliveries batch by batch (each language rendered once per
batch, one message per subscriber with their unsubscribe link and the List-* headers, each delivery
marked sent), with Django's in-memory mail backend and the immediate task backend, so the batches
follow one another without the pause. The baseline, measured in the same run and in turns with the
newsletter: building the same number of bare `EmailMessage`s (subject, body, one recipient) and
handing them to the same in-memory backend. Prints seconds per 1,000 recipients (goal: at most 2 s)
and the ratio to the baseline.

    .venv/bin/python benchmarks/newsletter.py          # in-memory SQLite
    .venv/bin/python benchmarks/newsletter.py --pg     # PostgreSQL at 127.0.0.1:5432 (throwaway database)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databases import add_pg_option, use_database

LANGUAGES = ("sl", "bg", "en")
TEXTS = {
    "sl": {
        "subject": "Novice CAF, december 2026",
        "introduction": "Spoštovani,\n\nleto se končuje z dvema usposabljanjema in konferenco o kakovosti.",
        "closing": "Lep pozdrav, sektor za kakovost",
    },
    "bg": {
        "subject": "Новини CAF, декември 2026",
        "introduction": "Уважаеми читатели,\n\nгодината завършва с две обучения и конференция за качество.",
        "closing": "Поздрави, звеното за качество",
    },
    "en": {
        "subject": "CAF news, December 2026",
        "introduction": "Dear readers,\n\nthe year ends with two trainings and a conference on quality.",
        "closing": "Best wishes, the quality unit",
    },
}


def build(subscribers: int) -> tuple[object, object, list[object]]:
    from django.utils import timezone

    from opencaf.coordination.models import NewsItem, Subscriber
    from opencaf.coordination.subscription_links import new_token
    from opencaf.organisations.tests.factories import NetworkFactory, UserFactory, make_coordinator

    network = NetworkFactory(name="Mreža kakovosti", default_language="sl")
    coordinator = UserFactory()
    make_coordinator(network, coordinator)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                network=network,
                email=f"reader{n:05d}@example.org",
                language=LANGUAGES[n % len(LANGUAGES)],
                status="confirmed",
                token=new_token(),
                confirmed_at=now,
            )
            for n in range(subscribers)
        ),
        batch_size=1000,
    )
    items = [
        NewsItem.objects.create(
            network=network,
            texts={
                code: {
                    "title": f"News {k} ({code})",
                    "summary": f"What happened {k}: trainings, conferences and results ({code}).",
                    "body": "A longer text. " * 40,
                }
                for code in LANGUAGES
            },
            audience="public" if k % 2 == 0 else "network",
            state="published",
            published_at=now,
        )
        for k in range(5)
    ]
    return network, coordinator, items


def send_once(network: object, coordinator: object, items: list[object]) -> tuple[float, float, int]:
    """One newsletter through send_newsletter and its batches: (queueing s, batches s, messages)."""
    from django.core import mail as django_mail
    from django.test import override_settings
    from django.utils import timezone

    from opencaf.coordination.models import Newsletter
    from opencaf.coordination.services import newsletter_sending
    from opencaf.coordination.services import newsletters as services

    newsletter = Newsletter.objects.create(network=network, issue_date=timezone.localdate().replace(day=1), texts=TEXTS)
    newsletter.news_items.set(items)
    django_mail.outbox = []
    started = time.perf_counter()
    # Outside a transaction the task is queued at once; the dummy backend keeps it from running here,
    # so queueing and sending are timed apart.
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        services.send_newsletter(actor=coordinator, newsletter=newsletter)
    queued = time.perf_counter()
    newsletter_sending.send_batches(newsletter.pk)
    done = time.perf_counter()
    newsletter.refresh_from_db()
    assert newsletter.state == "sent", newsletter.state
    count = len(django_mail.outbox)
    django_mail.outbox = []
    newsletter.deliveries.all().delete()
    return queued - started, done - queued, count


def bare_messages(count: int) -> float:
    """The baseline: as many bare messages built and handed to the same in-memory backend."""
    from django.core import mail as django_mail
    from django.core.mail import EmailMessage, mailers

    body = "\n\n".join(text for version in TEXTS.values() for text in version.values()) * 3
    django_mail.outbox = []
    started = time.perf_counter()
    backend = mailers.default
    backend.open()
    for n in range(count):
        backend.send_messages([EmailMessage(subject="CAF news", body=body, to=[f"reader{n:05d}@example.org"])])
    backend.close()
    elapsed = time.perf_counter() - started
    django_mail.outbox = []
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    add_pg_option(parser)
    args = parser.parse_args()
    use_database(args.pg, "newsletter")

    from django.db import reset_queries
    from django.test import override_settings
    from harness import engine_name, throwaway_database

    with throwaway_database(), override_settings(NEWSLETTER_BATCH_SIZE=200, NEWSLETTER_BATCH_PAUSE_SECONDS=60):
        started = time.perf_counter()
        network, coordinator, items = build(args.subscribers)
        print(f"built {args.subscribers} subscribers and 5 news items in {time.perf_counter() - started:.1f} s")
        send_once(network, coordinator, items)  # warm templates, translations and caches
        queueing, batches, totals, baseline = [], [], [], []
        for _ in range(args.runs):
            reset_queries()
            queued, sent, count = send_once(network, coordinator, items)
            assert count == args.subscribers, count
            queueing.append(queued)
            batches.append(sent)
            totals.append(queued + sent)
            baseline.append(bare_messages(args.subscribers))
        engine = engine_name()
    per_thousand = 1000 / args.subscribers
    total = statistics.median(totals)
    bare = statistics.median(baseline)
    print(
        f"newsletter to {args.subscribers} subscribers in {len(LANGUAGES)} languages, {engine}, "
        f"{args.runs} runs (median)"
    )
    print(f"  send_newsletter (queueing):  {statistics.median(queueing):7.2f} s")
    print(f"  batch task (render + send):  {statistics.median(batches):7.2f} s")
    print(f"  bare EmailMessages:          {bare:7.2f} s")
    print(
        f"  {total * per_thousand:.2f} s per 1,000 recipients (goal ≤ 2 s); "
        f"bare messages {bare * per_thousand:.2f} s per 1,000; ratio {total / bare:.1f}x"
    )


if __name__ == "__main__":
    main()
