"""Development plans: "My development plan" (the person's plans and the cycles they may start one for),
starting a plan (the person, or their line manager from "My team"), a plan's page with its actions,
adding and editing an action, moving it on, and marking the plan agreed.

The person and their line manager today only: HR gets a 403 on a person's plan, anyone else a 404
(selectors.plans.readable_plan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_reviews import ActionForm, ActionStateForm, PlanStartForm
from opencaf.people.models import ActionKind, ActionState, DevelopmentAction, DevelopmentPlan, ReviewCycle
from opencaf.people.selectors import plans as selectors
from opencaf.people.services import plans as services
from opencaf.people.views.common import access_for_request, page_context


def _plan_page(access: PeopleAccess, plan: DevelopmentPlan) -> HttpResponse:
    return redirect("people:plan", org_id=access.organisation.public_id, plan_id=plan.public_id)


def _say(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def my_plan(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    employee = selectors.my_employee(access)
    context = page_context(
        access,
        plans=selectors.my_plans(access),
        employee=employee,
        startable=selectors.cycles_without_plan(access, access.membership.pk) if employee is not None else [],
    )
    return render(request, "people/reviews/my_plan.html", context)


@login_required
@require_POST
def plan_start(request: AuthenticatedRequest, org_id: str, employee_id: str) -> HttpResponse:
    """Start the plan of an employee (oneself, or a member of one's team) for a cycle (POSTed)."""
    access = access_for_request(request, org_id)
    employee = selectors.plannable_employee(access, employee_id)
    own = access.is_me(employee.membership_id)
    back = redirect("people:my_plan" if own else "people:my_team", org_id=access.organisation.public_id)
    form = PlanStartForm(request.POST)
    cycle = None
    if form.is_valid():
        cycle = ReviewCycle.objects.filter(
            organisation=access.organisation, public_id=form.cleaned_data["cycle"]
        ).first()
    if cycle is None:
        messages.error(request, _("Choose the competency review the development plan is for."))
        return back
    try:
        plan = services.create_plan(actor=request.user, employee=employee, cycle=cycle)
    except ValidationError as error:
        _say(request, error)
        return back
    messages.success(request, _("The development plan is started. Add its actions."))
    return _plan_page(access, plan)


@login_required
@require_GET
def plan(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_plan(access, plan_id)
    actions = selectors.actions_of(found)
    context = page_context(
        access,
        plan=found,
        person=found.membership.user,
        as_person=access.is_me(found.membership_id),
        actions=actions,
        training_days=sum((action.days or 0 for action in actions if action.state != ActionState.CANCELLED), 0),
        states=ActionState.choices,
        overdue={
            action.pk
            for action in actions
            if action.state in selectors.OPEN_ACTION_STATES and action.due_on < timezone.localdate()
        },
    )
    return render(request, "people/reviews/plan.html", context)


def _action_input(form: ActionForm) -> services.ActionInput:
    data = form.cleaned_data
    return services.ActionInput(
        title=data["title"],
        kind=data["kind"],
        due_on=data["due_on"],
        competency=data.get("competency"),
        days=data.get("days"),
    )


def _action_form(
    request: AuthenticatedRequest, access: PeopleAccess, plan: DevelopmentPlan, action: DevelopmentAction | None
) -> HttpResponse:
    initial = {}
    if action is not None:
        initial = {
            "title": action.title,
            "kind": action.kind,
            "competency": action.competency_id,
            "days": action.days,
            "due_on": action.due_on,
        }
    form = ActionForm(
        request.POST or None,
        initial=initial,
        competencies=selectors.competencies_for(plan),
        language=get_language() or "en",
    )
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                services.add_action(actor=request.user, plan=plan, data=_action_input(form))
                messages.success(request, _("The action is added to the development plan."))
            elif services.edit_action(actor=request.user, plan=plan, action=action, data=_action_input(form)):
                messages.success(request, _("The action is changed."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _plan_page(access, plan)
    context = page_context(
        access,
        plan=plan,
        action=action,
        form=form,
        person=plan.membership.user,
        training=ActionKind.TRAINING.value,
    )
    status = 422 if form.errors else 200
    return render(request, "people/reviews/action_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_action_new(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_plan(access, plan_id)
    return _action_form(request, access, found, None)


@login_required
@require_http_methods(["GET", "POST"])
def plan_action_edit(request: AuthenticatedRequest, org_id: str, plan_id: str, action_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_plan(access, plan_id)
    action = selectors.action_of(found, action_id)
    return _action_form(request, access, found, action)


@login_required
@require_POST
def plan_action_state(request: AuthenticatedRequest, org_id: str, plan_id: str, action_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_plan(access, plan_id)
    action = selectors.action_of(found, action_id)
    form = ActionStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the state of the action, and a valid date for one that is done."))
        return _plan_page(access, found)
    try:
        services.set_action_state(
            actor=request.user,
            plan=found,
            action=action,
            state=form.cleaned_data["state"],
            done_on=form.cleaned_data.get("done_on"),
        )
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(
            request,
            _("“%(action)s” is now: %(state)s.")
            % {"action": action.title, "state": ActionState(form.cleaned_data["state"]).label},
        )
    return _plan_page(access, found)


@login_required
@require_POST
def plan_agree(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_plan(access, plan_id)
    try:
        services.agree_plan(actor=request.user, plan=found)
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, _("The development plan is marked agreed."))
    return _plan_page(access, found)
