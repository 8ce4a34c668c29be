"""The selection pages of an organisation: the list of vacancies, a new vacancy, a vacancy's page (its
state, its moves, what the next move lacks, and after the deletion of the candidates' data when and how
many), its settings, and the confirmation of a move (start the interviews, open the agreement, cancel).

Who reaches what is selection_access.py's: HR every vacancy, a panel member theirs, anyone else of the
organisation a 403 on the list and a 404 on a vacancy.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.organisations.permissions import require
from opencaf.people.forms_selection import CancelForm, VacancyForm, VacancySettingsForm
from opencaf.people.lifecycle import VacancyMove
from opencaf.people.models import VacancyState
from opencaf.people.selection_access import VacancyAccess, may_list_vacancies, vacancy_access
from opencaf.people.selectors import selection as selectors
from opencaf.people.services import vacancies as services
from opencaf.people.services import vacancy_moves as moves
from opencaf.people.views.common import access_for_request, page_context

# The moves taken on a confirmation page; deciding has its own page (views/panel.py).
CONFIRMED = (VacancyMove.START_INTERVIEWS, VacancyMove.OPEN_AGREEMENT, VacancyMove.CANCEL)


def vacancy_for_request(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> VacancyAccess:
    return vacancy_access(access_for_request(request, org_id), vacancy_id)


def vacancy_context(access: VacancyAccess, **extra: Any) -> dict[str, Any]:
    return page_context(access.people, vacancy=access.vacancy, va=access, **access.flags, **extra)


def to_vacancy(access: VacancyAccess) -> HttpResponse:
    return redirect("people:vacancy", org_id=access.people.organisation.public_id, vacancy_id=access.vacancy.public_id)


@login_required
@require_GET
def vacancy_list(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(may_list_vacancies(access))
    state = request.GET.get("state", "")
    page = selectors.vacancies_page(access, request.GET.get("page"), state)
    context = page_context(access, page=page, state=state, states=VacancyState.choices)
    return render(request, "people/selection/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_new(request: AuthenticatedRequest, org_id: str) -> HttpResponse:
    access = access_for_request(request, org_id)
    require(access.is_hr)
    profiles = selectors.profiles_for_vacancy(access)
    form = VacancyForm(request.POST or None, profiles=profiles)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                vacancy = services.create_vacancy(
                    actor=request.user,
                    organisation=access.organisation,
                    profile=form.cleaned_data["profile"],
                    title=form.cleaned_data["title"],
                    reference=form.cleaned_data["reference"],
                    retention_months=form.cleaned_data["retention_months"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The vacancy is created with its interview guide."))
                return redirect("people:vacancy", org_id=access.organisation.public_id, vacancy_id=vacancy.public_id)
        status = 422
    context = page_context(access, form=form, has_profiles=profiles.exists())
    return render(request, "people/selection/new.html", context, status=status)


@login_required
@require_GET
def vacancy_detail(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    access = vacancy_for_request(request, org_id, vacancy_id)
    context = vacancy_context(access, overview=selectors.overview(access), moves=access.moves)
    return render(request, "people/selection/vacancy.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_settings(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    access = vacancy_for_request(request, org_id, vacancy_id)
    require(access.is_hr)
    vacancy = access.vacancy
    if access.purged:
        raise Http404  # nothing left to keep: the retention period is over
    initial = {"title": vacancy.title, "reference": vacancy.reference, "retention_months": vacancy.retention_months}
    form = VacancySettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_vacancy(
                    actor=request.user,
                    vacancy=vacancy,
                    title=form.cleaned_data["title"],
                    reference=form.cleaned_data["reference"],
                    retention_months=form.cleaned_data["retention_months"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The vacancy is saved."))
                return to_vacancy(access)
        status = 422
    return render(request, "people/selection/settings.html", vacancy_context(access, form=form), status=status)


def _blockers(access: VacancyAccess, move: VacancyMove) -> list[str]:
    if move == VacancyMove.START_INTERVIEWS:
        return selectors.start_blockers(access.vacancy)
    if move == VacancyMove.OPEN_AGREEMENT:
        return selectors.agreement_blockers(access.vacancy)
    return []


def _take(request: AuthenticatedRequest, access: VacancyAccess, move: VacancyMove, form: CancelForm) -> None:
    vacancy = access.vacancy
    if move == VacancyMove.START_INTERVIEWS:
        moves.start_interviews(actor=request.user, vacancy=vacancy)
    elif move == VacancyMove.OPEN_AGREEMENT:
        moves.open_agreement(actor=request.user, vacancy=vacancy)
    else:
        moves.cancel(actor=request.user, vacancy=vacancy, reason=form.cleaned_data["reason"] if form.is_valid() else "")


DONE = {
    VacancyMove.START_INTERVIEWS: gettext_lazy(
        "The interviews have started: the panel members can score the candidates."
    ),
    VacancyMove.OPEN_AGREEMENT: gettext_lazy("The panel agreement is open: the panel sees every member's scores."),
    VacancyMove.CANCEL: gettext_lazy("The vacancy is cancelled."),
}


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_move(request: AuthenticatedRequest, org_id: str, vacancy_id: str, move: str) -> HttpResponse:
    """Ask before a move: what it locks and what it still lacks. GET changes nothing; POST takes it."""
    access = vacancy_for_request(request, org_id, vacancy_id)
    require(access.is_hr)
    try:
        step = VacancyMove(move)
    except ValueError:
        raise Http404 from None
    if step not in CONFIRMED:
        raise Http404
    form = CancelForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            _take(request, access, step, form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                errors = list(error.messages)
            status = 422
        else:
            messages.success(request, str(DONE[step]))
            return to_vacancy(access)
    context = vacancy_context(
        access,
        step=step.value,
        possible=access.can_move(step),
        blockers=errors or ([] if not access.can_move(step) else _blockers(access, step)),
        refused=bool(errors),
        form=form,
    )
    return render(request, "people/selection/confirm.html", context, status=status)
