"""What the case page shows of the report part (see views/case.py): `context(access)` returns the
template variables of `feedback/case/_report.html`, in a fixed number of queries: the report's state
(being written, finalised on …), links to the report and its documents for those who may read it, to
the decision for the organiser, and once decided the decision with its reasons and the label with its
certificate."""

from __future__ import annotations

from typing import Any

from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.models import FeedbackReport, Label
from opencaf.feedback.selectors.report import can_read_report

# The states in which the report part has something to say.
SHOWN = frozenset(
    {lifecycle.State.IN_FEEDBACK, lifecycle.State.REPORTED, lifecycle.State.AWARDED, lifecycle.State.NOT_AWARDED}
)


def context(access: CaseAccess) -> dict[str, Any]:
    case = access.case
    state = access.state
    if state not in SHOWN and not (state == lifecycle.State.WITHDRAWN and (access.actor or access.coordinator)):
        return {"report_part": None}
    report = FeedbackReport.objects.filter(case=case).select_related("updated_by").first()
    decided = state in (lifecycle.State.AWARDED, lifecycle.State.NOT_AWARDED)
    label = Label.objects.filter(case=case).first() if state == lifecycle.State.AWARDED else None
    return {
        "report_part": {
            "report": report,
            "can_read": can_read_report(access, report),
            "can_write": access.can_write_report,
            "can_finalise": access.can_finalise_report,
            "can_decide": access.can_decide,
            "decided": decided,
            "awarded": state == lifecycle.State.AWARDED,
            "note": case.decision_note if decided else "",
            "decided_at": case.decided_at if decided else None,
            "label": label,
            "label_name": label.name_in() if label is not None else "",
            # the certificate: the organisation's members and the network's coordinators
            "can_download_certificate": label is not None and (access.member or access.coordinator),
        }
    }
