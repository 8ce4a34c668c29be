"""What the case page shows of the organiser part (see views/case.py): `context(access)` returns the
template variables of `feedback/case/_organiser.html`, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from opencaf.feedback.access import CaseAccess


def context(access: CaseAccess) -> dict[str, Any]:
    return {}
