"""The self-assessment report as a web page, its documents (generated in the background, with
progress) and management's acceptance."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.assessments.models import SelfAssessment
from opencaf.assessments.permissions import AssessmentAccess, get_assessment_access
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.permissions import require
from opencaf.reports import permissions, selectors, services
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, html_context
from opencaf.reports.models import DocumentFormat, DocumentStatus


def _access(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> AssessmentAccess:
    access = get_assessment_access(request.user, org_id, assessment_id)
    require(access.can_read_report)
    return access


def _documents(assessment: SelfAssessment) -> dict[str, object]:
    """The latest documents, and whether the list should keep refreshing while some are in progress."""
    items = selectors.latest_documents(assessment)
    return {"documents": items, "pending": any(item.in_progress for item in items)}


@login_required
def report(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = _access(request, org_id, assessment_id)
    assessment = access.assessment
    language = request.GET.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    sar = build_sar(assessment, language)
    flags = permissions.report_flags(access)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        **html_context(sar, draw_charts(sar)),
        **_documents(assessment),
        "formats": DocumentFormat.choices,
        "languages": list(settings.LANGUAGE_SELF_NAMES.items()),
        "report_language": language,
        **flags,
        "can_accept": flags["can_accept"] and sar.accepted_at is None,
    }
    return render(request, "reports/report.html", context)


@login_required
def documents(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """The list of documents with their progress; htmx polls it while any is being generated."""
    access = _access(request, org_id, assessment_id)
    assessment = access.assessment
    if request.method == "POST":
        try:
            services.request_document(
                actor=request.user,
                assessment=assessment,
                fmt=request.POST.get("format", ""),
                language=request.POST.get("language", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if not request.htmx:  # type: ignore[attr-defined]
            return redirect("reports:report", org_id=org_id, assessment_id=assessment_id)
    context = {"organisation": assessment.organisation, "assessment": assessment, **_documents(assessment)}
    return render(request, "reports/_documents.html", context)


@login_required
def download(request: AuthenticatedRequest, org_id: str, assessment_id: str, document_id: str) -> FileResponse:
    access = _access(request, org_id, assessment_id)
    assessment = access.assessment
    document = get_by_public_id(assessment.report_documents.all(), document_id)
    if document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def accept(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = _access(request, org_id, assessment_id)
    assessment = access.assessment
    require(permissions.accepts(access))
    try:
        services.accept_report(actor=request.user, assessment=assessment, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The acceptance of the report has been recorded."))
    return redirect("reports:report", org_id=org_id, assessment_id=assessment_id)
