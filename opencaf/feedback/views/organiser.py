"""The organiser's pages of external feedback, for the coordinators of the case's network.

- the network's applications (`network/<network_id>/external-feedback/cases/`), grouped by state with
  what waits for the organiser first, and the labels about to expire;
- on one case (`external-feedback/<case_id>/…`): accept or return the application; assign the external
  feedback actors and remove one; schedule the visit.

Anyone who may not reach the case gets a 404 (`case_access`); its members and actors get a 403 here.
A closed case (awarded, not awarded, withdrawn) has nothing left to organise: said, and back to it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.feedback import lifecycle
from opencaf.feedback.access import CaseAccess, case_access
from opencaf.feedback.models import CaseState
from opencaf.feedback.organiser_forms import AssignForm, ReturnForm, VisitForm
from opencaf.feedback.selectors import organiser as selectors
from opencaf.feedback.services import organiser as services
from opencaf.organisations.permissions import get_network_for_coordinator, require


def _posted_version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _case_page(access: CaseAccess) -> HttpResponse:
    return redirect("feedback:case", case_id=access.case.public_id)


def _organising(request: AuthenticatedRequest, case_id: str) -> tuple[CaseAccess, HttpResponse | None]:
    """The coordinator's access to the case (403 for its members and actors), and the way back to the
    case when it is closed."""
    access = case_access(request.user, case_id)
    require(access.coordinator)
    return access, None if access.can_organise else _closed(request, access)


def _closed(request: HttpRequest, access: CaseAccess) -> HttpResponse:
    messages.error(
        request,
        _("This application is closed (“%(state)s”): there is nothing left to organise.")
        % {"state": access.case.get_state_display()},
    )
    return _case_page(access)


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- the network's applications -------------------------------------------------------------------


@login_required
@require_safe
def network_cases(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    counts = selectors.state_counts(network)
    chosen = request.GET.get("state", selectors.OPEN_FILTER)
    if chosen not in {item.state for item in counts} | {selectors.OPEN_FILTER, "all"}:
        chosen = selectors.OPEN_FILTER
    page = selectors.network_cases(network, "" if chosen == "all" else chosen, request.GET.get("page"))
    final = {state.value for state in lifecycle.FINAL}
    context = {
        "network": network,
        "counts": counts,
        "chosen": chosen,
        "total": sum(item.count for item in counts),
        "open_count": sum(item.count for item in counts if item.state not in final),
        "page": page,
        "expiring": selectors.expiring_labels(network),
        "expiry_days": selectors.EXPIRY_DAYS,
    }
    return render(request, "feedback/organiser/network_cases.html", context)


# --- accepting or returning an application ------------------------------------------------------------


@login_required
@require_POST
def case_accept(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access, closed = _organising(request, case_id)
    if closed is not None:
        return closed
    try:
        services.accept_case(actor=request.user, case=access.case, expected_version=_posted_version(request))
    except ValidationError as error:
        _say(request, error)
        return _case_page(access)
    messages.success(request, _("The application is accepted. Now assign the external feedback actors."))
    return redirect("feedback:case_assign", case_id=access.case.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def case_return(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access, closed = _organising(request, case_id)
    if closed is not None:
        return closed
    case = access.case
    if case.state != CaseState.SUBMITTED:
        messages.error(
            request,
            _("Only a submitted application can be returned; this one is “%(state)s”.")
            % {"state": case.get_state_display()},
        )
        return _case_page(access)
    form = ReturnForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.return_case(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The application is back with the organisation, with your reasons."))
            return _case_page(access)
    status = 422 if form.errors else 200
    return render(request, "feedback/organiser/return.html", {"case": case, "form": form}, status=status)


# --- the external feedback actors of a case -----------------------------------------------------------


def _assign_page(
    request: AuthenticatedRequest, access: CaseAccess, form: AssignForm, *, status: int = 200
) -> HttpResponse:
    case = access.case
    assignments = selectors.case_assignments(case)
    can_assign = access.can_organise and access.state in lifecycle.IN_HANDS_OF_ACTORS
    context = {
        "case": case,
        "form": form,
        "assignments": assignments,
        "can_assign": can_assign,
        "has_choices": len(form.fields["external_actor"].widget.choices) > 1,
        "usual": case.procedure.actors_per_case,
        "counted": sum(1 for item in assignments if item.declaration != "conflict"),
        "state_note": ""
        if can_assign
        else _(
            "External feedback actors are assigned once the application is accepted, while the feedback is under way."
        ),
    }
    return render(request, "feedback/organiser/assign.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    require(access.coordinator)  # a closed case still lists its actors, without the form
    case = access.case
    actors = selectors.active_actors(case.network)
    assigned = set(case.actors.values_list("actor_id", flat=True))
    form = AssignForm(request.POST or None, actors=actors, assigned=assigned)
    if request.method == "POST":
        if not access.can_organise:
            return _closed(request, access)
        if form.is_valid():
            chosen, lead = form.cleaned_data["external_actor"], form.cleaned_data["lead"]
            try:
                services.assign_actor(actor=request.user, case=case, external_actor=chosen, lead=lead)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is assigned and asked by e-mail to declare their interests.")
                    % {"name": chosen.user.display_name},
                )
                usual, counted = case.procedure.actors_per_case, services.counted_actors(case)
                if counted > usual:
                    messages.warning(
                        request,
                        _("This application now has %(count)d actors; the procedure usually has %(usual)d.")
                        % {"count": counted, "usual": usual},
                    )
                return redirect("feedback:case_assign", case_id=case.public_id)
        return _assign_page(request, access, form, status=422)
    return _assign_page(request, access, form)


@login_required
@require_POST
def case_unassign(request: AuthenticatedRequest, case_id: str, assignment_id: str) -> HttpResponse:
    access, closed = _organising(request, case_id)
    if closed is not None:
        return closed
    assignment = selectors.get_assignment_in(access.case, assignment_id)
    try:
        services.unassign_actor(actor=request.user, case=access.case, assignment=assignment)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is no longer assigned to this application.") % {"name": assignment.actor.user.display_name},
        )
    return redirect("feedback:case_assign", case_id=access.case.public_id)


# --- the visit ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access, closed = _organising(request, case_id)
    if closed is not None:
        return closed
    case = access.case
    if case.lifecycle_state not in lifecycle.IN_HANDS_OF_ACTORS:
        messages.error(
            request, _("The visit is scheduled once the application is accepted, while the feedback is under way.")
        )
        return _case_page(access)
    form = VisitForm(request.POST or None, initial=VisitForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.schedule_visit(
                actor=request.user,
                case=case,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                agenda=data["agenda"],
                expected_version=data.get("version"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    _("The visit is scheduled; the external feedback actors and the organisation are told by e-mail."),
                )
            else:
                messages.info(request, _("Nothing has changed in the visit."))
            return _case_page(access)
    status = 422 if form.errors else 200
    return render(request, "feedback/organiser/visit.html", {"case": case, "form": form}, status=status)
