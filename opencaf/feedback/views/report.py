"""The feedback report of a case: the actors write it (per pillar of the procedure, strengths and areas
for improvement beside the agreed scores; a summary), the lead actor finalises it; the organiser reads
it at any time, the organisation's members once the case is decided. Its documents (PDF, DOCX in a
language chosen, the organisation's by default) are made in the background; the page follows their
progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.document_jobs import stall_cutoff
from opencaf.core.forms import add_service_errors
from opencaf.core.ids import get_by_public_id
from opencaf.feedback import scoring
from opencaf.feedback.access import CaseAccess, case_access
from opencaf.feedback.models import FeedbackReport
from opencaf.feedback.models import FeedbackReportDocument as Document
from opencaf.feedback.report_forms import ReportForm
from opencaf.feedback.selectors import report as selectors
from opencaf.feedback.selectors import scoring as scoring_selectors
from opencaf.feedback.selectors.procedures import procedure_view
from opencaf.feedback.services import report as services
from opencaf.organisations.permissions import require


def _readable(request: AuthenticatedRequest, case_id: str) -> tuple[CaseAccess, FeedbackReport | None]:
    access = case_access(request.user, case_id)
    report = selectors.report_of(access.case)
    require(selectors.can_read_report(access, report))
    return access, report


def _documents(access: CaseAccess, report: FeedbackReport | None) -> dict[str, Any]:
    """The latest documents, and whether the list keeps refreshing while some are in progress. A job
    that stopped making progress (its worker died) is marked failed when someone looks."""
    if report is None:
        return {"documents": [], "pending": False}
    items = selectors.latest_documents(report)
    cutoff = stall_cutoff()
    if any(item.is_stalled(cutoff) for item in items):
        services.fail_stalled_documents(report=report)
        items = selectors.latest_documents(report)
    return {"documents": items, "pending": any(item.in_progress for item in items)}


def _page(
    request: AuthenticatedRequest,
    access: CaseAccess,
    report: FeedbackReport | None,
    form: ReportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    case = access.case
    definition = case.procedure.definition
    language = (translation.get_language() or "en").split("-")[0]
    findings = report.pillars if report is not None else {}
    scores = selectors.agreed_scores(case)
    evaluation = selectors.evaluate(definition, scores)
    pillars = selectors.pillar_rows(definition, findings, scores, language, evaluation)
    if form is None and access.can_write_report:
        form = ReportForm(
            pillars=[(pillar.number, pillar.title) for pillar in pillars],
            initial=ReportForm.initial_from(
                findings, report.summary if report else "", report.version if report else 0
            ),
        )
    fields = {item.number: item for item in form.pillar_fields()} if form is not None else {}
    context = {
        "case": case,
        "access": access,
        "report": report,
        "pillars": [(pillar, fields.get(pillar.number)) for pillar in pillars],
        "evaluation": evaluation,
        # the thresholds and minimums in the words of every page that weighs the agreed scores
        "verdict": scoring_selectors.verdict(
            procedure_view(case.procedure, language), scoring.evaluate(definition, scores)
        ),
        "form": form,
        "missing": (
            selectors.missing_for_finalising(definition, findings, scores) if access.can_finalise_report else []
        ),
        "formats": [("pdf", "PDF"), ("docx", "DOCX")],
        "languages": selectors.languages(),
        "document_language": selectors.document_language(case),
        **_documents(access, report),
    }
    return render(request, "feedback/report/page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access, report = _readable(request, case_id)
    if request.method == "GET":
        return _page(request, access, report)
    require(access.can_write_report)
    definition = access.case.procedure.definition
    language = (translation.get_language() or "en").split("-")[0]
    pillars = [(row.number, row.title) for row in selectors.pillar_rows(definition, {}, {}, language)]
    form = ReportForm(request.POST, pillars=pillars)
    if form.is_valid():
        try:
            services.save_report(
                actor=request.user,
                access=access,
                findings=form.findings(),
                summary=form.cleaned_data["summary"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:  # no longer an actor of the case since the page was read
            raise Http404 from error
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("feedback:report", case_id=access.case.public_id)
    return _page(request, access, report, form=form, status=422)


@login_required
@require_POST
def finalise(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    access = case_access(request.user, case_id)
    require(access.can_finalise_report)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.finalise_report(actor=request.user, access=access, expected_version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("feedback:report", case_id=access.case.public_id)
    messages.success(request, _("The report is final. The organiser has been told that a decision awaits them."))
    return redirect("feedback:case", case_id=access.case.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: AuthenticatedRequest, case_id: str) -> HttpResponse:
    """GET: the list of documents with their progress (htmx polls it while any is being made);
    POST: ask for a document."""
    access, report = _readable(request, case_id)
    status, refusal = 200, ""
    if request.method == "POST":
        try:
            services.request_document(
                actor=request.user,
                access=access,
                fmt=request.POST.get("format", ""),
                language=request.POST.get("language", ""),
            )
        except ValidationError as error:
            status, refusal = 422, " ".join(error.messages)
        except services.TooManyDocumentsError as error:
            status, refusal = 429, str(error)
        except PermissionDenied as error:  # no report written yet
            raise Http404 from error
        if not getattr(request, "htmx", False):
            if refusal:
                messages.error(request, refusal)
            else:
                messages.success(request, _("The document is being generated. It appears below when it is ready."))
            return redirect(f"{_report_url(access)}#documents")
    context = {"case": access.case, "refusal": refusal, **_documents(access, report)}
    return render(request, "feedback/report/_documents.html", context, status=status)


def _report_url(access: CaseAccess) -> str:
    return reverse("feedback:report", kwargs={"case_id": access.case.public_id})


@login_required
def download(request: AuthenticatedRequest, case_id: str, document_id: str) -> FileResponse:
    access, report = _readable(request, case_id)
    if report is None:
        raise Http404
    document = get_by_public_id(Document.objects.filter(report=report), document_id)
    if not document.is_ready or not document.file:
        raise Http404
    filename = selectors.document_filename(document, access.case.organisation.name)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
