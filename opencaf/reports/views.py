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


def _documents(access: AssessmentAccess) -> dict[str, object]:
    """The latest documents, and whether the list should keep refreshing while some are in progress.

    A job that stopped making progress (its worker died) is marked failed here, when someone looks,
    so the page stops waiting for it; the check costs nothing while every job is alive."""
    assessment = access.assessment
    items = selectors.latest_documents(assessment)
    cutoff = services.stall_cutoff()
    if any(item.is_stalled(cutoff) for item in items):
        services.fail_stalled_documents(assessment=assessment)
        items = selectors.latest_documents(assessment)
    return {
        "documents": items,
        "pending": any(item.in_progress for item in items),
        "retryable": {item.pk for item in items if item.has_failed and permissions.retries(access, item)},
    }


def _not_finalised(request: AuthenticatedRequest, access: AssessmentAccess) -> HttpResponse:
    """The report of a self-assessment still under way: not the person's role, only too early."""
    context = {"organisation": access.organisation, "assessment": access.assessment, **access.flags}
    return render(request, "reports/not_finalised.html", context, status=403)


@login_required
def report(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    access = get_assessment_access(request.user, org_id, assessment_id)
    if not access.is_finished and access.roles:
        return _not_finalised(request, access)
    require(access.can_read_report)
    return _report_page(request, access)


def _report_page(request: AuthenticatedRequest, access: AssessmentAccess, status: int = 200) -> HttpResponse:
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
        **_documents(access),
        "formats": DocumentFormat.choices,
        "languages": list(settings.LANGUAGE_SELF_NAMES.items()),
        "report_language": language,
        **flags,
        "can_accept": flags["can_accept"] and sar.accepted_at is None,
    }
    return render(request, "reports/report.html", context, status=status)


@login_required
def documents(request: AuthenticatedRequest, org_id: str, assessment_id: str) -> HttpResponse:
    """The list of documents with their progress; htmx polls it while any is being generated."""
    access = _access(request, org_id, assessment_id)
    assessment = access.assessment
    status, refusal = 200, ""
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
        except services.TooManyDocumentsError as error:
            status, refusal = 429, str(error)
        if not request.htmx:  # type: ignore[attr-defined]
            if status == 429:
                messages.error(request, refusal)
                return _report_page(request, access, status=status)
            return redirect("reports:report", org_id=org_id, assessment_id=assessment_id)
    context = {
        "organisation": assessment.organisation,
        "assessment": assessment,
        "refusal": refusal,
        **_documents(access),
    }
    return render(request, "reports/_documents.html", context, status=status)


@login_required
@require_POST
def retry(request: AuthenticatedRequest, org_id: str, assessment_id: str, document_id: str) -> HttpResponse:
    """Try a failed document again (the same row; the page then follows its progress)."""
    access = _access(request, org_id, assessment_id)
    document = get_by_public_id(access.assessment.report_documents.select_related("assessment"), document_id)
    require(permissions.retries(access, document))
    try:
        services.retry_document(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is being generated again."))
    return redirect("reports:report", org_id=org_id, assessment_id=assessment_id)


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
