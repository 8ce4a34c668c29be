"""Indicator pages: the organisation's list, an indicator with its values and targets (a chart and
a table of the same numbers), and the forms to keep them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.exports import spreadsheet_download
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.core.importing import run_import
from opencaf.frameworks.models import FrameworkVersion
from opencaf.frameworks.selectors import structure_of
from opencaf.indicators import process_selectors, selectors, services
from opencaf.indicators.exchange import COLUMNS, export_file
from opencaf.indicators.forms import IndicatorForm, MeasurementForm, TargetForm
from opencaf.indicators.models import Indicator, Visibility
from opencaf.indicators.permissions import IndicatorAccess, can_manage_indicators, get_indicator_access
from opencaf.indicators.rules import Frequency
from opencaf.indicators.value_import import value_importer
from opencaf.lib.texts import text_in
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require
from opencaf.organisations.selectors import members_of


def name_of(indicator: Indicator) -> str:
    return indicator.name_in(get_language() or "en")


def _subcriteria() -> list[Any]:
    framework = FrameworkVersion.objects.order_by("-version").first()
    return list(structure_of(framework).subcriteria) if framework is not None else []


@login_required
def indicator_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    lines = selectors.lines(organisation, timezone.localdate())
    context = {
        "organisation": organisation,
        "lines": [(line, name_of(line.indicator)) for line in lines],
        "standing": selectors.standing(lines),
        "can_manage": can_manage_indicators(request.user, organisation),
        "publishes": any(line.indicator.visibility == Visibility.PUBLISHED for line in lines),
    }
    return render(request, "indicators/list.html", context)


def public_indicators(request: HttpRequest, org_id: str) -> HttpResponse:
    """The indicators an organisation publishes, for anyone: latest value, target, status and trend,
    without names of people. 404 when it publishes none (a URL never tells whether it exists)."""
    organisation = get_by_public_id(Organisation.objects.all(), org_id)
    lines = selectors.lines(organisation, timezone.localdate(), published=True)
    if not lines:
        raise Http404
    context = {
        "organisation": organisation,
        "lines": [(line, name_of(line.indicator)) for line in lines],
        # How late values are is the organisation's own business.
        "standing": dataclasses.replace(selectors.standing(lines), overdue=0),
    }
    return render(request, "indicators/public.html", context)


@login_required
def indicators_by_criterion(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    """The dashboard by CAF criterion: under each criterion the indicators that evidence its
    subcriteria, with how they stand; those linked to no subcriterion last."""
    organisation = get_organisation_for_staff(request.user, org_id)
    lines = selectors.lines(organisation, timezone.localdate())
    criteria = {str(sub.criterion.number): sub.criterion for sub in _subcriteria()}
    groups = [
        {
            "criterion": criteria.get(number),
            "number": number,
            "names": [(line, name_of(line.indicator)) for line in group],
            "standing": selectors.standing(group),
        }
        for number, group in selectors.by_criterion(lines).items()
    ]
    context = {"organisation": organisation, "groups": groups, "standing": selectors.standing(lines)}
    return render(request, "indicators/by_criterion.html", context)


def _indicator_form(request: AuthenticatedRequest, organisation: Organisation, indicator: Indicator | None) -> Any:
    return IndicatorForm(
        request.POST or None,
        members=members_of(organisation).select_related("user"),
        subcriteria=_subcriteria(),
        indicator=indicator,
        parts=selectors.calculation_parts(organisation, indicator),
    )


@login_required
def indicator_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    form = _indicator_form(request, organisation, None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                indicator = services.create_indicator(
                    actor=request.user, organisation=organisation, data=form.to_input()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The indicator has been added."))
                return redirect("indicators:detail", org_id=organisation.public_id, indicator_id=indicator.public_id)
        status = 422
    context = {"organisation": organisation, "form": form, "indicator": None}
    return render(request, "indicators/form.html", context, status=status)


@login_required
def indicator_edit(request: AuthenticatedRequest, org_id: str, indicator_id: str) -> HttpResponse:
    access = get_indicator_access(request.user, org_id, indicator_id)
    require(access.can_manage)
    indicator = access.indicator
    form = _indicator_form(request, indicator.organisation, indicator)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_indicator(actor=request.user, indicator=indicator, data=form.to_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The indicator has been saved."))
                return redirect("indicators:detail", org_id=org_id, indicator_id=indicator_id)
        status = 422
    context = {"organisation": indicator.organisation, "form": form, "indicator": indicator, "name": name_of(indicator)}
    return render(request, "indicators/form.html", context, status=status)


def _number(value: Any, decimals: int) -> str:
    return "" if value is None else formats.number_format(value, decimals, use_l10n=True)


def _target_text(target: Any, decimals: int) -> str:
    if target is None:
        return ""
    if target.value is not None:
        return _number(target.value, decimals)
    return f"{_number(target.low, decimals)}–{_number(target.high, decimals)}"


def _detail_context(access: IndicatorAccess, rows: list[Any], value_form: Any, target_form: Any) -> dict[str, Any]:
    indicator = access.indicator
    today = timezone.localdate()
    completed = [row for row in rows if row.period.end < today]
    decimals = indicator.decimals
    table = [
        {
            "period": row.period.key,
            "value": _number(row.value, decimals),
            "target": _target_text(row.target, decimals),
            "status": row.status.value if row.status else "",
            "comment": row.comment,
            "provisional": row.provisional,
            "future": row.period.end >= today,
        }
        for row in rows
    ]
    chart = {
        "labels": [row.period.key for row in rows],
        "datasets": [
            {"label": _("Value"), "values": [float(row.value) if row.value is not None else None for row in rows]},
            {
                "label": _("Target"),
                "dashed": True,
                "values": [
                    float(row.target.value) if row.target is not None and row.target.value is not None else None
                    for row in rows
                ],
            },
        ],
    }
    return {
        "organisation": indicator.organisation,
        "indicator": indicator,
        "name": name_of(indicator),
        "description": text_in(indicator.description, get_language() or "en", "en"),
        "table": table,
        "chart": chart,
        "trend": selectors.trend_of_series(indicator, completed),
        "processes": process_selectors.measured_by(indicator),  # one query
        "calculated_from": _calculated_from(indicator),
        "value_form": value_form,
        "target_form": target_form,
        **access.flags,
    }


def _saved(request: AuthenticatedRequest, form: Any, save: Callable[[dict[str, Any]], str]) -> bool:
    """Save a valid form through its service and say so; a refusal lands on the form, input kept."""
    if not form.is_valid():
        return False
    try:
        message = save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, message)
    return True


def _calculated_from(indicator: Indicator) -> str:
    """ "Requests answered ÷ Requests received × 100" for a calculated indicator (one query), else ""."""
    if not indicator.is_calculated:
        return ""
    names = {
        part.pk: name_of(part)
        for part in Indicator.objects.filter(pk__in=[indicator.numerator_id, indicator.denominator_id])
    }
    multiplier = formats.localize(indicator.multiplier.normalize())
    return f"{names[indicator.numerator_id]} ÷ {names[indicator.denominator_id]} × {multiplier}"  # type: ignore[index]


@login_required
def indicator_detail(request: AuthenticatedRequest, org_id: str, indicator_id: str) -> HttpResponse:
    access = get_indicator_access(request.user, org_id, indicator_id)
    require(access.can_view)
    indicator = access.indicator
    today = timezone.localdate()
    posted = request.POST.get("form") if request.method == "POST" else None
    rows = selectors.series(indicator, today)
    kept = {row.period.key for row in rows if row.value is not None}
    # The form offers first the value its owner should enter first: the oldest one overdue.
    overdue = selectors.oldest_overdue(Frequency(indicator.frequency), kept, today)
    value_form = MeasurementForm(
        request.POST if posted == "value" else None,
        indicator=indicator,
        today=today,
        initial={"period": overdue.key} if overdue is not None else None,
    )
    target_form = TargetForm(request.POST if posted == "target" else None, indicator=indicator, today=today)
    status = 200
    if posted == "value":
        require(access.can_record)

        def save_value(data: dict[str, Any]) -> str:
            services.record_measurement(
                actor=request.user,
                indicator=indicator,
                period=data["period"],
                value=data["value"],
                comment=data["comment"],
                status=data["status"],
            )
            return _("The value for %(period)s has been saved.") % {"period": data["period"]}

        if _saved(request, value_form, save_value):
            return redirect("indicators:detail", org_id=org_id, indicator_id=indicator_id)
        status = 422
    elif posted == "target":
        require(access.can_manage)

        def save_target(data: dict[str, Any]) -> str:
            services.set_target(
                actor=request.user,
                indicator=indicator,
                period=data["period"],
                value=data.get("value"),
                low=data.get("low"),
                high=data.get("high"),
                rationale=data["rationale"],
            )
            return _("The target for %(period)s has been saved.") % {"period": data["period"]}

        if _saved(request, target_form, save_target):
            return redirect("indicators:detail", org_id=org_id, indicator_id=indicator_id)
        status = 422
    elif request.method == "POST":
        status = 400
    context = _detail_context(access, rows, value_form, target_form)
    return render(request, "indicators/detail.html", context, status=status)


@login_required
def indicator_export(request: AuthenticatedRequest, org_id: str, file_format: str) -> HttpResponse:
    """The organisation's indicator values as XLSX or CSV, for every member who may see them."""
    organisation = get_organisation_for_staff(request.user, org_id)
    if file_format not in ("xlsx", "csv"):
        raise Http404
    content = export_file(organisation, get_language() or "en", file_format)
    return spreadsheet_download(content, file_format, "indicators")


@login_required
def indicator_import(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    """Targets and values for many indicators and periods from one file in the export's layout."""
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    return run_import(
        request,
        value_importer(actor=request.user, organisation=organisation),
        template="indicators/import.html",
        context={"organisation": organisation, "columns": [str(label) for label in COLUMNS.values()]},
        scope_key=str(organisation.public_id),
        success_url=reverse("indicators:list", args=[organisation.public_id]),
    )
