from __future__ import annotations

import io

import pytest
from django.test import TestCase
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import World, client_for
from opencaf.assessments.models import SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.tests.factories import finalised_assessment
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.reports import services
from opencaf.reports.content import build_sar
from opencaf.reports.documents import draw_charts, render_docx, render_pdf, render_xlsx
from opencaf.reports.models import ReportAcceptance, ReportDocument

SUB_TITLE = {
    "en": "Provide direction for the organisation",
    "sl": "Usmerjanje organizacije",
    "bg": "Определяне на насоките",
}


@pytest.fixture
def assessment(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    return finalised_assessment(world.alice_org, world.alice, caf_framework)


def _url(name: str, assessment: SelfAssessment, **extra: str) -> str:
    return reverse(
        name, kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, **extra}
    )


@pytest.mark.parametrize("language", ["en", "sl", "bg"])
def test_pdf_docx_and_xlsx_read_correctly_in_each_language(assessment: SelfAssessment, language: str) -> None:
    sar = build_sar(assessment, language)
    chart_set = draw_charts(sar)
    assert chart_set.radar.startswith(b"\x89PNG")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(sar, chart_set))).pages)
    assert SUB_TITLE[language] in pdf_text.replace("\n", " ")
    assert "Area 1.1 A" in pdf_text
    docx_text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(render_docx(sar, chart_set))).paragraphs)
    assert SUB_TITLE[language] in docx_text and "Area 1.1 A" in docx_text
    workbook = load_workbook(io.BytesIO(render_xlsx(sar)))
    assert len(workbook.sheetnames) == 3
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 28
    assert any(SUB_TITLE[language] in str(row[2]) for row in rows)
    entries = [row[3] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "Area 1.1 A" in entries


def test_cyrillic_and_slovenian_letters_survive_in_the_pdf(assessment: SelfAssessment) -> None:
    sar = build_sar(assessment, "bg")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(sar, draw_charts(sar)))).pages)
    assert "Лидерство" in text
    sar_sl = build_sar(assessment, "sl")
    text_sl = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(sar_sl, draw_charts(sar_sl)))).pages)
    assert "Strategija in načrtovanje" in text_sl


def test_generation_runs_as_a_task_and_the_file_is_served_to_members_only(
    world: World, assessment: SelfAssessment
) -> None:
    client = client_for(world.alice)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("reports:documents", assessment), {"format": "xlsx", "language": "sl"})
    assert response.status_code == 302
    document = ReportDocument.objects.get()
    assert document.status == "done" and document.progress == 100
    url = _url("reports:download", assessment, document_id=str(document.public_id))
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).sheetnames
    assert client_for(world.bob).get(url).status_code == 404
    assert client_for(world.carol).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert AuditEvent.objects.filter(action="report.requested").exists()


def test_a_failed_generation_is_reported_not_raised(world: World, assessment: SelfAssessment, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(*args: object) -> bytes:
        raise RuntimeError("renderer broke")

    monkeypatch.setattr("opencaf.reports.services.render_xlsx", boom)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.request_document(actor=world.alice, assessment=assessment, fmt="xlsx", language="en")
    document = ReportDocument.objects.get()
    assert document.status == "failed" and "renderer broke" in document.error
    page = client_for(world.alice).get(_url("reports:documents", assessment))
    assert b"Failed" in page.content


def test_report_page_in_each_language_with_tables_for_the_charts(world: World, assessment: SelfAssessment) -> None:
    client = client_for(world.alice)
    for language in ("en", "sl", "bg"):
        page = client.get(_url("reports:report", assessment) + f"?language={language}")
        assert page.status_code == 200
        assert SUB_TITLE[language] in page.content.decode()
    body = page.content.decode()
    assert body.count('<img src="data:image/png;base64,') == 3
    assert 'alt="' in body


def test_management_accepts_the_report(world: World, assessment: SelfAssessment) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    assert client_for(world.alice).post(_url("reports:accept", assessment)).status_code == 403
    assert client_for(manager).post(_url("reports:accept", assessment), {"note": "Sprejeto."}).status_code == 302
    acceptance = ReportAcceptance.objects.get()
    assert acceptance.accepted_by == manager
    assert AuditEvent.objects.filter(action="report.accepted", actor=manager).exists()
    assert (
        "Accepted by"
        in client_for(world.alice).get(_url("reports:report", assessment) + "?language=en").content.decode()
    )


def test_no_report_before_finalisation(world: World, caf_framework: FrameworkVersion) -> None:
    from opencaf.assessments.tests.factories import make_assessment

    draft = make_assessment(world.alice_org, world.alice, caf_framework)
    assert client_for(world.alice).get(_url("reports:report", draft)).status_code == 403


def test_report_compares_with_the_previous_cycle(world: World, caf_framework: FrameworkVersion) -> None:
    first = finalised_assessment(world.alice_org, world.alice, caf_framework)
    second = finalised_assessment(world.alice_org, world.alice, caf_framework)
    sar = build_sar(second, "en")
    assert sar.previous_title == first.title and sar.previous_totals is not None
    assert build_sar(first, "en").previous_totals is None
