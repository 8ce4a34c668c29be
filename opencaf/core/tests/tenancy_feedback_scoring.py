"""Tenancy cases of external feedback: the scoring part (merged by tenancy_feedback.py). The extras
name a case of Alice's organisation ("case_kwargs": {"case_id": …}) and more (see tenancy_feedback.extras)."""

from __future__ import annotations

from opencaf.core.tests.tenancy_feedback_kinds import ORG, Case, case_kwargs

CASES: dict[str, Case] = {
    # An actor's own scores: the case's actors only (everyone else with access to the case a 404 too).
    "feedback:scores": (ORG, case_kwargs),
    # Everyone's scores and the agreed ones: the case's actors and the organiser.
    "feedback:agreement": (ORG, case_kwargs),
    # The organisation's own scores beside the agreed ones: the organisation too, once decided.
    "feedback:comparison": (ORG, case_kwargs),
}
