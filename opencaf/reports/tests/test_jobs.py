"""Report document jobs: a job whose worker died is marked failed and can be tried again, identical
requests reuse a document, a person's requests are rate-limited, and the page stops polling."""

from __future__ import annotations

import logging
import logging.config
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from conftest import World, client_for
from opencaf.accounts.models import User
from opencaf.assessments.models import Consensus, SelfAssessment
from opencaf.audit.models import AuditEvent
from opencaf.core import document_jobs
from opencaf.frameworks.models import FrameworkVersion
from opencaf.improvement.tests.factories import finalised_assessment
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.reports import services
from opencaf.reports.models import DocumentStatus, ReportDocument

STALL_MESSAGE = "The document could not be finished. Try again."


@pytest.fixture
def assessment(world: World, caf_framework: FrameworkVersion) -> SelfAssessment:
    return finalised_assessment(world.alice_org, world.alice, caf_framework)


def _url(name: str, assessment: SelfAssessment, **extra: str) -> str:
    return reverse(
        name, kwargs={"org_id": assessment.organisation.public_id, "assessment_id": assessment.public_id, **extra}
    )


def _member(world: World, role: str) -> User:
    user: User = UserFactory()  # type: ignore[assignment]
    add_member(world.alice_org, user, role)
    return user


def _stalled_document(world: World, assessment: SelfAssessment, *, minutes_ago: int = 30) -> ReportDocument:
    """A job whose worker was killed at 35 %: RUNNING, and no progress since."""
    long_ago = timezone.now() - timedelta(minutes=minutes_ago)
    return ReportDocument.objects.create(
        assessment=assessment,
        format="xlsx",
        language="en",
        requested_by=world.alice,
        status=DocumentStatus.RUNNING,
        progress=35,
        attempt=1,
        requested_at=long_ago,
        progressed_at=long_ago,
    )


# --- a job whose worker died -------------------------------------------------------------------


def test_a_stalled_job_is_marked_failed_and_the_page_stops_polling(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment)
    body = client_for(world.alice).get(_url("reports:documents", assessment)).content.decode()
    assert STALL_MESSAGE in body
    assert "hx-trigger" not in body
    assert _url("reports:retry", assessment, document_id=str(document.public_id)) in body
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.error == STALL_MESSAGE
    event = AuditEvent.objects.get(action="report.stalled")
    assert event.actor is None and event.object_id == str(document.public_id)
    # The full page says the same and does not poll either.
    page = client_for(world.alice).get(_url("reports:report", assessment)).content.decode()
    assert STALL_MESSAGE in page and "hx-trigger" not in page


def test_a_job_that_is_progressing_keeps_the_page_polling(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment, minutes_ago=1)
    body = client_for(world.alice).get(_url("reports:documents", assessment)).content.decode()
    assert 'hx-trigger="every 2s"' in body and STALL_MESSAGE not in body
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING
    assert not AuditEvent.objects.filter(action="report.stalled").exists()


def test_a_job_waiting_for_a_worker_that_never_comes_is_marked_failed(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment)
    ReportDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.QUEUED, progress=0)
    client_for(world.alice).get(_url("reports:documents", assessment))
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


def test_the_management_command_marks_stalled_jobs_everywhere(world: World, assessment: SelfAssessment) -> None:
    stalled = _stalled_document(world, assessment)
    alive = _stalled_document(world, assessment, minutes_ago=1)
    call_command("fail_stalled_documents")
    stalled.refresh_from_db()
    alive.refresh_from_db()
    assert stalled.status == DocumentStatus.FAILED and alive.status == DocumentStatus.RUNNING
    assert AuditEvent.objects.filter(action="report.stalled").count() == 1
    call_command("fail_stalled_documents")  # idempotent: nothing more to mark
    assert AuditEvent.objects.filter(action="report.stalled").count() == 1


def test_try_again_produces_the_document(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment)
    client = client_for(world.alice)
    client.get(_url("reports:documents", assessment))  # notices the stall
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("reports:retry", assessment, document_id=str(document.public_id)))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and document.progress == 100 and document.file
    assert document.error == "" and document.attempt == 2
    assert ReportDocument.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.retried", actor=world.alice).exists()
    download = client.get(_url("reports:download", assessment, document_id=str(document.public_id)))
    assert download.status_code == 200


