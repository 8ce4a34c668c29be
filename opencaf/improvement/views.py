"""Improvement plan pages: the plan with its dashboard, actions, progress reports, approval,
publication, the public read-only page and the owners' sign-in-free update page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments.permissions import get_assessment_access
from opencaf.core.exports import spreadsheet_download
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.core.importing import run_import
from opencaf.improvement import links, permissions, plan_panels, selectors, services
from opencaf.improvement.exchange import COLUMNS, action_importer, export_file
from opencaf.improvement.forms import ActionForm, MilestoneForm, ProgressForm, PublishForm
from opencaf.improvement.models import Audience, ImprovementPlan
from opencaf.organisations.permissions import get_organisation_for_staff, require


def _plan(request: AuthenticatedRequest, org_id: Any, plan_id: Any) -> ImprovementPlan:
    organisation = get_organisation_for_staff(request.user, org_id)
    plans = ImprovementPlan.objects.select_related("organisation", "assessment__framework", "approved_by")
    plan = get_by_public_id(plans.filter(organisation=organisation), plan_id)
    require(permissions.can_view_plan(request.user, plan))
    return plan


def _to_plan(plan: ImprovementPlan) -> HttpResponse:
    return redirect("improvement:detail", org_id=plan.organisation.public_id, plan_id=plan.public_id)


@login_required
def start(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """From a self-assessment to its improvement plan, creating it on request."""
    access = get_assessment_access(request.user, org_id, assessment_id)
    assessment = access.assessment
    plan = selectors.plan_of_assessment(assessment)
    if plan is not None:
        return _to_plan(plan)
    can_create = access.can_manage
    if request.method == "POST":
        require(can_create)
        try:
            plan = services.create_plan(actor=request.user, assessment=assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return _to_plan(plan)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "can_create": can_create,
        "assessment_finished": access.is_finished,
    }
    return render(request, "improvement/start.html", context)


@login_required
def detail(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    board = selectors.dashboard(plan)
    # The dashboard reaches to the last due date; the chart shows only what has happened.
    today = timezone.localdate()
    burn_down = [(day, count) for day, count in board.burn_down if day <= today]
    context = {
        "organisation": plan.organisation,
        "plan": plan,
        "dashboard": board,
        "burn_down_data": {
            "label": _("Open actions"),
            "labels": [formats.date_format(day, "SHORT_DATE_FORMAT") for day, _count in burn_down],
            "values": [count for _day, count in burn_down],
        },
        "burn_down": burn_down,
        "criterion_data": {
            "label": _("Average progress"),
            "labels": [f"{number}. {title}" for number, title, _count, _average in board.by_criterion],
            "values": [round(average) for _number, _title, _count, average in board.by_criterion],
            "max": 100,
        },
        "can_manage": permissions.can_manage_plan(request.user, plan),
        "can_approve": permissions.can_approve_plan(request.user, plan) and not plan.is_approved,
        "publish_form": PublishForm(initial={"audience": plan.audience}),
        "public_url": request.build_absolute_uri(f"/plans/{plan.public_token}/")
        if plan.audience == Audience.PUBLIC
        else "",
        "panels": plan_panels.for_plan(request.user, plan),  # blocks of the apps above (plan_panels.py)
    }
    return render(request, "improvement/detail.html", context)


def _action_data(form: ActionForm) -> services.ActionData:
    data = form.cleaned_data
    return services.ActionData(
        title=data["title"],
        description=data["description"],
        expected_effect=data["expected_effect"],
        owner=data["owner"],
        start_date=data["start_date"],
        due_date=data["due_date"],
        budget_eur=data["budget_eur"],
        person_days=data["person_days"],
        impact=data["impact"],
        feasibility=data["feasibility"],
        subcriteria=list(data["subcriteria"]),
    )


@login_required
def action_form(request: AuthenticatedRequest, org_id: str, plan_id: str, action_id: str | None = None) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    require(permissions.can_manage_plan(request.user, plan))
    action = permissions.get_action(plan, action_id) if action_id else None
    initial: dict[str, Any] = {}
    if action is not None:
        initial = {
            field: getattr(action, field)
            for field in (
                "title",
                "description",
                "expected_effect",
                "start_date",
                "due_date",
                "budget_eur",
                "person_days",
                "impact",
                "feasibility",
            )
        }
        initial.update(owner=action.owner_id, subcriteria=list(action.subcriteria.all()))
    findings = services.findings_of(plan) if action is None else []
    form = ActionForm(request.POST or None, initial=initial, plan=plan, findings=findings, new=action is None)
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                chosen = list(form.cleaned_data.get("findings") or [])
                action = services.add_action(actor=request.user, plan=plan, data=_action_data(form), findings=chosen)
            else:
                action = services.update_action(actor=request.user, action=action, data=_action_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action has been saved."))
            return _to_plan(plan)
    context = {"organisation": plan.organisation, "plan": plan, "action": action, "form": form}
    return render(request, "improvement/action_form.html", context)


@login_required
def action_detail(request: AuthenticatedRequest, org_id: str, plan_id: str, action_id: str) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    action = permissions.get_action(plan, action_id)
    can_update = permissions.can_update_action(request.user, action)
    progress_form = ProgressForm(
        request.POST if request.POST.get("form") == "progress" else None,
        initial={"status": action.status, "progress": action.progress},
    )
    milestone_form = MilestoneForm(
        request.POST if request.POST.get("form") == "milestone" else None, prefix="milestone"
    )
    if request.method == "POST":
        require(can_update)
        if request.POST.get("form") == "progress" and progress_form.is_valid():
            try:
                services.report_progress(actor=request.user, action=action, **progress_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(progress_form, error)
            else:
                messages.success(request, _("Progress has been recorded."))
                return redirect(request.path)
        elif request.POST.get("form") == "milestone" and milestone_form.is_valid():
            services.add_milestone(actor=request.user, action=action, **milestone_form.cleaned_data)
            return redirect(request.path)
        elif request.POST.get("reach"):
            milestone = get_by_public_id(action.milestones.all(), request.POST["reach"])
            services.reach_milestone(actor=request.user, milestone=milestone)
            return redirect(request.path)
    context = {
        "organisation": plan.organisation,
        "plan": plan,
        "action": action,
        "updates": list(action.updates.select_related("author")),
        "milestones": list(action.milestones.all()),
        "can_update": can_update,
        "can_manage": permissions.can_manage_plan(request.user, plan),
        "progress_form": progress_form,
        "milestone_form": milestone_form,
        "panels": plan_panels.for_action(request.user, action),
    }
    return render(request, "improvement/action_detail.html", context)


@login_required
def approve(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    """Approval cannot be withdrawn: GET says what it records and which actions are still vague,
    POST approves."""
    plan = _plan(request, org_id, plan_id)
    require(permissions.can_approve_plan(request.user, plan))
    if request.method != "POST":
        if plan.is_approved:
            return _to_plan(plan)
        actions = selectors.actions_of(plan)
        context = {
            "organisation": plan.organisation,
            "plan": plan,
            "action_count": len(actions),
            "without_owner": [action for action in actions if action.owner_id is None],
            "without_due_date": [action for action in actions if action.due_date is None],
        }
        return render(request, "improvement/approve.html", context)
    try:
        services.approve_plan(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The improvement plan has been approved."))
    return _to_plan(plan)


@login_required
@require_POST
def publish(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    require(permissions.can_manage_plan(request.user, plan))
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_plan(actor=request.user, plan=plan, audience=form.cleaned_data["audience"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Publication has been updated."))
    return _to_plan(plan)


def public_plan(request: HttpRequest, token: str) -> HttpResponse:
    """The read-only page of a plan published to the public: no sign-in, no names of people."""
    plan = (
        ImprovementPlan.objects.select_related("organisation", "assessment")
        .filter(public_token=token, audience=Audience.PUBLIC)
        .first()
    )
    if plan is None:
        raise Http404
    return render(request, "improvement/public.html", {"plan": plan, "actions": selectors.actions_of(plan)})


def update_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The owner's page from the reminder e-mail: report progress without signing in."""
    try:
        action = links.read_token(token)
    except links.LinkProblem as problem:
        status = 400 if problem.reason == problem.TAMPERED else 410
        return render(request, "improvement/link_problem.html", {"problem": problem}, status=status)
    form = ProgressForm(request.POST or None, initial={"status": action.status, "progress": action.progress})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_progress(actor=action.owner.user, action=action, via_link=True, **form.cleaned_data)  # type: ignore[union-attr]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            action.refresh_from_db()
            return render(request, "improvement/link_thanks.html", {"action": action})
    return render(request, "improvement/update_by_link.html", {"action": action, "form": form})


