"""What needs a person in external feedback, for the home page's to-do list: a network's coordinators see
the applications waiting for them to accept or return; an external feedback actor sees the cases where
they must declare their interests and the visits ahead. Registered from FeedbackConfig.ready(); two
queries at most whatever the number of networks or cases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.feedback.models import CaseActor, CaseState, Declaration, FeedbackCase
from opencaf.organisations.selectors import my_networks


def coordinator_items(user: Any) -> Iterator[TodoItem]:
    networks = {network.pk: network for network in my_networks(user)}
    if not networks:
        return
    waiting = dict(
        FeedbackCase.objects.filter(network_id__in=networks, state=CaseState.SUBMITTED)
        .values_list("network_id")
        .annotate(count=Count("pk"))
    )
    for network_id, network in networks.items():
        if count := waiting.get(network_id, 0):
            url = reverse("feedback:network_cases", kwargs={"network_id": network.public_id})
            yield TodoItem(
                title=ngettext(
                    "%(count)d application for external feedback waiting for you",
                    "%(count)d applications for external feedback waiting for you",
                    count,
                )
                % {"count": count},
                detail=_("Accept it and assign the external feedback actors, or return it to the organisation."),
                url=f"{url}?state={CaseState.SUBMITTED.value}",
                organisation=network.name,
                urgency=Urgency.WAITING,
                count=count,
            )


def actor_items(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    now = timezone.now()
    today = timezone.localdate()
    assignments = (
        CaseActor.objects.filter(actor__user=user, actor__active=True, case__state=CaseState.IN_FEEDBACK)
        .exclude(declaration=Declaration.CONFLICT)
        .select_related("case__organisation")
        .order_by("assigned_at")
    )
    for assignment in assignments:
        case = assignment.case
        if assignment.declaration == Declaration.PENDING:
            yield TodoItem(
                title=_("Declare your interests for %(organisation)s") % {"organisation": case.organisation.name},
                detail=_("You were assigned as an external feedback actor. Declare any conflict of interest first."),
                url=reverse("feedback:declare", kwargs={"case_id": case.public_id}),
                organisation=case.organisation.name,
                urgency=Urgency.WAITING,
            )
        elif case.visit_starts_at is not None and case.visit_starts_at >= now:
            day = timezone.localdate(case.visit_starts_at)
            yield TodoItem(
                title=_("Visit on %(date)s") % {"date": day_and_month(day, today)},
                detail=(
                    _("External feedback visit of %(organisation)s, at %(place)s.")
                    if case.visit_place
                    else _("External feedback visit of %(organisation)s.")
                )
                % {"organisation": case.organisation.name, "place": case.visit_place},
                url=reverse("feedback:case", kwargs={"case_id": case.public_id}),
                organisation=case.organisation.name,
                urgency=Urgency.DUE_SOON if (day - today).days <= 7 else Urgency.INFO,
                due=day,
            )


def register() -> None:
    register_provider("feedback.coordinator", coordinator_items)
    register_provider("feedback.actor", actor_items)
