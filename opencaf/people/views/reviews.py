"""A person's competency review and their line manager's pages.

- "My competency review" (`reviews/mine/`): the person's review in the open cycle (else the latest);
- a review (`reviews/assessment/<review_id>/`): for the person, the self-assessment form while the
  cycle is open and they have not submitted, then their ratings, and the line manager's with the gaps
  once the manager submitted; for the line manager named on it, the person's ratings (once submitted),
  their own and the gaps;
- the line manager's assessment form (`…/assess/`), the person's own ratings shown beside;
- "My team" (`reviews/team/`): each team member's state in the open cycle.

Nobody else reads a person's ratings: HR gets a 403, anyone else a 404 (selectors.readable_review).
Every page that shows a review's ratings records the reading (`people.review_read`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.organisations.permissions import require
from opencaf.people.access import PeopleAccess
from opencaf.people.forms_reviews import PERFORMANCE_CHOICES, POTENTIAL_CHOICES, ManagerRatingsForm, RatingsForm
from opencaf.people.models import CycleState, RatingSource, Review
from opencaf.people.selectors import plans as plan_selectors
from opencaf.people.selectors import reviews as selectors
from opencaf.people.services import reviews as services
from opencaf.people.views.common import access_for_request, page_context

FINAL = ("submitted", "closed", "too_early")  # refusals that no change of the form can mend


def _review_page(review: Review) -> HttpResponse:
    return redirect("people:review", org_id=review.cycle.organisation.public_id, review_id=review.public_id)


def _say(request: AuthenticatedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def my_review(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    review = selectors.my_latest_review(access)
    if review is not None:
        return redirect("people:review", org_id=access.organisation.public_id, review_id=review.public_id)
    return render(request, "people/reviews/mine_none.html", page_context(access))


def _context(access: PeopleAccess, review: Review, **extra: object) -> dict[str, object]:
    cycle = review.cycle
    return page_context(
        access,
        review=review,
        cycle=cycle,
        person=review.membership.user,
        as_person=access.is_me(review.membership_id),
        as_manager=access.is_me(review.manager_id),
        is_open=cycle.state == CycleState.OPEN,
        **extra,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedRequest, org_id: str, review_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    found = selectors.readable_review(access, review_id)
    as_person = access.is_me(found.membership_id)
    layout = selectors.layout(found.cycle.version)
    refusal = services.self_refusal(found)
    editable = as_person and refusal is None
    if request.method == "POST":
        require(as_person)
        if refusal is not None:
            _say(request, refusal)
            return _review_page(found)
        return _self_post(request, access, found, layout)
    if editable:
        levels, comments = selectors.answers(found, RatingSource.SELF)
        initial = RatingsForm.initial_from(RatingsForm.codes_of(layout), levels, comments)
        form = RatingsForm(initial=initial, layout=layout)
        return _self_form(request, access, found, form)
    sheet = selectors.sheet(found, access, layout)
    selectors.record_reading(access, found, sheet.shown)
    plan, employee = plan_selectors.plan_in_cycle(access, found.membership_id, found.cycle)
    context = _context(
        access,
        found,
        sheet=sheet,
        may_assess=access.is_me(found.manager_id)
        and found.cycle.state == CycleState.OPEN
        and found.manager_submitted_at is None
        and services.may_assess_yet(found),
        plan=plan,
        employee=employee,
        performance_label=dict(PERFORMANCE_CHOICES).get(str(found.performance), ""),
        potential_label=dict(POTENTIAL_CHOICES).get(str(found.potential), ""),
    )
    return render(request, "people/reviews/review.html", context)


def _self_form(
    request: AuthenticatedRequest, access: PeopleAccess, review: Review, form: RatingsForm, status: int = 200
) -> HttpResponse:
    selectors.record_reading(access, review, (RatingSource.SELF.value,))
    context = _context(access, review, form=form, clusters=form.clusters(), profile_missing=not review.required)
    return render(request, "people/reviews/self.html", context, status=status)


def _self_post(request: AuthenticatedRequest, access: PeopleAccess, review: Review, layout: list) -> HttpResponse:
    submitting = request.POST.get("action") == "submit"
    form = RatingsForm(request.POST, layout=layout, submitting=submitting)
    if form.is_valid():
        try:
            services.save_self_assessment(
                actor=request.user, review=review, levels=form.levels(), comments=form.comments(), submit=submitting
            )
        except ValidationError as error:
            if getattr(error, "code", None) in FINAL:
                _say(request, error)
                return _review_page(review)
            add_service_errors(form, error)
        else:
            if submitting:
                messages.success(
                    request, _("Your self-assessment is submitted. Your line manager can now give their assessment.")
                )
            else:
                messages.success(request, _("Your draft is saved. Submit it when you have answered every competency."))
            return _review_page(review)
    return _self_form(request, access, review, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def review_assess(request: AuthenticatedRequest, org_id: str, review_id: str) -> HttpResponse:
    """The line manager's assessment, the person's own ratings beside each competency."""
    access = access_for_request(request, org_id)
    found = selectors.readable_review(access, review_id)
    require(access.is_me(found.manager_id))
    refusal = services.manager_refusal(found)
    if refusal is not None:
        _say(request, refusal)
        return _review_page(found)
    layout = selectors.layout(found.cycle.version)
    submitting = request.POST.get("action") == "submit"
    if request.method == "POST":
        form = ManagerRatingsForm(request.POST, layout=layout, submitting=submitting)
        if form.is_valid():
            try:
                services.save_manager_assessment(
                    actor=request.user,
                    review=found,
                    levels=form.levels(),
                    comments=form.comments(),
                    performance=form.grid("performance"),
                    potential=form.grid("potential"),
                    submit=submitting,
                )
            except ValidationError as error:
                if getattr(error, "code", None) in FINAL:
                    _say(request, error)
                    return _review_page(found)
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your assessment is submitted. %(name)s now sees it with the gaps.")
                    % {"name": found.membership.user.display_name}
                    if submitting
                    else _("Your draft is saved. Submit it when you have answered every competency."),
                )
                return _review_page(found)
    else:
        levels, comments = selectors.answers(found, RatingSource.MANAGER)
        initial = ManagerRatingsForm.initial_from(ManagerRatingsForm.codes_of(layout), levels, comments)
        initial["performance"] = str(found.performance or "")
        initial["potential"] = str(found.potential or "")
        form = ManagerRatingsForm(initial=initial, layout=layout)
    shown_self = found.self_submitted_at is not None
    beside: dict[str, tuple[str, str]] = {}
    if shown_self:
        sheet = selectors.sheet(found, access, layout)
        beside = {
            row.item.code: (row.self_level, row.self_comment) for cluster in sheet.clusters for row in cluster.rows
        }
    shown = (RatingSource.SELF.value, RatingSource.MANAGER.value) if shown_self else (RatingSource.MANAGER.value,)
    selectors.record_reading(access, found, shown)
    context = _context(
        access,
        found,
        form=form,
        clusters=form.clusters(beside),
        grid_fields=[form["performance"], form["potential"]],
        shown_self=shown_self,
    )
    status = 422 if form.errors else 200
    return render(request, "people/reviews/assess.html", context, status=status)


@login_required
@require_GET
def my_team(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    cycle = selectors.latest_cycle(access.organisation)
    rows = selectors.team(access, cycle)
    return render(request, "people/reviews/team.html", page_context(access, cycle=cycle, rows=rows))
