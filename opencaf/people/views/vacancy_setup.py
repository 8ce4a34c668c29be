"""Setting up a vacancy (HR, while it is being prepared): its interview guide (which everyone on the
vacancy reads, and prints), a question written for it, its panel and its candidates.

The guide is read by HR and the panel at any state; the panel and candidates pages are HR's. Changes
go through services/vacancies.py, which refuses them (with the reason, status 422) once the interviews
have started.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.permissions import require
from opencaf.people.forms_selection import BankQuestionForm, CandidateForm, PanelMemberForm, WrittenQuestionForm
from opencaf.people.selection_access import VacancyAccess
from opencaf.people.selectors import selection as selectors
from opencaf.people.services import vacancies as services
from opencaf.people.views.vacancies import vacancy_context, vacancy_for_request


def _back(access: VacancyAccess, name: str) -> HttpResponse:
    return redirect(name, org_id=access.people.organisation.public_id, vacancy_id=access.vacancy.public_id)


def _position(value: str) -> int:
    return int(value) if value.isdigit() else -1


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_guide(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    """The interview guide, by competency, each question with its anchored rating scale (printable);
    for HR while preparing, remove a question or add one from the bank."""
    access = vacancy_for_request(request, org_id, vacancy_id)
    vacancy = access.vacancy
    bank = BankQuestionForm(
        request.POST if request.POST.get("action") == "add" else None, questions=selectors.bank_questions(vacancy)
    )
    status = 200
    if request.method == "POST":
        require(access.is_hr)
        action = request.POST.get("action")
        try:
            if action == "remove":
                services.remove_guide_question(
                    actor=request.user, vacancy=vacancy, position=_position(request.POST.get("position", ""))
                )
                messages.success(request, _("The question is removed from the interview guide."))
                return _back(access, "people:vacancy_guide")
            if action == "add" and bank.is_valid():
                services.add_bank_question(actor=request.user, vacancy=vacancy, question=bank.cleaned_data["question"])
                messages.success(request, _("The question is added to the interview guide."))
                return _back(access, "people:vacancy_guide")
        except ValidationError as error:
            if action == "add":
                add_service_errors(bank, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        status = 422
    context = vacancy_context(
        access,
        sections=selectors.guide_sections(vacancy),
        bank=bank,
        levels=range(1, vacancy.profile.version.levels + 1),
        level_names=selectors.level_names(vacancy),
    )
    return render(request, "people/selection/guide.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_question_new(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    access = vacancy_for_request(request, org_id, vacancy_id)
    require(access.is_hr)
    vacancy = access.vacancy
    version = vacancy.profile.version
    form = WrittenQuestionForm(
        request.POST or None,
        competencies=selectors.version_competencies(vacancy),
        levels=version.levels,
        level_names=version.level_names,
        required_languages=services.organisation_languages(access.people.organisation),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_written_question(
                    actor=request.user,
                    vacancy=vacancy,
                    competency=form.cleaned_data["competency"],
                    kind=form.cleaned_data["kind"],
                    texts=form.texts(),
                    anchors=form.anchors(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The question is added to the interview guide."))
                return _back(access, "people:vacancy_guide")
        status = 422
    return render(request, "people/selection/question_new.html", vacancy_context(access, form=form), status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_panel(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    """The selection panel: add a member of the organisation, name the chair, remove a member."""
    access = vacancy_for_request(request, org_id, vacancy_id)
    require(access.is_hr)
    vacancy = access.vacancy
    action = request.POST.get("action", "")
    form = PanelMemberForm(request.POST if action == "add" else None, members=selectors.members_to_add(vacancy))
    status = 200
    if request.method == "POST":
        try:
            if action == "add":
                if form.is_valid():
                    services.add_panel_member(
                        actor=request.user,
                        vacancy=vacancy,
                        membership=form.cleaned_data["member"],
                        chair=form.cleaned_data["chair"],
                    )
                    messages.success(request, _("The panel member is added."))
                    return _back(access, "people:vacancy_panel")
            elif action in ("remove", "chair"):
                seat = get_by_public_id(selectors.members_on_panel(vacancy), request.POST.get("member", ""))
                if action == "remove":
                    services.remove_panel_member(actor=request.user, vacancy=vacancy, membership=seat)
                    messages.success(request, _("The panel member is removed."))
                else:
                    services.set_chair(actor=request.user, vacancy=vacancy, membership=seat)
                    messages.success(request, _("The chair of the panel is named."))
                return _back(access, "people:vacancy_panel")
        except ValidationError as error:
            if action == "add":
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        status = 422
    context = vacancy_context(access, panel=selectors.panel_of(vacancy), form=form)
    return render(request, "people/selection/panel.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_candidates(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    """The candidates: add one (name, e-mail optional, note), remove one. Names and e-mail addresses
    only: a candidate's record (notes, scores) is read on the pages that audit the read."""
    access = vacancy_for_request(request, org_id, vacancy_id)
    require(access.is_hr)
    vacancy = access.vacancy
    action = request.POST.get("action", "")
    form = CandidateForm(request.POST if action == "add" else None)
    status = 200
    if request.method == "POST":
        try:
            if action == "add":
                if form.is_valid():
                    services.add_candidate(actor=request.user, vacancy=vacancy, **form.cleaned_data)
                    messages.success(request, _("The candidate is added."))
                    return _back(access, "people:vacancy_candidates")
            elif action == "remove":
                candidate = get_by_public_id(vacancy.candidates.all(), request.POST.get("candidate", ""))
                services.remove_candidate(actor=request.user, vacancy=vacancy, candidate=candidate)
                messages.success(request, _("The candidate is removed."))
                return _back(access, "people:vacancy_candidates")
        except ValidationError as error:
            if action == "add":
                add_service_errors(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        status = 422
    context = vacancy_context(
        access,
        candidates=[] if access.purged else selectors.candidates_of(vacancy),
        form=form,
    )
    return render(request, "people/selection/candidates.html", context, status=status)
