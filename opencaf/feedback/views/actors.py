"""The external feedback actors' pages.

- the network's list (`network/<network_id>/external-feedback/actors/`) and one actor's page, for the
  network's coordinators (404 for anyone else): add an actor by e-mail address, change their
  qualification, deactivate or reactivate them;
- an assigned actor's declaration of interests on a case (`external-feedback/<case_id>/declaration/`):
  all they see of the case before declaring is the organisation's name, the self-assessment's title and
  the procedure; anyone not assigned gets a 404;
- the signed-in person's own cases as an actor, across networks (`external-feedback/mine/`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.feedback.access import case_access
from opencaf.feedback.models import Declaration
from opencaf.feedback.organiser_forms import ActorEditForm, AddActorForm, ConflictForm, NoConflictForm
from opencaf.feedback.selectors import organiser as selectors
from opencaf.feedback.services import actors as services
from opencaf.organisations.permissions import get_network_for_coordinator

# --- the network's list -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def actors(request: AuthenticatedRequest, network_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    form = AddActorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_actor(
                actor=request.user,
                network=network,
                email=data["email"],
                full_name=data["full_name"],
                qualification=data["qualification"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = {"name": added.external_actor.user.display_name}
            if added.account_created:
                message = _("%(name)s is added; they received an e-mail to set the password of their new account.")
            else:
                message = _("%(name)s is added and told by e-mail.")
            messages.success(request, message % name)
            return redirect("feedback:actors", network_id=network.public_id)
    context = {"network": network, "actors": selectors.network_actors(network), "form": form}
    return render(request, "feedback/organiser/actors.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: AuthenticatedRequest, network_id: str, actor_id: str) -> HttpResponse:
    network = get_network_for_coordinator(request.user, network_id)
    external_actor = selectors.get_actor_in(network, actor_id)
    initial = {"qualification": external_actor.qualification, "active": external_actor.active}
    form = ActorEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_actor(
                actor=request.user,
                external_actor=external_actor,
                qualification=form.cleaned_data["qualification"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("feedback:actor_edit", network_id=network.public_id, actor_id=external_actor.public_id)
    context = {
        "network": network,
        "external_actor": external_actor,
        "form": form,
        "assignments": selectors.actor_assignments(external_actor),
    }
    return render(request, "feedback/organiser/actor_edit.html", context, status=422 if form.errors else 200)


# --- the actor's declaration of interests ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def declare(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    assignment = access.assignment
    if assignment is None:
        raise Http404  # the organisation's members and the organiser have nothing to declare
    case = access.case
    no_conflict_form = NoConflictForm(prefix="none")
    conflict_form = ConflictForm(prefix="conflict")
    if request.method == "POST":
        declaration = request.POST.get("declaration", "")
        form: NoConflictForm | ConflictForm
        if declaration == Declaration.CONFLICT:
            form = conflict_form = ConflictForm(request.POST, prefix="conflict")
        else:
            declaration = Declaration.NO_CONFLICT
            form = no_conflict_form = NoConflictForm(request.POST, prefix="none")
        if form.is_valid():
            try:
                services.declare_interests(
                    actor=request.user, case=case, declaration=declaration, note=form.cleaned_data.get("note", "")
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # declared already, or the case moved on
                    for message in error.messages:
                        messages.error(request, message)
                    return redirect("feedback:declare", case_id=case.public_id)
                add_service_errors(form, error)
            else:
                if declaration == Declaration.CONFLICT:
                    messages.success(
                        request,
                        _("Thank you. You are no longer assigned to this application; the coordinators are told."),
                    )
                    return redirect("feedback:my_cases")
                messages.success(request, _("Thank you. You may now read the application."))
                return redirect("feedback:case", case_id=case.public_id)
    context = {
        "case": case,
        "assignment": assignment,
        "no_conflict_form": no_conflict_form,
        "conflict_form": conflict_form,
    }
    status = 422 if no_conflict_form.errors or conflict_form.errors else 200
    return render(request, "feedback/organiser/declare.html", context, status=status)


# --- the person's own cases as an actor ----------------------------------------------------------------


@login_required
@require_safe
def my_cases(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "feedback/organiser/my_cases.html", {"rows": selectors.my_cases(request.user)})
