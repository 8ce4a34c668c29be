"""The survey's results as a PDF summary (WeasyPrint), made by a background job.

The summary prints what the results page shows, through the same gate (`results_of`) and the same
tables (`results_tables`), in the language asked for, with each chart as an image beside its table.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence

from django.template.loader import render_to_string
from django.utils import timezone, translation

from opencaf.surveys import charts, results_tables
from opencaf.surveys.models import SummaryDocument, Survey, TextAnswer, TextStatus
from opencaf.surveys.results import minimum_for, results_of
from opencaf.surveys.selectors import invitation_counts
from opencaf.surveys.texts import text_in


def fingerprint(survey: Survey, breakdowns: Sequence[str]) -> str:
    """What the summary would say: the same fingerprint means the same document. Responses and
    moderation change the figures and the released texts; a new wave of publication changes the date."""
    released = TextAnswer.objects.filter(question__survey=survey, status=TextStatus.RELEASED).order_by("pk")
    source = repr(
        (
            survey.version,
            survey.state,
            survey.response_count,
            survey.published_at,
            minimum_for(survey),
            list(breakdowns),
            list(released.values_list("pk", "released_text")),
        )
    )
    return hashlib.sha256(source.encode()).hexdigest()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def print_context(survey: Survey, breakdowns: Sequence[str], language: str) -> dict[str, object]:
    """Everything the print template shows, in the active language (the caller sets it)."""
    outcome = results_of(survey, breakdowns)
    tables = results_tables.results_context(outcome, language)
    for question in tables["questions"]:
        chart = question.get("chart")
        if chart and any(chart["values"]):
            question["chart_uri"] = _data_uri(charts.distribution(chart["labels"], chart["values"]))
    return {
        "survey": survey,
        "survey_title": text_in(survey.title, language, survey.languages),
        "organisation_name": survey.organisation.name,
        "language": language,
        "results": outcome,
        "chosen": [view.code for view in outcome.selected],
        "breakdown_names": [results_tables.label(view, language, survey.languages) for view in outcome.selected],
        "invited": invitation_counts(survey),
        "generated_at": timezone.now(),
        "for_print": True,
        **tables,
    }


def render_summary(document: SummaryDocument, advance: Callable[[int], None]) -> tuple[str, bytes]:
    """The background job's work (see core.document_jobs.run): figures, charts, PDF."""
    from weasyprint import HTML  # imported here: loading it takes time other work does not need

    with translation.override(document.language):
        context = print_context(document.survey, document.breakdowns, document.language)
        advance(50)
        html = render_to_string("surveys/summary_print.html", context)
    advance(70)
    return document.filename, HTML(string=html).write_pdf()
