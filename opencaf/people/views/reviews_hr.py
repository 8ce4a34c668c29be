"""HR's pages of competency reviews: the cycles, a new cycle, a cycle's page (its state and moves, who
has finished, and the gaps per unit and competency through the anonymity gate) and the confirmation
asked before opening, closing or reopening it.

HR sees names and states, never a person's ratings; anyone else of the organisation gets a 403 here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.organisations.permissions import require
from opencaf.people import lifecycle
from opencaf.people.forms_reviews import CycleForm, version_label
from opencaf.people.models import CycleState, Employee, Review, ReviewCycle
from opencaf.people.selectors import reviews as selectors
from opencaf.people.services import reviews as services
from opencaf.people.views.common import access_for_request, page_context

MOVE_LABELS = {
    lifecycle.CycleMove.OPEN: gettext_lazy("Open the competency review"),
    lifecycle.CycleMove.CLOSE: gettext_lazy("Close the competency review"),
    lifecycle.CycleMove.REOPEN: gettext_lazy("Reopen the competency review"),
}
# The confirmation page asks; a heading in the form of a question reads better in every language.
MOVE_QUESTIONS = {
    lifecycle.CycleMove.OPEN: gettext_lazy("Open the competency review now?"),
    lifecycle.CycleMove.CLOSE: gettext_lazy("Close the competency review now?"),
    lifecycle.CycleMove.REOPEN: gettext_lazy("Reopen the competency review?"),
}


def _moves(cycle: ReviewCycle) -> list[tuple[str, str]]:
    return [(move.value, str(MOVE_LABELS[move])) for (state, move) in lifecycle.CYCLE_MOVES if state == cycle.state]


def _cycle_page(cycle: ReviewCycle) -> HttpResponse:
    return redirect("people:review_cycle", org_id=cycle.organisation.public_id, cycle_id=cycle.public_id)


@login_required
@require_GET
def review_cycles(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.is_hr)
    page = selectors.cycles_page(access.organisation, request.GET.get("page"))
    return render(request, "people/reviews/cycles.html", page_context(access, page=page))


@login_required
@require_http_methods(["GET", "POST"])
def review_cycle_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.is_hr)
    versions = services.usable_versions(access.organisation)
    form = CycleForm(request.POST or None, versions=versions, language=get_language() or "en")
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.create_cycle(
                actor=request.user,
                organisation=access.organisation,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The competency review is being prepared. Open it when you are ready: everyone is told then."),
            )
            return _cycle_page(cycle)
    status = 422 if form.errors else 200
    context = page_context(access, form=form, has_versions=versions.exists())
    return render(request, "people/reviews/cycle_new.html", context, status=status)


@login_required
@require_GET
def review_cycle(request: AuthenticatedRequest, org_id: str, cycle_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.is_hr)
    cycle = selectors.cycle_of(access, cycle_id)
    cycle.organisation = access.organisation
    context = page_context(
        access, cycle=cycle, moves=_moves(cycle), version_label=version_label(cycle.version, get_language() or "en")
    )
    if cycle.state != CycleState.DRAFT:
        context["progress"] = selectors.progress(cycle)
        context["unfinished"] = selectors.unfinished_page(cycle, request.GET.get("page"))
        context["table"] = selectors.unit_table(cycle)
    return render(request, "people/reviews/cycle.html", context)


def _confirmation(cycle: ReviewCycle, move: lifecycle.CycleMove) -> dict[str, object]:
    """What the confirmation page says will happen, with the figures it concerns."""
    if move == lifecycle.CycleMove.OPEN:
        employees = Employee.objects.filter(organisation_id=cycle.organisation_id)
        return {
            "employees": employees.count(),
            "without_profile": employees.filter(profile__isnull=True).count(),
            "without_manager": employees.filter(line_manager__isnull=True).count(),
        }
    reviews = Review.objects.filter(cycle=cycle)
    return {
        "self_pending": reviews.filter(self_submitted_at__isnull=True).count(),
        "manager_pending": reviews.filter(manager_submitted_at__isnull=True).count(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_cycle_move(request: AuthenticatedRequest, org_id: str, cycle_id: str, move: str) -> HttpResponse:
    """Ask before opening (everyone is mailed), closing (nobody can submit) or reopening; POST moves."""
    access = access_for_request(request, org_id)
    require(access.is_hr)
    cycle = selectors.cycle_of(access, cycle_id)
    cycle.organisation = access.organisation
    try:
        step = lifecycle.CycleMove(move)
    except ValueError:
        raise Http404 from None
    if (lifecycle.CycleState(cycle.state), step) not in lifecycle.CYCLE_MOVES:
        messages.error(
            request,
            _("This is not possible while the competency review is “%(state)s”.")
            % {"state": cycle.get_state_display()},
        )
        return _cycle_page(cycle)
    if request.method == "POST":
        return _take(request, cycle, step)
    context = page_context(
        access,
        cycle=cycle,
        step=step.value,
        label=MOVE_LABELS[step],
        question=MOVE_QUESTIONS[step],
        **_confirmation(cycle, step),
    )
    return render(request, "people/reviews/cycle_move.html", context)


def _take(request: AuthenticatedRequest, cycle: ReviewCycle, step: lifecycle.CycleMove) -> HttpResponse:
    try:
        if step == lifecycle.CycleMove.OPEN:
            opened = services.open_cycle(actor=request.user, cycle=cycle)
            text = ngettext(
                "The competency review is open: %(count)d assessment was created and the people were told by e-mail.",
                "The competency review is open: %(count)d assessments were created and the people were told by e-mail.",
                opened.created,
            ) % {"count": opened.created}
            if opened.without_profile:
                text += " " + ngettext(
                    "%(count)d employee has no job profile: their assessment shows no gaps.",
                    "%(count)d employees have no job profile: their assessments show no gaps.",
                    opened.without_profile,
                ) % {"count": opened.without_profile}
        elif step == lifecycle.CycleMove.CLOSE:
            services.close_cycle(actor=request.user, cycle=cycle)
            text = _("The competency review is closed: assessments can no longer be given or changed.")
        else:
            services.reopen_cycle(actor=request.user, cycle=cycle)
            text = _("The competency review is open again.")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, text)
    return _cycle_page(cycle)
