"""Tenancy cases of external feedback: the organiser part (merged by tenancy_feedback.py). The extras
name a case of Alice's organisation ("case_kwargs": {"case_id": …}) and more (see tenancy_feedback.extras)."""

from __future__ import annotations

from opencaf.core.tests.tenancy_feedback_kinds import Case

CASES: dict[str, Case] = {}
