"""Tenancy cases of external feedback: the report part (merged by tenancy_feedback.py). The extras
name a case of Alice's organisation ("case_kwargs": {"case_id": …}) and more (see tenancy_feedback.extras)."""

from __future__ import annotations

from typing import Any

from conftest import World
from opencaf.core.tests.tenancy_feedback_kinds import ORG, PUBLIC, Case, case_kwargs


def _document_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    """A ready PDF of the case's report (made here: the shared extras hold none)."""
    from django.core.files.base import ContentFile

    from opencaf.feedback.models import FeedbackReportDocument

    report = x["case"].report
    document = FeedbackReportDocument.objects.filter(report=report).first()
    if document is None:
        document = FeedbackReportDocument(report=report, format="pdf", language="en", status="done")
        document.file.save("report.pdf", ContentFile(b"Alice Secret Feedback Report"), save=True)
    return {**x["case_kwargs"], "document_id": document.public_id}


def _register_kwargs(w: World, x: dict[str, Any]) -> dict[str, Any]:
    """The register lists every public valid label by organisation and network name, which would show
    Alice's; her label is kept out of it here, so the page must show nothing of hers."""
    from opencaf.feedback.models import Label

    Label.objects.filter(pk=x["label"].pk).update(public=False)
    return {}


CASES: dict[str, Case] = {
    # The report: the case's actors write it, the organiser reads it, the organisation once decided.
    "feedback:report": (ORG, case_kwargs),
    "feedback:report_finalise": (ORG, case_kwargs),
    "feedback:report_documents": (ORG, case_kwargs),
    "feedback:report_download": (ORG, _document_kwargs),
    # The decision: the coordinators of the case's network.
    "feedback:decide": (ORG, case_kwargs),
    # The register is for anyone, and lists only labels that are public and valid.
    "feedback:register": (PUBLIC, _register_kwargs),
    # A label's certificate: its organisation's members and its network's coordinators.
    "feedback:certificate": (ORG, lambda w, x: {"label_id": x["label"].public_id}),
}
