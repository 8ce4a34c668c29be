"""Time the consensus workspace for 30 assessors × 28 subcriteria with fine-tuned scoring.

Prints the median time to render the workspace (and one subcriterion's consensus page) and the
ratio to a bare Django view that returns a short text response, both requested through the full
middleware stack in the same run, on a throwaway in-memory SQLite database.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from harness import BARE_URL, create_database, interleaved_median_seconds

ASSESSORS = 30


def build_case() -> tuple[object, object]:
    from opencaf.assessments import services
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
    assessment = make_assessment(organisation, leader, framework, method="fine_tuned")
    seats = add_assessors(assessment, leader, ASSESSORS)
    assessment = start(assessment, leader)
    subcriteria = list(Subcriterion.objects.filter(framework=framework).select_related("criterion"))
    scores = []
    for index, seat in enumerate(seats):
        for sub in subcriteria:
            names = ["plan", "do", "check", "act"] if sub.criterion.kind == "enabler" else ["trends", "targets"]
            dims = {name: (index * 13 + position * 17 + sub.pk * 7) % 101 for position, name in enumerate(names)}
            scores.append(
                IndividualScore(
                    seat=seat, subcriterion=sub, score=round(sum(dims.values()) / len(dims)), dimension_scores=dims
                )
            )
    IndividualScore.objects.bulk_create(scores)
    IndividualEntry.objects.bulk_create(
        IndividualEntry(individual=score, kind=kind, text=f"{kind} point {(score.pk + n) % 9}", position=n)
        for score in IndividualScore.objects.all()
        for n, kind in enumerate(("strength", "area", "idea"))
    )
    with transaction.atomic():
        services.change_state(actor=leader, assessment=assessment, action=Action.OPEN_CONSENSUS)
    return assessment, leader


def fetcher(client: Client, url: str) -> Callable[[], None]:
    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    fetch()  # warm caches and templates
    return fetch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    create_database()
    with override_settings(ROOT_URLCONF="harness"):
        assessment, leader = build_case()
        client = Client()
        client.force_login(leader)
        kwargs = {"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id}
        pages = {
            "bare": BARE_URL,
            "workspace": reverse("assessments:consensus", kwargs=kwargs),
            "item": reverse("assessments:consensus_item", kwargs={**kwargs, "code": "4.5"}),
        }
        medians = interleaved_median_seconds({name: fetcher(client, url) for name, url in pages.items()}, args.runs)
        bare, workspace, item = (medians[name] * 1000 for name in pages)
    print(f"consensus workspace, {ASSESSORS} assessors x 28 subcriteria, fine-tuned, {args.runs} runs (median)")
    print(f"  bare Django view:          {bare:8.2f} ms")
    print(f"  workspace (28 rows):       {workspace:8.2f} ms   ratio {workspace / bare:6.1f}x")
    print(f"  one subcriterion (4.5):    {item:8.2f} ms   ratio {item / bare:6.1f}x")


if __name__ == "__main__":
    main()
