"""What a self-assessment report needs from management: its acceptance (CAF step 6).
Registered from ReportsConfig.ready(); one query."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from opencaf.core.todo import TodoItem, Urgency, register_provider
from opencaf.organisations.choices import Role
from opencaf.organisations.selectors import roles_anywhere
from opencaf.reports import selectors


def acceptance_items(user: Any) -> Iterator[TodoItem]:
    if Role.MANAGER not in roles_anywhere(user):
        return  # no query for everyone else
    for assessment in selectors.reports_awaiting_acceptance(user):
        yield TodoItem(
            title=_("Report waiting for your acceptance: %(title)s") % {"title": assessment.title},
            detail=_("Read the self-assessment report and record management's acceptance."),
            url=reverse(
                "reports:report",
                kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id},
            ),
            organisation=assessment.organisation.name,
            urgency=Urgency.WAITING,
        )


def register() -> None:
    register_provider("reports.acceptance", acceptance_items)
