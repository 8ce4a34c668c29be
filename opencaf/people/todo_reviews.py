"""What needs a person in competency reviews, for the home page's to-do list: their own self-assessment
not yet submitted in an open review, and, for a line manager, the assessments of their team they can
give now (the person submitted, or the review's closing date passed). Registered from PeopleConfig.ready();
one query whatever the number of organisations or people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
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


def review_items(user: Any) -> Iterator[TodoItem]:
    """The person's own self-assessments to submit and, as a line manager, their team's assessments
    they can give now, counted per cycle: one query for both (every home page asks)."""
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    own = Q(membership__user=user, self_submitted_at__isnull=True)
    to_give = Q(manager__user=user, manager_submitted_at__isnull=True) & (
        Q(self_submitted_at__isnull=False) | Q(cycle__closes_on__lt=today)
    )
    # Which of the two a review is comes from the database, with the same conditions that chose it.
    reviews = (
        Review.objects.filter(own | to_give, cycle__state=CycleState.OPEN)
        .annotate(is_own=ExpressionWrapper(own, BooleanField()), is_to_give=ExpressionWrapper(to_give, BooleanField()))
        .select_related("cycle__organisation")
        .only(
            "public_id",
            "cycle__title",
            "cycle__closes_on",
            "cycle__organisation__public_id",
            "cycle__organisation__name",
        )
        .order_by("cycle__closes_on", "cycle__organisation__name", "pk")
    )
    cycles: dict[int, Any] = {}
    to_give_in: Counter[int] = Counter()  # cycle id -> the team's assessments to give in it
    for review in reviews:
        if review.is_own:
            yield _self_assessment_item(review, today)
        if review.is_to_give:
            cycles[review.cycle_id] = review.cycle
            to_give_in[review.cycle_id] += 1
    for cycle_id, cycle in cycles.items():
        yield _team_item(cycle, to_give_in[cycle_id], today)


def _self_assessment_item(review: Review, today: date) -> TodoItem:
    cycle = review.cycle
    organisation = cycle.organisation
    return TodoItem(
        title=_("Your self-assessment of competencies"),
        detail=_("“%(cycle)s” is open until %(date)s.")
        % {"cycle": cycle.title, "date": day_and_month(cycle.closes_on, today)},
        url=reverse("people:review", kwargs={"org_id": organisation.public_id, "review_id": review.public_id}),
        organisation=organisation.name,
        urgency=_urgency(cycle.closes_on, today),
        due=cycle.closes_on,
    )


def _team_item(cycle: Any, count: int, today: date) -> TodoItem:
    due = cycle.closes_on
    return TodoItem(
        title=ngettext(
            "%(count)d assessment of your team to give",
            "%(count)d assessments of your team to give",
            count,
        )
        % {"count": count},
        detail=_("Competency review “%(cycle)s”: the self-assessments are in.") % {"cycle": cycle.title}
        if due >= today
        else _("Competency review “%(cycle)s”: its closing date has passed.") % {"cycle": cycle.title},
        url=reverse("people:my_team", kwargs={"org_id": cycle.organisation.public_id}),
        organisation=cycle.organisation.name,
        urgency=_urgency(due, today),
        due=due,
        count=count,
    )


def register() -> None:
    register_provider("people.reviews", review_items)
