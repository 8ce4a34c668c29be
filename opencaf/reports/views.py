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
from opencaf.assessments.permissions import get_assessment
from opencaf.core.ids import parse_public_id
from opencaf.organisations.permissions import get_organisation_for_staff, require
from opencaf.reports import permissions, services
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, html_context
from opencaf.reports.models import DocumentFormat, DocumentStatus


def _assessment(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> SelfAssessment:
    assessment = get_assessment(get_organisation_for_staff(request.user, org_id), assessment_id)
    require(permissions.can_read_report(request.user, assessment))
    return assessment


def _documents(assessment: SelfAssessment) -> dict[str, object]:
    """The latest documents, and whether the list should keep refreshing while some are in progress."""
    items = list(assessment.report_documents.select_related("requested_by")[:20])
    pending = any(item.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING) for item in items)
    return {"documents": items, "pending": pending}


@login_required
def report(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, org_id, assessment_id)
    language = request.GET.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    sar = build_sar(assessment, language)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        **html_context(sar, draw_charts(sar)),
        **_documents(assessment),
        "formats": DocumentFormat.choices,
        "languages": list(settings.LANGUAGE_SELF_NAMES.items()),
        "report_language": language,
        "can_accept": permissions.can_accept_report(request.user, assessment) and sar.accepted_at is None,
    }
    return render(request, "reports/report.html", context)


@login_required
def documents(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """The list of documents with their progress; htmx polls it while any is being generated."""
    assessment = _assessment(request, org_id, assessment_id)
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
    assessment = _assessment(request, org_id, assessment_id)
    document = assessment.report_documents.filter(public_id=parse_public_id(document_id)).first()
    if document is None or document.status != DocumentStatus.DONE or not document.file:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def accept(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    assessment = _assessment(request, org_id, assessment_id)
    require(permissions.can_accept_report(request.user, assessment))
    try:
        services.accept_report(actor=request.user, assessment=assessment, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The acceptance of the report has been recorded."))
    return redirect("reports:report", org_id=org_id, assessment_id=assessment_id)
