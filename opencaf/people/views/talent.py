"""Talent and succession pages, for HR and top management only (`PeopleAccess.sees_talent`):

- the key positions (`talent/positions/`): each with its holder, risk, impact, successors and their
  readiness, those at risk first, and how many are covered; the forms to add, change and remove one;
- a key position's page with its successors, and the forms to add, change and remove a successor;
- the talent grid (`talent/grid/`): performance × potential of one competency review.

A member without the right gets a 403 on the list pages and a 404 on one position's pages (which do not
confirm that the position exists); anyone outside the organisation a 404. The pages that name people
record the read (selectors/talent.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.organisations.permissions import require
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_talent import CycleChoiceForm, PositionForm, SuccessorEditForm, SuccessorForm
from opencaf.people.models import KeyPosition
from opencaf.people.selectors import talent as selectors
from opencaf.people.services import talent as services
from opencaf.people.views.common import access_for_request, page_context


def _to_position(access: PeopleAccess, position: KeyPosition) -> HttpResponse:
    return redirect("people:key_position", org_id=access.organisation.public_id, position_id=position.public_id)


# --- key positions -----------------------------------------------------------------------------------


@login_required
@require_GET
def key_positions(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.sees_talent)
    listing = selectors.read_key_positions(access, request.GET.get("page", 1))
    context = page_context(access, page=listing.page, coverage=listing.coverage, talent_tab="positions")
    return render(request, "people/talent/key_positions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def key_position_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.sees_talent)
    form = PositionForm(request.POST or None, members=selectors.members(access.organisation))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                position = services.create_key_position(actor=request.user, access=access, data=form.to_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The key position has been added."))
                return _to_position(access, position)
        status = 422
    context = page_context(access, form=form, position=None)
    return render(request, "people/talent/key_position_form.html", context, status=status)


@login_required
@require_GET
def key_position(request: AuthenticatedRequest, org_id: str, position_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    row = selectors.read_position(access, position_id)
    context = page_context(access, row=row, position=row.position)
    return render(request, "people/talent/key_position.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def key_position_edit(request: AuthenticatedRequest, org_id: str, position_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    position = selectors.position_for(access, position_id)
    form = PositionForm(request.POST or None, members=selectors.members(access.organisation), position=position)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_key_position(actor=request.user, access=access, position=position, data=form.to_input())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The key position has been saved."))
                return _to_position(access, position)
        status = 422
    context = page_context(access, form=form, position=position)
    return render(request, "people/talent/key_position_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def key_position_remove(request: AuthenticatedRequest, org_id: str, position_id: str) -> HttpResponse:
    """Asks first, saying how many successors go with the position; the form's POST removes it."""
    access = access_for_request(request, org_id)
    position = selectors.position_for(access, position_id)
    if request.method == "POST":
        services.remove_key_position(actor=request.user, access=access, position=position)
        messages.success(request, _("The key position “%(title)s” has been removed.") % {"title": position.title})
        return redirect("people:key_positions", org_id=access.organisation.public_id)
    context = page_context(access, position=position, successors=position.successors.count())
    return render(request, "people/talent/key_position_remove.html", context)


# --- successors --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def successor_new(request: AuthenticatedRequest, org_id: str, position_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    position = selectors.position_for(access, position_id)
    form = SuccessorForm(request.POST or None, members=selectors.members(access.organisation))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                successor = services.add_successor(
                    actor=request.user,
                    access=access,
                    position=position,
                    membership=data["membership"],
                    readiness=data["readiness"],
                    development=data["development"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                name = successor.membership.user.display_name
                messages.success(request, _("%(name)s has been added as a successor.") % {"name": name})
                return _to_position(access, position)
        status = 422
    context = page_context(access, form=form, position=position, successor=None)
    return render(request, "people/talent/successor_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def successor_edit(request: AuthenticatedRequest, org_id: str, position_id: str, successor_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    position = selectors.position_for(access, position_id)
    successor = selectors.successor_for(access, position, successor_id)
    form = SuccessorEditForm(request.POST or None, successor=successor)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_successor(
                    actor=request.user,
                    access=access,
                    successor=successor,
                    readiness=form.cleaned_data["readiness"],
                    development=form.cleaned_data["development"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The successor has been saved."))
                return _to_position(access, position)
        status = 422
    context = page_context(access, form=form, position=position, successor=successor)
    return render(request, "people/talent/successor_form.html", context, status=status)


@login_required
@require_POST
def successor_remove(request: AuthenticatedRequest, org_id: str, position_id: str, successor_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    position = selectors.position_for(access, position_id)
    successor = selectors.successor_for(access, position, successor_id)
    services.remove_successor(actor=request.user, access=access, successor=successor)
    name = successor.membership.user.display_name
    messages.success(request, _("%(name)s is no longer a successor of this position.") % {"name": name})
    return _to_position(access, position)


# --- the talent grid ---------------------------------------------------------------------------------


@login_required
@require_GET
def talent_grid(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.sees_talent)
    chosen = selectors.read_talent_grid(access, request.GET.get("cycle"))
    form = CycleChoiceForm(initial={"cycle": str(chosen.cycle.public_id) if chosen.cycle else ""}, cycles=chosen.cycles)
    context = page_context(access, grid=chosen, form=form, talent_tab="grid")
    return render(request, "people/talent/grid.html", context)