@login_required
def export_actions(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return spreadsheet_download(export_file(selectors.actions_of(plan), fmt), fmt, f"actions-{plan.public_id}")


@login_required
def import_actions(request: AuthenticatedRequest, org_id: str, plan_id: str) -> HttpResponse:
    plan = _plan(request, org_id, plan_id)
    require(permissions.can_manage_plan(request.user, plan))
    return run_import(
        request,
        action_importer(actor=request.user, plan=plan),
        template="improvement/import.html",
        context={"organisation": plan.organisation, "plan": plan, "columns": COLUMNS},
        scope_key=str(plan.public_id),
        success_url=reverse("improvement:detail", args=[plan.organisation.public_id, plan.public_id]),
    )


@login_required
def my_actions(request: AuthenticatedRequest) -> HttpResponse:
    """Every action the person owns, across the plans of all their organisations (an owner may always
    read the plan of their own action), grouped by organisation and plan."""
    groups = selectors.my_actions(request.user)
    rows = [row for group in groups for plan in group.plans for row in plan.rows]
    context = {
        "groups": groups,
        "open_count": sum(1 for row in rows if row.action.progress < 100),
        "overdue_count": sum(1 for row in rows if row.overdue),
        "stale_count": sum(1 for row in rows if row.stale),
        "total": len(rows),
    }
    return render(request, "improvement/my_actions.html", context)
