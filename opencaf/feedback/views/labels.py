"""The organiser's decision on a reported case, the public register of labels, and a label's
certificate (PDF) for the organisation's members and the network's coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.forms import add_service_errors
from opencaf.feedback import documents, scoring
from opencaf.feedback.access import case_access
from opencaf.feedback.report_forms import AWARD, DecisionForm, RegisterFilterForm
from opencaf.feedback.selectors import labels as label_selectors
from opencaf.feedback.selectors import report as report_selectors
from opencaf.feedback.selectors import scoring as scoring_selectors
from opencaf.feedback.selectors.procedures import procedure_view
from opencaf.feedback.services.decision import decide as decide_case
from opencaf.organisations.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    require(access.coordinator)
    case = access.case
    if not access.can_decide:
        messages.info(
            request, _("There is nothing to decide now: the case is “%(state)s”.") % {"state": case.get_state_display()}
        )
        return redirect("feedback:case", case_id=case.public_id)
    definition = case.procedure.definition
    language = (translation.get_language() or "en").split("-")[0]
    report = report_selectors.report_of(case)
    scores = report_selectors.agreed_scores(case)
    evaluation = report_selectors.evaluate(definition, scores)
    below = evaluation.complete and not evaluation.meets_thresholds
    form = DecisionForm(
        request.POST if request.method == "POST" else None, below_thresholds=below, initial={"version": case.version}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            award = form.cleaned_data["outcome"] == AWARD
            try:
                label = decide_case(
                    actor=request.user,
                    access=access,
                    award=award,
                    note=form.cleaned_data["note"],
                    confirm_below_thresholds=bool(form.cleaned_data.get("confirm")),
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except PermissionDenied as error:  # no longer a coordinator since the page was read
                raise Http404 from error
            else:
                if label is not None:
                    messages.success(
                        request,
                        _("The label has been awarded, valid until %(date)s, with certificate number %(number)s.")
                        % {"date": documents.document_date(label.valid_until), "number": label.number},
                    )
                else:
                    messages.success(request, _("The decision has been recorded: the label is not awarded."))
                return redirect("feedback:case", case_id=case.public_id)
        status = 422
    context = {
        "case": case,
        "access": access,
        "report": report,
        "pillars": report_selectors.pillar_rows(
            definition, report.pillars if report else {}, scores, language, evaluation
        ),
        "evaluation": evaluation,
        # the thresholds and minimums in the words of every page that weighs the agreed scores
        "verdict": scoring_selectors.verdict(
            procedure_view(case.procedure, language), scoring.evaluate(definition, scores)
        ),
        "form": form,
    }
    return render(request, "feedback/labels/decide.html", context, status=status)


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Every label valid today and listed publicly, across networks; for anyone, signed in or not."""
    chosen = request.GET.get("country", "")
    page = label_selectors.register(chosen, request.GET.get("page", 1))
    form = RegisterFilterForm({"country": page.country}, countries=page.countries)
    language = (translation.get_language() or "en").split("-")[0]
    rows = [(label, label.name_in(language)) for label in page.page.object_list]
    context = {"register": page, "page": page.page, "rows": rows, "form": form}
    return render(request, "feedback/labels/register.html", context)


@login_required
@require_GET
def certificate(request: AuthenticatedRequest, label_id: str) -> HttpResponse:
    label = label_selectors.label_for_certificate(request.user, label_id)
    response = HttpResponse(documents.certificate_pdf(label), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.certificate_filename(label)}"'
    response["Cache-Control"] = "private, no-store"
    return response