def test_only_a_failed_document_is_tried_again(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment, minutes_ago=1)
    response = client_for(world.alice).post(_url("reports:retry", assessment, document_id=str(document.public_id)))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.RUNNING and document.attempt == 1
    assert not AuditEvent.objects.filter(action="report.retried").exists()


def test_retry_permissions(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment)
    services.fail_stalled_documents(assessment=assessment)
    url = _url("reports:retry", assessment, document_id=str(document.public_id))
    viewer = _member(world, Role.VIEWER)  # reads the report, did not ask for this document
    denied = client_for(viewer).post(url)
    assert denied.status_code == 403
    assert "does not allow" in denied.content.decode()
    assert client_for(world.bob).post(url).status_code == 404
    assert client_for(world.carol).post(url).status_code == 404
    anonymous = client_for(None).post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    assert client_for(world.alice).get(url).status_code == 405
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client_for(world.alice).post(url).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE


def test_the_try_again_button_is_offered_only_to_who_may_use_it(world: World, assessment: SelfAssessment) -> None:
    document = _stalled_document(world, assessment)
    services.fail_stalled_documents(assessment=assessment)
    retry_url = _url("reports:retry", assessment, document_id=str(document.public_id))
    viewer = _member(world, Role.VIEWER)
    viewer_body = client_for(viewer).get(_url("reports:documents", assessment)).content.decode()
    assert STALL_MESSAGE in viewer_body and retry_url not in viewer_body
    assert retry_url in client_for(world.alice).get(_url("reports:documents", assessment)).content.decode()


# --- generation is idempotent -------------------------------------------------------------------


def test_running_the_job_twice_gives_one_file(world: World, assessment: SelfAssessment) -> None:
    document = ReportDocument.objects.create(assessment=assessment, format="xlsx", language="en")
    services.generate_document(document.pk)
    document.refresh_from_db()
    first_name, first_finished = document.file.name, document.finished_at
    assert document.status == DocumentStatus.DONE
    services.generate_document(document.pk)  # the same task delivered again: nothing is regenerated
    document.refresh_from_db()
    assert document.file.name == first_name and document.finished_at == first_finished and document.attempt == 1


def test_a_run_that_lost_its_claim_does_not_overwrite_the_retry(world: World, assessment: SelfAssessment) -> None:
    """A worker presumed dead comes back after the document was tried again: its writes are ignored."""
    document = ReportDocument.objects.create(assessment=assessment, format="xlsx", language="en")

    def late_worker(claimed: ReportDocument, advance: Any) -> tuple[str, bytes]:
        # Meanwhile the job was taken for dead and tried again: a newer run claimed the row.
        ReportDocument.objects.filter(pk=claimed.pk).update(attempt=F("attempt") + 1, progress=35)
        advance(60)
        return "late.xlsx", b"late"

    document_jobs.run(ReportDocument, document.pk, late_worker)
    document.refresh_from_db()
    assert document.attempt == 2 and document.progress == 35 and document.status == DocumentStatus.RUNNING
    assert not document.file


# --- identical requests and the rate limit ------------------------------------------------------


def _request(client: Client, assessment: SelfAssessment, fmt: str = "xlsx", language: str = "en") -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(_url("reports:documents", assessment), {"format": fmt, "language": language})


def test_an_identical_request_reuses_the_document(world: World, assessment: SelfAssessment) -> None:
    client = client_for(world.alice)
    _request(client, assessment)
    _request(client, assessment)
    other = _member(world, Role.VIEWER)
    _request(client_for(other), assessment)
    document = ReportDocument.objects.get()
    assert document.status == DocumentStatus.DONE and document.fingerprint
    assert AuditEvent.objects.filter(action="report.requested").count() == 1
    _request(client, assessment, language="sl")  # another language is another document
    assert ReportDocument.objects.count() == 2


