"""What improvement plans need from the signed-in person: management's approval of a drafted plan,
and an action owner's open actions (a summary linking to "My actions", and each overdue action).
Registered from ImprovementConfig.ready(); a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.improvement import selectors
from opencaf.organisations.choices import Role
from opencaf.organisations.selectors import my_memberships, roles_anywhere

# Overdue actions listed one by one; the summary item counts them all.
OVERDUE_LISTED = 5


def approval_items(user: Any) -> Iterator[TodoItem]:
    if Role.MANAGER not in roles_anywhere(user):
        return  # no query for everyone else
    for plan in selectors.plans_awaiting_approval(user):
        count = plan.action_count  # type: ignore[attr-defined]
        yield TodoItem(
            title=_("Plan waiting for your approval: %(title)s") % {"title": plan.display_title},
            detail=ngettext(
                "%(count)d action drafted; the work starts once management approves the plan.",
                "%(count)d actions drafted; the work starts once management approves the plan.",
                count,
            )
            % {"count": count},
            url=reverse(
                "improvement:detail", kwargs={"org_id": plan.organisation.public_id, "plan_id": plan.public_id}
            ),
            organisation=plan.organisation.name,
            urgency=Urgency.WAITING,
            count=count,
        )


def owner_items(user: Any) -> Iterator[TodoItem]:
    if not my_memberships(user):
        return  # only members own actions
    today = timezone.localdate()
    rows = [selectors.row_of(action, today) for action in selectors.open_actions_owned_by(user)]
    if not rows:
        return
    overdue = [row for row in rows if row.overdue]
    stale = sum(1 for row in rows if row.stale)
    sentences = []
    if overdue:
        sentences.append(
            ngettext("%(count)d is overdue.", "%(count)d are overdue.", len(overdue)) % {"count": len(overdue)}
        )
    if stale:
        sentences.append(
            ngettext(
                "%(count)d has had no update for over a month.",
                "%(count)d have had no update for over a month.",
                stale,
            )
            % {"count": stale}
        )
    due_dates = [row.action.due_date for row in rows if row.action.due_date is not None]
    organisations = sorted({row.action.plan.organisation.name for row in rows})
    yield TodoItem(
        title=ngettext("%(count)d open action", "%(count)d open actions", len(rows)) % {"count": len(rows)},
        detail=" ".join(sentences) or _("All of them are up to date."),
        url=reverse("improvement:my_actions"),
        organisation=", ".join(organisations),
        urgency=Urgency.WAITING if stale or overdue else Urgency.INFO,
        due=min(due_dates) if due_dates else None,
        count=len(rows),
    )
    for row in overdue[:OVERDUE_LISTED]:
        action = row.action
        plan = action.plan
        yield TodoItem(
            title=action.title,
            detail=_("Overdue since %(date)s, %(progress)d %% done: report progress or agree a new date.")
            % {"date": day_and_month(action.due_date, today), "progress": action.progress},  # type: ignore[arg-type]
            url=reverse(
                "improvement:action",
                kwargs={
                    "org_id": plan.organisation.public_id,
                    "plan_id": plan.public_id,
                    "action_id": action.public_id,
                },
            ),
            organisation=plan.organisation.name,
            urgency=Urgency.OVERDUE,
            due=action.due_date,
        )


def register() -> None:
    register_provider("improvement.approval", approval_items)
    register_provider("improvement.owner", owner_items)
