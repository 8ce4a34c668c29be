"""The project: list, creation, overview with plan, groups and progress, and state changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments import permissions, selectors, services
from opencaf.assessments.forms import (
    AssessmentForm,
    GroupForm,
    NextCycleForm,
    PlanItemForm,
    ReplaceSeatForm,
    SeatForm,
    SettingsForm,
)
from opencaf.assessments.lifecycle import ASKS_FIRST, Action, State, allowed_actions
from opencaf.assessments.models import PlanItemKind, Seat, SelfAssessment
from opencaf.assessments.views.common import add_service_errors, assessment_access, organisation_for, require

ACTION_LABELS = {
    Action.START: gettext_lazy("Start individual assessment"),
    Action.PAUSE: gettext_lazy("Pause"),
    Action.RESUME: gettext_lazy("Resume"),
    Action.OPEN_CONSENSUS: gettext_lazy("Open consensus"),
    Action.FINALISE: gettext_lazy("Finalise"),
    Action.CLOSE: gettext_lazy("Close"),
    Action.REOPEN: gettext_lazy("Reopen"),
    Action.REOPEN_INDIVIDUAL: gettext_lazy("Reopen individual scoring"),
}
# The steps that go through a confirmation page (GET asks, POST does it).
CONFIRMED_STEPS = frozenset({*ASKS_FIRST, Action.REOPEN_INDIVIDUAL})


def _to_detail(assessment: object) -> HttpResponse:
    return redirect(
        "assessments:detail",
        org_id=assessment.organisation.public_id,  # type: ignore[attr-defined]
        assessment_id=assessment.public_id,  # type: ignore[attr-defined]
    )


@login_required
def assessment_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = organisation_for(request, org_id)
    context = {
        "organisation": organisation,
        "assessments": list(selectors.assessments_of(organisation)),
        "can_create": permissions.can_create(request.user, organisation),
    }
    return render(request, "assessments/list.html", context)


@login_required
def assessment_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    organisation = organisation_for(request, org_id)
    require(permissions.can_create(request.user, organisation))
    form = AssessmentForm(request.POST or None, initial={"scoring_method": "classical", "scope": "whole"})
    if request.method == "POST" and form.is_valid():
        assessment = services.create_assessment(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The self-assessment has been created. Plan it and compose the groups."))
        return _to_detail(assessment)
    return render(request, "assessments/new.html", {"organisation": organisation, "form": form})


@login_required
def assessment_detail(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    allowed = access.flags
    seats = selectors.seats_of(assessment)
    subcriteria = selectors.subcriteria_of(assessment)
    seat_progress, criterion_progress = selectors.progress(assessment, seats, subcriteria)
    my_seats = [seat for seat in seats if seat.membership.user_id == request.user.pk]
    my_progress = [row for row in seat_progress if row.seat in my_seats]
    groups = selectors.groups_of(assessment)
    steps = []
    if allowed["can_manage"]:
        possible = allowed_actions(assessment.lifecycle_state)
        if _can_reopen_individual(assessment):
            possible.append(Action.REOPEN_INDIVIDUAL)
        steps = [(action.value, ACTION_LABELS[action], _confirm_url(assessment, action)) for action in possible]
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "plan": selectors.plan_of(assessment),
        "groups": groups,
        # A project without group members cannot start: building a group is the next step, not starting.
        "needs_group": allowed["can_manage"] and not groups,
        "needs_members": allowed["can_manage"] and bool(groups) and not seats,
        "seat_progress": seat_progress if allowed["can_manage"] else [],
        "criterion_progress": criterion_progress if allowed["can_manage"] else [],
        "diversity_warnings": _diversity_warnings(seats) if allowed["can_manage"] else [],
        "my_progress": my_progress,
        "nothing_scored": not any(row.done for row in my_progress),
        "actions": steps,
        **allowed,
    }
    return render(request, "assessments/detail.html", context)


def _diversity_warnings(seats: list[Seat]) -> list[str]:
    """Warn when a group is drawn from one department or has nobody from the front line."""
    warnings = []
    by_group: dict[str, list[Seat]] = {}
    for seat in seats:
        by_group.setdefault(seat.group.name, []).append(seat)
    for name, members in by_group.items():
        areas = {seat.functional_area.strip().casefold() for seat in members}
        if len(members) >= 2 and len(areas) == 1:
            warnings.append(_("Group “%(group)s”: all members come from one functional area.") % {"group": name})
        if not any(seat.staff_level == "front_line" for seat in members):
            warnings.append(_("Group “%(group)s”: nobody from the front line.") % {"group": name})
    return warnings


def _confirm_url(assessment: SelfAssessment, action: Action) -> str:
    """Where the button of a step leads: its confirmation page, or "" when it is posted directly."""
    if action not in CONFIRMED_STEPS:
        return ""
    kwargs = {
        "org_id": assessment.organisation.public_id,
        "assessment_id": assessment.public_id,
        "action": action.value,
    }
    return reverse("assessments:confirm_step", kwargs=kwargs)


def _can_reopen_individual(assessment: SelfAssessment) -> bool:
    """Consensus is open and nobody has recorded any yet (the service checks again under a lock)."""
    return assessment.lifecycle_state == State.CONSENSUS and not assessment.consensus.exists()


@login_required
@require_POST
def change_state(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    try:
        action = Action(request.POST.get("action", ""))
    except ValueError:
        messages.error(request, _("Unknown step."))
        return _to_detail(assessment)
    if action in CONFIRMED_STEPS:
        # A step that locks others' work is never taken on one click: ask on its own page first.
        return redirect(_confirm_url(assessment, action))
    return _take_step(request, assessment, action)


@login_required
def confirm_step(request: AuthenticatedRequest, org_id: str, assessment_id: str, action: str) -> HttpResponse:
    """Ask before opening consensus, finalising or reopening individual scoring: say what will be
    locked and who has not finished. GET only shows the page; POST takes the step."""
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    try:
        step = Action(action)
    except ValueError:
        raise Http404 from None
    if step not in CONFIRMED_STEPS:
        raise Http404
    if request.method == "POST":
        return _take_step(request, assessment, step)
    possible = (
        _can_reopen_individual(assessment)
        if step == Action.REOPEN_INDIVIDUAL
        else step in allowed_actions(assessment.lifecycle_state)
    )
    if not possible:
        messages.error(request, _("This step is not possible in the current state of the self-assessment."))
        return _to_detail(assessment)
    context: dict[str, object] = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "step": step.value,
        "label": ACTION_LABELS[step],
    }
    if step == Action.OPEN_CONSENSUS:
        seat_progress, _criteria = selectors.progress(
            assessment, selectors.seats_of(assessment), selectors.subcriteria_of(assessment)
        )
        context["unfinished"] = [row for row in seat_progress if row.done < row.total]
    elif step == Action.FINALISE:
        context["undecided"] = selectors.undecided_subcriteria(assessment)
    else:
        deadline = assessment.individual_deadline
        context["deadline_passed"] = deadline is not None and deadline < timezone.localdate()
    return render(request, "assessments/confirm_step.html", context)


def _take_step(request: AuthenticatedRequest, assessment: SelfAssessment, step: Action) -> HttpResponse:
    try:
        if step == Action.REOPEN_INDIVIDUAL:
            changed = services.reopen_individual_scoring(actor=request.user, assessment=assessment)
        else:
            changed = services.change_state(actor=request.user, assessment=assessment, action=step)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The self-assessment is now in the state “%(state)s”.") % {"state": changed.get_state_display()}
        )
    return _to_detail(assessment)


@login_required
def assessment_settings(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    initial = {
        "individual_deadline": assessment.individual_deadline,
        "show_names_in_consensus": assessment.show_names_in_consensus,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_settings(actor=request.user, assessment=assessment, **form.cleaned_data)
        messages.success(request, _("The settings have been saved."))
        return _to_detail(assessment)
    context = {"organisation": assessment.organisation, "assessment": assessment, "form": form}
    return render(request, "assessments/settings.html", context)


@login_required
def plan_item(
    request: AuthenticatedRequest, org_id: str, assessment_id: str, item_id: str | None = None
) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    item = permissions.get_plan_item(assessment, item_id) if item_id else None
    is_step = item is not None and item.kind == PlanItemKind.STEP
    initial = {}
    if item is not None:
        initial = {
            "kind": item.kind,
            "title": item.title,
            "start_date": item.start_date,
            "end_date": item.end_date,
            "responsible": item.responsible_id,
            "status": item.status,
            "notes": item.notes,
        }
    form = PlanItemForm(request.POST or None, initial=initial, organisation=assessment.organisation, is_step=is_step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_plan_item(
                actor=request.user,
                assessment=assessment,
                item=item,
                kind=data.get("kind") or (item.kind if item else PlanItemKind.TRAINING),
                title=data.get("title", ""),
                start_date=data["start_date"],
                end_date=data["end_date"],
                responsible=data["responsible"],
                status=data["status"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return _to_detail(assessment)
    context = {"organisation": assessment.organisation, "assessment": assessment, "form": form, "item": item}
    return render(request, "assessments/plan_item.html", context)


@login_required
def group_new(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    form = GroupForm(request.POST or None, organisation=assessment.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(actor=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The group “%(name)s” has been created. Now add its members.") % {"name": group.name}
            )
            # The next step is always the same: filling the new group.
            return redirect(
                "assessments:seat_new",
                org_id=assessment.organisation.public_id,
                assessment_id=assessment.public_id,
                group_id=group.public_id,
            )
    context = {"organisation": assessment.organisation, "assessment": assessment, "form": form}
    return render(request, "assessments/group_new.html", context)


@login_required
def seat_new(request: AuthenticatedRequest, org_id: str, assessment_id: str, group_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    group = permissions.get_group(assessment, group_id)
    form = SeatForm(request.POST or None, organisation=assessment.organisation, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # All or none: one refused member leaves the group as it was, and the form as ticked.
            with transaction.atomic():
                seats = [
                    services.add_seat(
                        actor=request.user,
                        group=group,
                        membership=membership,
                        functional_area=data["functional_area"],
                        staff_level=data["staff_level"],
                    )
                    for membership in data["membership"]
                ]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = ", ".join(seat.membership.user.display_name for seat in seats)
            messages.success(
                request,
                ngettext(
                    "%(names)s has been added and informed by e-mail.",
                    "%(names)s have been added and informed by e-mail.",
                    len(seats),
                )
                % {"names": names},
            )
            return _to_detail(assessment)
    context = {"organisation": assessment.organisation, "assessment": assessment, "group": group, "form": form}
    return render(request, "assessments/seat_new.html", context)


@login_required
def seat_replace(request: AuthenticatedRequest, org_id: str, assessment_id: str, seat_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_manage)
    seat = permissions.get_seat(assessment, seat_id)
    form = ReplaceSeatForm(request.POST or None, organisation=assessment.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_seat_member(actor=request.user, seat=seat, membership=form.cleaned_data["membership"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member has been replaced; everything entered so far is kept."))
            return _to_detail(assessment)
    context = {"organisation": assessment.organisation, "assessment": assessment, "seat": seat, "form": form}
    return render(request, "assessments/seat_replace.html", context)


@login_required
@require_POST
def send_reminders(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    assessment = access.assessment
    require(access.can_send_reminders)
    try:
        count = services.send_reminders(actor=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", count) % {"count": count},
        )
    return _to_detail(assessment)


@login_required
def next_cycle(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = assessment_access(request, org_id, assessment_id)
    previous = access.assessment
    require(access.can_manage)
    form = NextCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_next_cycle(
                actor=request.user, previous=previous, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The new self-assessment has been created; evidence from the previous cycle is attached for review."),
            )
            return _to_detail(assessment)
    context = {"organisation": previous.organisation, "assessment": previous, "form": form}
    return render(request, "assessments/next_cycle.html", context)
