"""The owner's page from a value reminder: enter (or correct) the value of one period without signing in.

Who may write is decided by the signed link alone (`links.read_token`): it names the indicator, the
owner and the period, so nothing in the form can point the value elsewhere, and the value is
recorded as the owner's, audited as coming through the link. The page speaks the owner's language
(the e-mail's); a link that cannot be used says why. Like the action owners' page, it is kept out of
search engines and caches: its address is a key.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from opencaf.core.forms import add_service_errors
from opencaf.indicators import links, selectors, services
from opencaf.indicators.forms import MeasurementForm
from opencaf.indicators.links import ValueLink, period_label
from opencaf.indicators.models import Indicator
from opencaf.indicators.rules import due_date, is_overdue

RECENT_ROWS = 6  # the last values shown above the form, for comparison


class LinkValueForm(MeasurementForm):
    """The value form without its period: the link fixes the period."""

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, indicator=indicator, today=timezone.localdate(), **kwargs)
        del self.fields["period"]


def _plain(value: Decimal) -> Decimal:
    """A kept value as typed: 40 and 31.5, not 40.0000 (nor 4E+1), and not rounded to the shown decimals."""
    return Decimal(format(value.normalize(), "f"))


def _private(response: HttpResponse, language: str) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Content-Language"] = language
    return response


def _context(
    link: ValueLink, rows: list[selectors.PeriodRow], current: selectors.PeriodRow | None, form: Any, language: str
) -> dict[str, Any]:
    indicator, period = link.indicator, link.period
    earlier = [row for row in rows if row.period < period][-RECENT_ROWS:]
    return {
        "indicator": indicator,
        "name": indicator.name_in(language),
        "period_label": period_label(period),
        "due": due_date(period),
        "overdue": is_overdue(period, timezone.localdate()),
        "current": current,
        "current_value": _plain(current.value) if current is not None and current.value is not None else None,
        "recent": [(period_label(row.period), row) for row in earlier],
        "form": form,
    }


@require_http_methods(["GET", "POST"])
def value_by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = links.read_token(token)
    except links.LinkProblem as problem:
        language = problem.language or get_language() or "en"
        status = 400 if problem.reason == problem.TAMPERED else 410
        with translation.override(language):
            response = render(request, "indicators/links/problem.html", {"problem": problem}, status=status)
        return _private(response, language)
    indicator, period = link.indicator, link.period
    owner = indicator.owner
    assert owner is not None  # read_token refuses a link to an indicator without an owner
    language = links.owner_language(indicator)
    with translation.override(language):
        rows = selectors.series(indicator, timezone.localdate())
        current = next((row for row in rows if row.period == period), None)
        initial = (
            {
                "value": _plain(current.value),
                "comment": current.comment,
                "status": "provisional" if current.provisional else "final",
            }
            if current is not None and current.value is not None
            else None
        )
        form = LinkValueForm(request.POST if request.method == "POST" else None, indicator=indicator, initial=initial)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    measurement = services.record_measurement(
                        actor=owner.user,
                        indicator=indicator,
                        period=period.key,
                        value=form.cleaned_data["value"],
                        comment=form.cleaned_data["comment"],
                        status=form.cleaned_data["status"],
                        via_link=True,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    context = {
                        "name": indicator.name_in(language),
                        "period_label": period_label(period),
                        "value": _plain(measurement.value),
                    }
                    response = render(request, "indicators/links/thanks.html", context)
                    return _private(response, language)
            status = 422
        response = render(
            request, "indicators/links/value.html", _context(link, rows, current, form, language), status=status
        )
    return _private(response, language)
