"""Indicators beside the subcriteria they evidence (the assessments app's `subcriterion_figures`
registry): on the scoring and consensus pages and in the report, each linked indicator's last three
years (the latest value of each year, its target and status) and its trend; for fine-tuned scoring
of a results subcriterion, the levels for "trends" and "targets" the data suggest, labelled as a
suggestion (the assessors decide).

Every member of the organisation may see its indicators, so an assessor sees nothing new here.
One query when no indicator is linked to the subcriteria asked, three when some are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from opencaf.assessments.subcriterion_figures import FigureLine, SubcriterionFigures
from opencaf.frameworks.models import Kind, Method
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators.models import Indicator, Unit
from opencaf.indicators.rules import BANDS, Status, Trend, suggested_target_band, suggested_trend_band
from opencaf.indicators.rules import Target as Aim
from opencaf.indicators.selectors import PeriodRow, completed_series, trend_of_series, values_and_targets

if TYPE_CHECKING:
    from opencaf.assessments.models import SelfAssessment

YEARS_SHOWN = 3


def _unit(indicator: Indicator) -> str:
    """The unit after a number in a table cell: "%", "EUR", "days"; nothing for counts and scores."""
    units = {
        Unit.PERCENT: "%",
        Unit.EUR: "EUR",
        Unit.DAYS: pgettext("unit after a number", "days"),
        Unit.HOURS: pgettext("unit after a number", "hours"),
        Unit.OTHER: indicator.unit_label,
    }
    return units.get(Unit(indicator.unit), "")


def _number(indicator: Indicator, value: Decimal) -> str:
    shown = formats.number_format(value, indicator.decimals)
    unit = _unit(indicator)
    return f"{shown}\u00a0{unit}" if unit else shown


def _target(indicator: Indicator, aim: Aim | None) -> str:
    if aim is None:
        return ""
    if aim.value is not None:
        return _number(indicator, aim.value)
    if aim.low is not None and aim.high is not None:
        return f"{formats.number_format(aim.low, indicator.decimals)}–{_number(indicator, aim.high)}"
    return ""


def _status_label(status: Status | None) -> str:
    labels = {Status.ON_TRACK: _("on track"), Status.AT_RISK: _("at risk"), Status.OFF_TRACK: _("off track")}
    return labels.get(status, "") if status is not None else ""


def _trend_label(trend: Trend | None) -> str:
    labels = {
        Trend.IMPROVING: pgettext("indicator trend", "improving"),
        Trend.STABLE: pgettext("indicator trend", "stable"),
        Trend.WORSENING: pgettext("indicator trend", "worsening"),
    }
    return labels[trend] if trend is not None else _("not enough values yet")


def _year_lines(indicator: Indicator, rows: list[PeriodRow]) -> list[FigureLine]:
    """The latest value of each of the last three years with a value, with its target and status."""
    latest_of_year: dict[int, PeriodRow] = {}
    for row in rows:
        if row.value is not None:
            latest_of_year[row.period.year] = row
    lines = []
    for year in sorted(latest_of_year)[-YEARS_SHOWN:]:
        row = latest_of_year[year]
        assert row.value is not None
        aim = _target(indicator, row.target)
        standing = _status_label(row.status)
        lines.append(
            FigureLine(
                label=str(year),
                value=f"{_number(indicator, row.value)} ({row.period.key})",
                previous=f"{aim}, {standing}" if aim and standing else aim,
            )
        )
    return lines


def _suggestion(code: str, trends: list[Trend | None], statuses: list[Status | None], url: str) -> SubcriterionFigures:
    def level(band: int | None) -> str:
        return "{}–{}".format(*BANDS[band]) if band is not None else _("no suggestion: not enough data")

    improving = sum(1 for found in trends if found == Trend.IMPROVING)
    worsening = sum(1 for found in trends if found == Trend.WORSENING)
    judged = [found for found in statuses if found is not None]
    met = sum(1 for found in judged if found == Status.ON_TRACK)
    return SubcriterionFigures(
        title=_("Levels the indicators suggest for %(code)s") % {"code": code},
        source=_("Suggestion"),
        url=url,
        lines=(
            FigureLine(
                label=_("Trends"),
                value=level(suggested_trend_band(trends)),
                previous=_("%(improving)s improving, %(worsening)s worsening of %(count)s with a trend")
                % {"improving": improving, "worsening": worsening, "count": sum(1 for t in trends if t is not None)},
            ),
            FigureLine(
                label=_("Targets"),
                value=level(suggested_target_band(statuses)),
                previous=_("%(met)s of %(count)s on track at the latest value") % {"met": met, "count": len(judged)},
            ),
        ),
        note=_("worked out from the data; the assessors decide the score"),
        headings=(_("Dimension"), _("Suggested level"), _("Worked out from")),
    )


def for_subcriteria(assessment: SelfAssessment, codes: Sequence[str]) -> dict[str, list[SubcriterionFigures]]:
    wanted = set(codes)
    candidates = Indicator.objects.filter(organisation_id=assessment.organisation_id, archived=False).only(
        "public_id", "name", "unit", "unit_label", "direction", "frequency", "decimals", "tolerance", "subcriteria"
    )
    # Linked subcriteria are a JSON list, which SQLite cannot search: the organisation's few hundred
    # indicators are filtered here.
    linked = [indicator for indicator in candidates if wanted.intersection(indicator.subcriteria)]
    if not linked:
        return {}
    values, targets = values_and_targets(indicator__in=linked)
    today = timezone.localdate()
    language = get_language() or "en"
    organisation_id = assessment.organisation.public_id
    found: dict[str, list[SubcriterionFigures]] = defaultdict(list)
    standing: dict[str, tuple[list[Trend | None], list[Status | None]]] = defaultdict(lambda: ([], []))
    for indicator in linked:
        rows = completed_series(indicator, values[indicator.pk], targets[indicator.pk], today)
        trend = trend_of_series(indicator, rows)
        latest = next((row for row in reversed(rows) if row.value is not None), None)
        block = SubcriterionFigures(
            title=indicator.name_in(language),
            source=_("Indicator"),
            url=reverse("indicators:detail", kwargs={"org_id": organisation_id, "indicator_id": indicator.public_id}),
            lines=tuple(_year_lines(indicator, rows)),
            note=_("trend over the last three periods: %(trend)s") % {"trend": _trend_label(trend)},
            headings=(_("Year"), _("Latest value of the year"), _("Target and status")),
        )
        for code in wanted.intersection(indicator.subcriteria):
            found[code].append(block)
            standing[code][0].append(trend)
            standing[code][1].append(latest.status if latest is not None else None)
    if assessment.scoring_method == Method.FINE_TUNED:
        results = {
            sub.code for sub in structure_of(assessment.framework).subcriteria if sub.criterion.kind == Kind.RESULT
        }
        url = reverse("indicators:by_criterion", kwargs={"org_id": organisation_id})
        for code in sorted(wanted & results & set(found)):
            found[code].append(_suggestion(code, *standing[code], url))
    return dict(found)
