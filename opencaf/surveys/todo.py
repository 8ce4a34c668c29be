"""What surveys need from the signed-in person: free-text answers waiting for review (the quality
representative), open surveys closing within a week (those who run them), and surveys the person
was invited to and has not answered (with their own link). One query whatever the data size;
registered from SurveysConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.organisations.selectors import my_memberships
from opencaf.surveys.models import Invitation, InvitationKind, Survey, SurveyState, TextStatus
from opencaf.surveys.permissions import DESIGNING_ROLES, MODERATING_ROLES
from opencaf.surveys.texts import text_in
from opencaf.surveys.tokens import link_token

CLOSING_SOON_DAYS = 7


def _organisations_where(user: Any, roles: frozenset[str]) -> list[int]:
    return [m.organisation_id for m in my_memberships(user) if set(m.role_codes) & roles]


def survey_items(user: Any) -> Iterator[TodoItem]:
    """Every kind of survey item from one query over the person's organisations."""
    memberships = my_memberships(user)
    if not memberships:
        return
    moderating = _organisations_where(user, MODERATING_ROLES)
    running = _organisations_where(user, DESIGNING_ROLES)
    today = timezone.localdate()
    soon = today + timedelta(days=CLOSING_SOON_DAYS)
    pending = Count("questions__text_answers", filter=Q(questions__text_answers__status=TextStatus.PENDING))
    invitation = Invitation.objects.filter(
        survey=OuterRef("pk"), email__iexact=user.email, kind=InvitationKind.EMAIL, used=False
    ).values("public_id")[:1]
    open_now = Q(state=SurveyState.OPEN) & (Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    surveys = (
        Survey.objects.filter(organisation_id__in=[m.organisation_id for m in memberships])
        .annotate(pending=pending, invitation=Subquery(invitation))
        .filter(
            Q(pending__gt=0, organisation_id__in=moderating)
            | Q(organisation_id__in=running, state=SurveyState.OPEN, closes_on__gte=today, closes_on__lte=soon)
            | (open_now & Q(invitation__isnull=False))
        )
        .select_related("organisation")
    )
    for survey in surveys:
        yield from _items(survey, moderating, running, today)


def _items(survey: Any, moderating: list[int], running: list[int], today: Any) -> Iterator[TodoItem]:
    title = text_in(survey.title, get_language(), survey.languages)
    kwargs = {"org_id": survey.organisation.public_id, "survey_id": survey.public_id}
    closes_on = survey.closes_on
    closing_soon = closes_on is not None and today <= closes_on <= today + timedelta(days=CLOSING_SOON_DAYS)
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
    if survey.organisation_id in running and survey.state == SurveyState.OPEN and closing_soon:
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
    if survey.invitation is not None and survey.state == SurveyState.OPEN:
        yield TodoItem(
            title=_("Survey waiting for your answers: %(survey)s") % {"survey": title},
            detail=_("Your answers are anonymous; the link records only that you have answered."),
            url=reverse("surveys:invited", kwargs={"token": link_token(survey.invitation)}),
            organisation=survey.organisation.name,
            urgency=Urgency.DUE_SOON if closing_soon else Urgency.WAITING,
            due=closes_on,
        )


def register() -> None:
    register_provider("surveys", survey_items)
