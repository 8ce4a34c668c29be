"""What needs an organisation in benchmarking: bench-learning contact requests waiting for its answer.
Registered from BenchmarkingConfig.ready(); one query whatever the number of organisations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.benchmarking.models import PartnerRequest, PartnerRequestState
from opencaf.benchmarking.permissions.partners import ACTING_ROLES
from opencaf.core.todo import TodoItem, Urgency, register_provider
from opencaf.organisations.selectors import my_memberships


def partner_request_items(user: Any) -> Iterator[TodoItem]:
    organisations = {
        membership.organisation_id: membership.organisation
        for membership in my_memberships(user)
        if set(membership.role_codes) & ACTING_ROLES
    }
    if not organisations:
        return
    waiting = dict(
        PartnerRequest.objects.filter(partner_id__in=organisations, state=PartnerRequestState.PENDING)
        .values_list("partner_id")
        .annotate(count=Count("pk"))
    )
    for organisation_id, count in waiting.items():
        organisation = organisations[organisation_id]
        yield TodoItem(
            title=ngettext(
                "%(count)d bench-learning contact request waiting for your answer",
                "%(count)d bench-learning contact requests waiting for your answer",
                count,
            )
            % {"count": count},
            detail=_("A comparable organisation would like to learn from you. Accept or decline."),
            url=reverse("benchmarking:partners", kwargs={"org_id": organisation.public_id}),
            organisation=organisation.name,
            urgency=Urgency.WAITING,
            count=count,
        )


def register() -> None:
    register_provider("benchmarking.partner_requests", partner_request_items)
