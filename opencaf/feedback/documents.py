"""Rendering the feedback report as PDF (WeasyPrint, from an HTML template) and DOCX (python-docx), and
the label's certificate as a one-page PDF.

The report's content comes from `selectors.report.document_content` in the language asked for; the
certificate is printed in the organisation's language whoever downloads it, so the organisation and
the organiser hold the same document (as the recognition certificates of coordination are). A PDF's
title and language come from the HTML's <title> and lang."""

from __future__ import annotations

import io
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document

from opencaf.feedback.models import Label
from opencaf.feedback.selectors.report import ReportContent, ThresholdRow


def document_date(value: date | datetime | None, format_name: str = "DATE_FORMAT") -> str:
    """A date as the documents print it: local time, the active language's format."""
    if value is None:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def visit_text(content: ReportContent) -> str:
    if content.visit_starts_at is None:
        return _("Not scheduled")
    start = document_date(content.visit_starts_at)
    end = document_date(content.visit_ends_at) if content.visit_ends_at else start
    when = start if end == start else f"{start} – {end}"
    return f"{when}, {content.visit_place}" if content.visit_place else when


def actors_text(content: ReportContent) -> str:
    names = [_("%(name)s (lead)") % {"name": actor.name} if actor.lead else actor.name for actor in content.actors]
    return ", ".join(names) or "—"


# --- the report -------------------------------------------------------------------------------------


def render_report_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes time the DOCX does not need

    with translation.override(content.language):
        context = {
            "content": content,
            "visit": visit_text(content),
            "actors": actors_text(content),
            "thresholds": [threshold_text(threshold) for threshold in content.thresholds],
        }
        html = render_to_string("feedback/report/print.html", context)
    return bytes(HTML(string=html).write_pdf())


def _score(value: int | None, word: str) -> str:
    if value is None:
        return _("No agreed score")
    return f"{value} ({word})" if word else str(value)


def render_report_docx(content: ReportContent) -> bytes:
    with translation.override(content.language):
        document = Document()
        title = _("External feedback report")
        document.core_properties.title = f"{title} – {content.organisation}"
        document.core_properties.language = content.language
        document.add_heading(title, level=0)
        if content.finalised_at is None:
            document.add_paragraph(_("Draft: the report has not been finalised.")).runs[0].bold = True
        facts = (
            (_("Organisation"), content.organisation),
            (_("Self-assessment"), content.assessment),
            (_("Procedure"), content.procedure),
            (_("External feedback actors"), actors_text(content)),
            (_("Site visit"), visit_text(content)),
            (_("Finalised"), document_date(content.finalised_at)),
        )
        table = document.add_table(rows=0, cols=2)
        table.style = "Light List"
        for label, value in facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = str(label), value
        for pillar in content.pillars:
            document.add_heading(
                _("Pillar %(number)d: %(title)s") % {"number": pillar.number, "title": pillar.title}, 1
            )
            scores = document.add_table(rows=1, cols=3)
            scores.style = "Light List"
            for cell, text in zip(scores.rows[0].cells, (_("Question"), _("Title"), _("Agreed score")), strict=True):
                cell.text = text
            for question in pillar.questions:
                row = scores.add_row().cells
                row[0].text, row[1].text = question.code, question.title
                row[2].text = _score(question.score, question.score_label)
            total = scores.add_row().cells
            total[0].text = _("Total")
            total[2].text = _("%(total)d of %(maximum)d") % {"total": pillar.total, "maximum": pillar.maximum}
            for heading, text in ((_("Strengths"), pillar.strengths), (_("Areas for improvement"), pillar.areas)):
                document.add_heading(heading, level=2)
                for paragraph in (text or "—").splitlines() or ["—"]:
                    if paragraph.strip():
                        document.add_paragraph(paragraph)
        if content.thresholds:
            document.add_heading(_("Thresholds"), level=1)
            for threshold in content.thresholds:
                document.add_paragraph(threshold_text(threshold), style="List Bullet")
        document.add_heading(_("Summary"), level=1)
        for paragraph in (content.summary or "—").splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def threshold_text(threshold: ThresholdRow) -> str:
    """One threshold and how the agreed scores stand against it, in the active language."""
    pillars, total, minimum = threshold.name, threshold.total, threshold.minimum_total
    if minimum is None:
        return _("%(pillars)s: total %(total)d; no fixed threshold, the organiser decides.") % {
            "pillars": pillars,
            "total": total,
        }
    text = (
        _("%(pillars)s: total %(total)d, threshold %(minimum)d: met.")
        if threshold.met
        else _("%(pillars)s: total %(total)d, threshold %(minimum)d: not met.")
    )
    return text % {"pillars": pillars, "total": total, "minimum": minimum}


# --- the certificate ---------------------------------------------------------------------------------


def certificate_language(label: Label) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    for language in (label.organisation.default_language, label.network.default_language):
        if language in codes:
            return language
    return settings.LANGUAGE_CODE


def certificate_filename(label: Label) -> str:
    name = label.name_in(certificate_language(label))
    parts = [slugify(name)[:40] or "label", slugify(label.number), slugify(label.organisation.name)[:40]]
    return "-".join(part for part in parts if part) + ".pdf"


def certificate_pdf(label: Label) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes time other work does not need

    language = certificate_language(label)
    context = {
        "label": label,
        "organisation": label.organisation,
        "network": label.network,
        "language": language,
        "label_name": label.name_in(language),
        "organiser": label.case.procedure.organiser(language),
    }
    with translation.override(language):
        html = render_to_string("feedback/labels/certificate.html", context)
    return bytes(HTML(string=html).write_pdf())
