"""The results summary as a PDF: asked for on the results page, made in the background with its
progress shown (htmx polls the list while a summary is being made), downloaded when ready."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.document_jobs import TooManyDocumentsError, stall_cutoff
from opencaf.core.ids import get_by_public_id
from opencaf.organisations.permissions import require
from opencaf.surveys import services
from opencaf.surveys.models import SummaryDocument
from opencaf.surveys.permissions import SurveyAccess, get_survey_access
from opencaf.surveys.selectors import latest_summaries, structure_of
from opencaf.surveys.texts import text_in


def summary_documents_context(access: SurveyAccess) -> dict[str, object]:
    """The latest summaries and whether the list keeps refreshing. A job that stopped making
    progress (its worker died) is marked failed when someone looks, so the page stops waiting."""
    survey = access.survey
    items = latest_summaries(survey)
    if any(item.is_stalled(stall_cutoff()) for item in items):
        services.fail_stalled_summaries(survey=survey)
        items = latest_summaries(survey)
    language = get_language() or settings.LANGUAGE_CODE
    names = {
        view.code: text_in(view.question.text, language, survey.languages) for view in structure_of(survey).questions
    }
    for item in items:  # what each summary is broken down by, as the page names it
        item.breakdown_names = " × ".join(names.get(code, code) for code in item.breakdowns)  # type: ignore[attr-defined]
    return {
        "summaries": items,
        "summaries_pending": any(item.in_progress for item in items),
        "retryable_summaries": {item.pk for item in items if item.has_failed and services.can_retry(access.user, item)},
        "summary_languages": list(settings.LANGUAGE_SELF_NAMES.items()),
    }


def _access(request: AuthenticatedRequest, org_id: str, survey_id: str) -> SurveyAccess:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_view_results)
    return access


def _results_url(org_id: str, survey_id: str, breakdowns: list[str]) -> str:
    url = reverse("surveys:results", kwargs={"org_id": org_id, "survey_id": survey_id})
    return url + ("?" + urlencode([("by", code) for code in breakdowns]) if breakdowns else "") + "#summaries"


@login_required
def summaries(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    """GET: the list of summaries with their progress (htmx polls it). POST: ask for one, then back to
    the results page, with the reason if it was refused."""
    access = _access(request, org_id, survey_id)
    if request.method == "POST":
        breakdowns = [code for code in request.POST.getlist("by") if code][:2]
        try:
            services.request_summary(
                actor=request.user,
                survey=access.survey,
                language=request.POST.get("language", ""),
                breakdowns=breakdowns,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except TooManyDocumentsError as error:
            messages.error(request, str(error))
        return redirect(_results_url(org_id, survey_id, breakdowns))
    context = {"organisation": access.organisation, "survey": access.survey, **summary_documents_context(access)}
    return render(request, "surveys/_summaries.html", context)


def _summary(access: SurveyAccess, document_id: str) -> SummaryDocument:
    documents = SummaryDocument.objects.filter(survey=access.survey).select_related("survey__organisation")
    return get_by_public_id(documents, document_id)


@login_required
@require_POST
def summary_retry(request: AuthenticatedRequest, org_id: str, survey_id: str, document_id: str) -> HttpResponse:
    access = _access(request, org_id, survey_id)
    document = _summary(access, document_id)
    require(services.can_retry(request.user, document))
    try:
        services.retry_summary(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The summary is being made again."))
    return redirect(_results_url(org_id, survey_id, document.breakdowns))


@login_required
def summary_download(request: AuthenticatedRequest, org_id: str, survey_id: str, document_id: str) -> FileResponse:
    access = _access(request, org_id, survey_id)
    document = _summary(access, document_id)
    if not document.is_ready or not document.file:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)
    response["Cache-Control"] = "private, no-store"
    return response
