"""What indicators need from the signed-in person: the values of the indicators they own that are
past their due date, each with a link to enter it. Two queries whatever the number of indicators
(`selectors.due_values`, shared with the daily reminders); registered from IndicatorsConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.indicators.models import Indicator
from opencaf.indicators.rules import due_date
from opencaf.indicators.selectors import due_values


def overdue_values(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    today = timezone.localdate()
    language = get_language() or "en"
    for due in due_values(Indicator.objects.filter(owner__user=user), today):
        indicator, period = due.indicator, due.periods[0]  # the oldest: the one to enter first
        name = indicator.name_in(language)
        yield TodoItem(
            title=_("Value due: %(indicator)s") % {"indicator": name},
            detail=_("The value for %(period)s was due on %(day)s.")
            % {"period": period.key, "day": day_and_month(due_date(period), today)},
            url=reverse(
                "indicators:detail",
                kwargs={"org_id": indicator.organisation.public_id, "indicator_id": indicator.public_id},
            ),
            organisation=indicator.organisation.name,
            urgency=Urgency.OVERDUE,
            due=due_date(period),
        )


def register() -> None:
    register_provider("indicators.overdue", overdue_values)
