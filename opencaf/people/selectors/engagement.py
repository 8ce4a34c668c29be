"""Reads of the people app's engagement part: the staff involvement activities, the organisation's
staff surveys (from the survey module), and how far the network's e-newsletter reaches the staff.

HR reads the activities with their notes; everyone else reads only the latest activities' title, date,
kind and themes on the People page (`home_section`), so staff see what was heard without the notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language

from opencaf.coordination.models import Subscriber, SubscriberStatus
from opencaf.core.ids import get_by_public_id
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Network, Organisation
from opencaf.people.access import PeopleAccess
from opencaf.people.models import ActivityKind, Employee, EngagementActivity
from opencaf.surveys.models import Audience, SurveyState
from opencaf.surveys.selectors import surveys_of

PAGE_SIZE = 20
LATEST_ON_HOME = 5
STAFF_SURVEYS_SHOWN = 10


# --- activities -------------------------------------------------------------------------------------


def activities_of(organisation: Organisation) -> QuerySet[EngagementActivity]:
    return EngagementActivity.objects.filter(organisation=organisation)


def activity_page(organisation: Organisation, kind: str, page_number: Any) -> Page[EngagementActivity]:
    """A page of the organisation's activities, newest first; `kind` "" for every kind."""
    activities = activities_of(organisation)
    if kind:
        activities = activities.filter(kind=kind)
    return Paginator(activities.order_by("-held_on", "-created_at", "-pk"), PAGE_SIZE).get_page(page_number)


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


def kind_counts(organisation: Organisation) -> list[KindCount]:
    counts = dict(activities_of(organisation).values_list("kind").annotate(count=Count("pk")).order_by())
    return [KindCount(kind.value, str(kind.label), counts.get(kind.value, 0)) for kind in ActivityKind]


def get_activity(access: PeopleAccess, activity_id: object) -> EngagementActivity:
    """One activity of the organisation, with its notes (HR's pages only: the views require it); 404 for
    an activity of another organisation or a malformed id."""
    return get_by_public_id(activities_of(access.organisation).select_related("organisation"), activity_id)


@dataclass(frozen=True)
class HeardItem:
    """What everyone may read of an activity: never its notes."""

    title: str
    held_on: date
    kind: str
    themes: list[str]


def latest_heard(organisation: Organisation, limit: int = LATEST_ON_HOME) -> list[HeardItem]:
    rows = (
        activities_of(organisation)
        .order_by("-held_on", "-created_at", "-pk")
        .values_list("title", "held_on", "kind", "themes")[:limit]
    )
    labels = dict(ActivityKind.choices)
    return [
        HeardItem(title, held_on, str(labels.get(kind, kind)), list(themes or []))
        for title, held_on, kind, themes in rows
    ]


# --- staff surveys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSurvey:
    title: str
    state: str  # its label
    responses: int
    published_at: datetime | None
    url: str


def staff_surveys(organisation: Organisation, limit: int = STAFF_SURVEYS_SHOWN) -> tuple[list[StaffSurvey], int]:
    """The organisation's latest surveys of its employees (title in the active language, state,
    responses) and how many there are in all: two queries."""
    surveys = surveys_of(organisation).select_related(None).filter(audience=Audience.EMPLOYEES)
    total = surveys.count()
    if not total:
        return [], 0
    language = get_language() or "en"
    states = dict(SurveyState.choices)
    shown = [
        StaffSurvey(
            title=text_in(survey.title, language, survey.languages),
            state=str(states.get(survey.state, survey.state)),
            responses=survey.response_count,
            published_at=survey.published_at,
            url=reverse("surveys:detail", kwargs={"org_id": organisation.public_id, "survey_id": survey.public_id}),
        )
        for survey in surveys.only(
            "public_id", "title", "languages", "state", "response_count", "published_at", "created_at"
        ).order_by("-created_at", "-pk")[:limit]
    ]
    return shown, total


# --- the network's e-newsletter ----------------------------------------------------------------------


@dataclass(frozen=True)
class StaffAddress:
    email: str  # in lower case, as subscriptions keep it
    language: str  # the person's own, "" when they chose none


@dataclass(frozen=True)
class NewsletterReach:
    network: Network
    staff: int  # employees with an active account
    subscribed: int  # of them, confirmed subscribers of the network's e-newsletter
    declined: int  # unsubscribed earlier: not asked again
    pending: int  # asked earlier (by HR or themselves) and not confirmed yet: asked again
    to_ask: tuple[StaffAddress, ...]  # the others: no subscription, or one never confirmed

    @property
    def to_invite(self) -> int:
        return len(self.to_ask)


def newsletter_reach(organisation: Organisation) -> NewsletterReach | None:
    """How many of the staff (the organisation's employees) receive the network's e-newsletter, and
    whom an invitation would ask; None when the organisation belongs to no network. Two queries."""
    network = organisation.network
    if network is None:
        return None
    staff = Employee.objects.filter(organisation=organisation, membership__user__is_active=True)
    people = {
        email.strip().lower(): language or ""
        for email, language in staff.values_list("membership__user__email", "membership__user__language")
        if email and email.strip()
    }
    # The addresses matched in the database (a subquery, not thousands of parameters).
    statuses = dict(
        Subscriber.objects.filter(
            network=network, email__in=staff.annotate(address=Lower("membership__user__email")).values("address")
        ).values_list("email", "status")
    )
    subscribed = sum(1 for email in people if statuses.get(email) == SubscriberStatus.CONFIRMED)
    declined = sum(1 for email in people if statuses.get(email) == SubscriberStatus.UNSUBSCRIBED)
    pending = sum(1 for email in people if statuses.get(email) == SubscriberStatus.PENDING)
    to_ask = tuple(
        StaffAddress(email, language)
        for email, language in sorted(people.items())
        if statuses.get(email) not in (SubscriberStatus.CONFIRMED, SubscriberStatus.UNSUBSCRIBED)
    )
    return NewsletterReach(network, len(people), subscribed, declined, pending, to_ask)


# --- the People page ----------------------------------------------------------------------------------


def home_section(access: PeopleAccess) -> dict[str, Any]:
    """What the People page shows of this part to this person (empty: nothing): HR the involvement and
    figures pages, top management the figures page, everyone the latest activities' themes."""
    heard = latest_heard(access.organisation)
    sees_figures = access.is_hr or access.is_top_management
    if not heard and not sees_figures:
        return {}
    return {"manages_involvement": access.can_manage, "sees_figures": sees_figures, "heard": heard}
