"""Rendering the report: web page, PDF (WeasyPrint, from the same template), DOCX and XLSX."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.shared import Cm
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from opencaf.core.exports import append_row, finish_sheet, workbook_bytes
from opencaf.reports import charts
from opencaf.reports.content import Sar


def document_date(value: date | datetime | None, format_name: str = "DATE_FORMAT") -> str:
    """A date as the PDF prints it (the template filter `date`): local time, the active language's format."""
    if value is None:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


@dataclass
class ChartSet:
    radar: bytes
    bars: bytes
    kinds: bytes


CHART_CACHE_SECONDS = 24 * 3600


def draw_charts(sar: Sar) -> ChartSet:
    """The report's charts; drawn once per distinct set of numbers and labels, then cached, because
    drawing takes most of the time of rendering the report page."""
    key = "sar-charts:" + hashlib.sha256(repr(_chart_inputs(sar)).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return ChartSet(*cached)
    chart_set = _draw(sar)
    cache.set(key, (chart_set.radar, chart_set.bars, chart_set.kinds), CHART_CACHE_SECONDS)
    return chart_set


def _chart_inputs(sar: Sar) -> tuple[object, ...]:
    return (
        sar.language,
        sar.title,
        sar.previous_title,
        sar.enablers_label,
        sar.results_label,
        [(section.number, section.score, section.previous_score) for section in sar.criteria],
        [(sub.code, sub.score, sub.previous_score) for section in sar.criteria for sub in section.subcriteria],
        (sar.totals.enablers, sar.totals.results),
        (sar.previous_totals.enablers, sar.previous_totals.results) if sar.previous_totals else None,
    )


def _draw(sar: Sar) -> ChartSet:
    with translation.override(sar.language):
        legend = (sar.title, sar.previous_title or "")
        labels = [str(section.number) for section in sar.criteria]
        values = [section.score for section in sar.criteria]
        previous = [section.previous_score for section in sar.criteria] if sar.previous_totals else None
        codes = [sub.code for section in sar.criteria for sub in section.subcriteria]
        sub_values = [sub.score for section in sar.criteria for sub in section.subcriteria]
        sub_previous = (
            [sub.previous_score for s in sar.criteria for sub in s.subcriteria] if sar.previous_totals else None
        )
        kinds_previous = [sar.previous_totals.enablers, sar.previous_totals.results] if sar.previous_totals else None
        return ChartSet(
            radar=charts.radar(labels, values, previous, legend),
            bars=charts.bars(codes, sub_values, sub_previous, legend),
            kinds=charts.bars(
                [sar.enablers_label, sar.results_label],
                [sar.totals.enablers, sar.totals.results],
                kinds_previous,
                legend,
            ),
        )


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def html_context(sar: Sar, chart_set: ChartSet) -> dict[str, object]:
    return {
        "sar": sar,
        "radar_uri": _data_uri(chart_set.radar),
        "bars_uri": _data_uri(chart_set.bars),
        "kinds_uri": _data_uri(chart_set.kinds),
    }


def render_pdf(sar: Sar, chart_set: ChartSet) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs time the other formats do not need

    with translation.override(sar.language):
        html = render_to_string("reports/sar_print.html", html_context(sar, chart_set))
    return HTML(string=html).write_pdf()


def measured_lines(sub: Any) -> list[str]:
    """A subcriterion's measured results (survey figures, …) as lines of text for DOCX and XLSX."""
    lines = []
    for block in sub.figures:
        previous = block.headings[2].lower() if block.headings else pgettext("survey figures", "before")
        for line in block.lines:
            before = f" ({previous}: {line.previous})" if line.previous else ""
            lines.append(f"{block.title}: {line.label}: {line.value}{before}")
    return lines


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def render_docx(sar: Sar, chart_set: ChartSet) -> bytes:
    with translation.override(sar.language):
        document = Document()
        document.core_properties.title = sar.title
        document.core_properties.language = sar.language
        document.add_heading(sar.title, level=0)
        document.add_paragraph(f"{sar.organisation} · {sar.framework}")
        document.add_paragraph(f"{_('Scoring method')}: {sar.method} · {_('Scope')}: {sar.scope}")
        if sar.accepted_at:
            document.add_paragraph(
                _("Accepted by %(name)s on %(date)s.")
                % {"name": sar.accepted_by, "date": document_date(sar.accepted_at)}
            )
        document.add_heading(_("Self-assessment groups"), level=1)
        for name, leader, members in sar.groups:
            document.add_paragraph(f"{name}" + (f" – {leader}" if leader else ""), style="List Bullet")
            table = document.add_table(rows=1, cols=3)
            table.style = "Light List"
            for cell, text in zip(table.rows[0].cells, (_("Member"), _("Functional area"), _("Level")), strict=True):
                cell.text = text
            for member in members:
                row = table.add_row().cells
                row[0].text, row[1].text, row[2].text = member.name, member.functional_area, member.level
        document.add_heading(_("Process"), level=1)
        for line in sar.process:
            short = "SHORT_DATE_FORMAT"
            dates = (
                f"{document_date(line.start, short)} – {document_date(line.end, short)}"
                if line.start or line.end
                else ""
            )
            document.add_paragraph(f"{line.title} ({line.status}) {dates}".strip(), style="List Bullet")
        document.add_heading(_("Overall picture"), level=1)
        document.add_paragraph(
            f"{_('Overall score (average of the criteria)')}: {_fmt(sar.totals.overall)} · "
            f"{sar.enablers_label}: {_fmt(sar.totals.enablers)} · {sar.results_label}: {_fmt(sar.totals.results)}"
        )
        document.add_picture(io.BytesIO(chart_set.radar), width=Cm(11))
        document.add_picture(io.BytesIO(chart_set.bars), width=Cm(16))
        for section in sar.criteria:
            document.add_heading(
                f"{_('Criterion %(number)s') % {'number': section.number}}: {section.title} ({_fmt(section.score)})",
                level=1,
            )
            for sub in section.subcriteria:
                score = str(sub.score) if sub.score is not None else _("Not assessed")
                document.add_heading(f"{sub.code} {sub.title} – {score}", level=2)
                if sub.not_assessed_reason:
                    document.add_paragraph(sub.not_assessed_reason)
                for label, items in (
                    (_("Strengths"), sub.strengths),
                    (_("Areas for improvement"), sub.areas),
                    (_("Improvement ideas"), sub.ideas),
                ):
                    if items:
                        document.add_paragraph(label).runs[0].bold = True
                        for item in items:
                            document.add_paragraph(item, style="List Bullet")
                if sub.figures:
                    document.add_paragraph(_("Measured results")).runs[0].bold = True
                    for measured in measured_lines(sub):
                        document.add_paragraph(measured, style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


# Column widths in characters per sheet of the XLSX: codes and scores narrow, text columns wide.
CONSENSUS_WIDTHS = (10, 12, 50, 12, 12, 50)
ENTRY_WIDTHS = (12, 24, 22, 80)
INDIVIDUAL_WIDTHS = (12, 24, 10, 12, 50)


def render_xlsx(sar: Sar) -> bytes:
    """Every score and entry, one row per item, for the organisation's own analysis. Assessors' text
    goes through `append_row`, so none of it can become a formula."""
    with translation.override(sar.language):
        workbook = Workbook()
        scores = workbook.active
        assert isinstance(scores, Worksheet)  # a new workbook has one worksheet
        scores.title = _("Consensus")[:31]
        append_row(
            scores,
            [
                _("Criterion"),
                _("Subcriterion"),
                _("Title"),
                _("Consensus score"),
                _("Previous score"),
                _("Reason for not assessing"),
            ],
        )
        entries = workbook.create_sheet(_("Entries")[:31])
        append_row(entries, [_("Subcriterion"), _("Source"), _("Kind"), _("Text")])
        for section in sar.criteria:
            for sub in section.subcriteria:
                append_row(
                    scores,
                    [section.number, sub.code, sub.title, sub.score, sub.previous_score, sub.not_assessed_reason],
                )
                for label, items in (
                    (_("Strength"), sub.strengths),
                    (_("Area for improvement"), sub.areas),
                    (_("Improvement idea"), sub.ideas),
                ):
                    for item in items:
                        append_row(entries, [sub.code, _("Consensus"), label, item])
                for measured in measured_lines(sub):
                    append_row(entries, [sub.code, _("Measured results"), "", measured])
        individual = workbook.create_sheet(_("Individual scores")[:31])
        append_row(individual, [_("Subcriterion"), _("Assessor"), _("Score"), _("Cannot judge"), _("Dimension scores")])
        for line in sar.individuals:
            dimensions = ", ".join(f"{name}: {value}" for name, value in line.dimensions.items())
            append_row(
                individual, [line.code, line.assessor, line.score, _("yes") if line.cannot_judge else "", dimensions]
            )
            for kind, text in line.entries:
                append_row(entries, [line.code, line.assessor, kind, text])
        finish_sheet(scores, CONSENSUS_WIDTHS)
        finish_sheet(entries, ENTRY_WIDTHS)
        finish_sheet(individual, INDIVIDUAL_WIDTHS)
        return workbook_bytes(workbook)
