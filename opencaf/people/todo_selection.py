"""What needs a panel member on the home page: the vacancies whose interviews run and whose candidates
they have not all submitted their scores of yet. One query whatever the number of organisations,
vacancies or candidates. Registered from PeopleConfig.ready() (`register()`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from opencaf.core.todo import TodoItem, Urgency, register_provider
from opencaf.people.models import PanelMember, VacancyState
from opencaf.people.selectors.selection import seat_annotations

KEY = "people.selection"


def panel_items(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    seats = (
        PanelMember.objects.filter(membership__user=user, vacancy__state=VacancyState.INTERVIEWING)
        .select_related("vacancy__organisation")
        .annotate(**seat_annotations())
        .order_by("vacancy__created_at", "pk")
    )
    for seat in seats:
        left = seat.candidates - seat.submitted  # type: ignore[attr-defined]
        if left <= 0:
            continue
        vacancy = seat.vacancy
        yield TodoItem(
            title=ngettext(
                "Score %(count)d candidate for %(vacancy)s",
                "Score %(count)d candidates for %(vacancy)s",
                left,
            )
            % {"count": left, "vacancy": vacancy.title},
            detail=_("You sit on the selection panel. Score each candidate alone and submit your scores."),
            url=reverse(
                "people:vacancy", kwargs={"org_id": vacancy.organisation.public_id, "vacancy_id": vacancy.public_id}
            ),
            organisation=vacancy.organisation.name,
            urgency=Urgency.WAITING,
            count=left,
        )


def register() -> None:
    register_provider(KEY, panel_items)
