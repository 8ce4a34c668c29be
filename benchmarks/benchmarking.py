"""Time the benchmark pages and the snapshot rebuild for 5,000 organisations × 28 subcriteria × 3 cycles.

Every organisation has a finished self-assessment in each of three cycles (2024–2026), its consensus
scores spread over 0–100, and a consent to share it (one in ten without, one in twenty with an
embargo still running); two shared indicator definitions adopted by every organisation with a value a
year; ten coordinators' peer groups of 300; all written in bulk. Prints the time to rebuild the
network's snapshot (goal ≤ 30 s); the time the refresh task then spends working out the figures of
the two latest cycles beforehand, and what each page costs its first visitor without them; then the
median server time of the organisation's benchmark page (by the whole network and by its type) and
of the coordinators' network page (alone and beside a type) against a bare Django view in the same
run, their ratio (goal ≤ 200 ms), the CPU time the process spent on each, and the queries of each
page with a tenth of the organisations and with all. The cache is the database's, as in production
without Redis.

    .venv/bin/python benchmarks/benchmarking.py                      # in-memory SQLite
    .venv/bin/python benchmarks/benchmarking.py --pg                 # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python benchmarks/benchmarking.py --organisations 1000 --runs 10
    .venv/bin/python benchmarks/benchmarking.py --profile            # then cProfile of each page

On PostgreSQL (trust authentication, as in CI) it creates a throwaway database, dropped at the end,
also when the script fails or is stopped.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databases import add_pg_option, use_database

CYCLES = (2024, 2025, 2026)
TYPES = ("municipality", "ministry", "agency", "school", "administrative_unit", "body_within_ministry", "other")
SIZES = ("1-49", "50-249", "250-999", "1000+")
GROUPS, GROUP_SIZE = 10, 300


def build(network: Any, framework: Any, first: int, count: int) -> None:
    """Organisations first … first + count - 1 of the network with their cycles, consents and values."""
    from django.utils import timezone

    from opencaf.assessments.models import Consensus, SelfAssessment
    from opencaf.benchmarking.models import PeerGroup, ScoreSharing
    from opencaf.frameworks.models import Subcriterion
    from opencaf.indicators.models import Indicator, Measurement, SharedDefinition
    from opencaf.organisations.models import Organisation

    organisations = Organisation.objects.bulk_create(
        Organisation(
            network=network,
            name=f"Organisation {index:05d}",
            org_type=TYPES[index % len(TYPES)],
            size_band=SIZES[(index // 7) % len(SIZES)],
            country="SI",
            default_language="sl",
        )
        for index in range(first, first + count)
    )
    assessments = SelfAssessment.objects.bulk_create(
        (
            SelfAssessment(
                organisation=org,
                framework=framework,
                title=f"Self-assessment {cycle}",
                scoring_method="classical",
                state="closed" if cycle < CYCLES[-1] else "finalised",
                created_at=timezone.make_aware(datetime(cycle, 2, 1)),
                finalised_at=timezone.make_aware(datetime(cycle, 5, 1 + position % 28)),
            )
            for position, org in enumerate(organisations)
            for cycle in CYCLES
        ),
        batch_size=5000,
    )
    subcriteria = list(Subcriterion.objects.filter(framework=framework).order_by("criterion__number", "position"))
    Consensus.objects.bulk_create(
        (
            Consensus(assessment=a, subcriterion=sub, score=(a.organisation_id * 37 + n * 11 + a.pk) % 101)
            for a in assessments
            for n, sub in enumerate(subcriteria)
        ),
        batch_size=5000,
    )
    ScoreSharing.objects.bulk_create(
        (
            ScoreSharing(
                assessment=a,
                organisation_id=a.organisation_id,
                shared_from=date(2099, 1, 1) if a.organisation_id % 20 == 1 else None,
            )
            for a in assessments
            if a.organisation_id % 10 != 3
        ),
        batch_size=5000,
    )
    definitions = list(SharedDefinition.objects.filter(network=network).order_by("pk"))
    indicators = Indicator.objects.bulk_create(
        (
            Indicator(
                organisation=org,
                name=dict(definition.name),
                unit=definition.unit,
                direction=definition.direction,
                frequency="yearly",
                visibility="network",
                definition=definition,
            )
            for org in organisations
            for definition in definitions
        ),
        batch_size=5000,
    )
    Measurement.objects.bulk_create(
        (
            Measurement(indicator=indicator, period=str(cycle), value=(indicator.organisation_id * 7 + cycle) % 60)
            for indicator in indicators
            for cycle in CYCLES
        ),
        batch_size=5000,
    )
    for group in PeerGroup.objects.filter(network=network):
        group.organisations.add(*[org for org in organisations if org.pk % GROUPS == group.pk % GROUPS][:GROUP_SIZE])


def prepare(network: Any, coordinator: Any) -> None:
    """The network's shared indicator definitions and its coordinators' peer groups (members come later)."""
    from opencaf.benchmarking.models import PeerGroup
    from opencaf.indicators.models import SharedDefinition

    for code in ("days-to-decide", "complaints-per-1000"):
        SharedDefinition.objects.create(
            network=network,
            code=code,
            name={"en": code},
            unit="days",
            direction="lower_better",
            frequency="yearly",
            status="published",
            created_by=coordinator,
        )
    PeerGroup.objects.bulk_create(PeerGroup(network=network, name=f"Group {n}") for n in range(GROUPS))


def viewer_of(network: Any) -> tuple[Any, Any]:
    """The administrator of the network's first organisation (which shares its three cycles), and it."""
    from opencaf.organisations.models import Organisation
    from opencaf.organisations.tests.factories import UserFactory, add_member

    organisation = Organisation.objects.get(network=network, name="Organisation 00000")
    viewer: Any = UserFactory()
    add_member(organisation, viewer, "org_admin")
    return viewer, organisation


