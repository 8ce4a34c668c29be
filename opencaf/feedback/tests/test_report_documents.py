"""The feedback report's documents: PDF and DOCX made in the background (the test task backend runs
them at once), in the language chosen, reused when identical, downloadable only by those who read the
report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from docx import Document as DocxDocument

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.feedback.models import FeedbackReportDocument
from opencaf.feedback.selectors.report import document_content
from opencaf.feedback.services.report import request_document
from opencaf.feedback.tests.builders_report import ReportCase, access, agree, report_case, write
from opencaf.frameworks.models import FrameworkVersion


@pytest.fixture
def built(world: World, caf_framework: FrameworkVersion) -> ReportCase:
    built = report_case(world, caf_framework)
    agree(built.case)
    write(built.case)
    return built


def _documents_url(built: ReportCase) -> str:
    return reverse("feedback:report_documents", kwargs={"case_id": built.case.public_id})


def _download(client: Any, built: ReportCase, document: FeedbackReportDocument) -> bytes:
    url = reverse(
        "feedback:report_download", kwargs={"case_id": built.case.public_id, "document_id": document.public_id}
    )
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _docx_text(content: bytes) -> str:
    document = DocxDocument(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_a_pdf_is_made_in_the_background_and_downloaded(world: World, built: ReportCase) -> None:
    client = client_for(built.lead)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_documents_url(built), {"format": "pdf", "language": "en"})
    assert response.status_code == 302
    document = FeedbackReportDocument.objects.get()
    assert document.status == "done" and document.progress == 100
    assert _download(client, built, document).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="feedback.report_document_requested").count() == 1
    # The list the page polls shows it ready.
    listing = client.get(_documents_url(built)).content.decode()
    assert str(document.public_id) in listing and "hx-trigger" not in listing


def test_a_docx_in_slovenian_holds_the_organisation_and_the_findings(world: World, built: ReportCase) -> None:
    client = client_for(built.other)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(_documents_url(built), {"format": "docx", "language": "sl"})
    document = FeedbackReportDocument.objects.get()
    assert document.language == "sl" and document.status == "done"
    text = _docx_text(_download(client, built, document))
    assert world.alice_org.name in text
    assert "Pillar 3 strengths text" in text and "A careful organisation." in text
    assert "Lena Lead" in text and "Otto Other" in text
    with translation.override("sl"):
        assert gettext("Areas for improvement") in text
        assert built.case.procedure.name("sl") in text
        # the pillar's title as the procedure words it in Slovenian
        assert "Proces samoocenjevanja" in text


def test_the_contents_carry_totals_and_thresholds(built: ReportCase) -> None:
    built.case.visit_starts_at = timezone.now()
    built.case.save()
    report = built.case.report
    content = document_content(report, "en")
    assert [pillar.total for pillar in content.pillars] == [24, 12, 32]
    assert content.thresholds[0].met is True and content.thresholds[1].met is None
    assert [actor.lead for actor in content.actors] == [True, False]


def test_an_identical_request_reuses_the_document(built: ReportCase) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = request_document(actor=built.lead, access=access(built.lead, built.case), fmt="pdf", language="en")
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = request_document(actor=built.other, access=access(built.other, built.case), fmt="pdf", language="en")
    assert again.pk == first.pk
    # A changed report makes a new one.
    report = built.case.report
    report.summary, report.version = "Changed", report.version + 1
    report.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        changed = request_document(actor=built.lead, access=access(built.lead, built.case), fmt="pdf", language="en")
    assert changed.pk != first.pk


def test_a_bad_format_or_language_is_refused(built: ReportCase) -> None:
    client = client_for(built.lead)
    response = client.post(_documents_url(built), {"format": "exe", "language": "en"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    response = client.post(_documents_url(built), {"format": "pdf", "language": "xx"})
    assert response.status_code == 302
    assert not FeedbackReportDocument.objects.exists()


def test_strangers_cannot_ask_for_or_download_documents(world: World, built: ReportCase) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(built.lead).post(_documents_url(built), {"format": "pdf", "language": "en"})
    document = FeedbackReportDocument.objects.get()
    url = reverse(
        "feedback:report_download", kwargs={"case_id": built.case.public_id, "document_id": document.public_id}
    )
    for user in (world.bob, world.dave):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(_documents_url(built), {"format": "pdf", "language": "en"}).status_code == 404
    # Alice's organisation reads nothing of the report before the decision.
    assert client_for(world.alice).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert FeedbackReportDocument.objects.count() == 1
