"""Reads of event feedback for the network's coordinators: how many of those asked have answered and,
once the answers reach the network's anonymity minimum, the figures and the comments.

Every figure passes the anonymity gate (`lib/anonymity.py`): the answers of one event are one group,
shown only when it is at least `network.anonymity_minimum` strong. Comments come sorted, never in the
order they were given, so that order cannot be set against the attendance list or the day each
person answered. At most three queries, whatever the number of registrations or answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import capfirst

from opencaf.coordination.models import Attendance, Event, EventFeedback, EventState, RegistrationStatus
from opencaf.coordination.services.feedback import HIGHEST, LOWEST, RATINGS, request_problem
from opencaf.lib.anonymity import suppress

ALL = "answers"  # the one group the gate sees: everyone who answered


@dataclass(frozen=True)
class Share:
    value: int
    count: int
    percent: int


@dataclass(frozen=True)
class RatingFigures:
    name: str
    label: str
    average: float
    distribution: list[Share]


@dataclass(frozen=True)
class FeedbackResults:
    event: Event
    attended: int  # confirmed registrations present at one session at least
    asked: int
    answers: int
    to_ask: int  # attended, not asked yet
    minimum: int
    request_problem: str  # why nobody can be asked now ("" when they can)
    ratings: list[RatingFigures] = field(default_factory=list)  # empty below the minimum
    liked: list[str] = field(default_factory=list)
    improve: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Whether the figures may be shown (the answers reach the anonymity minimum)."""
        return bool(self.ratings)

    @property
    def more_needed(self) -> int:
        return max(0, self.minimum - self.answers)

    @property
    def scale(self) -> list[int]:
        return list(range(LOWEST, HIGHEST + 1))

    @property
    def relevant(self) -> bool:
        """Whether the event page shows the section at all: a draft has nothing to say."""
        return self.event.state == EventState.PUBLISHED or self.answers > 0


def _label(name: str) -> str:
    model_field = EventFeedback._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(capfirst(model_field.verbose_name))


def _sorted(texts: list[str]) -> list[str]:
    return sorted((text for text in texts if text), key=lambda text: (text.casefold(), text))


def _figures(rows: list[tuple[Any, ...]]) -> tuple[list[RatingFigures], list[str], list[str]]:
    """Each rating's average and distribution, and each comment question's texts, from the answers'
    (overall, usefulness, organisation_rating, liked, improve) rows."""
    ratings = []
    for index, name in enumerate(RATINGS):
        values = [int(row[index]) for row in rows]
        counts = {value: values.count(value) for value in range(LOWEST, HIGHEST + 1)}
        ratings.append(
            RatingFigures(
                name=name,
                label=_label(name),
                average=sum(values) / len(values),
                distribution=[Share(value, count, round(100 * count / len(values))) for value, count in counts.items()],
            )
        )
    return ratings, _sorted([str(row[3]) for row in rows]), _sorted([str(row[4]) for row in rows])


def feedback_results(event: Event) -> FeedbackResults:
    """The event's feedback as its coordinators may see it (the event with its network and sessions)."""
    present = Exists(Attendance.objects.filter(registration=OuterRef("pk"), present=True))
    asked = Q(feedback_requested_at__isnull=False) | Q(feedback_given_at__isnull=False)
    counts = (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .annotate(was_present=present)
        .aggregate(
            attended=Count("pk", filter=Q(was_present=True)),
            asked=Count("pk", filter=asked),
            to_ask=Count("pk", filter=Q(was_present=True) & ~asked),
        )
    )
    answers = EventFeedback.objects.filter(event=event).count()
    minimum = event.network.anonymity_minimum
    results = FeedbackResults(
        event=event,
        attended=counts["attended"],
        asked=counts["asked"],
        answers=answers,
        to_ask=counts["to_ask"],
        minimum=minimum,
        request_problem=request_problem(event),
    )
    if not answers or not suppress({ALL: answers}, minimum).is_shown(ALL):
        return results
    rows = list(
        EventFeedback.objects.filter(event=event)
        .order_by()
        .values_list("overall", "usefulness", "organisation_rating", "liked", "improve")
    )
    ratings, liked, improve = _figures(rows)
    return FeedbackResults(
        event=event,
        attended=results.attended,
        asked=results.asked,
        answers=len(rows),
        to_ask=results.to_ask,
        minimum=minimum,
        request_problem=results.request_problem,
        ratings=ratings,
        liked=liked,
        improve=improve,
    )
