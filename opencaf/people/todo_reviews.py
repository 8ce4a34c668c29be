"""What needs a person in competency reviews, for the home page's to-do list: their own self-assessment
not yet submitted in an open review, and, for a line manager, the assessments of their team they can
give now (the person submitted, or the review's closing date passed). Registered from PeopleConfig.ready();
two queries whatever the number of organisations or people."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.people.models import CycleState, Review

SOON_DAYS = 7


def _urgency(due: date, today: date) -> Urgency:
    if due < today:
        return Urgency.OVERDUE
    return Urgency.DUE_SOON if (due - today).days <= SOON_DAYS else Urgency.WAITING


def self_assessment_items(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    reviews = (
        Review.objects.filter(membership__user=user, cycle__state=CycleState.OPEN, self_submitted_at__isnull=True)
        .select_related("cycle__organisation")
        .order_by("cycle__closes_on", "pk")
    )
    for review in reviews:
        cycle = review.cycle
        organisation = cycle.organisation
        yield TodoItem(
            title=_("Your self-assessment of competencies"),
            detail=_("“%(cycle)s” is open until %(date)s.")
            % {"cycle": cycle.title, "date": day_and_month(cycle.closes_on, today)},
            url=reverse("people:review", kwargs={"org_id": organisation.public_id, "review_id": review.public_id}),
            organisation=organisation.name,
            urgency=_urgency(cycle.closes_on, today),
            due=cycle.closes_on,
        )


def manager_items(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    rows = (
        Review.objects.filter(manager__user=user, cycle__state=CycleState.OPEN, manager_submitted_at__isnull=True)
        .filter(Q(self_submitted_at__isnull=False) | Q(cycle__closes_on__lt=today))
        .values("cycle__organisation__public_id", "cycle__organisation__name", "cycle__title", "cycle__closes_on")
        .annotate(count=Count("pk"))
        .order_by("cycle__closes_on", "cycle__organisation__name")
    )
    for row in rows:
        count = row["count"]
        due = row["cycle__closes_on"]
        yield TodoItem(
            title=ngettext(
                "%(count)d assessment of your team to give",
                "%(count)d assessments of your team to give",
                count,
            )
            % {"count": count},
            detail=_("Competency review “%(cycle)s”: the self-assessments are in.") % {"cycle": row["cycle__title"]}
            if due >= today
            else _("Competency review “%(cycle)s”: its closing date has passed.") % {"cycle": row["cycle__title"]},
            url=reverse("people:my_team", kwargs={"org_id": row["cycle__organisation__public_id"]}),
            organisation=row["cycle__organisation__name"],
            urgency=_urgency(due, today),
            due=due,
            count=count,
        )


def register() -> None:
    register_provider("people.self_assessment", self_assessment_items)
    register_provider("people.team_assessments", manager_items)
