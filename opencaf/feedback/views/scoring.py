"""The pages of the external feedback scores (services/scoring.py has the rules):

- scores: an actor of the case scores every question alone, saves as often as they like, says when
  they have finished (and may take it back while the case is in feedback); nobody else opens it;
- agreement: the actors and the organiser; once every actor has finished, everyone's scores side by
  side, their spread, the agreed score of each question with its rationale (recorded by the actors)
  and the thresholds weighed live; before that, only who has not finished yet;
- comparison: the organisation's own scores beside the agreed ones, for the actors and the organiser,
  and for the organisation once the case is decided.

Anyone else with access to the case gets a 404 here, as does everyone without it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.feedback.access import case_access
from opencaf.feedback.scoring_forms import AgreementForm, ScoresForm, key
from opencaf.feedback.selectors import scoring as selectors
from opencaf.feedback.services import scoring as services


@login_required
@require_http_methods(["GET", "POST"])
def scores(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    if not access.actor or access.assignment is None:
        raise Http404
    case, assignment = access.case, access.assignment
    sheet = selectors.own_sheet(case, assignment)
    action = request.POST.get("action", "save")
    bound = request.method == "POST" and action != "reopen"
    form = ScoresForm(request.POST if bound else None, view=sheet.view, initial=ScoresForm.initial_from(sheet.scores))
    if not access.can_score:
        for field in form.fields.values():
            field.disabled = True  # the scores as they were when the report was written, to read
    status = 200
    if request.method == "POST":
        if not access.can_score:
            raise PermissionDenied
        if action == "reopen":
            try:
                services.reopen_scores(actor=request.user, case=case)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("You may change your scores again. Finish them once more when done."))
            return redirect("feedback:scores", case_id=case.public_id)
        if form.is_valid():
            finish = action == "finish"
            try:
                services.save_scores(
                    actor=request.user, case=case, scores=form.scores(), notes=form.notes(), finish=finish
                )
            except ValidationError as error:
                form.add_service_errors(error)
                status = 422
            else:
                if finish and assignment.scores_done_at is None:
                    messages.success(request, _("Your scores are saved and finished."))
                    return redirect("feedback:agreement", case_id=case.public_id)
                messages.success(request, _("Your scores are saved."))
                return redirect("feedback:scores", case_id=case.public_id)
        else:
            status = 422
    context = {
        "access": access,
        "case": case,
        "assignment": assignment,
        "form": form,
        "sheet": sheet,
        "editable": access.can_score,
    }
    return render(request, "feedback/scoring/scores.html", context, status=status)


def waiting_message(progress: selectors.Progress) -> str:
    if not progress.participants:
        return _("No external feedback actor is assigned to this case yet.")
    return _(
        "The agreed scores can be recorded once every actor has finished scoring. Not finished yet: %(names)s."
    ) % {"names": progress.waiting_names}


def _agreement_forms(sheet: selectors.AgreementSheet, posted: str | None, data: Any) -> dict[str, AgreementForm]:
    """A form per question: the one posted bound to what was sent, the others from the agreed score
    (or the median of the individual scores when it is a whole number)."""
    forms = {}
    for pillar in sheet.pillars:
        for item in pillar.items:
            code = item.question.code
            record = item.agreed
            initial = {
                "score": record.score if record else item.suggestion,
                "rationale": record.rationale if record else "",
                "version": record.version if record else 0,
            }
            forms[code] = AgreementForm(
                data if code == posted else None, prefix=f"q{key(code)}", initial=initial, points=sheet.points
            )
    return forms


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    if not (access.actor or access.coordinator):
        raise Http404
    case = access.case
    sheet = selectors.agreement_sheet(case)
    posted = request.POST.get("question") if request.method == "POST" else None
    forms = _agreement_forms(sheet, posted, request.POST)
    status = 200
    if request.method == "POST":
        if not access.can_write_report:
            raise PermissionDenied
        form = forms.get(posted or "")
        if not sheet.open:
            # Nobody's scores are shown before every actor has finished: say who, change nothing.
            messages.error(request, waiting_message(sheet.progress))
            status = 422
        elif form is None:
            raise Http404  # not a question of the procedure
        elif form.is_valid():
            try:
                services.record_agreement(
                    actor=request.user,
                    case=case,
                    question=posted or "",
                    score=form.cleaned_data["score"],
                    rationale=form.cleaned_data["rationale"],
                    expected_version=form.cleaned_data["version"],
                )
            except services.StaleAgreementError as conflict:
                # Keep what this person typed; the page shows the score saved meanwhile above the form.
                data = request.POST.copy()
                data[form.add_prefix("version")] = str(conflict.current.version)
                form.data = data
                form.add_error(None, conflict.messages[0])
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
                status = 422
            else:
                messages.success(request, _("The agreed score of %(code)s is recorded.") % {"code": posted})
                url = reverse("feedback:agreement", kwargs={"case_id": case.public_id})
                return redirect(f"{url}#q{key(posted or '')}")
        else:
            status = 422
    groups = [
        {
            "pillar": group.pillar,
            "items": [
                {"item": item, "form": forms[item.question.code], "anchor": f"q{key(item.question.code)}"}
                for item in group.items
            ],
        }
        for group in sheet.pillars
    ]
    context = {
        "access": access,
        "case": case,
        "sheet": sheet,
        "groups": groups,
        "posted": posted,
        "editable": access.can_write_report,
    }
    return render(request, "feedback/scoring/agreement.html", context, status=status)


@login_required
@require_safe
def comparison(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    if not access.can_see_scores:
        raise Http404
    context = {"access": access, "case": access.case, "sheet": selectors.comparison_sheet(access.case)}
    return render(request, "feedback/scoring/comparison.html", context)
