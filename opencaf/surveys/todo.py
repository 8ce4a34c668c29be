"""What surveys need from the signed-in person: free-text answers waiting for review (the quality
representative), and open surveys closing within a week (those who run them). A fixed number of
queries whatever the data size; registered from SurveysConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.organisations.selectors import my_memberships
from opencaf.surveys.models import Survey, SurveyState, TextStatus
from opencaf.surveys.permissions import DESIGNING_ROLES, MODERATING_ROLES
from opencaf.surveys.texts import text_in

CLOSING_SOON_DAYS = 7


def _organisations_where(user: Any, roles: frozenset[str]) -> list[int]:
    return [m.organisation_id for m in my_memberships(user) if set(m.role_codes) & roles]


def survey_items(user: Any) -> Iterator[TodoItem]:
    """Both kinds of item from one query over the person's organisations."""
    moderating = _organisations_where(user, MODERATING_ROLES)
    running = _organisations_where(user, DESIGNING_ROLES)
    if not moderating and not running:
        return
    today = timezone.localdate()
    closing_soon = Q(
        organisation_id__in=running,
        state=SurveyState.OPEN,
        closes_on__gte=today,
        closes_on__lte=today + timedelta(days=CLOSING_SOON_DAYS),
    )
    pending = Count("questions__text_answers", filter=Q(questions__text_answers__status=TextStatus.PENDING))
    surveys = (
        Survey.objects.filter(organisation_id__in={*moderating, *running})
        .annotate(pending=pending)
        .filter(Q(pending__gt=0, organisation_id__in=moderating) | closing_soon)
        .select_related("organisation")
    )
    for survey in surveys:
        title = text_in(survey.title, get_language(), survey.languages)
        kwargs = {"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
        if survey.pending and survey.organisation_id in moderating:
            yield TodoItem(
                title=_("Answers to review: %(survey)s") % {"survey": title},
                detail=ngettext(
                    "%(count)d written answer is waiting for your review; nobody reads it before you release it.",
                    "%(count)d written answers are waiting for your review; nobody reads them before you release them.",
                    survey.pending,
                )
                % {"count": survey.pending},
                url=reverse("surveys:moderation", kwargs=kwargs),
                organisation=survey.organisation.name,
                urgency=Urgency.WAITING,
                count=survey.pending,
            )
        closes_on = survey.closes_on
        if survey.organisation_id in running and survey.state == SurveyState.OPEN and closes_on is not None:
            if not today <= closes_on <= today + timedelta(days=CLOSING_SOON_DAYS):
                continue
            yield TodoItem(
                title=_("Survey closing on %(day)s: %(survey)s")
                % {"day": day_and_month(closes_on, today), "survey": title},
                detail=ngettext("%(count)d response so far.", "%(count)d responses so far.", survey.response_count)
                % {"count": survey.response_count},
                url=reverse("surveys:detail", kwargs=kwargs),
                organisation=survey.organisation.name,
                urgency=Urgency.DUE_SOON,
                due=closes_on,
            )


def register() -> None:
    register_provider("surveys", survey_items)
