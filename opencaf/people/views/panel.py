"""The selection panel's pages (services/panel_scoring.py and vacancy_moves.py have the rules):

- a member's scores of a candidate: each question of the guide with its anchored scale, radio buttons
  1…levels and a note; save as often as needed, then submit (final). Only the member themself opens it;
  while the interviews run they see nobody else's scores;
- the agreement on a candidate: each member's scores and notes, their spread, the suggestion (the
  median) and the agreed score with its rationale, recorded by the chair or HR. Open to the panel and
  HR from the agreement on; before that a 404, so nobody reads another member's scores early;
- the decision: the candidates ranked by their totals, the choice and its reasons (HR decides).

Every page that shows a candidate's record audits the read (selectors/selection_scores.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.permissions import require
from opencaf.people.forms_selection import AgreedScoreForm, DecisionForm, ScoresForm
from opencaf.people.models import Candidate, VacancyState
from opencaf.people.selection_access import VacancyAccess
from opencaf.people.selectors import selection as selectors
from opencaf.people.selectors import selection_scores as records
from opencaf.people.services import panel_scoring as services
from opencaf.people.services import vacancy_moves as moves
from opencaf.people.views.vacancies import vacancy_context, vacancy_for_request


def _candidate(access: VacancyAccess, candidate_id: str) -> Candidate:
    if access.purged:
        raise Http404
    candidate = get_by_public_id(access.vacancy.candidates.all(), candidate_id)
    candidate.vacancy = access.vacancy  # the same row, loaded already
    return candidate


def _candidate_url(name: str, access: VacancyAccess, candidate: Candidate) -> str:
    return reverse(
        name,
        kwargs={
            "org_id": access.people.organisation.public_id,
            "vacancy_id": access.vacancy.public_id,
            "candidate_id": candidate.public_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_scores(request: AuthenticatedRequest, org_id: str, vacancy_id: str, candidate_id: str) -> HttpResponse:
    access = vacancy_for_request(request, org_id, vacancy_id)
    seat = access.seat
    if seat is None:
        raise Http404  # only the member themself: HR and others never open a member's own sheet
    candidate = _candidate(access, candidate_id)
    vacancy = access.vacancy
    levels, names = vacancy.profile.version.levels, selectors.level_names(vacancy)
    status = 200
    form: ScoresForm | None = None
    if request.method == "POST":
        form = ScoresForm(request.POST, items=selectors.guide_items(vacancy), levels=levels, level_names=names)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.save_scores(
                    actor=request.user, candidate=candidate, scores=form.scores(), notes=form.notes(), submit=submit
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submit:
                    messages.success(request, _("Your scores of %(name)s are submitted.") % {"name": candidate.name})
                    return redirect(
                        "people:vacancy", org_id=access.people.organisation.public_id, vacancy_id=vacancy.public_id
                    )
                messages.success(request, _("Your scores are saved. Submit them when you have scored every question."))
                return redirect(_candidate_url("people:candidate_scores", access, candidate))
        status = 422
    sheet = records.own_sheet(request.user, seat, candidate)  # audits the read
    editable = access.can_score and sheet.submitted_at is None
    if form is None:
        form = ScoresForm(
            items=sheet.items,
            levels=levels,
            level_names=names,
            initial=ScoresForm.initial_from(sheet.items, sheet.scores),
        )
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    context = vacancy_context(
        access,
        candidate=candidate,
        sheet=sheet,
        form=form,
        questions=form.questions(),
        editable=editable,
        candidates=selectors.candidates_of(vacancy),
    )
    return render(request, "people/selection/scores.html", context, status=status)


def _agreement_forms(sheet: records.AgreementSheet, levels: int, names: list[str]) -> dict[str, AgreedScoreForm]:
    """A form per competency, from the agreed score (or else the suggestion)."""
    forms = {}
    for index, section in enumerate(sheet.sections, start=1):
        code = section.competency.code
        record = section.agreed
        initial = {
            "score": record.score if record else section.suggestion,
            "rationale": record.rationale if record else "",
        }
        forms[code] = AgreedScoreForm(prefix=f"c{index}", initial=initial, levels=levels, level_names=names)
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def candidate_agreement(request: AuthenticatedRequest, org_id: str, vacancy_id: str, candidate_id: str) -> HttpResponse:
    access = vacancy_for_request(request, org_id, vacancy_id)
    if not access.sees_all_scores:
        raise Http404  # before the agreement nobody reads another member's scores
    candidate = _candidate(access, candidate_id)
    vacancy = access.vacancy
    levels, names = vacancy.profile.version.levels, selectors.level_names(vacancy)
    posted = request.POST.get("competency", "") if request.method == "POST" else ""
    status = 200
    bound: AgreedScoreForm | None = None
    if request.method == "POST":
        if not access.can_agree:
            raise PermissionDenied
        competency = next((c for c in selectors.guide_competencies(vacancy) if c.code == posted), None)
        if competency is None:
            raise Http404  # not a competency of the guide
        index = [c.code for c in selectors.guide_competencies(vacancy)].index(posted) + 1
        form = bound = AgreedScoreForm(request.POST, prefix=f"c{index}", levels=levels, level_names=names)
        if form.is_valid():
            try:
                services.record_agreed_score(
                    actor=request.user,
                    candidate=candidate,
                    competency=competency,
                    score=form.cleaned_data["score"],
                    rationale=form.cleaned_data["rationale"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The agreed score is recorded."))
                return redirect(f"{_candidate_url('people:candidate_agreement', access, candidate)}#c{index}")
        status = 422
    sheet = records.agreement_sheet(request.user, access, candidate)  # audits the read
    forms = _agreement_forms(sheet, levels, names)
    if bound is not None:
        forms[posted] = bound  # with the person's input and what was wrong with it
    sections = [
        {"section": section, "form": forms[section.competency.code], "anchor": f"c{index}"}
        for index, section in enumerate(sheet.sections, start=1)
    ]
    context = vacancy_context(
        access,
        candidate=candidate,
        sheet=sheet,
        sections=sections,
        editable=access.can_agree,
        candidates=selectors.candidates_of(vacancy),
    )
    return render(request, "people/selection/agreement.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_decision(request: AuthenticatedRequest, org_id: str, vacancy_id: str) -> HttpResponse:
    """The ranking and the decision: during the agreement the candidates by their totals and, for HR,
    the decision form; once decided, the decision with the ranking recorded then."""
    access = vacancy_for_request(request, org_id, vacancy_id)
    vacancy = access.vacancy
    if access.state not in (VacancyState.AGREEING, VacancyState.DECIDED):
        raise Http404
    if not (access.sees_all_scores or access.purged):
        raise Http404
    candidates = [] if access.purged else selectors.candidates_of(vacancy)
    form = DecisionForm(request.POST or None, candidates=candidates)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        require(access.is_hr)
        if form.is_valid():
            try:
                moves.decide(
                    actor=request.user,
                    vacancy=vacancy,
                    chosen=form.chosen_candidate(),
                    decision=form.cleaned_data["decision"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    errors = list(error.messages)
            else:
                messages.success(request, _("The selection is decided."))
                return redirect(
                    "people:vacancy_decision", org_id=access.people.organisation.public_id, vacancy_id=vacancy.public_id
                )
        status = 422
    sheet = None if access.purged else records.decision_sheet(request.user, access)  # audits the reads
    chosen = next((candidate for candidate in candidates if candidate.chosen), None)
    context = vacancy_context(
        access, sheet=sheet, form=form, errors=errors, chosen=chosen, decided=access.state == VacancyState.DECIDED
    )
    return render(request, "people/selection/decision.html", context, status=status)