def fetcher(client: Any, url: str) -> Any:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch()  # warm caches and templates
    return fetch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    add_pg_option(parser)
    parser.add_argument("--profile", action="store_true", help="then cProfile five requests of each page")
    args = parser.parse_args()
    use_database(args.pg, "benchmarking")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from harness import BARE_URL, engine_name, interleaved_median_seconds, throwaway_database
    from portfolio import profile, queries, with_cpu

    # The cache as in production without Redis: the database's (pages read their figures from it).
    database_cache = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bench_cache"}}
    with throwaway_database(), override_settings(ROOT_URLCONF="harness", CACHES=database_cache):
        from django.core.cache import cache

        from opencaf.benchmarking.selectors import figures
        from opencaf.benchmarking.services import snapshots
        from opencaf.frameworks.models import FrameworkVersion
        from opencaf.organisations.tests.factories import NetworkFactory, UserFactory, make_coordinator

        call_command("load_frameworks", stdout=io.StringIO())
        call_command("createcachetable", stdout=io.StringIO())
        framework = FrameworkVersion.objects.get(code="caf2020")
        network: Any = NetworkFactory(name="Benchmark network")
        coordinator: Any = UserFactory()
        make_coordinator(network, coordinator)
        prepare(network, coordinator)
        tenth = args.organisations // 10
        build(network, framework, 0, tenth)
        viewer, organisation = viewer_of(network)
        member, staff = Client(), Client()
        member.force_login(viewer)
        staff.force_login(coordinator)
        org_url = reverse("benchmarking:organisation", kwargs={"org_id": organisation.public_id})
        network_url = reverse("benchmarking:network", kwargs={"network_id": network.public_id})
        pages = {
            "organisation": (member, org_url),
            "organisation by type": (member, org_url + "?group=type"),
            "network": (staff, network_url),
            "network and a type": (staff, network_url + "?org_type=municipality"),
        }
        snapshots.rebuild(network)
        few = {name: queries(client, url) for name, (client, url) in pages.items()}
        started = time.perf_counter()
        build(network, framework, tenth, args.organisations - tenth)
        built_in = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after the bulk load
        rebuilds = []
        for _ in range(2):
            started = time.perf_counter()
            counts = snapshots.rebuild(network)
            rebuilds.append(time.perf_counter() - started)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # The first visitor after a refresh that was not followed by `warm` (a rebuild called directly).
        cold = {}
        for name, (client, url) in pages.items():
            cache.clear()
            started = time.perf_counter()
            client.get(url)
            cold[name] = time.perf_counter() - started
        cache.clear()
        started = time.perf_counter()
        warmed = sum(figures.warm(network, "caf2020", cycle) for cycle in CYCLES[-2:])
        warm_seconds = time.perf_counter() - started
        many = {name: queries(client, url) for name, (client, url) in pages.items()}
        urls = {"bare": (member, BARE_URL), **pages}
        cpu: dict[str, list[float]] = {name: [] for name in urls}
        medians = interleaved_median_seconds(
            {name: with_cpu(fetcher(client, url), cpu[name]) for name, (client, url) in urls.items()}, args.runs
        )
        bare = medians["bare"] * 1000
        print(
            f"benchmarking: {args.organisations} organisations × 28 subcriteria × {len(CYCLES)} cycles, "
            f"{engine_name()}, {args.runs} runs (median); data built in {built_in:.1f} s"
        )
        print(
            f"  snapshot rebuild:   {min(rebuilds):8.2f} s  (runs: {', '.join(f'{s:.2f}' for s in rebuilds)}) for "
            f"{counts.organisations} organisations, {counts.assessments} assessments, {counts.scores} scores, "
            f"{counts.indicator_values} indicator values"
        )
        print(
            f"  figures worked out beforehand (the refresh task's `warm`, two cycles, {warmed} lines): "
            f"{warm_seconds:.2f} s; first visit without them: "
            + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in cold.items())
        )
        print(f"  bare Django view:   {bare:8.2f} ms   cpu {statistics.median(cpu['bare']) * 1000:7.2f} ms")
        for name in pages:
            ms = medians[name] * 1000
            print(
                f"  {name + ':':<21} {ms:8.2f} ms   ratio {ms / bare:6.1f}x   "
                f"cpu {statistics.median(cpu[name]) * 1000:7.2f} ms   "
                f"queries {few[name]} with {tenth} organisations, {many[name]} with {args.organisations}"
            )
        if args.profile:
            for client, url in pages.values():
                profile(client, url)


if __name__ == "__main__":
    main()