def test_an_identical_request_reuses_a_job_in_progress(world: World, assessment: SelfAssessment) -> None:
    first = services.request_document(actor=world.alice, assessment=assessment, fmt="pdf", language="en")
    second = services.request_document(actor=world.alice, assessment=assessment, fmt="pdf", language="en")
    assert first.pk == second.pk and ReportDocument.objects.count() == 1


def test_changed_data_makes_a_new_document(world: World, assessment: SelfAssessment) -> None:
    client = client_for(world.alice)
    _request(client, assessment)
    Consensus.objects.filter(pk=assessment.consensus.first().pk).update(  # type: ignore[union-attr]
        rationale="Changed after finalisation", version=F("version") + 1
    )
    _request(client, assessment)
    assert ReportDocument.objects.count() == 2
    first, second = ReportDocument.objects.order_by("pk")
    assert first.fingerprint != second.fingerprint


def test_acceptance_changes_the_fingerprint(world: World, assessment: SelfAssessment) -> None:
    from opencaf.reports.selectors import report_fingerprint

    before = report_fingerprint(assessment)
    manager = _member(world, Role.MANAGER)
    services.accept_report(actor=manager, assessment=assessment, note="")
    assert report_fingerprint(assessment) != before


def test_a_failed_document_is_not_reused(world: World, assessment: SelfAssessment) -> None:
    client = client_for(world.alice)
    _request(client, assessment)
    ReportDocument.objects.update(status=DocumentStatus.FAILED)
    _request(client, assessment)
    assert ReportDocument.objects.count() == 2


def test_the_rate_limit_refuses_with_429(
    world: World, assessment: SelfAssessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "DOCUMENTS_PER_PERSON_PER_HOUR", 2)
    client = client_for(world.alice)
    assert _request(client, assessment, language="en").status_code == 302
    assert _request(client, assessment, language="sl").status_code == 302
    refused = _request(client, assessment, language="bg")
    assert refused.status_code == 429
    assert "You have asked for many documents" in refused.content.decode()
    assert ReportDocument.objects.count() == 2
    htmx = client.post(
        _url("reports:documents", assessment), {"format": "pdf", "language": "bg"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 429 and "You have asked for many documents" in htmx.content.decode()
    assert ReportDocument.objects.count() == 2
    # An identical request is not a new document, so it is still answered.
    assert _request(client, assessment, language="en").status_code == 302
    # Another person has their own allowance.
    other = _member(world, Role.VIEWER)
    assert _request(client_for(other), assessment, language="bg").status_code == 302
    # Requests older than an hour no longer count.
    ReportDocument.objects.update(requested_at=timezone.now() - timedelta(hours=2))
    assert _request(client, assessment, fmt="docx").status_code == 302


# --- the report before finalisation -------------------------------------------------------------


def test_the_report_of_a_draft_says_when_it_becomes_available(world: World, caf_framework: FrameworkVersion) -> None:
    from opencaf.assessments.tests.factories import make_assessment

    draft = make_assessment(world.alice_org, world.alice, caf_framework)
    response = client_for(world.alice).get(_url("reports:report", draft))
    body = response.content.decode()
    assert response.status_code == 403
    assert "once the self-assessment is finalised" in body
    assert "does not allow" not in body
    assert (
        reverse("assessments:detail", kwargs={"org_id": draft.organisation.public_id, "assessment_id": draft.public_id})
        in body
    )


def test_a_role_that_does_not_allow_it_still_says_so(world: World, assessment: SelfAssessment) -> None:
    response = client_for(world.alice).post(_url("reports:accept", assessment))  # accepting is management's
    assert response.status_code == 403
    assert "does not allow" in response.content.decode()


# --- logging -------------------------------------------------------------------------------------


def test_weasyprint_layout_steps_stay_out_of_the_log() -> None:
    loggers: dict[str, dict[str, str]] = settings.LOGGING["loggers"]  # type: ignore[assignment]
    assert loggers["weasyprint"]["level"] == "WARNING"
    assert loggers["weasyprint.progress"]["level"] == "WARNING"
    logging.config.dictConfig(settings.LOGGING)
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
    assert logging.getLogger("opencaf.reports.services").isEnabledFor(logging.INFO)
