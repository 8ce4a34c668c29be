"""What the case page shows of the application part (see views/case.py): `context(access)` returns the
template variables of `feedback/case/_application.html`, in a fixed number of queries (one: the
documents counted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import translation

from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess
from opencaf.feedback.selectors.application import document_count, missing_pillars, pillar_numbers, pillar_titles


@dataclass(frozen=True)
class ApplicationStatus:
    pillars: int
    answered: int
    missing: list[tuple[int, str]]  # number, title
    documents: int
    submitted_at: datetime | None
    return_reason: str  # the organiser's reasons, while the returned application is a draft again
    can_read: bool
    can_edit: bool
    can_submit: bool
    can_withdraw: bool
    version: int


def context(access: CaseAccess) -> dict[str, Any]:
    if not access.can_read_case:
        return {"application": None}
    case = access.case
    language = (translation.get_language() or "en").split("-")[0]
    titles = pillar_titles(case.procedure, language)
    missing = missing_pillars(case)
    draft = case.lifecycle_state is lifecycle.State.DRAFT
    status = ApplicationStatus(
        pillars=len(pillar_numbers(case.procedure)),
        answered=len(pillar_numbers(case.procedure)) - len(missing),
        missing=[(number, titles.get(number, "")) for number in missing],
        documents=document_count(case),
        submitted_at=case.submitted_at,
        return_reason=case.return_reason if draft else "",
        can_read=True,
        can_edit=access.can_edit_application,
        can_submit=access.can_edit_application and not missing,
        can_withdraw=access.can_withdraw,
        version=case.version,
    )
    return {"application": status}
