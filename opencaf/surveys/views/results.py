"""Results of a survey through the anonymity gate, and the review of free-text answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.exports import spreadsheet_download, write_csv, write_xlsx
from opencaf.core.ids import parse_public_id
from opencaf.organisations.permissions import require
from opencaf.surveys import results_export as export_table
from opencaf.surveys import results_tables as tables
from opencaf.surveys import services
from opencaf.surveys.models import TextAnswer, TextStatus
from opencaf.surveys.permissions import get_survey_access
from opencaf.surveys.results import results_of
from opencaf.surveys.selectors import invitation_counts
from opencaf.surveys.texts import text_in
from opencaf.surveys.views.design import _context
from opencaf.surveys.views.summaries import summary_documents_context

MODERATION_PAGE_SIZE = 25


@login_required
def results(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_view_results)
    survey = access.survey
    chosen = [code for code in request.GET.getlist("by") if code][:2]
    outcome = results_of(survey, chosen)
    language = get_language()
    context = _context(
        access,
        results=outcome,
        breakdown_choices=[(view.code, tables.label(view, language, survey.languages)) for view in outcome.breakdowns],
        pair_choices=[
            (view.code, tables.label(view, language, survey.languages))
            for view in outcome.breakdowns
            if view.code in outcome.pairable
        ],
        chosen=[view.code for view in outcome.selected],
        invited=invitation_counts(survey),
        **tables.results_context(outcome, language),
        **summary_documents_context(access),
    )
    return render(request, "surveys/results.html", context)


@login_required
def results_export(request: AuthenticatedRequest, org_id: str, survey_id: str, file_format: str) -> HttpResponse:
    """The published figures as XLSX or CSV, through the same gate as the page."""
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_view_results)
    if file_format not in ("xlsx", "csv"):
        raise Http404
    survey = access.survey
    outcome = results_of(survey, [code for code in request.GET.getlist("by") if code][:2])
    language = get_language()
    table = list(export_table.rows(outcome, language))
    if file_format == "xlsx":
        content = write_xlsx(export_table.header(), table, title=_("Results"))
    else:
        content = write_csv(export_table.header(), table)
    return spreadsheet_download(content, file_format, "survey-results")


@login_required
def moderation(request: AuthenticatedRequest, org_id: str, survey_id: str) -> HttpResponse:
    access = get_survey_access(request.user, org_id, survey_id)
    require(access.can_moderate)
    survey = access.survey
    status = request.GET.get("status", TextStatus.PENDING)
    if status not in TextStatus.values:
        status = TextStatus.PENDING
    errors: dict[str, str] = {}
    if request.method == "POST":
        answer = get_by_public_id_or_pk(survey, request.POST.get("answer", ""))
        try:
            services.moderate_text(
                actor=request.user,
                survey=survey,
                answer=answer,
                release=request.POST.get("decision") == "release",
                released_text=request.POST.get("released_text", ""),
            )
        except ValidationError as error:
            errors[str(answer.pk)] = " ".join(error.messages)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect(
                reverse("surveys:moderation", kwargs={"org_id": org_id, "survey_id": survey_id}) + f"?status={status}"
            )
    answers = (
        TextAnswer.objects.filter(question__survey=survey, status=status)
        .select_related("question")
        .order_by("question__section__position", "question__position", "id")
    )
    page = Paginator(answers, MODERATION_PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    rows = [
        {
            "answer": answer,
            "question": text_in(answer.question.text, language, survey.languages),
            "error": errors.get(str(answer.pk), ""),
        }
        for answer in page
    ]
    counts = {
        value: TextAnswer.objects.filter(question__survey=survey, status=value).count() for value in TextStatus.values
    }
    context = _context(access, rows=rows, page=page, status=status, statuses=TextStatus.choices, counts=counts)
    return render(request, "surveys/moderation.html", context, status=422 if errors else 200)


def get_by_public_id_or_pk(survey: Any, value: str) -> TextAnswer:
    """A text answer of this survey by its key (a random UUID, so it serves as a public id), else 404."""
    found = (
        TextAnswer.objects.filter(question__survey=survey, pk=parse_public_id(value)).select_related("question").first()
    )
    if found is None:
        raise Http404
    return found
