"""Resource pages: the organisation's money and time against plan (by quarter, by CAF criterion, by
action and process), one action's or process's quarters with the form to keep them, and the import
and export of the figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.exports import spreadsheet_download
from opencaf.core.forms import add_service_errors
from opencaf.core.importing import run_import
from opencaf.improvement.models import Action
from opencaf.indicators.models import Process
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require
from opencaf.resources import selectors, services
from opencaf.resources.exchange import COLUMNS, export_file, line_importer
from opencaf.resources.forms import QuarterForm
from opencaf.resources.models import FIGURES
from opencaf.resources.permissions import can_import, get_action_access, get_process_access
from opencaf.resources.rules import DEFAULT_TOLERANCE_PERCENT


@login_required
def overview(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    board = selectors.overview(request.user, organisation, timezone.localdate())
    chart = {
        "labels": [row.label for row in board.by_quarter],
        "datasets": [
            {"label": _("Planned (EUR)"), "values": [_float(row.summary.eur.planned) for row in board.by_quarter]},
            {"label": _("Actual (EUR)"), "values": [_float(row.summary.eur.actual) for row in board.by_quarter]},
        ],
    }
    context = {
        "organisation": organisation,
        "board": board,
        "chart": chart,
        "tolerance": DEFAULT_TOLERANCE_PERCENT,
        "can_import": can_import(request.user, organisation),
    }
    return render(request, "resources/overview.html", context)


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _quarters_page(
    request: AuthenticatedRequest,
    organisation: Organisation,
    target: Action | Process,
    can_change: bool,
    back: tuple[str, str],
) -> HttpResponse:
    """The quarters of an action or a process and, for whoever keeps them, the form of one quarter:
    empty for a new one, filled in for `?quarter=2026-Q1`."""
    today = timezone.localdate()
    quarters = selectors.quarters_of(target, today)
    chosen = quarters.lines.get(request.GET.get("quarter", ""))
    initial: dict[str, Any] = {"quarter": request.GET.get("quarter", "")}
    if chosen is not None:
        initial.update({name: getattr(chosen, name) for name in FIGURES})
    form = QuarterForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        require(can_change)
        if form.is_valid():
            try:
                services.set_quarter(
                    actor=request.user, target=target, quarter=form.cleaned_data["quarter"], figures=form.figures()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The figures of %(quarter)s have been saved.") % {"quarter": form.cleaned_data["quarter"]},
                )
                return redirect(request.path)
        status = 422
    context = {
        "organisation": organisation,
        "target": target,
        "is_action": isinstance(target, Action),
        "quarters": quarters,
        "form": form,
        "editing": chosen is not None or bool(form.errors),
        "can_change": can_change,
        "back_url": back[0],
        "back_label": back[1],
        "tolerance": DEFAULT_TOLERANCE_PERCENT,
    }
    return render(request, "resources/quarters.html", context, status=status)


@login_required
def action_quarters(request: AuthenticatedRequest, org_id: str, action_id: str) -> HttpResponse:
    access = get_action_access(request.user, org_id, action_id)
    action, organisation = access.action, access.organisation
    back = reverse("improvement:action", args=[organisation.public_id, action.plan.public_id, action.public_id])
    return _quarters_page(request, organisation, action, access.can_change, (back, action.title))


@login_required
def process_quarters(request: AuthenticatedRequest, org_id: str, process_id: str) -> HttpResponse:
    access = get_process_access(request.user, org_id, process_id)
    process, organisation = access.process, access.organisation
    back = reverse("indicators:process", args=[organisation.public_id, process.public_id])
    return _quarters_page(request, organisation, process, access.can_change, (back, process.name))


@login_required
def export(request: AuthenticatedRequest, org_id: str, file_format: str) -> HttpResponse:
    """The figures the person may see, as XLSX or CSV, in the layout the import reads."""
    organisation = get_organisation_for_staff(request.user, org_id)
    if file_format not in ("xlsx", "csv"):
        raise Http404
    return spreadsheet_download(export_file(request.user, organisation, file_format), file_format, "resources")


@login_required
def import_figures(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    """Actual (and planned) money and time of many actions, processes and quarters from one file."""
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_import(request.user, organisation))
    return run_import(
        request,
        line_importer(actor=request.user, organisation=organisation),
        template="resources/import.html",
        context={"organisation": organisation, "columns": [str(label) for label in COLUMNS.values()]},
        scope_key=str(organisation.public_id),
        success_url=reverse("resources:overview", args=[organisation.public_id]),
    )
