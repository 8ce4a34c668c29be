"""What needs a network's coordinators in the community: good practices waiting for review and forum
posts reported to the moderators. Registered from CommunityConfig.ready(); two queries whatever the
number of networks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.community.models import GoodPractice, PostReport, PracticeState, ReportOutcome
from opencaf.core.todo import TodoItem, Urgency, register_provider
from opencaf.organisations.selectors import my_networks


def coordinator_items(user: Any) -> Iterator[TodoItem]:
    networks = {network.pk: network for network in my_networks(user)}
    if not networks:
        return
    waiting = dict(
        GoodPractice.objects.filter(network_id__in=networks, state=PracticeState.SUBMITTED)
        .values_list("network_id")
        .annotate(count=Count("pk"))
    )
    reported = dict(
        PostReport.objects.filter(post__thread__network_id__in=networks, outcome=ReportOutcome.OPEN)
        .values_list("post__thread__network_id")
        .annotate(count=Count("post", distinct=True))
    )
    for network_id, network in networks.items():
        if count := waiting.get(network_id, 0):
            yield TodoItem(
                title=ngettext(
                    "%(count)d good practice waiting for your review",
                    "%(count)d good practices waiting for your review",
                    count,
                )
                % {"count": count},
                detail=_("Return it with comments, or publish it to the network or to everyone."),
                url=reverse("community:review_queue", kwargs={"network_id": network.public_id}),
                organisation=network.name,
                urgency=Urgency.WAITING,
                count=count,
            )
        if count := reported.get(network_id, 0):
            yield TodoItem(
                title=ngettext(
                    "%(count)d forum post reported to the moderators",
                    "%(count)d forum posts reported to the moderators",
                    count,
                )
                % {"count": count},
                detail=_("Hide the post with a reason, or dismiss the report."),
                url=reverse("community:moderation", kwargs={"network_id": network.public_id}),
                organisation=network.name,
                urgency=Urgency.WAITING,
                count=count,
            )


def register() -> None:
    register_provider("community.coordinator", coordinator_items)
