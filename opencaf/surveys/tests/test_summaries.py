"""The results summary as a PDF: made in the background through the gate, reused, refused to
outsiders, and recovered when its worker died."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from conftest import World, client_for
from opencaf.audit.models import AuditEvent
from opencaf.core.document_jobs import STALLED_ERROR
from opencaf.core.models import DocumentStatus
from opencaf.organisations.choices import Role
from opencaf.organisations.tests.factories import UserFactory, add_member
from opencaf.surveys import services
from opencaf.surveys.lifecycle import Action
from opencaf.surveys.models import SummaryDocument, Survey, TextAnswer
from opencaf.surveys.summary import fingerprint, print_context
from opencaf.surveys.tests.factories import answer, sample_survey


@pytest.fixture
def survey(answered_survey: Survey) -> Survey:
    return answered_survey


def _url(name: str, survey: Survey, **extra: Any) -> str:
    return reverse(name, kwargs={"org_id": survey.organisation.public_id, "survey_id": survey.public_id, **extra})


def _ask(client: Any, survey: Survey, language: str = "en", by: tuple[str, ...] = ()) -> Any:
    with TestCase.captureOnCommitCallbacks(execute=True):  # the task runs inline once the request commits
        return client.post(_url("surveys:summaries", survey), {"language": language, "by": list(by)})


def _publish(survey: Survey, actor: Any) -> None:
    with transaction.atomic():
        services.change_state(actor=actor, survey=survey, action=Action.CLOSE)
        services.change_state(actor=actor, survey=survey, action=Action.PUBLISH)


def test_a_summary_is_made_in_the_background_and_downloaded(world: World, survey: Survey) -> None:
    client = client_for(world.alice)
    response = _ask(client, survey, "sl", by=("q1",))
    assert response.status_code == 302 and response["Location"].endswith("?by=q1#summaries")
    document = SummaryDocument.objects.get(survey=survey)
    assert document.status == DocumentStatus.DONE and document.progress == 100
    assert document.language == "sl" and document.breakdowns == ["q1"] and document.requested_by == world.alice
    assert AuditEvent.objects.filter(action="surveys.summary_requested").count() == 1
    download = client.get(_url("surveys:summary_download", survey, document_id=document.public_id))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'attachment; filename="' in download["Content-Disposition"] and '-sl.pdf"' in download["Content-Disposition"]
    page = client.get(_url("surveys:results", survey)).content.decode()
    assert "Download (PDF)" in page and 'id="summary-list"' in page
    assert "hx-trigger" not in page.split('id="summary-list"')[1].split(">")[0]  # nothing in progress: no polling


def test_the_summary_prints_only_what_the_gate_lets_through(world: World, survey: Survey) -> None:
    def printed(*by: str) -> str:
        with translation.override("en"):
            return render_to_string("surveys/summary_print.html", print_context(survey, list(by), "en"))

    by_channel = printed("q1")
    assert "Broken down by" in by_channel and "hidden" in by_channel  # the two who phoned are not shown
    assert "Mr Novak" not in by_channel  # a written answer nobody has released
    overall = printed()
    assert "data:image/png;base64," in overall  # the chart beside its table
    assert "22 responses." in overall
    text = TextAnswer.objects.filter(question__survey=survey).first()
    assert text is not None
    services.moderate_text(actor=world.alice, survey=survey, answer=text, release=True)
    assert "Mr Novak" not in printed()  # released, but only two people answered that question
    assert "Nobody answers the phone" not in printed("q1")


def test_the_same_summary_is_reused_until_the_figures_change(world: World, survey: Survey) -> None:
    client = client_for(world.alice)
    _ask(client, survey)
    _ask(client, survey)
    assert SummaryDocument.objects.count() == 1
    _ask(client, survey, by=("q1",))  # another breakdown: another document
    assert SummaryDocument.objects.count() == 2
    before = fingerprint(survey, [])
    answer(survey, "o2", 4)
    survey.refresh_from_db()
    assert fingerprint(survey, []) != before
    _ask(client, survey)
    assert SummaryDocument.objects.count() == 3


def test_bad_requests_are_refused_with_a_message(world: World, survey: Survey) -> None:
    client = client_for(world.alice)
    response = _ask(client, survey, language="xx")
    assert response.status_code == 302 and not SummaryDocument.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose a language." in page
    for _ in range(services.summaries.SUMMARIES_PER_PERSON_PER_HOUR):
        SummaryDocument.objects.create(survey=survey, language="en", requested_by=world.alice, fingerprint="x")
    response = _ask(client, survey)
    assert SummaryDocument.objects.count() == services.summaries.SUMMARIES_PER_PERSON_PER_HOUR
    assert "at most 20 an hour" in client.get(response["Location"]).content.decode()


def test_who_may_ask_for_and_download_summaries(world: World, survey: Survey) -> None:
    _ask(client_for(world.alice), survey)
    document = SummaryDocument.objects.get()
    download = _url("surveys:summary_download", survey, document_id=document.public_id)
    listing = _url("surveys:summaries", survey)
    assessor = UserFactory()
    add_member(world.alice_org, assessor, Role.ASSESSOR)
    # Before publication only those who run the survey (and management) see results.
    for url in (listing, download):
        assert client_for(assessor).get(url).status_code == 403
        assert client_for(world.bob).get(url).status_code == 404  # another organisation
        assert client_for(None).get(url).status_code == 302  # to sign in
    assert _ask(client_for(assessor), survey).status_code == 403
    assert client_for(world.bob).post(listing, {"language": "en"}).status_code == 404
    _publish(survey, world.alice)
    assert client_for(assessor).get(download).status_code == 200
    assert client_for(assessor).get(listing).status_code == 200
    # A summary of another survey is not found through this one.
    other = sample_survey(world.alice_org, world.alice)
    assert (
        client_for(world.alice).get(_url("surveys:summary_download", other, document_id=document.public_id)).status_code
        == 404
    )


def test_a_summary_whose_worker_died_is_marked_failed_and_tried_again(world: World, survey: Survey) -> None:
    long_ago = timezone.now() - timedelta(hours=1)
    document = SummaryDocument.objects.create(
        survey=survey,
        language="en",
        requested_by=world.alice,
        status=DocumentStatus.RUNNING,
        progress=50,
        attempt=1,
        progressed_at=long_ago,
        requested_at=long_ago,
    )
    client = client_for(world.alice)
    listing = client.get(_url("surveys:summaries", survey)).content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.error == STALLED_ERROR
    assert "Try again" in listing and "hx-trigger" not in listing
    assert AuditEvent.objects.filter(action="surveys.summary_stalled").count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_url("surveys:summary_retry", survey, document_id=document.public_id))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and document.attempt == 2 and document.file


def test_the_periodic_command_marks_stalled_summaries(world: World, survey: Survey, capsys: Any) -> None:
    SummaryDocument.objects.create(
        survey=survey, language="en", status=DocumentStatus.QUEUED, progressed_at=timezone.now() - timedelta(hours=1)
    )
    call_command("fail_stalled_documents")
    assert "surveys: 1 stalled document(s) marked failed." in capsys.readouterr().out
    assert SummaryDocument.objects.get().status == DocumentStatus.FAILED


def test_only_its_requester_or_the_survey_runner_retries(world: World, survey: Survey) -> None:
    manager = UserFactory()
    add_member(world.alice_org, manager, Role.MANAGER)
    document = SummaryDocument.objects.create(
        survey=survey, language="en", requested_by=world.alice, status=DocumentStatus.FAILED
    )
    url = _url("surveys:summary_retry", survey, document_id=document.public_id)
    assert client_for(manager).post(url).status_code == 403
    assert client_for(world.alice).get(url).status_code == 405
