"""What a self-assessment needs from the signed-in person: an assessor's own scoring while the
individual phase runs, and a leader's next step (members behind, consensus to open or to finish).
Registered from AssessmentsConfig.ready(); a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.assessments import selectors
from opencaf.assessments.lifecycle import State
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import LEADING_ROLES
from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.organisations.selectors import my_memberships

DUE_SOON = timedelta(days=7)


def _urgency(deadline: date | None, today: date, otherwise: Urgency) -> Urgency:
    if deadline is not None and deadline < today:
        return Urgency.OVERDUE
    if deadline is not None and deadline - today <= DUE_SOON:
        return Urgency.DUE_SOON
    return otherwise


def _kwargs(assessment: SelfAssessment) -> dict[str, Any]:
    return {"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id}


def assessor_items(user: Any) -> Iterator[TodoItem]:
    """One item per self-assessment in which the person has subcriteria left to score."""
    if not my_memberships(user):
        return  # only members sit in self-assessment groups
    today = timezone.localdate()
    seen: set[int] = set()
    for seat in selectors.seats_in_individual_phase(user):
        assessment = seat.group.assessment
        done, total = seat.done, seat.total  # type: ignore[attr-defined]
        if assessment.pk in seen or done >= total:
            continue
        seen.add(assessment.pk)
        deadline = assessment.individual_deadline
        if deadline is None:
            detail = _("Your individual assessment; no deadline has been set.")
        elif deadline < today:
            detail = _("Your individual assessment; the deadline (%(deadline)s) has passed: ask the CAF leader.") % {
                "deadline": day_and_month(deadline, today)
            }
        else:
            detail = _("Your individual assessment, deadline %(deadline)s.") % {
                "deadline": day_and_month(deadline, today)
            }
        yield TodoItem(
            title=ngettext("%(title)s: %(done)d of %(total)d scored", "%(title)s: %(done)d of %(total)d scored", total)
            % {"title": assessment.title, "done": done, "total": total},
            detail=detail,
            url=reverse("assessments:my_input", kwargs=_kwargs(assessment)),
            organisation=assessment.organisation.name,
            urgency=_urgency(deadline, today, Urgency.WAITING),
            due=deadline,
            count=total - done,
        )


def _individual_phase(assessment: SelfAssessment, behind: int, today: date) -> TodoItem:
    deadline = assessment.individual_deadline
    if behind:
        title = ngettext("%(title)s: %(count)d member behind", "%(title)s: %(count)d members behind", behind) % {
            "title": assessment.title,
            "count": behind,
        }
    else:
        title = _("%(title)s: every member has finished") % {"title": assessment.title}
    if deadline is None:
        detail = _("Individual assessment, no deadline; consensus not opened.")
    elif deadline < today:
        detail = _("The individual deadline (%(deadline)s) has passed; consensus not opened.") % {
            "deadline": day_and_month(deadline, today)
        }
    else:
        detail = _("Individual assessment until %(deadline)s; consensus not opened.") % {
            "deadline": day_and_month(deadline, today)
        }
    # Everyone has finished, or time is up: the next move is the leader's.
    waiting = Urgency.WAITING if not behind else Urgency.INFO
    return TodoItem(
        title=title,
        detail=detail,
        url=reverse("assessments:detail", kwargs=_kwargs(assessment)),
        organisation=assessment.organisation.name,
        urgency=_urgency(deadline, today, waiting),
        due=deadline,
        count=behind,
    )


def _consensus_phase(assessment: SelfAssessment) -> TodoItem:
    total, decided = assessment.total, assessment.decided  # type: ignore[attr-defined]
    open_count = max(total - decided, 0)
    if open_count:
        title = ngettext(
            "%(title)s: %(count)d of %(total)d subcriteria without consensus",
            "%(title)s: %(count)d of %(total)d subcriteria without consensus",
            open_count,
        ) % {"title": assessment.title, "count": open_count, "total": total}
        detail = _("Consensus is open: record the group's score and wording for each subcriterion.")
    else:
        title = _("%(title)s: consensus recorded on every subcriterion") % {"title": assessment.title}
        detail = _("Review the results and finalise the self-assessment.")
    return TodoItem(
        title=title,
        detail=detail,
        url=reverse("assessments:consensus", kwargs=_kwargs(assessment)),
        organisation=assessment.organisation.name,
        urgency=Urgency.WAITING,
        count=open_count,
    )


def leader_items(user: Any) -> Iterator[TodoItem]:
    """For the CAF leader, an org admin or a group leader: progress of the individual phase, or the
    consensus still to reach."""
    if not my_memberships(user):
        return
    today = timezone.localdate()
    led = selectors.assessments_led_by(user, LEADING_ROLES)
    individual = [a for a in led if a.lifecycle_state == State.INDIVIDUAL]
    behind = selectors.members_behind(user, individual)
    for assessment in led:
        if assessment.lifecycle_state == State.INDIVIDUAL:
            yield _individual_phase(assessment, behind.get(assessment.pk, 0), today)
        elif assessment.lifecycle_state == State.CONSENSUS:
            yield _consensus_phase(assessment)


def register() -> None:
    register_provider("assessments.assessor", assessor_items)
    register_provider("assessments.leader", leader_items)
