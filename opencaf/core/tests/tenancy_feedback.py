"""Tenancy cases of the external feedback app, merged into `test_tenancy.URL_CASES` (each part of the
cases in its own `tenancy_feedback_<part>.py`), and the objects they need, merged into its `extras`.
Kept apart so the main module stays readable; the kinds mean the same as there."""

from __future__ import annotations

from typing import Any

from conftest import World, load_caf_framework
from opencaf.core.tests import (
    tenancy_feedback_application,
    tenancy_feedback_organiser,
    tenancy_feedback_report,
    tenancy_feedback_scoring,
)
from opencaf.core.tests.tenancy_feedback_kinds import NETWORK, ORG, Case, case_kwargs, network_kwargs

CASES: dict[str, Case] = {
    # The network's procedure: its coordinators see and choose it; anyone else gets a 404.
    "feedback:procedure": (NETWORK, network_kwargs),
    # A case of Alice's organisation: its members, the organiser and its actors; anyone else a 404.
    "feedback:case": (ORG, case_kwargs),
    **tenancy_feedback_application.CASES,
    **tenancy_feedback_organiser.CASES,
    **tenancy_feedback_scoring.CASES,
    **tenancy_feedback_report.CASES,
}

SECRETS = ["Alice Secret Feedback Answer"]


def extras(world: World) -> dict[str, Any]:
    """A case of Alice's organisation in feedback, with an actor assigned, an agreed score, a report and
    an attached document; and a label."""
    from opencaf.evidence.models import EvidenceItem
    from opencaf.feedback.models import AgreedScore, CaseDocument, FeedbackReport
    from opencaf.feedback.tests.factories import accepted_assessment, assign, external_actor, feedback_case, label
    from opencaf.organisations.tests.factories import UserFactory

    framework = load_caf_framework()  # loaded already: the same version, its file not read again
    assessment = accepted_assessment(world.alice_org, framework)
    case = feedback_case(
        world.alice_org, assessment, state="in_feedback", answers={"1": "Alice Secret Feedback Answer"}
    )
    efac = UserFactory(email="efac@example.org", full_name="Erin External")
    actor = external_actor(world.network, efac)
    assignment = assign(case, actor, lead=True)
    AgreedScore.objects.create(case=case, question="1.1", score=4, rationale="Agreed")
    FeedbackReport.objects.create(case=case)
    evidence = EvidenceItem.objects.create(
        organisation=world.alice_org, kind="link", title="Minutes", url="https://example.org/minutes"
    )
    CaseDocument.objects.create(case=case, evidence=evidence)
    awarded = feedback_case(world.alice_org, accepted_assessment(world.alice_org, framework), state="awarded")
    held = label(awarded)
    held.public = False  # Alice's label would rightly show in the public register: keep her name out
    held.save(update_fields=["public"])
    return {
        "case": case,
        "case_kwargs": {"case_id": case.public_id},
        "feedback_actor": actor,
        "assignment": assignment,
        "case_evidence": evidence,
        "label": held,
        "efac": efac,
    }
