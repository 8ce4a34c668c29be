"""Employees' records (HR only; other members get a 403, outsiders a 404): the list (name, unit,
position, job profile, line manager; paginated, filtered by unit), adding every member who is not an
employee yet in one step, and editing one employee's job profile, line manager and position."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.permissions import require
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_model import EmployeeForm
from opencaf.people.models import Employee
from opencaf.people.selectors import model as selectors
from opencaf.people.services import employees as services
from opencaf.people.views.common import access_for_request, page_context


def _hr(request: AuthenticatedRequest, org_id: str) -> PeopleAccess:
    access = access_for_request(request, org_id)
    require(access.can_manage)
    return access


@login_required
@require_GET
def employee_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    organisation = access.organisation
    units = selectors.units(organisation)
    unit = request.GET.get("unit", "")
    if unit not in units:
        unit = ""
    context = page_context(
        access,
        page=selectors.employees_page(organisation, unit=unit, number=request.GET.get("page")),
        units=units,
        unit=unit,
        not_employees=selectors.members_not_employees(organisation),
    )
    return render(request, "people/model/employees.html", context)


@login_required
@require_POST
def employees_add_all(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    added = services.add_all_members(actor=request.user, organisation=access.organisation)
    if added:
        messages.success(
            request,
            ngettext("%(count)d member is an employee now.", "%(count)d members are employees now.", added)
            % {"count": added},
        )
    else:
        messages.info(request, _("Every member is an employee already."))
    return redirect("people:employees", org_id=access.organisation.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit(request: AuthenticatedRequest, org_id: str, employee_id: str) -> HttpResponse:
    access = _hr(request, org_id)
    organisation = access.organisation
    employees = Employee.objects.filter(organisation=organisation).select_related(
        "membership__user", "profile", "line_manager__user"
    )
    employee = get_by_public_id(employees, employee_id)
    form = EmployeeForm(
        request.POST if request.method == "POST" else None,
        profiles=selectors.profile_choices(organisation, employee),
        managers=selectors.line_manager_choices(organisation, employee),
        initial={
            "profile": employee.profile,
            "line_manager": employee.line_manager,
            "position_title": employee.position_title,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_employee(
                actor=request.user,
                employee=employee,
                profile=data.get("profile"),
                line_manager=data.get("line_manager"),
                position_title=data.get("position_title", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The record of %(name)s is saved.") % {"name": employee.membership.user.display_name}
            )
            return redirect("people:employees", org_id=organisation.public_id)
    status = 422 if form.errors else 200
    context = page_context(access, form=form, employee=employee)
    return render(request, "people/model/employee_form.html", context, status=status)
