"""Time a network's portfolio (the table and the pipeline) for 5,000 organisations.

The organisations are spread over the path: invited, representative named, self-assessment under
way (a group of two and the consensus records), report accepted, plan approved (three actions),
plan in progress (with action updates), and some with nothing yet; written in bulk. Prints the
median server time of each page against a bare Django view in the same run, their ratio, the CPU
time the process spent on each (steadier than the clock on a shared machine), and the queries of
each page, counted with a tenth of the organisations and again with all of them.

    .venv/bin/python benchmarks/portfolio.py                      # in-memory SQLite
    .venv/bin/python benchmarks/portfolio.py --pg                 # PostgreSQL at 127.0.0.1:5432
    .venv/bin/python benchmarks/portfolio.py --pg postgres://user@host:5432 --organisations 1000
    .venv/bin/python benchmarks/portfolio.py --profile            # then cProfile of each page

On PostgreSQL (trust authentication, as in CI) it creates a throwaway database, dropped at the end,
also when the script fails or is stopped.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from databases import add_pg_option, use_database

LEVELS = 7  # 0 nothing yet … 6 plan in progress
REGIONS = (
    "Gorenjska", "Goriška", "Jugovzhodna Slovenija", "Koroška", "Obalno-kraška", "Osrednjeslovenska",
    "Podravska", "Pomurska", "Posavska", "Primorsko-notranjska", "Savinjska", "Zasavska",
)  # fmt: skip


def build(network: object, framework: object, first: int, count: int) -> None:
    """Organisations first … first + count - 1 of the network, with the facts of their level."""
    from django.utils import timezone

    from opencaf.accounts.models import User
    from opencaf.assessments.models import AssessmentGroup, Consensus, Seat, SelfAssessment
    from opencaf.audit.models import AuditEvent
    from opencaf.coordination.models import Campaign, Recipient
    from opencaf.frameworks.models import Subcriterion
    from opencaf.improvement.models import Action, ActionUpdate, ImprovementPlan
    from opencaf.organisations.models import Membership, Organisation
    from opencaf.reports.models import ReportAcceptance

    now = timezone.now()
    start = now - timedelta(days=400)

    def day(offset: int) -> datetime:
        return start + timedelta(days=offset)

    types = ("municipality", "ministry", "agency", "school", "administrative_unit")
    sizes = ("1-49", "50-249", "250-999", "1000+")
    regions = (*REGIONS, "")  # some with none
    organisations = Organisation.objects.bulk_create(
        Organisation(
            network=network,
            name=f"Organisation {index:05d}",
            org_type=types[index % len(types)],
            size_band=sizes[index % len(sizes)],
            region=regions[index % len(regions)],
            country="SI",
            default_language="sl",
        )
        for index in range(first, first + count)
    )
    level = {org.pk: (first + position) % LEVELS for position, org in enumerate(organisations)}
    campaign = Campaign.objects.create(
        network=network, title="Invitation", deadline=day(30), state="sent", sent_at=day(0)
    )
    Recipient.objects.bulk_create(
        Recipient(
            campaign=campaign,
            organisation=org,
            head_name="Head",
            head_email="head@example.org",
            language="sl",
            status="nominated" if level[org.pk] >= 2 else "sent",
            sent_at=day(0),
            replied_at=day(10) if level[org.pk] >= 2 else None,
        )
        for org in organisations
        if level[org.pk] >= 1
    )
    started = [org for org in organisations if level[org.pk] >= 3]
    states = {3: "consensus", 4: "finalised", 5: "finalised", 6: "closed"}
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(
            organisation=org,
            framework=framework,
            title="Self-assessment",
            scoring_method="classical",
            state=states[level[org.pk]],
            created_at=day(20),
        )
        for org in started
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="assessment.start",
            network=network,
            organisation=org,
            object_type="assessments.selfassessment",
            object_id=str(assessment.public_id),
            occurred_at=day(30),
        )
        for org, assessment in zip(started, assessments, strict=True)
    )
    users = User.objects.bulk_create(
        User(email=f"member{first}-{n}@example.org", full_name=f"Member {n}") for n in range(2 * len(started))
    )
    memberships = Membership.objects.bulk_create(
        Membership(organisation=org, user=users[2 * n + k]) for n, org in enumerate(started) for k in range(2)
    )
    groups = AssessmentGroup.objects.bulk_create(AssessmentGroup(assessment=a, name="SAG") for a in assessments)
    Seat.objects.bulk_create(
        Seat(
            group=group,
            membership=memberships[2 * n + k],
            functional_area=f"Area {k}",
            staff_level="front_line" if k == 0 or n % 3 else "middle",
        )
        for n, group in enumerate(groups)
        for k in range(2)
    )
    subcriteria = list(Subcriterion.objects.filter(framework=framework))
    Consensus.objects.bulk_create(
        (Consensus(assessment=a, subcriterion=sub, score=50) for a in assessments for sub in subcriteria),
        batch_size=5000,
    )
    reported = [a for a, org in zip(assessments, started, strict=True) if level[org.pk] >= 4]
    ReportAcceptance.objects.bulk_create(ReportAcceptance(assessment=a, accepted_at=day(120)) for a in reported)
    planned = [a for a in reported if level[a.organisation_id] >= 5]
    plans = ImprovementPlan.objects.bulk_create(
        ImprovementPlan(organisation_id=a.organisation_id, assessment=a, status="approved", approved_at=day(150))
        for a in planned
    )
    moving = {plan.pk for plan in plans if level[plan.organisation_id] == 6}
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Action {k}",
            status="do" if plan.pk in moving and k == 0 else "plan",
            progress=30 if plan.pk in moving and k == 0 else 0,
            last_update_at=day(200),
        )
        for plan in plans
        for k in range(3)
    )
    ActionUpdate.objects.bulk_create(
        ActionUpdate(action=action, status="do", progress=30, created_at=day(200))
        for action in actions
        if action.status == "do"
    )


def fetcher(client: Any, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch()  # warm caches and templates
    return fetch


def with_cpu(action: Callable[[], None], spent: list[float]) -> Callable[[], None]:
    """The action, noting the CPU time this process spent on it (the database's too, on SQLite)."""

    def run() -> None:
        start = time.process_time()
        action()
        spent.append(time.process_time() - start)

    return run


def queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def profile(client: Any, url: str, runs: int = 5) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    add_pg_option(parser)
    parser.add_argument("--profile", action="store_true", help="then cProfile five requests of each page")
    args = parser.parse_args()
    use_database(args.pg, "portfolio")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from harness import BARE_URL, engine_name, interleaved_median_seconds, throwaway_database

    with throwaway_database(), override_settings(ROOT_URLCONF="harness"):
        from opencaf.frameworks.models import FrameworkVersion
        from opencaf.organisations.tests.factories import NetworkFactory, UserFactory, make_coordinator

        call_command("load_frameworks", stdout=io.StringIO())
        framework = FrameworkVersion.objects.get(code="caf2020")
        network = NetworkFactory(name="Benchmark network")
        coordinator = UserFactory()
        make_coordinator(network, coordinator)
        client = Client()
        client.force_login(coordinator)
        pages = {
            "table": reverse("coordination:portfolio", kwargs={"network_id": network.public_id}),
            "pipeline": reverse("coordination:portfolio_pipeline", kwargs={"network_id": network.public_id}),
        }
        tenth = args.organisations // 10
        build(network, framework, 0, tenth)
        few = {name: queries(client, url) for name, url in pages.items()}
        build(network, framework, tenth, args.organisations - tenth)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after the bulk load
        many = {name: queries(client, url) for name, url in pages.items()}
        urls = {"bare": BARE_URL, **pages}
        cpu: dict[str, list[float]] = {name: [] for name in urls}
        medians = interleaved_median_seconds(
            {name: with_cpu(fetcher(client, url), cpu[name]) for name, url in urls.items()}, args.runs
        )
        bare = medians["bare"] * 1000
        print(f"portfolio of {args.organisations} organisations, {engine_name()}, {args.runs} runs (median)")
        print(f"  bare Django view:   {bare:8.2f} ms   cpu {statistics.median(cpu['bare']) * 1000:7.2f} ms")
        for name in pages:
            ms = medians[name] * 1000
            print(
                f"  {name + ':':<19} {ms:8.2f} ms   ratio {ms / bare:6.1f}x   "
                f"cpu {statistics.median(cpu[name]) * 1000:7.2f} ms   "
                f"queries {few[name]} with {tenth} organisations, {many[name]} with {args.organisations}"
            )
        if args.profile:
            for url in pages.values():
                profile(client, url)


if __name__ == "__main__":
    main()
