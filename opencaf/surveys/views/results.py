"""Results of a survey through the anonymity gate, and the review of free-text answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opencaf.accounts.http import AuthenticatedRequest
from opencaf.core.exports import write_csv, write_xlsx
from opencaf.core.ids import parse_public_id
from opencaf.organisations.permissions import require
from opencaf.surveys import results_export as export_table
from opencaf.surveys import services
from opencaf.surveys.models import Invitation, TextAnswer, TextStatus
from opencaf.surveys.permissions import get_survey_access
from opencaf.surveys.results import Figures, Results, group_label, option_label, results_of
from opencaf.surveys.rules import DONT_KNOW, Kind
from opencaf.surveys.selectors import QuestionView
from opencaf.surveys.texts import text_in
from opencaf.surveys.views.design import _context

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
        breakdown_choices=[(view.code, _label(view, language, survey.languages)) for view in outcome.breakdowns],
        pair_choices=[
            (view.code, _label(view, language, survey.languages))
            for view in outcome.breakdowns
            if view.code in outcome.pairable
        ],
        chosen=[view.code for view in outcome.selected],
        groups=_group_labels(outcome, language),
        matrix=_population_matrix(outcome, language),
        invited=Invitation.objects.filter(survey=survey).aggregate(
            total=Count("id"), used=Count("id", filter=Q(used=True))
        ),
        questions=[_question_table(outcome, view, language) for view in outcome.structure.questions],
    )
    return render(request, "surveys/results.html", context)


def _label(view: QuestionView, language: str, languages: list[str]) -> str:
    return text_in(view.question.text, language, languages)


def _population_matrix(outcome: Results, language: str) -> dict[str, Any] | None:
    """People per cell of two breakdowns as a matrix (rows: the first, columns: the second)."""
    if len(outcome.selected) != 2:
        return None
    languages = outcome.survey.languages
    first, second = outcome.selected
    people = {group.key: group.people for group in outcome.groups}
    row_codes = list(dict.fromkeys(key[0] for key in people))  # type: ignore[index]
    column_codes = list(dict.fromkeys(key[1] for key in people))  # type: ignore[index]
    return {
        "columns": [option_label(second, code, language, languages) for code in column_codes],
        "rows": [
            {
                "label": option_label(first, row, language, languages),
                "cells": [people.get((row, column)) for column in column_codes],
            }
            for row in row_codes
        ],
    }


def _group_labels(outcome: Results, language: str) -> list[dict[str, Any]]:
    return [
        {"key": group.key, "label": group_label(outcome, group.key, language), "people": group.people}
        for group in outcome.groups
    ]


def _percent(count: int, of: int) -> str:
    return f"{round(100 * count / of)} %" if of else "–"


def _scale_values(view: QuestionView) -> list[str]:
    low, high = view.bounds
    values = [str(v) for v in range(low, high + 1)]
    return [*values, DONT_KNOW] if view.question.dont_know and view.kind != Kind.NPS else values


def _question_table(outcome: Results, view: QuestionView, language: str) -> dict[str, Any]:
    """One question's figures as a table: one row per group (or per option/value overall)."""
    languages = outcome.survey.languages
    question = view.question
    by_group = outcome.figures.get(view.code, {})
    table: dict[str, Any] = {
        "code": view.code,
        "kind": view.kind.value,
        "text": text_in(question.text, language, languages),
        "texts": outcome.texts.get(view.code, []),
        "previous": outcome.previous.get(view.code),
    }
    if view.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        overall = by_group.get(())
        table["answerers"] = overall.answerers if overall else None
        return table
    columns: list[str] = []
    codes: list[str] = []
    if view.kind in (Kind.SINGLE, Kind.MULTIPLE):
        columns = [text_in(o.text, language, languages) for o in view.options]
        codes = [o.code for o in view.options]
    elif view.kind in (Kind.RATING, Kind.NPS):
        codes = _scale_values(view)
        columns = [_("Don't know") if code == DONT_KNOW else code for code in codes]
    elif view.kind == Kind.GRID and outcome.selected:
        # By group, a grid is one row per group and one column per statement (its mean), so that
        # the page stays a table rather than a table per group.
        columns = [text_in(item.text, language, languages) for item in view.items]
    table["columns"] = columns
    rows = []
    hidden = 0
    for group in _group_labels(outcome, language):
        figures: Figures | None = by_group.get(group["key"])
        if figures is None:
            hidden += 1  # counted, not listed: a long list of "hidden" says nothing
            continue
        row: dict[str, Any] = {"label": group["label"], "answerers": figures.answerers}
        counts = dict(figures.counts)
        if figures.dont_know and view.kind == Kind.RATING:
            counts[DONT_KNOW] = figures.dont_know
        row["cells"] = [(counts.get(code, 0), _percent(counts.get(code, 0), figures.answerers)) for code in codes]
        row["mean"] = figures.mean
        row["nps"] = figures.nps if view.kind == Kind.NPS else None
        if view.kind == Kind.GRID:
            row["statements"] = [
                {
                    "label": text_in(item.text, language, languages),
                    "mean": figures.item_means.get(item.code),
                    "dont_know": figures.items.get(item.code, {}).get("dk", 0),
                    "rated": sum(figures.items.get(item.code, {}).values()),
                }
                for item in view.items
            ]
        if view.kind == Kind.NUMBER:
            row["low"], row["high"] = figures.low, figures.high
        rows.append(row)
    table["rows"] = rows
    table["hidden_groups"] = hidden
    overall = by_group.get(()) if not outcome.selected else None
    if overall is not None and codes and view.kind != Kind.MULTIPLE:
        table["chart_id"] = f"chart-{view.code}"
        table["chart"] = {
            "label": _("Answers"),
            "labels": columns,
            "values": [
                dict(overall.counts, **({DONT_KNOW: overall.dont_know} if overall.dont_know else {})).get(code, 0)
                for code in codes
            ],
        }
    return table


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
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = write_csv(export_table.header(), table)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="survey-results.{file_format}"'
    return response


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
