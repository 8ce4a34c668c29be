"""Process register pages (CAF criterion 5): the organisation's processes, one process with the
indicators that measure it (its dashboard), and the forms to keep them. Every member sees them; the
managers who keep the indicators keep the register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.indicators import process_selectors, process_services
from opencaf.indicators.models import Process
from opencaf.indicators.permissions import can_manage_indicators
from opencaf.indicators.process_forms import ProcessForm, indicator_choices
from opencaf.organisations.models import Organisation
from opencaf.organisations.permissions import get_organisation_for_staff, require
from opencaf.organisations.selectors import members_of


def _language() -> str:
    return get_language() or "en"


def _to_process(process: Process) -> HttpResponse:
    return redirect("indicators:process", org_id=process.organisation.public_id, process_id=process.public_id)


def _form(request: AuthenticatedRequest, organisation: Organisation, process: Process | None) -> ProcessForm:
    return ProcessForm(
        request.POST or None,
        members=members_of(organisation),
        indicators=indicator_choices(organisation, process),
        process=process,
        language=_language(),
    )


@login_required
def process_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    processes = list(process_selectors.processes_of(organisation))
    context = {
        "organisation": organisation,
        "processes": [process for process in processes if not process.archived],
        "archived": [process for process in processes if process.archived],
        "can_manage": can_manage_indicators(request.user, organisation),
    }
    return render(request, "indicators/processes/list.html", context)


@login_required
def process_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    form = _form(request, organisation, None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                process = process_services.create_process(
                    actor=request.user, organisation=organisation, data=form.to_input()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The process has been added."))
                return _to_process(process)
        status = 422
    context = {"organisation": organisation, "form": form, "process": None}
    return render(request, "indicators/processes/form.html", context, status=status)


@login_required
def process_detail(request: AuthenticatedRequest, org_id: str, process_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    process = process_selectors.process_in(organisation, process_id)
    board = process_selectors.dashboard(process, timezone.localdate())
    language = _language()
    context = {
        "organisation": organisation,
        "process": process,
        "lines": [(line, line.indicator.name_in(language)) for line in board.lines],
        "standing": board.standing,
        "can_manage": can_manage_indicators(request.user, organisation),
    }
    return render(request, "indicators/processes/detail.html", context)


@login_required
def process_edit(request: AuthenticatedRequest, org_id: str, process_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    process = process_selectors.process_in(organisation, process_id)
    if process.archived:
        messages.error(request, _("Restore the process before changing it."))
        return _to_process(process)
    form = _form(request, organisation, process)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                process_services.update_process(actor=request.user, process=process, data=form.to_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The process has been saved."))
                return _to_process(process)
        status = 422
    context = {"organisation": organisation, "form": form, "process": process}
    return render(request, "indicators/processes/form.html", context, status=status)


@login_required
@require_POST
def process_archive(request: AuthenticatedRequest, org_id: str, process_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    process = process_selectors.process_in(organisation, process_id)
    process_services.archive_process(actor=request.user, process=process)
    messages.success(request, _("The process has been archived. Its indicators are kept."))
    return redirect("indicators:processes", org_id=organisation.public_id)


@login_required
@require_POST
def process_restore(request: AuthenticatedRequest, org_id: str, process_id: str) -> HttpResponse:
    organisation = get_organisation_for_staff(request.user, org_id)
    require(can_manage_indicators(request.user, organisation))
    process = process_selectors.process_in(organisation, process_id)
    process_services.restore_process(actor=request.user, process=process)
    messages.success(request, _("The process is back in the register."))
    return _to_process(process)
