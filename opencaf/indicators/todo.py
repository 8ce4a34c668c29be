"""What indicators need from the signed-in person: the values of the indicators they own that are
past their due date, each with a link to enter it. Two queries whatever the number of indicators;
registered from IndicatorsConfig.ready()."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.core.todo import TodoItem, Urgency, day_and_month, register_provider
from opencaf.indicators.models import Indicator, Measurement
from opencaf.indicators.rules import Frequency, due_date
from opencaf.indicators.selectors import oldest_overdue


def overdue_values(user: Any) -> Iterator[TodoItem]:
    if not getattr(user, "is_authenticated", False):
        return
    owned = list(
        Indicator.objects.filter(owner__user=user, archived=False).select_related("organisation").order_by("id")
    )
    if not owned:
        return
    kept: dict[int, set[str]] = defaultdict(set)
    for indicator_id, key in Measurement.objects.filter(indicator__in=owned).values_list("indicator_id", "period"):
        kept[indicator_id].add(key)
    today = timezone.localdate()
    language = get_language() or "en"
    for indicator in owned:
        period = oldest_overdue(Frequency(indicator.frequency), kept[indicator.pk], today)
        if period is None:
            continue
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
