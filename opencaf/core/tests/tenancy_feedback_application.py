"""Tenancy cases of external feedback: the application part (merged by tenancy_feedback.py). The extras
name a case of Alice's organisation ("case_kwargs": {"case_id": …}) and more (see tenancy_feedback.extras)."""

from __future__ import annotations

from typing import Any

from conftest import World
from opencaf.core.tests.tenancy_feedback_kinds import ORG, Case, case_kwargs, org_kwargs


def _document_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    return {**x["case_kwargs"], "evidence_id": x["case_evidence"].public_id}


CASES: dict[str, Case] = {
    # The organisation's page: its members (its writers apply); anyone else a 404.
    "feedback:org_feedback": (ORG, org_kwargs),
    "feedback:apply": (ORG, org_kwargs),
    # The application of a case of Alice's organisation: whoever may read the case; anyone else a 404.
    **{
        f"feedback:{name}": (ORG, case_kwargs) for name in ("application", "dossier", "documents", "submit", "withdraw")
    },
    "feedback:document_download": (ORG, _document_kwargs),
    "feedback:document_remove": (ORG, _document_kwargs),
}
