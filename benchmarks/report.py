"""Time the self-assessment report for 30 assessors in each format, against the same report
rendered as a web page in the same run (and a bare Django view, for scale).

Generation runs the real background-task body (content, charts, rendering, storing the file) on a
throwaway in-memory SQLite database.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from harness import BARE_URL, create_database, median_seconds

ASSESSORS = 30


def build_case():  # type: ignore[no-untyped-def]
    from opencaf.assessments import selectors, services
    from opencaf.assessments.lifecycle import Action
    from opencaf.assessments.models import IndividualEntry, IndividualScore
    from opencaf.assessments.tests.factories import add_assessors, make_assessment, start
    from opencaf.frameworks.models import FrameworkVersion, Subcriterion
    from opencaf.organisations.choices import Role
    from opencaf.organisations.tests.factories import OrganisationFactory, UserFactory, add_member

    call_command("load_frameworks", stdout=io.StringIO())
    framework = FrameworkVersion.objects.get(code="caf2020")
    organisation = OrganisationFactory()
    leader = UserFactory()
    add_member(organisation, leader, Role.CAF_LEADER)
    assessment = make_assessment(organisation, leader, framework, method="classical")
    seats = add_assessors(assessment, leader, ASSESSORS)
    assessment = start(assessment, leader)
    subcriteria = list(Subcriterion.objects.filter(framework=framework).select_related("criterion"))
    IndividualScore.objects.bulk_create(
        IndividualScore(seat=seat, subcriterion=sub, score=(i * 13 + sub.pk * 7) % 101)
        for i, seat in enumerate(seats)
        for sub in subcriteria
    )
    IndividualEntry.objects.bulk_create(
        IndividualEntry(individual=score, kind=kind, text=f"Točka {kind} {(score.pk + n) % 7} – č š ž", position=n)
        for score in IndividualScore.objects.all()
        for n, kind in enumerate(("strength", "area", "idea"))
    )
    with transaction.atomic():
        services.change_state(actor=leader, assessment=assessment, action=Action.OPEN_CONSENSUS)
        for sub in subcriteria:
            services.record_consensus(
                actor=leader,
                assessment=assessment,
                subcriterion=sub,
                expected_version=0,
                score=selectors.median_suggestion(assessment, sub),
                dimension_scores={},
                not_assessed_reason="",
                rationale="",
                entries={"strength": ["Skupna prednost"], "area": ["Skupno področje za izboljšave"]},
            )
        assessment = services.change_state(actor=leader, assessment=assessment, action=Action.FINALISE)
    return assessment, leader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    create_database()
    from opencaf.reports.models import ReportDocument
    from opencaf.reports.services import generate_document

    with override_settings(ROOT_URLCONF="harness"):
        assessment, leader = build_case()
        client = Client()
        client.force_login(leader)
        url = (
            reverse(
                "reports:report",
                kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
            )
            + "?language=sl"
        )
        client.get(url)  # warm up templates, fonts and matplotlib
        bare = median_seconds(lambda: client.get(BARE_URL), 20)
        web = median_seconds(lambda: client.get(url), args.runs)

        def generate(fmt: str):  # type: ignore[no-untyped-def]
            def run() -> None:
                document = ReportDocument.objects.create(assessment=assessment, format=fmt, language="sl")
                generate_document(document.pk)
                document.refresh_from_db()
                assert document.status == "done", document.error

            return run

        timings = {fmt: median_seconds(generate(fmt), args.runs) for fmt in ("pdf", "docx", "xlsx")}
    print(f"self-assessment report, {ASSESSORS} assessors x 28 subcriteria, Slovenian, {args.runs} runs (median)")
    print(f"  bare Django view:      {bare * 1000:9.2f} ms")
    print(f"  web page:              {web * 1000:9.2f} ms   (baseline)")
    for fmt, seconds in timings.items():
        print(f"  {fmt.upper():<5} document:        {seconds * 1000:9.2f} ms   ratio to web page {seconds / web:5.1f}x")


if __name__ == "__main__":
    main()
